/*
 * Fault fixups: the only hypervisor instructions allowed to fault are the
 * guest-memory copy and the loads of guest segment selectors.  Each has a
 * fixup address that turns the fault into an error return.  Any other fault
 * in hypervisor context is a bug and panics.
 */
#include "extable.h"

extern char guest_copy_insn[], guest_copy_fixup[];
extern char load_seg_ds[], load_seg_es[], load_seg_fs[], load_seg_gs[], load_seg_fixup[];

bool extable_fixup(struct cpu_regs *r)
{
	const struct { char *insn, *fixup; } table[] = {
		{ guest_copy_insn, guest_copy_fixup },
		{ load_seg_ds, load_seg_fixup },
		{ load_seg_es, load_seg_fixup },
		{ load_seg_fs, load_seg_fixup },
		{ load_seg_gs, load_seg_fixup },
	};
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (r->rip == (uint64_t)table[i].insn) {
			r->rip = (uint64_t)table[i].fixup;
			return true;
		}
	return false;
}
