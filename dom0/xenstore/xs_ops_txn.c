/*
 * Handlers for TRANSACTION_START and TRANSACTION_END (xs_txn.h has the
 * rules).  Starting one from inside a transaction is EBUSY; ending needs
 * "T" (commit) or "F" (abort) as the only argument (else EINVAL) and the
 * transaction's id in the header (0: ENOENT).  The new id is sent as
 * decimal text with its NUL.
 */
#include "xs_ops.h"
#include "xs_out.h"
#include "xs_str.h"
#include "xs_txn.h"

int xs_op_txn_start(struct xs_ctx *c, const char *p, uint32_t n)
{
	char id_text[24];
	uint32_t id;
	int rc;

	(void)p;
	(void)n;
	if (c->txn)
		return XS_EBUSY;
	rc = xs_txn_start(c->conn, &id);
	if (!rc)
		xs_out_reply(c->conn, XS_TRANSACTION_START, id_text,
		             (uint32_t)xs_fmt_u(id_text, id) + 1);
	return rc;
}

int xs_op_txn_end(struct xs_ctx *c, const char *p, uint32_t n)
{
	const char *arg = xs_one_arg(p, n);
	bool commit;
	int rc;

	if (!arg || (!xs_eq(arg, n - 1, "T") && !xs_eq(arg, n - 1, "F")))
		return XS_EINVAL;
	if (!c->txn)
		return XS_ENOENT;
	commit = arg[0] == 'T';
	rc = xs_txn_end(c->txn, commit);
	c->txn = NULL;
	if (!rc)
		xs_out_ok(c->conn, XS_TRANSACTION_END);
	return rc;
}
