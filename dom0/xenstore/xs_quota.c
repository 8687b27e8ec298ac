/*
 * Quota figures and comparisons (see xs_quota.h).  Each predicate is the
 * exact comparison xenstored makes, kept in one place so that the figures,
 * the off-by-one of ">" against ">=", and the documentation agree.
 */
#include "xs_quota.h"

void xs_quota_defaults(struct xs_quota *q)
{
	q->nodes = 1000;
	q->entry_bytes = 2048;
	q->watches = 128;
	q->transactions = 10;
	q->perms = 5;
	q->txn_nodes = 1024;
	q->outstanding = 20;
	q->memory = 2 * 1024 * 1024 + 512 * 1024;
}

bool xs_quota_no_new_node(const struct xs_quota *q, uint32_t owned)
{
	return owned >= q->nodes;
}

bool xs_quota_entry_too_big(const struct xs_quota *q, uint32_t entry_bytes)
{
	return entry_bytes >= q->entry_bytes;
}

bool xs_quota_no_new_watch(const struct xs_quota *q, uint32_t watches)
{
	return watches > q->watches;
}

bool xs_quota_no_new_txn(const struct xs_quota *q, uint32_t open)
{
	return open > q->transactions;
}

bool xs_quota_too_many_perms(const struct xs_quota *q, uint32_t nperms)
{
	return nperms > q->perms;
}

bool xs_quota_txn_full(const struct xs_quota *q, uint32_t touched)
{
	return touched >= q->txn_nodes;
}

bool xs_quota_stalled(const struct xs_quota *q, const struct xs_acct *a)
{
	return a->outstanding >= q->outstanding || xs_quota_memory_over(q, a->memory);
}

bool xs_quota_memory_over(const struct xs_quota *q, uint64_t would_hold)
{
	return would_hold >= q->memory;
}
