/*
 * Rule: a domain's requests reach only its own frames (xen-pv-abi.md 9.2
 * rule 5, 9.7 step 3): another domain's memory cannot be mapped (read-only
 * or writable: -EBUSY), pinned, cleared, copied to or from, installed as a
 * base pointer or GDT, written by mmu_update or update_descriptor, or have
 * its M2P entry changed (-EINVAL).  The same kernel runs twice: the initial
 * domain is the victim (it fills its spare pages with a pattern and waits);
 * the extra domain, unprivileged, finds every frame of the victim through
 * the M2P and aims every frame-naming request at each
 * (attack_frame_not_mine).  The victim then checks that its pattern and its
 * page tables are intact and that the hypervisor answers.
 */
#include "attack.h"

static uint64_t foreign[4096];

int main(void)
{
	if (!attack_is_attacker())
		attack_victim(1);
	CHECK(!(start_info->flags & SIF_PRIVILEGED), "the attacker is privileged");
	unsigned n = attack_find_foreign(foreign, ARRAY_SIZE(foreign));
	printf("attacker: %u frames of other domains\n", n);
	CHECK(n >= 2048, "only %u foreign frames found", n);
	for (unsigned i = 0; i < n; i++)
		attack_frame_not_mine("another domain's frame", foreign[i], -XEN_EBUSY);
	printf("refused as documented: every request naming another domain's frame\n");
	attack_hv_alive();
	test_pass();
}
