/*
 * The shadow engine's host unit tests: each suite runs every case on a
 * fresh fake machine, and every case must leave the shadows consistent with
 * the guest tables and the p2m (sf_check) and the pool's accounting exact.
 */
#include <stdlib.h>
#include "shadow_test.h"

struct sf_machine *sf_m;

static void before(void)
{
	sf_init(sf_m, 64);
	sf_cr3(sf_m, 0, 0);
}

static void after(struct unit *u)
{
	const char *bad = sf_check(sf_m);

	if (bad)
		unit_fail(u, __FILE__, __LINE__, "checker: %s", bad);
}

int main(void)
{
	const struct shadow_suite *suites[] = {
		&shadow_suite_pool, &shadow_suite_cr3, &shadow_suite_fault, &shadow_suite_emul,
	};
	int failed = 0;

	sf_m = calloc(1, sizeof(*sf_m));
	if (!sf_m)
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(suites); i++)
		failed += unit_run(suites[i]->cases, suites[i]->n, before, after);
	free(sf_m);
	return failed ? 1 : 0;
}
