/*
 * Rule: a selector whose LDT descriptor has its accessed bit clear loads,
 * wherever it is loaded: the CPU sets that bit in the descriptor as it
 * loads it, so the page the LDT is read from must let the CPU write it (the
 * page is the guest's, typed seg_desc, mapped only in the hypervisor's LDT
 * window, so no guest can write it there).  Found by the hypercall fuzzer:
 * with the window mapped read-only, the CPU's write faulted in the window,
 * the hypervisor found the page already mapped, returned, and the load
 * faulted again, forever; in hypervisor context (set_segment_base's user
 * %gs, a context switch's reload) with interrupts off, so the whole machine
 * hung.
 *
 * Here three LDT descriptors of flat DPL-3 data with the accessed bit
 * clear are loaded by set_segment_base(SEGBASE_GS_USER_SEL) and by the
 * guest itself into %fs, each leaving the bit set in the descriptor; then
 * entry 2 is made "not accessed" again while %es holds it and the vCPU
 * sleeps: Umbra reloads %es when it switches the vCPU back in (Xen, which
 * switches lazily, may not), and the selector must hold either way.
 */
#include "events.h"
#include "peer.h"
#include "seg.h"
#include "test.h"

#define DATA_NOT_ACCESSED 0x00cff2000000ffffull
#define DESC_ACCESSED     (1ull << 40)

int main(void)
{
	events_init();
	uint64_t va, mfn = seg_ldt_install(4, &va);
	const volatile uint64_t *ldt = (const volatile uint64_t *)va;
	for (unsigned i = 0; i < 3; i++)
		seg_desc(&mfn, i, DATA_NOT_ACCESSED);
	CHECK(!(ldt[0] & DESC_ACCESSED), "descriptor 0 stored accessed: 0x%lx", ldt[0]);

	CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, SEL_LDT(0)), 0);
	printf("set_segment_base(GS_USER_SEL): descriptor 0x%lx\n", ldt[0]);
	CHECK(ldt[0] & DESC_ACCESSED, "descriptor 0 not accessed after the load");

	__asm__ volatile("mov %0, %%fs" :: "r"((uint32_t)SEL_LDT(1)));
	CHECK_EQ(segs_read().fs, SEL_LDT(1));
	CHECK(ldt[1] & DESC_ACCESSED, "descriptor 1 not accessed after the load");

	__asm__ volatile("mov %0, %%es" :: "r"((uint32_t)SEL_LDT(2)));
	seg_desc(&mfn, 2, DATA_NOT_ACCESSED);          /* not accessed again, %es still holding it */
	CHECK(!(ldt[2] & DESC_ACCESSED), "descriptor 2 stored accessed: 0x%lx", ldt[2]);
	sleep_ns(5000000);                              /* switched out and back in: %es reloaded */
	printf("after a reload: es 0x%x, descriptor 0x%lx\n", segs_read().es, ldt[2]);
	CHECK_EQ(segs_read().es, SEL_LDT(2));
	test_pass();
}
