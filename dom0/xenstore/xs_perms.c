/*
 * Permission text and the access rule (see xs_perms.h).  Invariant: the
 * owner and the privileged domain get READ|WRITE|OWNER; nobody else ever
 * gets OWNER; an IGNORE entry, or one whose domain is unknown or younger
 * than the node's last change, grants nothing.
 */
#include "xs_domain.h"
#include "xs_perms.h"
#include "xs_str.h"

int xs_perms_parse(const char *p, size_t n, uint32_t count, struct xs_perm *out)
{
	size_t off = 0;

	for (uint32_t i = 0; i < count; i++) {
		size_t len = xs_nul_at(p + off, n - off), end;
		const char *e = p + off;
		int64_t id;

		if (len == n - off)
			return XS_EINVAL;
		switch (e[0]) {
		case 'n': out[i].bits = XS_PERM_NONE; break;
		case 'r': out[i].bits = XS_PERM_READ; break;
		case 'w': out[i].bits = XS_PERM_WRITE; break;
		case 'b': out[i].bits = XS_PERM_READ | XS_PERM_WRITE; break;
		default: return XS_EINVAL;
		}
		id = xs_strtol0(e + 1, &end);
		if (!end || end != len - 1)
			return XS_EINVAL;
		out[i].id = (uint32_t)id;
		off += len + 1;
	}
	return XS_OK;
}

size_t xs_perm_format(const struct xs_perm *p, char *buf)
{
	static const char letters[4] = { 'n', 'r', 'w', 'b' };

	buf[0] = letters[p->bits & (XS_PERM_READ | XS_PERM_WRITE)];
	return 1 + xs_fmt_i(buf + 1, (int32_t)p->id) + 1;
}

static bool names(const struct xs_ctx *c, uint32_t id)
{
	return id == c->domid || (c->target != XS_NO_TARGET && id == c->target);
}

static bool grants(const struct xs_server *s, const struct xs_perm *p,
                   uint64_t generation)
{
	const struct xs_domain *d;

	if (p->bits & XS_PERM_IGNORE)
		return false;
	d = xs_dom_find(s, p->id);
	return d && d->generation <= generation;
}

uint32_t xs_perm_for(const struct xs_ctx *c, const struct xs_perm *perms,
                     uint32_t n, uint64_t node_generation)
{
	const uint32_t all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

	if (c->priv || names(c, perms[0].id))
		return all;
	for (uint32_t i = 1; i < n; i++)
		if (names(c, perms[i].id) && grants(c->srv, &perms[i], node_generation))
			return perms[i].bits & all;
	return perms[0].bits & (XS_PERM_READ | XS_PERM_WRITE);
}

void xs_perms_mark_dead(const struct xs_server *s, struct xs_perm *perms,
                        uint32_t n, uint64_t generation)
{
	for (uint32_t i = 1; i < n; i++)
		if (!grants(s, &perms[i], generation))
			perms[i].bits |= XS_PERM_IGNORE;
}

int xs_perms_refs(struct xs_server *s, struct xs_perm *perms, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (xs_dom_find(s, perms[i].id))
			continue;
		if (!xs_dom_exists(s, perms[i].id))
			perms[i].bits |= XS_PERM_IGNORE;
		else if (!xs_dom_get(s, perms[i].id))
			return XS_ENOMEM;
	}
	return XS_OK;
}
