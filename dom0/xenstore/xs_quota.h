/*
 * Per-domain quotas, with Xen 4.17 xenstored's default figures and its
 * answers, so that one domain flooding the store cannot starve another.
 * Only unprivileged domains are limited (dom0 may do anything).
 *
 *   nodes         1000   nodes a domain may own; creating one more: ENOSPC
 *   entry_bytes   2048   a node's record (24 + 8 per permission + value +
 *                        child names) must stay below it: ENOSPC
 *   watches        128   registering when more than 128 exist: E2BIG
 *   transactions    10   starting when more than 10 are open: ENOSPC
 *   perms            5   SET_PERMS with more entries: ENOSPC
 *   txn_nodes     1024   distinct nodes one transaction may touch: ENOSPC
 *   outstanding     20   replies (and the watch events a request caused)
 *                        not yet taken by the guest: the server stops
 *                        reading the domain's ring until they drain
 *   memory   2621440     bytes held for a domain (nodes it owns, its
 *                        transactions' copies, watches, queued output):
 *                        at or above it new nodes and watches get ENOMEM,
 *                        watch events for it are dropped, and its ring is
 *                        not read
 *
 * "More than 128" and "more than 10" are xenstored's own comparisons: the
 * 129th watch and the 11th open transaction still succeed.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct xs_quota {
	uint32_t nodes;
	uint32_t entry_bytes;
	uint32_t watches;
	uint32_t transactions;
	uint32_t perms;
	uint32_t txn_nodes;
	uint32_t outstanding;
	uint64_t memory;
};

/* What the store holds for one domain. */
struct xs_acct {
	uint32_t nodes;                 /* nodes it owns */
	uint32_t watches;
	uint32_t outstanding;
	uint64_t memory;
};

void xs_quota_defaults(struct xs_quota *q);

/* Each true means "refuse" (callers apply them to unprivileged domains). */
bool xs_quota_no_new_node(const struct xs_quota *q, uint32_t owned);
bool xs_quota_entry_too_big(const struct xs_quota *q, uint32_t entry_bytes);
bool xs_quota_no_new_watch(const struct xs_quota *q, uint32_t watches);
bool xs_quota_no_new_txn(const struct xs_quota *q, uint32_t open);
bool xs_quota_too_many_perms(const struct xs_quota *q, uint32_t nperms);
bool xs_quota_txn_full(const struct xs_quota *q, uint32_t touched);
bool xs_quota_stalled(const struct xs_quota *q, const struct xs_acct *a);
bool xs_quota_memory_over(const struct xs_quota *q, uint64_t would_hold);
