/*
 * Rule: LDT selectors in an iret frame are checked by the CPU against the
 * vCPU's LDT as the hypervisor's window shows it, as on Xen 4.17: with no
 * LDT, #GP(selector); a DPL-0 code segment and a DPL-0 data segment of the
 * LDT (stored with DPL 3) run at CPL 3; a not-present one gives
 * #NP(selector), one beyond the LDT's limit #GP(selector); an LDT page the
 * hypervisor refused to type (it holds a TSS descriptor) gives the guest
 * #PF at that LDT address (Xen's lazy LDT; error code 0, a not-present
 * implicit read), for cs as for ss, and once the page is fixed the same
 * frame returns.  Each fault arrives at the frame's rip; the hypervisor
 * runs on.
 */
#include "attack.h"
#include "events.h"
#include "iret_probe.h"
#include "seg.h"

static uint64_t good[512] __attribute__((aligned(4096)));
static uint64_t bad[512] __attribute__((aligned(4096)));

/* Map an own page of the image read-only (a descriptor page) or writable. */
static long map(void *va, bool writable)
{
	return pt_map_mfn((uint64_t)va, pt_va_mfn(va), PT_P | PT_A | (writable ? PT_RW : 0));
}

int main(void)
{
	events_init();
	iret_probe_init();
	const uint64_t cs_k = FLAT_KERNEL_CS & ~3;
	struct iret_outcome o = iret_probe(0x4, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("LDT cs with no LDT", &o, 0x4, FLAT_KERNEL_SS, 13, 0x4);

	good[0] = 0x00af9b000000ffffull;        /* 64-bit code, DPL 0 */
	good[1] = 0x00cf93000000ffffull;        /* data, DPL 0 */
	good[2] = 0x00af7b000000ffffull;        /* 64-bit code, DPL 3, not present */
	CHECK_EQ(map(good, false), 0);
	CHECK_EQ(seg_set_ldt((uint64_t)good, 3), 0);
	o = iret_probe(0x4, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_landed("LDT code", &o, 0x4, FLAT_KERNEL_SS);
	o = iret_probe(0x4, 0xc, 0x202, 0);
	iret_expect_landed("LDT code and data", &o, 0x4, 0xc);
	o = iret_probe(0x14, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("LDT not-present code", &o, 0x14, FLAT_KERNEL_SS, 11, 0x14);
	o = iret_probe(0x1c, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("LDT cs beyond the limit", &o, 0x1c, FLAT_KERNEL_SS, 13, 0x1c);

	bad[0] = 0x00008b0000000067ull;         /* a TSS descriptor: the page is never typed */
	bad[1] = 0x00cff3000000ffffull;
	CHECK_EQ(map(bad, false), 0);
	CHECK_EQ(seg_set_ldt((uint64_t)bad, 2), 0);
	o = iret_probe(0x4, FLAT_KERNEL_SS, 0x202, 0);
	iret_expect_fault("LDT page refused, cs", &o, 0x4, FLAT_KERNEL_SS, 14, 0);
	CHECK(o.cr2 == (uint64_t)bad, "#PF at 0x%lx, expected the LDT page 0x%lx", o.cr2, (uint64_t)bad);
	o = iret_probe(cs_k, 0xc, 0x202, 0);
	iret_expect_fault("LDT page refused, ss", &o, cs_k, 0xc, 14, 0);
	CHECK(o.cr2 == (uint64_t)bad + 8, "#PF at 0x%lx, expected 0x%lx", o.cr2, (uint64_t)bad + 8);
	CHECK_EQ(map(bad, true), 0);
	bad[0] = 0x00affb000000ffffull;         /* fixed: 64-bit code, DPL 3 */
	CHECK_EQ(map(bad, false), 0);
	o = iret_probe(0x4, 0xc, 0x202, 0);
	iret_expect_landed("LDT page fixed", &o, 0x4, 0xc);

	CHECK_EQ(seg_set_ldt(0, 0), 0);
	attack_hv_alive();
	test_pass();
}
