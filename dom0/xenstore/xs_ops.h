/*
 * Serving one request: xenstored's dispatch rules and the handler of each
 * message type.  A handler answers through xs_out (returning XS_OK) or
 * returns the error to answer with.
 *
 * Before a handler runs: a type the server does not know (or one only the
 * server sends) is answered ENOSYS; a type reserved to the privileged
 * domain, asked by another, EACCES; a non-zero tx_id naming no open
 * transaction of the connection, ENOENT (WATCH and UNWATCH ignore tx_id).
 */
#pragma once
#include "xs_core.h"

void xs_ops_serve(struct xs_conn *c, const struct xsd_sockmsg *h, const char *payload);

typedef int xs_op_fn(struct xs_ctx *c, const char *p, uint32_t n);

/* xs_ops_node.c */
xs_op_fn xs_op_read, xs_op_write, xs_op_mkdir, xs_op_rm, xs_op_directory,
	xs_op_directory_part, xs_op_get_perms, xs_op_set_perms;
/* xs_ops_watch.c */
xs_op_fn xs_op_watch, xs_op_unwatch, xs_op_reset_watches;
/* xs_ops_txn.c */
xs_op_fn xs_op_txn_start, xs_op_txn_end;
/* xs_ops_domain.c */
xs_op_fn xs_op_introduce, xs_op_release, xs_op_get_domain_path,
	xs_op_is_domain_introduced, xs_op_resume, xs_op_set_target;

/* The single argument of p[0..n) as an absolute path (XS_EINVAL if there
   is not exactly one, or it cannot be made absolute). */
int xs_op_path_arg(const struct xs_ctx *c, const char *p, uint32_t n,
                   struct xs_path *out);
