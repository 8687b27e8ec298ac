/*
 * The toolstack's part of making a domain (xs_domain_home), laid out as
 * libxl lays it out (libxl_create.c libxl__domain_make, libxl_dom.c
 * libxl__build_post, libxl_console.c), so that a guest finds what it
 * would find under Xen.  For domain N, written as the privileged domain:
 *
 *   /local/domain/N                  n0 rN: the guest reads, only dom0 writes
 *     vm name domid                  /vm/<uuid>, the name, N
 *     cpu/<i>/availability           online
 *     memory/static-max, target, videoram     in KiB
 *     device, control                n0 rN
 *     control/shutdown, feature-poweroff, feature-reboot, feature-suspend,
 *     control/sysrq, device/suspend/event-channel, data, drivers,
 *     feature, attr, error           nN: owned (and writable) by the guest
 *     control/platform-feature-multiprocessor-suspend, ...-xs_reset_watches  1
 *     store/port, store/ring-ref     the store's event channel and frame
 *     console/                       nN r<backend>: backend-id, and
 *       limit type output tty port ring-ref   n<backend> rN
 *   /local/domain/<backend>/backend/console/N/0   n<backend> rN:
 *       frontend frontend-id online state protocol
 *   /vm/<uuid>                       n0 rN: uuid, name
 *   /libxl/N                         n0: type
 *
 * Invariant: it only ever adds to the store as domain 0 would through the
 * protocol (the same tree operations, with dom0's rights).
 */
#include "xs_domain.h"
#include "xs_path.h"
#include "xs_perms.h"
#include "xs_str.h"
#include "xs_tree.h"

struct home {
	struct xs_ctx c;
	struct xs_path path;
	int rc;
};

/* path := base + "/" + rel (rel may be empty). */
static void set_path(struct home *h, const char *base, const char *rel)
{
	size_t b = xs_strlen(base), r = xs_strlen(rel);

	if (b + 1 + r >= XS_PATH_CAP) {
		h->rc = XS_EINVAL;
		h->path.len = 0;
		return;
	}
	memcpy(h->path.s, base, b);
	h->path.len = (uint32_t)b;
	if (r) {
		h->path.s[h->path.len++] = '/';
		memcpy(h->path.s + h->path.len, rel, r);
		h->path.len += (uint32_t)r;
	}
	h->path.s[h->path.len] = 0;
}

static void put_value(struct home *h, const char *base, const char *rel, const char *value)
{
	set_path(h, base, rel);
	if (!h->rc)
		h->rc = xs_tree_write(&h->c, h->path.s, h->path.len, value,
		                      (uint32_t)xs_strlen(value));
}

static void write_u(struct home *h, const char *base, const char *rel, uint64_t v)
{
	char text[24];

	xs_fmt_u(text, v);
	put_value(h, base, rel, text);
}

/* mkdir base/rel with permissions "n<owner>" (and "r<reader>" if not ~0). */
static void make_dir(struct home *h, const char *base, const char *rel, uint32_t owner,
                uint32_t reader)
{
	struct xs_perm p[2] = { { owner, XS_PERM_NONE }, { reader, XS_PERM_READ } };

	set_path(h, base, rel);
	if (!h->rc)
		h->rc = xs_tree_write(&h->c, h->path.s, h->path.len, NULL, 0);
	if (!h->rc)
		h->rc = xs_perms_refs(h->c.srv, p, reader == ~0u ? 1 : 2);
	if (!h->rc && (p[0].bits & XS_PERM_IGNORE))
		h->rc = XS_ENOENT;
	if (!h->rc)
		h->rc = xs_tree_set_perms(&h->c, h->path.s, h->path.len, p,
		                          reader == ~0u ? 1 : 2);
}

static void fresh(struct home *h, const char *base)
{
	int rc;

	set_path(h, base, "");
	if (h->rc)
		return;
	rc = xs_tree_rm(&h->c, h->path.s, h->path.len);
	if (rc && rc != XS_ENOENT)
		h->rc = rc;
}

static void console(struct home *h, const struct xs_home_desc *d, const char *home)
{
	char back[96], con[64];
	uint32_t b = d->console_backend;
	size_t n;

	n = xs_home_path(back, b);
	memcpy(back + n, "/backend/console/", 17);
	n += 17 + xs_fmt_u(back + n + 17, d->domid);
	memcpy(back + n, "/0", 3);
	n = xs_strlen(home);
	memcpy(con, home, n);
	memcpy(con + n, "/console", 9);

	make_dir(h, con, "", d->domid, b);
	write_u(h, con, "backend-id", b);
	put_value(h, con, "backend", back);
	write_u(h, con, "limit", 1048576);
	put_value(h, con, "type", "xenconsoled");
	put_value(h, con, "output", "pty");
	put_value(h, con, "tty", "");
	write_u(h, con, "port", d->console_port);
	write_u(h, con, "ring-ref", d->console_mfn);
	for (const char *k = "limit\0type\0output\0tty\0port\0ring-ref\0"; *k; k += xs_strlen(k) + 1)
		make_dir(h, con, k, b, d->domid);
	fresh(h, back);
	make_dir(h, back, "", b, d->domid);
	put_value(h, back, "frontend", con);
	write_u(h, back, "frontend-id", d->domid);
	put_value(h, back, "online", "1");
	put_value(h, back, "state", "1");
	put_value(h, back, "protocol", "vt100");
}

int xs_domain_home(struct xs_server *s, const struct xs_home_desc *d)
{
	static const char *const guest_owned[] = {
		"control/shutdown", "control/feature-poweroff", "control/feature-reboot",
		"control/feature-suspend", "control/sysrq", "device/suspend/event-channel",
		"data", "drivers", "feature", "attr", "error",
	};
	struct home *h = xs_mem_get(&s->a, sizeof(*h));
	char home[32], vm[96], lib[32], uuid[40] = "00000000-0000-0000-0000-";
	int rc;

	if (!h)
		return XS_ENOMEM;
	if (!d->name || xs_domid_priv(d->domid) || d->domid >= XS_DOMID_SELF ||
	    (d->vm_uuid && xs_strlen(d->vm_uuid) > 64)) {
		xs_mem_put(&s->a, h, sizeof(*h));
		return XS_EINVAL;
	}
	h->c = (struct xs_ctx){ .srv = s, .domid = 0, .priv = true, .target = XS_NO_TARGET };
	h->rc = XS_OK;
	xs_home_path(home, d->domid);
	if (!d->vm_uuid) {
		char digits[24];
		size_t n = xs_fmt_u(digits, d->domid), pad = 12 - (n < 12 ? n : 12);

		memset(uuid + 24, '0', pad);
		memcpy(uuid + 24 + pad, digits + (n > 12 ? n - 12 : 0), n < 12 ? n : 12);
		uuid[36] = 0;
	}
	memcpy(vm, "/vm/", 4);
	memcpy(vm + 4, d->vm_uuid ? d->vm_uuid : uuid,
	       xs_strlen(d->vm_uuid ? d->vm_uuid : uuid) + 1);
	memcpy(lib, "/libxl/", 7);
	xs_fmt_u(lib + 7, d->domid);

	fresh(h, home);
	make_dir(h, home, "", 0, d->domid);
	fresh(h, vm);
	make_dir(h, vm, "", 0, d->domid);
	put_value(h, vm, "uuid", vm + 4);
	put_value(h, vm, "name", d->name);
	fresh(h, lib);
	make_dir(h, lib, "", 0, ~0u);
	put_value(h, lib, "type", "pv");
	put_value(h, home, "vm", vm);
	put_value(h, home, "name", d->name);
	make_dir(h, home, "cpu", 0, d->domid);
	make_dir(h, home, "memory", 0, d->domid);
	make_dir(h, home, "device", 0, d->domid);
	make_dir(h, home, "control", 0, d->domid);
	for (size_t i = 0; i < sizeof(guest_owned) / sizeof(guest_owned[0]); i++)
		make_dir(h, home, guest_owned[i], d->domid, ~0u);
	put_value(h, home, "control/platform-feature-multiprocessor-suspend", "1");
	put_value(h, home, "control/platform-feature-xs_reset_watches", "1");
	write_u(h, home, "memory/static-max", d->max_kb);
	write_u(h, home, "memory/target", d->target_kb);
	put_value(h, home, "memory/videoram", "0");
	write_u(h, home, "domid", d->domid);
	write_u(h, home, "store/port", d->store_port);
	write_u(h, home, "store/ring-ref", d->store_mfn);
	for (uint32_t i = 0; i < d->vcpus; i++) {
		char rel[40] = "cpu/";
		size_t n = 4 + xs_fmt_u(rel + 4, i);

		memcpy(rel + n, "/availability", 14);
		put_value(h, home, rel, "online");
	}
	if (d->console_port)
		console(h, d, home);
	rc = h->rc;
	xs_mem_put(&s->a, h, sizeof(*h));
	return rc;
}
