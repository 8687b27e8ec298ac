/*
 * Request dispatch (see xs_ops.h): the table of message types Xen 4.17's
 * xenstored serves, with its flags.  Invariant: every request gets exactly
 * one reply (the handler's, or an error), with the request's req_id and
 * tx_id, before the connection reads the next one.
 */
#include "xs_ops.h"
#include "xs_out.h"
#include "xs_txn.h"

#define PRIV 1u                         /* privileged domain only */
#define NOTID 2u                        /* tx_id is not looked at */

static const struct {
	xs_op_fn *fn;
	unsigned int flags;
} ops[XS_TYPE_COUNT] = {
	[XS_DIRECTORY] = { xs_op_directory, 0 },
	[XS_READ] = { xs_op_read, 0 },
	[XS_GET_PERMS] = { xs_op_get_perms, 0 },
	[XS_WATCH] = { xs_op_watch, NOTID },
	[XS_UNWATCH] = { xs_op_unwatch, NOTID },
	[XS_TRANSACTION_START] = { xs_op_txn_start, 0 },
	[XS_TRANSACTION_END] = { xs_op_txn_end, 0 },
	[XS_INTRODUCE] = { xs_op_introduce, PRIV },
	[XS_RELEASE] = { xs_op_release, PRIV },
	[XS_GET_DOMAIN_PATH] = { xs_op_get_domain_path, 0 },
	[XS_WRITE] = { xs_op_write, 0 },
	[XS_MKDIR] = { xs_op_mkdir, 0 },
	[XS_RM] = { xs_op_rm, 0 },
	[XS_SET_PERMS] = { xs_op_set_perms, 0 },
	[XS_IS_DOMAIN_INTRODUCED] = { xs_op_is_domain_introduced, PRIV },
	[XS_RESUME] = { xs_op_resume, PRIV },
	[XS_SET_TARGET] = { xs_op_set_target, PRIV },
	[XS_RESET_WATCHES] = { xs_op_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { xs_op_directory_part, 0 },
};

int xs_op_path_arg(const struct xs_ctx *c, const char *p, uint32_t n,
                   struct xs_path *out)
{
	const char *a = xs_one_arg(p, n);
	bool relative;

	if (!a || !xs_path_canon(c->domid, a, out, &relative))
		return XS_EINVAL;
	return XS_OK;
}

static int dispatch(struct xs_conn *c, const struct xsd_sockmsg *h, const char *payload)
{
	struct xs_ctx ctx = {
		.srv = c->srv, .conn = c, .domid = c->domid, .priv = c->priv,
		.target = c->dom->target,
	};

	if (h->type >= XS_TYPE_COUNT || !ops[h->type].fn)
		return XS_ENOSYS;
	if ((ops[h->type].flags & PRIV) && !c->priv)
		return XS_EACCES;
	if (!(ops[h->type].flags & NOTID) && h->tx_id) {
		ctx.txn = xs_txn_lookup(c, h->tx_id);
		if (!ctx.txn)
			return XS_ENOENT;
	}
	return ops[h->type].fn(&ctx, payload, h->len);
}

void xs_ops_serve(struct xs_conn *c, const struct xsd_sockmsg *h, const char *payload)
{
	int rc;

	c->req = h;
	c->in_request = true;
	rc = xs_out_reserve(c) ? dispatch(c, h, payload) : XS_ENOMEM;
	if (rc)
		xs_out_error(c, rc);
	xs_out_request_done(c);
	c->req = NULL;
}
