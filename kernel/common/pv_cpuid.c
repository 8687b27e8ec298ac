/*
 * The CPUID a PV guest sees through Xen's forced-emulation prefix (ud2;
 * "xen"; cpuid: pv_emul.c), as Xen 4.17 computes it for a 64-bit PV domain
 * on the CPU beneath it: the hardware's leaves with only the features a PV
 * guest can use, and Xen's own leaves at 0x40000000.
 *
 * A PV kernel decides from these bits what it may do, so a bit shown here is
 * a promise.  What a PV guest cannot have is hidden, as Xen's featureset
 * marks it (public/arch-x86/cpufeatureset.h: only the features marked for
 * all guests are kept):
 *   - large pages and global pages (PSE, PSE36, PGE, 1 GiB pages): the PV MMU
 *     refuses PSE and G in page-directory entries, and the hypervisor owns
 *     the TLB's global entries;
 *   - SYSENTER (SEP; on AMD it is #UD in long mode), VME, MTRR, MONITOR, the
 *     virtualisation extensions (SVM and its leaf 0x8000000a, VMX), the
 *     topology leaf 0xb, TSC deadline, PCID;
 *   - what needs state Umbra does not switch between vCPUs: XSAVE and all
 *     that depends on it (AVX, FMA, F16C, leaf 0xd), FSGSBASE;
 *   - the debugging extensions (DE): CR4.DE is not the guest's here
 *     (pv_priv.c), so DR4/DR5 stay aliases and I/O breakpoints are refused,
 *     as on a Xen whose CPU lacks DE.
 * Leaf 1's hypervisor bit is set; the initial APIC ID is 0 (Xen does not
 * describe topology to a PV guest).  The extended range reaches 0x80000021,
 * whose LFENCE_DISPATCH bit Xen sets on AMD (under QEMU's TCG, which does
 * not speculate, lfence dispatches serially).
 *
 * Xen's leaves: 0x40000000 the signature and the last leaf; 0x40000001 the
 * version xen_version reports; 0x40000002 no hypercall-page MSR (PV kernels
 * get the page from the domain builder) and MMU_PT_UPDATE_PRESERVE_AD;
 * 0x40000003 sub-leaf 2 the TSC's frequency in kHz; 0x40000005 the width
 * of the highest machine address (a PV guest handles machine frames).
 */
#include "mm.h"
#include "pv.h"
#include "umbra_version.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/lapic.h"

#define XEN_LEAF_FIRST 0x40000000u
#define XEN_LEAF_LAST  0x40000005u
#define EXT_LEAF_LAST  0x80000021u
#define BIT(n)         (1u << (n))

/* Leaf 1 edx: FPU, TSC, MSR, PAE, MCE, CX8, APIC, MCA, CMOV, PAT, CLFLUSH,
 * ACPI, MMX, FXSR, SSE, SSE2, SS, HTT. */
#define L1_EDX (BIT(0) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(9) | BIT(14) |   \
		BIT(15) | BIT(16) | BIT(19) | BIT(22) | BIT(23) | BIT(24) | BIT(25) |         \
		BIT(26) | BIT(27) | BIT(28))
/* Leaf 1 ecx: SSE3, PCLMULQDQ, SSSE3, CX16, SSE4.1, SSE4.2, MOVBE, POPCNT,
 * AESNI, RDRAND; HYPERVISOR is added. */
#define L1_ECX (BIT(0) | BIT(1) | BIT(9) | BIT(13) | BIT(19) | BIT(20) | BIT(22) |          \
		BIT(23) | BIT(25) | BIT(30))
#define L1_ECX_HYPERVISOR BIT(31)
/* Leaf 7 ebx: BMI1, BMI2, ERMS, RDSEED, ADX, CLFLUSHOPT, CLWB, SHA. */
#define L7_EBX (BIT(3) | BIT(8) | BIT(9) | BIT(18) | BIT(19) | BIT(23) | BIT(24) | BIT(29))
/* Leaf 0x80000001 edx: leaf 1's bits that AMD repeats there (0-9, 12-17,
 * 23-24) as leaf 1 shows them, and SYSCALL, NX, MMXEXT, FFXSR, RDTSCP, LM,
 * 3DNOWEXT, 3DNOW. */
#define E1_EDX_ALIASED 0x0183f3ffu
#define E1_EDX (BIT(11) | BIT(20) | BIT(22) | BIT(25) | BIT(27) | BIT(29) | BIT(30) | BIT(31))
/* Leaf 0x80000001 ecx: LAHF_LM, CMP_LEGACY, ABM, SSE4A, MISALIGNSSE,
 * 3DNOWPREFETCH, XOP, FMA4, TBM, DBEXT. */
#define E1_ECX (BIT(0) | BIT(1) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(11) | BIT(16) |   \
		BIT(21) | BIT(26))
#define E21_EAX_LFENCE_DISPATCH BIT(2)
#define XEN_FEAT_PRESERVE_AD BIT(0)     /* XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD */

static void xen_leaf(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	switch (leaf - XEN_LEAF_FIRST) {
	case 0:
		out[0] = XEN_LEAF_LAST;
		memcpy(&out[1], "XenVMMXenVMM", 12);
		break;
	case 1:
		out[0] = (UMBRA_XEN_MAJOR << 16) | UMBRA_XEN_MINOR;
		break;
	case 2:
		out[2] = XEN_FEAT_PRESERVE_AD;
		break;
	case 3:
		if (sub == 2)
			out[0] = (uint32_t)tsc_khz;
		break;
	case 5:
		out[1] = 64 - (uint32_t)__builtin_clzll((max_mfn << PAGE_SHIFT) - 1);
		break;
	default:
		break;
	}
}

void pv_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	uint32_t l1[4];
	memset(out, 0, 4 * sizeof(uint32_t));
	if (leaf >= XEN_LEAF_FIRST && leaf <= XEN_LEAF_LAST) {
		xen_leaf(leaf, sub, out);
		return;
	}
	if ((leaf > XEN_LEAF_LAST && leaf < 0x80000000u) || leaf > EXT_LEAF_LAST)
		return;
	cpuid(leaf >= 0x80000000u ? 0x80000000u : 0, 0, l1);
	if (leaf > l1[0] && leaf != 0x80000000u && leaf != EXT_LEAF_LAST)
		return;                 /* beyond the hardware's range: zeros */
	cpuid(leaf, sub, out);
	switch (leaf) {
	case 1:
		out[1] &= 0x00ffffffu;
		out[2] = (out[2] & L1_ECX) | L1_ECX_HYPERVISOR;
		out[3] &= L1_EDX;
		break;
	case 5: case 0xb: case 0xd:
		memset(out, 0, 4 * sizeof(uint32_t));
		break;
	case 7:
		out[0] = 0;             /* sub-leaf 0 only */
		out[1] = sub == 0 ? out[1] & L7_EBX : 0;
		out[2] = out[3] = 0;
		break;
	case 0x80000000u:
		if (out[0] < EXT_LEAF_LAST)
			out[0] = EXT_LEAF_LAST;
		break;
	case 0x80000001u:
		cpuid(1, 0, l1);
		out[2] &= E1_ECX;
		out[3] = (out[3] & E1_EDX) | (out[3] & E1_EDX_ALIASED & l1[3] & L1_EDX);
		break;
	case 0x8000000au:
		memset(out, 0, 4 * sizeof(uint32_t));
		break;
	case EXT_LEAF_LAST:
		memset(out, 0, 4 * sizeof(uint32_t));
		out[0] = E21_EAX_LFENCE_DISPATCH;
		break;
	default:
		break;
	}
}
