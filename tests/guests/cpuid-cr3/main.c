/*
 * Rule: the hypervisor emulates Xen's forced-emulation CPUID (ud2 "xen"
 * cpuid) with Xen's leaves at 0x40000000 ("XenVMMXenVMM", max leaf >=
 * 0x40000001; 0x40000001 = the version xen_version reports), sets the hypervisor bit in leaf 1,
 * and skips all 7 bytes, with or without a trap table; a guest-kernel "mov %cr3, reg" (any register,
 * REX.B included) reads the machine address of the current L4, the frame
 * the p2m list gives for pt_base.
 */
#include "test.h"

#define VIRT_BASE 0xFFFFFFFF80000000ull

static void xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile(".byte 0x0f, 0x0b; .ascii \"xen\"; cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

int main(void)
{
	uint32_t r[4];
	char sig[13] = { 0 };
	long version = xen_version_reported();

	xen_cpuid(0x40000000, 0, r);
	memcpy(sig, &r[1], 12);
	CHECK(!strcmp(sig, "XenVMMXenVMM"), "leaf 0x40000000 signature \"%s\"", sig);
	CHECK(r[0] >= 0x40000001 && r[0] < 0x40000100, "leaf 0x40000000 max leaf 0x%x", r[0]);

	xen_cpuid(0x40000001, 0, r);
	CHECK_EQ(r[0], version);

	xen_cpuid(1, 0, r);
	CHECK(r[2] & (1u << 31), "leaf 1 ecx 0x%x lacks the hypervisor bit", r[2]);

	/* The p2m list gives the L4's frame. */
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	uint64_t want = p2m[(start_info->pt_base - VIRT_BASE) >> 12] << 12;
	uint64_t cr3, cr3_r9;
	__asm__ volatile("mov %%cr3, %0" : "=a"(cr3));
	__asm__ volatile("mov %%cr3, %%r9; mov %%r9, %0" : "=r"(cr3_r9) :: "r9");
	CHECK(cr3 == want, "mov %%cr3, %%rax = 0x%lx, expected 0x%lx", cr3, want);
	CHECK(cr3_r9 == want, "mov %%cr3, %%r9 = 0x%lx, expected 0x%lx", cr3_r9, want);
	printf("cr3 0x%lx, signature %s\n", cr3, sig);

	/* Emulation needs no trap table (a #UD would now crash the domain). */
	CHECK_EQ(HYPERVISOR_set_trap_table(NULL), 0);
	xen_cpuid(0x40000001, 0, r);
	CHECK_EQ(r[0], version);
	test_pass();
}
