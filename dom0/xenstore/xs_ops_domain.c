/*
 * Handlers for the domain requests: INTRODUCE, RELEASE, RESUME and
 * SET_TARGET (privileged), IS_DOMAIN_INTRODUCED (privileged in Xen 4.17's
 * xenstored) and GET_DOMAIN_PATH.  Domain ids are decimal text read the way
 * xenstored reads them, with C's atoi: "7x" is 7 and "x" is 0.
 */
#include "xs_domain.h"
#include "xs_intro.h"
#include "xs_ops.h"
#include "xs_out.h"
#include "xs_path.h"
#include "xs_str.h"

/* "domid\0gfn\0port\0" */
int xs_op_introduce(struct xs_ctx *c, const char *p, uint32_t n)
{
	const char *v[3];
	size_t end;
	int port, rc;

	if (xs_args(p, n, v, 3) < 3)
		return XS_EINVAL;
	port = xs_atoi(v[2]);
	if (port <= 0)
		return XS_EINVAL;
	rc = xs_introduce(c->srv, (uint32_t)xs_atoi(v[0]),
	                  (uint64_t)xs_strtol0(v[1], &end), (uint32_t)port);
	if (!rc)
		xs_out_ok(c->conn, XS_INTRODUCE);
	return rc;
}

/* The domain id in a one-argument payload, or -1 (EINVAL). */
static int64_t domid_arg(const char *p, uint32_t n)
{
	const char *a = xs_one_arg(p, n);

	return a ? (int64_t)(uint32_t)xs_atoi(a) : -1;
}

/* RELEASE and RESUME: fn on the one domain id, answering OK. */
static int on_domain(struct xs_ctx *c, const char *p, uint32_t n, uint32_t type,
                     int (*fn)(struct xs_server *s, uint32_t domid))
{
	int64_t domid = domid_arg(p, n);
	int rc;

	if (domid < 0)
		return XS_EINVAL;
	rc = fn(c->srv, (uint32_t)domid);
	if (!rc)
		xs_out_ok(c->conn, type);
	return rc;
}

int xs_op_release(struct xs_ctx *c, const char *p, uint32_t n)
{
	return on_domain(c, p, n, XS_RELEASE, xs_release);
}

int xs_op_resume(struct xs_ctx *c, const char *p, uint32_t n)
{
	return on_domain(c, p, n, XS_RESUME, xs_intro_resume);
}

int xs_op_set_target(struct xs_ctx *c, const char *p, uint32_t n)
{
	const char *v[2];
	int rc;

	if (xs_args(p, n, v, 2) < 2)
		return XS_EINVAL;
	rc = xs_intro_set_target(c->srv, (uint32_t)xs_atoi(v[0]), (uint32_t)xs_atoi(v[1]));
	if (!rc)
		xs_out_ok(c->conn, XS_SET_TARGET);
	return rc;
}

int xs_op_get_domain_path(struct xs_ctx *c, const char *p, uint32_t n)
{
	int64_t domid = domid_arg(p, n);
	char path[32];

	if (domid < 0)
		return XS_EINVAL;
	xs_out_reply(c->conn, XS_GET_DOMAIN_PATH, path,
	             (uint32_t)xs_home_path(path, (uint32_t)domid) + 1);
	return XS_OK;
}

int xs_op_is_domain_introduced(struct xs_ctx *c, const char *p, uint32_t n)
{
	int64_t domid = domid_arg(p, n);
	bool yes;

	if (domid < 0)
		return XS_EINVAL;
	yes = domid == XS_DOMID_SELF || xs_domain_introduced(c->srv, (uint32_t)domid);
	xs_out_reply(c->conn, XS_IS_DOMAIN_INTRODUCED, yes ? "T" : "F", 2);
	return XS_OK;
}
