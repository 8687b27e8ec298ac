/*
 * A vbd's XenStore layout (vbd_nodes.h).  The frontend directory
 * /local/domain/<F>/device/vbd/<devid> gets backend, backend-id, state 1,
 * virtual-device, device-type and trusted; the backend directory
 * /local/domain/<B>/backend/vbd/<F>/<devid> gets frontend, frontend-id,
 * online 1, state 1, params, mode, device-type, removable, bootable, dev
 * and type.  Umbra writes no `script` (there is no hotplug stage: the back
 * end opens params itself) and `type` is "phy" (served by blkback, not a
 * device model).  Who owns what is the caller's to set (dom0: the
 * frontend directory F's and readable by B, the backend directory B's and
 * readable by F).  Portable C: no library calls.
 */
#include "vbd_nodes.h"

unsigned vbd_fmt_u(char *out, uint64_t u)
{
	char tmp[21];
	unsigned n = 0, len = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		out[len++] = tmp[--n];
	out[len] = 0;
	return len;
}

/* Disk index of the letters after prefix (a = 0, z = 25, aa = 26, ...), or
 * -1 if t does not start with prefix followed by 1..3 letters only. */
static long disk_index(const char *t, const char *prefix)
{
	while (*prefix)
		if (*t++ != *prefix++)
			return -1;
	long d = -1;
	unsigned n = 0;
	for (; *t; t++, n++) {
		if (*t < 'a' || *t > 'z' || n == 3)
			return -1;
		d = (d + 1) * 26 + (*t - 'a');
	}
	return d;
}

long vbd_devid(const char *target)
{
	long d;
	if ((d = disk_index(target, "xvd")) >= 0)
		return d <= 15 ? (202l << 8) | (d << 4) : (1l << 28) | (d << 8);
	if ((d = disk_index(target, "hd")) >= 0)
		return d <= 3 ? ((d < 2 ? 3l : 22l) << 8) | ((d & 1) << 6) : -1;
	if ((d = disk_index(target, "sd")) >= 0)
		return d <= 15 ? (8l << 8) | (d << 4) : -1;
	return -1;
}

/* Append s to out at *len (cap VBD_PATH_MAX or VBD_VALUE_MAX); false if it overflows. */
static bool put(char *out, unsigned cap, unsigned *len, const char *s)
{
	for (; *s; s++) {
		if (*len + 1 >= cap)
			return false;
		out[(*len)++] = *s;
	}
	out[*len] = 0;
	return true;
}

static bool put_u(char *out, unsigned cap, unsigned *len, uint64_t u)
{
	char num[21];
	vbd_fmt_u(num, u);
	return put(out, cap, len, num);
}

bool dev_frontend_dir(char *out, const char *kind, unsigned fe, unsigned long devid)
{
	unsigned len = 0;
	return put(out, VBD_PATH_MAX, &len, "/local/domain/") && put_u(out, VBD_PATH_MAX, &len, fe) &&
	       put(out, VBD_PATH_MAX, &len, "/device/") && put(out, VBD_PATH_MAX, &len, kind) &&
	       put(out, VBD_PATH_MAX, &len, "/") && put_u(out, VBD_PATH_MAX, &len, devid);
}

bool dev_backend_dir(char *out, const char *kind, unsigned be, unsigned fe, unsigned long devid)
{
	unsigned len = 0;
	return put(out, VBD_PATH_MAX, &len, "/local/domain/") && put_u(out, VBD_PATH_MAX, &len, be) &&
	       put(out, VBD_PATH_MAX, &len, "/backend/") && put(out, VBD_PATH_MAX, &len, kind) &&
	       put(out, VBD_PATH_MAX, &len, "/") && put_u(out, VBD_PATH_MAX, &len, fe) &&
	       put(out, VBD_PATH_MAX, &len, "/") && put_u(out, VBD_PATH_MAX, &len, devid);
}

bool vbd_frontend_dir(char *out, unsigned fe, unsigned long devid)
{
	return dev_frontend_dir(out, "vbd", fe, devid);
}

bool vbd_backend_dir(char *out, unsigned be, unsigned fe, unsigned long devid)
{
	return dev_backend_dir(out, "vbd", be, fe, devid);
}

bool dev_node(struct vbd_node *out, unsigned *n, bool backend, const char *key, const char *value)
{
	unsigned len = 0;
	out[*n].backend = backend;
	out[*n].ro_front = false;
	out[*n].key = key;
	return put(out[(*n)++].value, VBD_VALUE_MAX, &len, value);
}

bool dev_node_u(struct vbd_node *out, unsigned *n, bool backend, const char *key, uint64_t u)
{
	char num[21];
	vbd_fmt_u(num, u);
	return dev_node(out, n, backend, key, num);
}

unsigned vbd_toolstack_nodes(const struct vbd_desc *d, struct vbd_node *out, unsigned max)
{
	long devid = vbd_devid(d->target);
	char fe_dir[VBD_PATH_MAX], be_dir[VBD_PATH_MAX];
	if (devid < 0 || max < VBD_TOOLSTACK_NODES || !vbd_frontend_dir(fe_dir, d->frontend, (unsigned long)devid) ||
	    !vbd_backend_dir(be_dir, d->backend, d->frontend, (unsigned long)devid))
		return 0;
	unsigned n = 0;
	bool ok = dev_node(out, &n, false, "backend", be_dir) && dev_node_u(out, &n, false, "backend-id", d->backend) &&
		  dev_node(out, &n, false, "state", "1") && dev_node_u(out, &n, false, "virtual-device", (uint64_t)devid) &&
		  dev_node(out, &n, false, "device-type", "disk") && dev_node(out, &n, false, "trusted", "1") &&
		  dev_node(out, &n, true, "frontend", fe_dir) && dev_node_u(out, &n, true, "frontend-id", d->frontend) &&
		  dev_node(out, &n, true, "online", "1") && dev_node(out, &n, true, "state", "1") &&
		  dev_node(out, &n, true, "params", d->params) && dev_node(out, &n, true, "mode", d->readonly ? "r" : "w") &&
		  dev_node(out, &n, true, "device-type", "disk") && dev_node(out, &n, true, "removable", "0") &&
		  dev_node(out, &n, true, "bootable", "1") && dev_node(out, &n, true, "dev", d->target) &&
		  dev_node(out, &n, true, "type", "phy");
	return ok && n == VBD_TOOLSTACK_NODES ? n : 0;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool vbd_parse_pci(const char *s, uint16_t *bdf)
{
	static const char shape[] = "hhhh:hh:hh.h";
	unsigned v[4] = { 0 }, field = 0;
	for (unsigned i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] != 'h') {
			if (s[i] != shape[i])
				return false;
			field++;
			continue;
		}
		int d = hex_digit(s[i]);
		if (d < 0)
			return false;
		v[field] = v[field] * 16 + (unsigned)d;
	}
	if (s[sizeof(shape) - 1] != '\0' || v[0] != 0 || v[2] > 31 || v[3] > 7)
		return false;
	*bdf = (uint16_t)(v[1] << 8 | v[2] << 3 | v[3]);
	return true;
}
