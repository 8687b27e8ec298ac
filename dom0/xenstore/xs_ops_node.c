/*
 * Handlers for the node requests: READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS and SET_PERMS, with xenstored's argument rules
 * (docs/misc/xenstore.txt; payload formats in xen-pv-abi.md 13.4).
 * Invariant: a payload is only ever read within its length, and every path
 * reaches the tree in absolute form.
 */
#include "xs_domain.h"
#include "xs_ops.h"
#include "xs_out.h"
#include "xs_perms.h"
#include "xs_str.h"
#include "xs_tree.h"
#include "xs_watch.h"

/* READ and DIRECTORY: the value, or the child list, of a readable node. */
static int read_node(struct xs_ctx *c, const char *p, uint32_t n, uint32_t type)
{
	struct xs_path path;
	const struct xs_node *node;
	int rc = xs_op_path_arg(c, p, n, &path);

	if (!rc)
		rc = xs_tree_get(c, path.s, path.len, XS_PERM_READ, &node);
	if (rc)
		return rc;
	if (type == XS_READ)
		xs_out_reply(c->conn, type, node->value, node->vlen);
	else
		xs_out_reply(c->conn, type, node->children, node->clen);
	return XS_OK;
}

int xs_op_read(struct xs_ctx *c, const char *p, uint32_t n)
{
	return read_node(c, p, n, XS_READ);
}

int xs_op_write(struct xs_ctx *c, const char *p, uint32_t n)
{
	struct xs_path path;
	const char *name;
	uint32_t off;
	bool relative;
	int rc;

	if (xs_args(p, n, &name, 1) < 1)
		return XS_EINVAL;
	off = (uint32_t)xs_strlen(name) + 1;
	if (!xs_path_canon(c->domid, name, &path, &relative))
		return XS_EINVAL;
	rc = xs_tree_write(c, path.s, path.len, p + off, n - off);
	if (!rc)
		xs_out_ok(c->conn, XS_WRITE);
	return rc;
}

int xs_op_mkdir(struct xs_ctx *c, const char *p, uint32_t n)
{
	struct xs_path path;
	int rc = xs_op_path_arg(c, p, n, &path);

	if (!rc)
		rc = xs_tree_write(c, path.s, path.len, NULL, 0);
	if (!rc)
		xs_out_ok(c->conn, XS_MKDIR);
	return rc;
}

int xs_op_rm(struct xs_ctx *c, const char *p, uint32_t n)
{
	struct xs_path path;
	int rc = xs_op_path_arg(c, p, n, &path);

	if (!rc)
		rc = xs_tree_rm(c, path.s, path.len);
	if (!rc)
		xs_out_ok(c->conn, XS_RM);
	return rc;
}

int xs_op_directory(struct xs_ctx *c, const char *p, uint32_t n)
{
	return read_node(c, p, n, XS_DIRECTORY);
}

/* "path\0offset\0" -> "generation\0" and the child names from byte offset
   of the list that fit, with an empty name after the last one. */
int xs_op_directory_part(struct xs_ctx *c, const char *p, uint32_t n)
{
	struct xs_path path;
	const struct xs_node *node;
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t off, len = 0, genlen, maxlen;
	bool relative;
	int rc;

	if (xs_count_nuls(p, n) != 2)
		return XS_EINVAL;
	if (!xs_path_canon(c->domid, p, &path, &relative))
		return XS_EINVAL;
	rc = xs_tree_get(c, path.s, path.len, XS_PERM_READ, &node);
	if (rc)
		return rc;
	off = (uint32_t)xs_atoi(p + xs_strlen(p) + 1);
	genlen = (uint32_t)xs_fmt_u(buf, node->generation) + 1;
	if (off >= node->clen) {
		buf[genlen] = 0;
		xs_out_reply(c->conn, XS_DIRECTORY_PART, buf, genlen + 1);
		return XS_OK;
	}
	maxlen = XENSTORE_PAYLOAD_MAX - genlen - 1;
	for (;;) {
		uint32_t l = (uint32_t)xs_nul_at(node->children + off + len,
		                                 node->clen - off - len);

		if (len + l >= maxlen)
			break;
		len += l + 1;
		if (off + len >= node->clen)
			break;
	}
	memcpy(buf + genlen, node->children + off, len);
	if (off + len >= node->clen)
		buf[genlen + len++] = 0;
	xs_out_reply(c->conn, XS_DIRECTORY_PART, buf, genlen + len);
	return XS_OK;
}

int xs_op_get_perms(struct xs_ctx *c, const char *p, uint32_t n)
{
	struct xs_path path;
	const struct xs_node *node;
	char buf[XENSTORE_PAYLOAD_MAX + XS_PERM_TEXT_MAX];
	uint32_t len = 0;
	int rc = xs_op_path_arg(c, p, n, &path);

	if (!rc)
		rc = xs_tree_get(c, path.s, path.len, XS_PERM_READ, &node);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < node->nperms && len <= XENSTORE_PAYLOAD_MAX; i++)
		len += (uint32_t)xs_perm_format(&node->perms[i], buf + len);
	xs_out_reply(c->conn, XS_GET_PERMS, buf, len);
	return XS_OK;
}

static int set_special(struct xs_ctx *c, const char *name, struct xs_perm *perms,
                       uint32_t np)
{
	struct xs_server *s = c->srv;
	struct xs_node_parts parts = { .path = name, .plen = (uint32_t)xs_strlen(name),
	                               .perms = perms, .nperms = np };
	const uint32_t need = XS_PERM_WRITE | XS_PERM_OWNER;
	struct xs_node **slot, *rec;

	if (xs_eq(name, parts.plen, "@introduceDomain"))
		slot = &s->special[XS_SPECIAL_INTRODUCE];
	else if (xs_eq(name, parts.plen, "@releaseDomain"))
		slot = &s->special[XS_SPECIAL_RELEASE];
	else
		return XS_EINVAL;
	if ((xs_perm_for(c, (*slot)->perms, (*slot)->nperms, (*slot)->generation) & need) != need)
		return XS_EACCES;
	rec = xs_node_new(&s->a, &parts);
	if (!rec)
		return XS_ENOMEM;
	rec->generation = s->generation++;
	xs_node_free(&s->a, *slot);
	*slot = rec;
	return XS_OK;
}

int xs_op_set_perms(struct xs_ctx *c, const char *p, uint32_t n)
{
	struct xs_server *s = c->srv;
	uint32_t np = xs_count_nuls(p, n), plen;
	struct xs_perm *perms;
	struct xs_path path;
	bool relative;
	int rc;

	if (np < 2)
		return XS_EINVAL;
	np--;
	if (!c->priv && xs_quota_too_many_perms(&s->q, np))
		return XS_ENOSPC;
	perms = xs_mem_get(&s->a, np * sizeof(*perms));
	if (!perms)
		return XS_ENOMEM;
	plen = (uint32_t)xs_strlen(p);
	rc = xs_perms_parse(p + plen + 1, n - plen - 1, np, perms);
	if (!rc)
		rc = xs_perms_refs(s, perms, np);
	if (!rc && (perms[0].bits & XS_PERM_IGNORE))
		rc = XS_ENOENT;
	if (!rc && p[0] == '@')
		rc = set_special(c, p, perms, np);
	else if (!rc && !xs_path_canon(c->domid, p, &path, &relative))
		rc = XS_EINVAL;
	else if (!rc)
		rc = xs_tree_set_perms(c, path.s, path.len, perms, np);
	xs_mem_put(&s->a, perms, np * sizeof(*perms));
	if (!rc)
		xs_out_ok(c->conn, XS_SET_PERMS);
	return rc;
}
