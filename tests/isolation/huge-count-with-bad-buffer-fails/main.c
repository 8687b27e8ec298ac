/*
 * Rule: a huge count does not make the hypervisor run (or loop) past the
 * guest's buffer (xen-pv-abi.md 4.5, 9.12.1): an array is read element by
 * element, as in Xen 4.17, so one that ends in unmapped memory is processed
 * up to the last readable request, then -EFAULT, with *pdone (mmu_update,
 * mmuext_op) or the results (multicall) telling exactly how far it got, in
 * a bounded time; one in the last page of the address space wraps to
 * address 0 (unmapped here) and stops there the same way.  A forged continuation (the MMU_UPDATE_PREEMPTED bit
 * set by the guest) only adds to the guest's own done count, and a done
 * counter in hypervisor space is never touched (-EFAULT, or ignored as
 * in Xen).  Afterwards the target
 * entry is unchanged and the hypervisor answers.
 */
#include "attack.h"
#include "public/version.h"

#define LOW 0x20000000ull               /* one mapped page of requests; the next page is unmapped */
#define TOP 0xFFFFFFFFFFFFF000ull       /* the last page of the address space */
#define LIMIT_TICKS 5000000000ull       /* 1-5 s: a runaway loop would take far longer */

int main(void)
{
	uint64_t page = pt_alloc();
	long version = xen_version_reported();
	CHECK_EQ(pt_ensure_l1(LOW), 0);
	CHECK_EQ(pt_map_mfn(LOW, pt_mfn(page), PT_P | PT_RW | PT_A), 0);
	CHECK(!(pt_entry(LOW + 4096, 1) & PT_P), "the page after the buffer is mapped");
	uint64_t entry = pt_entry_maddr(LOW, 1), live = pt_entry(LOW, 1);
	struct mmu_update *r = (struct mmu_update *)LOW;
	for (unsigned i = 0; i < 256; i++)
		r[i] = (struct mmu_update){ entry, live };      /* no-op rewrites of its own entry */

	CHECK_EQ(pt_ensure_l1(TOP), 0);
	CHECK_EQ(pt_map_mfn(TOP, pt_mfn(pt_alloc()), PT_P | PT_RW | PT_A), 0);
	CHECK(!(pt_entry(0, 1) & PT_P), "address 0 is mapped");
	struct mmu_update *top = (struct mmu_update *)TOP;
	for (unsigned i = 0; i < 256; i++)
		top[i] = (struct mmu_update){ entry, live };
	unsigned done = 99;
	expect_rc("mmu_update, 0x7fffffff requests from the last page (wrapping to 0)",
		  HYPERVISOR_mmu_update(top, 0x7fffffff, &done, DOMID_SELF), -XEN_EFAULT);
	CHECK_EQ(done, 256);
	CHECK_EQ(pt_map_mfn(TOP, 0, 0), 0);
	uint64_t t0 = guest_rdtsc();
	expect_rc("mmu_update, 0x7fffffff requests, one page mapped",
		  HYPERVISOR_mmu_update(r, 0x7fffffff, &done, DOMID_SELF), -XEN_EFAULT);
	uint64_t t = guest_rdtsc() - t0;
	printf("mmu_update stopped after %u requests, %lu ticks\n", done, t);
	CHECK_EQ(done, 256);
	CHECK(t < LIMIT_TICKS, "took %lu ticks", t);

	struct mmuext_op *o = (struct mmuext_op *)LOW;
	for (unsigned i = 0; i < 4096 / sizeof(*o); i++)
		o[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	t0 = guest_rdtsc();
	expect_rc("mmuext_op, 0x7fffffff ops, one page mapped",
		  HYPERVISOR_mmuext_op(o, 0x7fffffff, &done, DOMID_SELF), -XEN_EFAULT);
	t = guest_rdtsc() - t0;
	printf("mmuext_op stopped after %u ops, %lu ticks\n", done, t);
	CHECK_EQ(done, 4096 / sizeof(*o));
	CHECK(t < LIMIT_TICKS, "took %lu ticks", t);

	struct multicall_entry *m = (struct multicall_entry *)LOW;
	for (unsigned i = 0; i < 64; i++)
		m[i] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .result = -1, .args = { XENVER_version } };
	t0 = guest_rdtsc();
	expect_rc("multicall, 2^32 - 1 calls, one page mapped", HYPERVISOR_multicall(m, 0xffffffffu), -XEN_EFAULT);
	t = guest_rdtsc() - t0;
	for (unsigned i = 0; i < 64; i++)
		CHECK_EQ(m[i].result, version);
	CHECK(t < LIMIT_TICKS, "took %lu ticks", t);
	/* (Xen reads the count as 32 bits, Umbra as 64: either way ~0 is refused.) */
	expect_rc("multicall, ~0 calls", HYPERVISOR_multicall(m, ~0ull), -XEN_EFAULT);

	/* Forged continuations. */
	for (unsigned i = 0; i < 256; i++)
		r[i] = (struct mmu_update){ entry, live };
	done = 7;
	CHECK_EQ(HYPERVISOR_mmu_update(r, MMU_UPDATE_PREEMPTED | 5, &done, DOMID_SELF), 0);
	CHECK_EQ(done, 12);
	expect_done_counter_refused("forged continuation, done counter in hypervisor space",
				    HYPERVISOR_mmu_update(r, MMU_UPDATE_PREEMPTED | 5, (unsigned *)MACH2PHYS_VIRT_START,
							  DOMID_SELF));
	expect_rc("forged continuation of 0x7fffffff requests",
		  HYPERVISOR_mmu_update(r, 0xffffffffu, &done, DOMID_SELF), -XEN_EFAULT);
	CHECK_EQ(pt_entry(LOW, 1), live);
	attack_hv_alive();
	test_pass();
}
