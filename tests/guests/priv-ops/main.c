/*
 * Rule: the privileged instructions Xen emulates for a 64-bit PV kernel are
 * emulated the same way (xen-pv-abi.md 8.2), and everything else stays the
 * guest's #GP(0):
 *  - mov from %cr0 shows the virtual TS; mov to %cr0 may change only TS;
 *    clts clears it; mov from %cr4 shows of the real CR4 only what Xen 4.17
 *    shows a PV guest: PAE (always set), MCE, OSFXSR, OSXMMEXCPT, never PGE;
 *    mov to %cr4 never faults: the guest keeps TSD (its kernel's rdtsc still
 *    works), and DE exactly when its CPUID offers DE; PGE, PSE and the real
 *    bits it sees are not its own;
 *    mov to %cr2 sets the virtual CR2; mov to %cr3 is NEW_BASEPTR with its
 *    checks (the current L4 works, a frame mapped writable is #GP);
 *  - wbinvd is allowed (a no-op for a domain that may not flush caches);
 *  - rdmsr of APIC_BASE, EFER, PAT, FS/GS bases gives Xen's values; wrmsr
 *    of the bases takes canonical values only, of EFER only its value;
 *  - machine check MSRs are Xen's vMCE on AMD: MCG_CAP 2 banks, MCG_CTL 0,
 *    MCG_STATUS holds what is written, MCi_CTL all ones (writes ignored),
 *    MCi_STATUS 0 and only 0 written;
 *    an MSR Xen does not virtualise is #GP(0) once a #GP handler exists;
 *  - an emulated instruction single-stepped with TF raises #DB after it.
 */
#include "catch.h"
#include "pt.h"
#include "test.h"

#define MSR_APIC_BASE 0x1bu
#define MSR_PAT       0x277u
#define MSR_EFER      0xc0000080u
#define MSR_FS_BASE   0xc0000100u
#define MSR_GS_BASE   0xc0000101u

static uint64_t rd_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static uint64_t rd_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static uint64_t rd_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

/* wrmsr or rdmsr that may be refused: the #GP handler skips the 2-byte instruction. */
static bool wrmsr_ok(uint32_t msr, uint64_t v)
{
	catch_reset();
	__asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
	return caught.count == 0;
}

static bool rdmsr_refused(uint32_t msr)
{
	catch_reset();
	(void)rdmsr(msr);
	return caught.count == 1 && caught.vector == 13 && caught.error_code == 0;
}

static void control_registers(void)
{
	uint64_t cr0 = rd_cr0();
	printf("cr0 0x%lx, cr4 0x%lx\n", cr0, rd_cr4());
	CHECK((cr0 & 0x80000001) == 0x80000001, "cr0 0x%lx: PG and PE expected", cr0);
	CHECK(!(cr0 & 8), "TS visible while the virtual TS is clear");
	CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
	CHECK(rd_cr0() & 8, "virtual TS set but not visible in cr0");
	__asm__ volatile("clts");
	CHECK(!(rd_cr0() & 8), "clts did not clear the virtual TS");
	__asm__ volatile("xorps %%xmm0, %%xmm0" ::: "xmm0");      /* no #NM after clts */
	uint64_t ts = cr0 | 8;
	__asm__ volatile("mov %0, %%cr0" :: "r"(ts));
	CHECK(rd_cr0() & 8, "mov to cr0 did not set TS");
	__asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
	CHECK(!(rd_cr0() & 8), "mov to cr0 did not clear TS");
	catch_reset();
	uint64_t bad = cr0 ^ 0x40000000;        /* CD: not the guest's to change */
	__asm__ volatile("mov %0, %%cr0" :: "r"(bad));
	CHECK(caught.count == 1 && caught.vector == 13 && caught.error_code == 0, "a CR0 change beyond TS was not #GP(0)");
	CHECK_EQ(rd_cr0(), cr0);

	uint64_t cr4 = rd_cr4();
	CHECK(cr4 & 0x20, "cr4 0x%lx: PAE expected", cr4);
	CHECK(!(cr4 & ~0x660ull), "cr4 0x%lx shows bits beyond PAE, MCE, OSFXSR, OSXMMEXCPT", cr4);
	uint32_t id[4];
	__asm__ volatile(".byte 0x0f, 0x0b; .ascii \"xen\"; cpuid"
			 : "=a"(id[0]), "=b"(id[1]), "=c"(id[2]), "=d"(id[3]) : "a"(1), "c"(0));
	uint64_t de = id[3] & 4 ? 8 : 0;
	catch_reset();
	uint64_t more = cr4 | 0x80 | 0x10 | 0x8 | 0x4 | 0x200000;   /* PGE, PSE, DE, TSD, SMAP */
	__asm__ volatile("mov %0, %%cr4" :: "r"(more));
	CHECK_EQ(caught.count, 0);
	CHECK(rd_cr4() == (cr4 | 4 | de), "cr4 0x%lx after writing 0x%lx (DE offered: %d)", rd_cr4(), more, de != 0);
	uint32_t lo1, hi1, lo2, hi2;            /* TSD set: the kernel's rdtsc still works */
	__asm__ volatile("rdtsc; nop" : "=a"(lo1), "=d"(hi1));
	__asm__ volatile("rdtsc; nop" : "=a"(lo2), "=d"(hi2));
	CHECK(caught.count == 0, "rdtsc in the guest kernel with CR4.TSD set trapped (vector %lu)", caught.vector);
	CHECK(((uint64_t)hi2 << 32 | lo2) > ((uint64_t)hi1 << 32 | lo1), "rdtsc did not advance");
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4 & ~0x20ull));  /* PAE is not the guest's to clear */
	CHECK_EQ(caught.count, 0);
	CHECK_EQ(rd_cr4(), cr4);

	__asm__ volatile("mov %0, %%cr2" :: "r"(0x1234000ull));
	CHECK_EQ(rd_cr2(), 0x1234000);

	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	CHECK_EQ(cr3 >> 12, pt_cr3_mfn());
	catch_reset();
	__asm__ volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
	CHECK_EQ(caught.count, 0);
	static uint64_t writable_page[512] __attribute__((aligned(4096)));
	uint64_t data = pt_va_mfn(writable_page) << 12;
	__asm__ volatile("mov %0, %%cr3" :: "r"(data) : "memory");
	CHECK(caught.count == 1 && caught.vector == 13, "mov to cr3 of a writable data frame was not #GP");
	__asm__ volatile("wbinvd");
	printf("control registers as Xen shows them\n");
}

static void msrs(void)
{
	uint64_t apic = rdmsr(MSR_APIC_BASE), efer = rdmsr(MSR_EFER), pat = rdmsr(MSR_PAT);
	printf("APIC_BASE 0x%lx EFER 0x%lx PAT 0x%lx\n", apic, efer, pat);
	CHECK_EQ(apic, 0xfee00900);
	CHECK((efer & 0x501) == 0x501, "EFER 0x%lx: SCE, LME, LMA expected", efer);
	CHECK(!(efer & 0x1000), "EFER 0x%lx shows SVME", efer);
	CHECK_EQ(pat, 0x0000050100070406ull);
	CHECK(wrmsr_ok(MSR_EFER, efer), "writing EFER's own value was refused");
	CHECK(!wrmsr_ok(MSR_EFER, efer & ~1ull), "changing EFER was allowed");
	CHECK(wrmsr_ok(MSR_FS_BASE, 0x7f0000001000ull), "wrmsr FS_BASE refused");
	CHECK_EQ(rdmsr(MSR_FS_BASE), 0x7f0000001000ull);
	CHECK(!wrmsr_ok(MSR_FS_BASE, 0x8000000000000000ull), "a non-canonical FS_BASE was accepted");
	CHECK_EQ(rdmsr(MSR_FS_BASE), 0x7f0000001000ull);
	CHECK(!wrmsr_ok(MSR_GS_BASE, 0x0000800000000000ull), "a non-canonical GS_BASE was accepted");
	CHECK(rdmsr_refused(0x12345678), "an MSR no CPU has was not #GP(0)");
	CHECK(rdmsr_refused(0xc0010114), "VM_CR (SVM control) was readable");
	CHECK(!wrmsr_ok(0xc0010117, 0), "VM_HSAVE_PA was writable");

	CHECK_EQ(rdmsr(0x179), 2);                      /* MCG_CAP: 2 banks, no MCG_CTL */
	CHECK_EQ(rdmsr(0x17b), 0);
	CHECK(wrmsr_ok(0x17a, 5), "MCG_STATUS write refused");
	CHECK_EQ(rdmsr(0x17a), 5);
	CHECK(wrmsr_ok(0x17a, 0), "MCG_STATUS write refused");
	CHECK_EQ(rdmsr(0x404), ~0ull);                  /* MC1_CTL */
	CHECK(wrmsr_ok(0x404, 0), "MC1_CTL write refused");
	CHECK_EQ(rdmsr(0x404), ~0ull);
	CHECK_EQ(rdmsr(0x405), 0);                      /* MC1_STATUS */
	CHECK(wrmsr_ok(0x405, 0), "MC1_STATUS = 0 refused");
	CHECK(!wrmsr_ok(0x405, 1), "a nonzero MC1_STATUS was accepted");
	printf("MSRs as Xen virtualises them\n");
}

static volatile uint64_t step_rips[8];
static volatile unsigned steps;

static void on_step(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	if (steps < 8)
		step_rips[steps] = *t->rip;
	steps++;                                /* TF stays set: every instruction traps */
}

static void single_step(void)
{
	CHECK_EQ(guest_set_trap(1, on_step, 0), 0);
	uint64_t after;
	__asm__ volatile("lea 1f(%%rip), %0\n\t"
			 "pushfq; orq $0x100, (%%rsp); popfq\n\t"
			 "wbinvd\n"
			 "1: pushfq; andq $~0x100, (%%rsp); popfq" : "=r"(after) :: "memory");
	printf("single-step: %u traps, the first at rip 0x%lx (after wbinvd: 0x%lx)\n", steps, step_rips[0], after);
	CHECK(steps >= 1, "no #DB at all");
	CHECK_EQ(step_rips[0], after);
	uint64_t dr6 = (uint64_t)HYPERVISOR_get_debugreg(6);
	CHECK(dr6 & 0x4000, "DR6 0x%lx: BS not set after the single-step", dr6);
}

int main(void)
{
	CHECK_EQ(catch_trap(13, 3, 0), 0);      /* mov to crN and wrmsr/rdmsr: skip 3 bytes... */
	control_registers();
	CHECK_EQ(catch_trap(13, 2, 0), 0);      /* ... rdmsr/wrmsr are 2 bytes */
	msrs();
	single_step();
	test_pass();
}
