/*
 * Rule: the CPUID a PV guest sees (Xen's forced-emulation cpuid) offers
 * only what a 64-bit PV guest can use, as Xen 4.17 shows it: no large or
 * global pages (PSE, PSE36, PGE, 1 GiB pages: the PV MMU refuses them),
 * no VME, SYSENTER (on AMD), MONITOR, SVM or VMX, no XSAVE-based state,
 * and leaves 5 (MONITOR), 0xb (topology) and 0x8000000a (SVM) empty; the
 * hypervisor bit is set, the initial APIC ID is 0; what a PV guest needs
 * stays (FPU, TSC, MSR, PAE, CX8, CMOV, FXSR, SSE, SSE2, SYSCALL, NX, LM).
 * Xen's leaves: 0x40000002 offers MMU_PT_UPDATE_PRESERVE_AD, 0x40000003
 * sub-leaf 2 the TSC frequency in kHz (the one the time info implies, within
 * 10%), 0x40000005 the machine address width (it covers every frame of
 * ours).  The raw cpuid instruction is not intercepted (no CPUID faulting),
 * so it may show more; the kernel must use the emulated one.
 */
#include "events.h"
#include "test.h"

static void xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile(".byte 0x0f, 0x0b; .ascii \"xen\"; cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

#define BIT(n) (1u << (n))

static bool empty(uint32_t leaf)
{
	uint32_t r[4];
	xen_cpuid(leaf, 0, r);
	return !(r[0] | r[1] | r[2] | r[3]);
}

int main(void)
{
	uint32_t r[4], e[4];
	xen_cpuid(0, 0, r);
	bool amd = r[1] == 0x68747541;          /* "Auth" */
	xen_cpuid(1, 0, r);
	printf("leaf 1: %08x %08x %08x %08x\n", r[0], r[1], r[2], r[3]);
	uint32_t need = BIT(0) | BIT(4) | BIT(5) | BIT(6) | BIT(8) | BIT(15) | BIT(24) | BIT(25) | BIT(26);
	CHECK((r[3] & need) == need, "leaf 1 edx 0x%x lacks FPU/TSC/MSR/PAE/CX8/CMOV/FXSR/SSE/SSE2", r[3]);
	CHECK(!(r[3] & (BIT(1) | BIT(3) | BIT(13) | BIT(17))), "leaf 1 edx 0x%x offers VME, PSE, PGE or PSE36", r[3]);
	CHECK(!amd || !(r[3] & BIT(11)), "leaf 1 edx 0x%x offers SYSENTER on AMD", r[3]);
	CHECK(!(r[2] & (BIT(3) | BIT(5) | BIT(27))), "leaf 1 ecx 0x%x offers MONITOR, VMX or OSXSAVE", r[2]);
	CHECK(r[2] & BIT(31), "leaf 1 ecx 0x%x lacks the hypervisor bit", r[2]);
	CHECK(r[1] >> 24 == 0, "leaf 1 initial APIC ID %u", r[1] >> 24);
	CHECK(empty(5) && empty(0xb), "leaf 5 or 0xb is not empty");

	xen_cpuid(0x80000000, 0, e);
	CHECK(e[0] >= 0x80000008, "extended leaves end at 0x%x", e[0]);
	xen_cpuid(0x80000001, 0, e);
	printf("leaf 0x80000001: %08x %08x %08x %08x\n", e[0], e[1], e[2], e[3]);
	need = BIT(11) | BIT(20) | BIT(29);
	CHECK((e[3] & need) == need, "0x80000001 edx 0x%x lacks SYSCALL, NX or LM", e[3]);
	CHECK(!(e[3] & (BIT(3) | BIT(13) | BIT(17) | BIT(26))), "0x80000001 edx 0x%x offers PSE, PGE, PSE36 or 1 GiB pages", e[3]);
	CHECK(!(e[2] & BIT(2)), "0x80000001 ecx 0x%x offers SVM", e[2]);
	CHECK(empty(0x8000000a), "leaf 0x8000000a (SVM) is not empty");

	xen_cpuid(0x40000002, 0, r);
	CHECK(r[2] & 1, "leaf 0x40000002 ecx 0x%x lacks MMU_PT_UPDATE_PRESERVE_AD", r[2]);
	events_init();
	xen_cpuid(0x40000003, 2, r);
	const struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
	/* ns = (ticks << shift) * mul >> 32, so kHz = 1e6 * 2^32 / (mul << shift) */
	uint64_t scaled = t->tsc_shift >= 0 ? (uint64_t)t->tsc_to_system_mul << t->tsc_shift
					    : (uint64_t)t->tsc_to_system_mul >> -t->tsc_shift;
	uint64_t khz = (1000000ull << 32) / scaled;
	printf("TSC %u kHz (time info: %lu kHz)\n", r[0], khz);
	CHECK(r[0] > khz * 9 / 10 && r[0] < khz * 11 / 10, "leaf 0x40000003.2 says %u kHz, the time info %lu", r[0], khz);
	xen_cpuid(0x40000005, 0, r);
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	uint64_t top = 0;
	for (uint64_t i = 0; i < start_info->nr_pages; i++)
		top = p2m[i] > top ? p2m[i] : top;
	printf("machine address width %u, highest frame of ours 0x%lx\n", r[1] & 0xff, top);
	CHECK((r[1] & 0xff) >= 12 && (r[1] & 0xff) <= 52, "machine address width %u", r[1] & 0xff);
	CHECK(((((top + 1) << 12) - 1) >> (r[1] & 0xff)) == 0, "frame 0x%lx beyond %u bits", top, r[1] & 0xff);
	test_pass();
}
