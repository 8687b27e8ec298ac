/*
 * Rule: a GDT page is a descriptor page: it cannot have a writable mapping,
 * so descriptors change only through update_descriptor's check
 * (xen-pv-abi.md 9.12.5, 9.2 rule 2).  set_gdt with a writably mapped page
 * is refused (-EINVAL); once a page is the GDT, a writable mapping (-EBUSY),
 * a plain mmu_update write into it (-EINVAL), pinning it, clearing it and
 * copying onto it (-EINVAL) are refused.  set_gdt with more than 7168
 * entries, or a frame list with one bad frame, is refused (-EINVAL) and
 * leaves the installed GDT and every frame as they were.  Dropping the GDT
 * makes the page ordinary memory again.
 */
#include "attack.h"

int main(void)
{
	uint64_t rwpfn = pt_alloc(), rw = pt_mfn(rwpfn);
	CHECK_EQ(pt_map(rwpfn, PT_P | PT_RW | PT_A), 0);
	expect_rc("set_gdt with a writably mapped page", HYPERVISOR_set_gdt(&rw, 512), -XEN_EINVAL);
	uint64_t gdt = attack_fresh_gdt();
	const uint64_t data = 0x00cff3000000ffffull;
	CHECK_EQ(HYPERVISOR_update_descriptor(gdt_maddr(gdt, 5), data), 0);

	expect_rc("writable mapping of the GDT page", pt_map_mfn(pt_probe_va(), gdt, PT_P | PT_RW | PT_A), -XEN_EBUSY);
	expect_rc("mmu_update writing into the GDT page", pt_update(gdt_maddr(gdt, 5), 0x00cf93000000ffffull),
		  -XEN_EINVAL);
	for (unsigned level = 1; level <= 4; level++)
		expect_rc("pin of the GDT page", pt_pin(level, gdt), -XEN_EINVAL);
	expect_rc("CLEAR_PAGE of the GDT page", mmuext(MMUEXT_CLEAR_PAGE, gdt, 0), -XEN_EINVAL);
	expect_rc("COPY_PAGE onto the GDT page", mmuext(MMUEXT_COPY_PAGE, gdt, rw), -XEN_EINVAL);
	expect_rc("set_gdt with 7169 entries", HYPERVISOR_set_gdt(&gdt, 7169), -XEN_EINVAL);
	uint64_t fresh = pt_mfn(pt_alloc());
	uint64_t list[3] = { fresh, gdt, 0x100 };
	expect_rc("set_gdt with a hypervisor frame third", HYPERVISOR_set_gdt(list, 1536), -XEN_EINVAL);
	list[2] = rw;
	expect_rc("set_gdt with a writable page third", HYPERVISOR_set_gdt(list, 1536), -XEN_EINVAL);
	expect_untyped("the good frame of the refused list", fresh);

	CHECK_EQ(frame_view(gdt)[5], data);
	uint16_t sel = (5 << 3) | 3, back;
	__asm__ volatile("mov %1, %%es; mov %%es, %0; mov %2, %%es" : "=r"(back) : "r"(sel), "r"(0) : "memory");
	CHECK_EQ(back, sel);
	expect_typed("the GDT page", gdt);
	*(volatile uint64_t *)pt_pfn_va(rwpfn) = 1;     /* the writable page is still writable */
	CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
	expect_untyped("the former GDT page", gdt);
	attack_hv_alive();
	test_pass();
}
