/*
 * Handlers for WATCH, UNWATCH and RESET_WATCHES (xs_watch.h has the
 * rules).  A watch path is made absolute like any path, except the
 * special @ names, which are kept as given (at most XENSTORE_REL_PATH_MAX
 * bytes).  The answer to WATCH comes before the watch's first event.
 */
#include "xs_ops.h"
#include "xs_out.h"
#include "xs_path.h"
#include "xs_str.h"
#include "xs_txn.h"
#include "xs_watch.h"

int xs_op_watch(struct xs_ctx *c, const char *p, uint32_t n)
{
	const char *v[2];
	struct xs_path path;
	struct xs_watch *w;
	bool relative = false;
	int rc;

	if (xs_args(p, n, v, 2) != 2)
		return XS_EINVAL;
	if (v[0][0] == '@') {
		path.len = (uint32_t)xs_strlen(v[0]);
		if (path.len > XENSTORE_REL_PATH_MAX)
			return XS_EINVAL;
		memcpy(path.s, v[0], path.len + 1);
	} else if (!xs_path_canon(c->domid, v[0], &path, &relative) ||
	           !xs_path_valid(path.s, path.len)) {
		return XS_EINVAL;
	}
	rc = xs_watch_add(c->conn, path.s, path.len, v[1], (uint32_t)xs_strlen(v[1]),
	                  relative);
	if (rc)
		return rc;
	xs_out_ok(c->conn, XS_WATCH);
	for (w = c->conn->watches; w->next; w = w->next)
		;
	xs_watch_event(c->conn, w, w->path, w->plen, NULL);
	return XS_OK;
}

int xs_op_unwatch(struct xs_ctx *c, const char *p, uint32_t n)
{
	const char *v[2];
	struct xs_path path;
	bool relative;
	int rc;

	if (xs_args(p, n, v, 2) != 2)
		return XS_EINVAL;
	if (!xs_path_canon(c->domid, v[0], &path, &relative))
		return XS_ENOENT;
	rc = xs_watch_del(c->conn, path.s, path.len, v[1], (uint32_t)xs_strlen(v[1]));
	if (!rc)
		xs_out_ok(c->conn, XS_UNWATCH);
	return rc;
}

int xs_op_reset_watches(struct xs_ctx *c, const char *p, uint32_t n)
{
	(void)p;
	(void)n;
	xs_watch_clear(c->conn);
	xs_txn_clear(c->conn);
	xs_out_ok(c->conn, XS_RESET_WATCHES);
	return XS_OK;
}
