/*
 * Fault fixups: the only hypervisor instructions allowed to fault are the
 * guest-memory copy, the loads of guest segment selectors (seg_load.S), the
 * probe of an MSR a guest named (msr_safe.S) and the iretq into a guest
 * (entry.S).  Each has a fixup address that turns the fault into an error
 * return, and the set of vectors it may raise on guest data:
 *   - the copy: #PF (unmapped or read-only guest page) and #GP (a
 *     non-canonical address; callers check ranges first);
 *   - a selector load: #NP (descriptor not present), #GP (wrong type, DPL or
 *     limit), #SS (a stack segment) and #PF (a descriptor page unmapped);
 *   - rdmsr_safe's rdmsr of a guest-named MSR: #GP (no such MSR);
 *   - the iretq into a guest, on the cs and ss the guest chose: #NP, #GP and
 *     #SS as a selector load, #PF for an LDT page its window lacks; the
 *     fixup hands the fault to the guest (return_to_guest_fault).
 * The fixup code is entered with the vector in %rdi and the error code in
 * %rsi (the other fixups ignore both; neither is preserved across a call).
 * Any other fault in hypervisor context, or one of these vectors anywhere
 * else, is a bug and panics.
 */
#include "extable.h"

#define V(n) (1u << (n))

extern char guest_copy_insn[], guest_copy_tail_insn[], guest_copy_fixup[];
extern char seg_load_ds[], seg_load_es[], seg_load_fs[], seg_load_gs[], seg_load_fixup[];
extern char rdmsr_safe_insn[], rdmsr_safe_fixup[];
extern char return_to_guest_iretq[], return_to_guest_fixup[];

bool extable_fixup(struct cpu_regs *r)
{
	const uint32_t copy_faults = V(13) | V(14), seg_faults = V(11) | V(12) | V(13) | V(14);
	const struct { char *insn, *fixup; uint32_t vectors; } table[] = {
		{ guest_copy_insn, guest_copy_fixup, copy_faults },
		{ guest_copy_tail_insn, guest_copy_fixup, copy_faults },
		{ seg_load_ds, seg_load_fixup, seg_faults },
		{ seg_load_es, seg_load_fixup, seg_faults },
		{ seg_load_fs, seg_load_fixup, seg_faults },
		{ seg_load_gs, seg_load_fixup, seg_faults },
		{ rdmsr_safe_insn, rdmsr_safe_fixup, V(13) },
		{ return_to_guest_iretq, return_to_guest_fixup, seg_faults },
	};
	if (r->vector >= 32)
		return false;
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (r->rip == (uint64_t)table[i].insn && (table[i].vectors & V(r->vector))) {
			r->rip = (uint64_t)table[i].fixup;
			r->rdi = r->vector;
			r->rsi = r->error_code;
			return true;
		}
	return false;
}
