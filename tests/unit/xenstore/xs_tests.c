/*
 * Host unit tests of the XenStore server library (dom0/xenstore/),
 * compiled with ASan and UBSan: one case per rule, each on a fresh
 * server, each followed by the invariant check and a leak check.
 */
#include "xs_harness.h"

int main(void)
{
	static const struct xs_suite *const suites[] = {
		&xs_suite_wire, &xs_suite_nodes, &xs_suite_perms, &xs_suite_watch,
		&xs_suite_txn, &xs_suite_quota, &xs_suite_domain, &xs_suite_ring,
		&xs_suite_alloc,
	};
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);

	for (size_t i = 0; i < ARRAY_LEN(suites); i++)
		failed += unit_run(suites[i]->cases, suites[i]->n, h_before, h_after);
	xs_server_free(srv);
	return failed ? 1 : 0;
}
