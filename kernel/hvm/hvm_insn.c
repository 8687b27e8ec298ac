/*
 * Instruction lengths for the intercepts that need RIP advanced.
 *
 * The test machine's SVM has no next-RIP save and no decode assists
 * (qemu-facts.md), so the hypervisor reads the instruction at the guest's
 * CS:RIP itself (through the guest's own page tables, hvm_guest_mem.c)
 * and checks it is the one the exit says it is, as Xen's
 * svm_get_insn_len does: optional legacy prefixes (and in 64-bit mode one
 * REX prefix) followed by the expected opcode bytes.  Anything else (the
 * bytes changed under us, or are unreadable) gives 0 and the caller
 * crashes the domain rather than guess.
 */
#include "hvm.h"
#include "hvm_insn.h"
#include "svm.h"

static bool legacy_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xF0 || b == 0xF2 || b == 0xF3 || b == 0x2E ||
	       b == 0x36 || b == 0x3E || b == 0x26 || b == 0x64 || b == 0x65;
}

unsigned hvm_insn_len(struct vcpu *v, const uint8_t *opcode, unsigned n)
{
	void *vmcb = v->hvm->vmcb;
	uint8_t b[15];
	uint64_t cs_base = *(uint64_t *)((uint8_t *)vmcb + VMCB_CS + 8);
	bool long_mode = (vmcb_r64(vmcb, VMCB_EFER) & (1u << 10)) &&
			 (*(uint16_t *)((uint8_t *)vmcb + VMCB_CS + 2) & (1u << 9));
	uint64_t rip = vmcb_r64(vmcb, VMCB_RIP) + (long_mode ? 0 : cs_base);
	if (!long_mode)
		rip &= 0xFFFFFFFF;
	/* The bytes up to the page's end, then the rest if the next page is
	 * there: the instruction may end just before an unmapped page. */
	unsigned have = (unsigned)MIN(sizeof(b), PAGE_SIZE - (rip & (PAGE_SIZE - 1)));
	if (hvm_copy_from_gva(v, b, rip, have))
		have = 0;
	else if (have < sizeof(b) && !hvm_copy_from_gva(v, b + have, rip + have, sizeof(b) - have))
		have = sizeof(b);
	unsigned i = 0;
	while (i < have && legacy_prefix(b[i]))
		i++;
	if (long_mode && i < have && (b[i] & 0xF0) == 0x40)
		i++;
	if (i + n > have || memcmp(&b[i], opcode, n) != 0)
		return 0;
	return i + n;
}
