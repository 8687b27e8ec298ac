/*
 * The instructions the hypervisor emulates for a PV guest.
 *
 * #UD: Xen's forced-emulation prefix (ud2; "xen") followed by cpuid runs the
 * virtualised CPUID (pv_cpuid.c); it works before the guest has a trap
 * table.  Anything else is the guest's #UD.
 * #GP(0): a privileged instruction Xen emulates for a PV kernel (port I/O,
 * cli/sti, control and debug registers, MSRs: pv_priv.c).  A #GP
 * whose error code names an IDT vector is an "int n" (pv_traps.c decides).
 * Every other #GP goes to the guest.  Instruction bytes are read with
 * copy_from_guest, so a bad rip becomes the guest's #PF, not ours; an
 * "int n" is decoded from its bytes (int_n_vector), never trusted from the
 * error code alone.
 */
#include "census.h"
#include "console.h"
#include "guest_access.h"
#include "pv.h"
#include "../arch/x86_64/cpu.h"

void pv_invalid_op(struct vcpu *v)
{
	static const uint8_t prefix[7] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };
	uint8_t insn[7];
	struct cpu_regs *r = &v->regs;
	if (copy_from_guest(insn, r->rip, sizeof(insn))) {
		/* The ud2 itself was fetched, so the fault is where the bytes cross a page. */
		uint64_t next_page = ALIGN_UP(r->rip + 1, 4096);
		if (next_page < r->rip + sizeof(insn)) {
			pv_inject_page_fault(v, next_page, 0x10);
			return;
		}
	} else if (memcmp(insn, prefix, 7) == 0) {
		uint32_t out[4];
		pv_cpuid((uint32_t)r->rax, (uint32_t)r->rcx, out);
		r->rax = out[0];
		r->rbx = out[1];
		r->rcx = out[2];
		r->rdx = out[3];
		r->rip += 7;
		return;
	}
	pv_inject_exception(v, 6, 0);
}

/*
 * Which vector an "int n" named.  The instruction bytes decide, not the
 * error code: QEMU 7.2's TCG reports (n << 4) | 2 instead of (n << 3) | 2,
 * and a vector taken from it could index past the 256-entry trap table.
 */
static bool int_n_vector(struct vcpu *v, uint64_t ec, unsigned *vector)
{
	uint8_t b[2];
	if (copy_from_guest(b, v->regs.rip, 2) == 0 && b[0] == 0xcd) {
		*vector = b[1];
		return true;
	}
	if ((ec >> 3) < 256) {
		*vector = (unsigned)(ec >> 3);
		return true;
	}
	return false;
}

void pv_general_protection(struct vcpu *v)
{
	uint64_t ec = v->regs.error_code;
	unsigned vector;
	if ((ec & 3) == 2 && int_n_vector(v, ec, &vector)) {    /* IDT vector, not external */
		if (census_on)
			census_trap(v->domain, 13, CENSUS_INT_N);
		pv_software_interrupt(v, vector, false);
		return;
	}
	if (ec == 0 && pv_emulate_priv_op(v))
		return;                         /* counted there, by instruction */
	if (census_on)
		census_trap(v->domain, 13, CENSUS_BOUNCED);
	pv_inject_exception(v, 13, ec);
}
