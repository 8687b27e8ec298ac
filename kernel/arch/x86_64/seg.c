/*
 * Guest selector loads that can never fault the hypervisor.
 *
 * Rule: a guest-chosen selector is loaded only through seg_load_{ds,es,fs,gs}
 * (seg_load.S), whose faults (#NP for a not-present descriptor, #GP for a
 * wrong type, DPL or limit, #SS, and #PF should a descriptor page be
 * unmapped) are fixed up by extable.c into an error return.  The register is
 * then made null, as Xen does.  Every null load is preceded by a load of the
 * flat ring-3 data selector, so a null segment has base 0 on every CPU
 * (AMD keeps the old base across a null load).
 *
 * RPL: the selector is loaded as given.  On a context switch that is the
 * value the vCPU held, which it loaded itself at CPL 3, so its descriptor
 * was DPL 3 (a guest GDT or LDT entry, whose DPL the model raises to 3, or
 * Xen's flat ring-3 ones); Xen reloads saved selectors unchanged too.  A
 * selector a guest merely names (SEGBASE_GS_USER_SEL) gets RPL 3 from its
 * caller first, so no DPL-0 hypervisor segment can load from it.
 */
#include "cpu.h"
#include "seg.h"

#define FLAT_RING3_DS32 0xe02b

int seg_load_ds(unsigned sel);
int seg_load_es(unsigned sel);
int seg_load_fs(unsigned sel);
int seg_load_gs(unsigned sel);

static int (*const loaders[])(unsigned) = {
	[SEG_DS] = seg_load_ds, [SEG_ES] = seg_load_es, [SEG_FS] = seg_load_fs, [SEG_GS] = seg_load_gs,
};

static void load_null(enum seg_reg reg, unsigned sel)
{
	loaders[reg](FLAT_RING3_DS32);
	loaders[reg](sel);
}

bool seg_load_guest(enum seg_reg reg, uint16_t sel)
{
	if (sel <= 3) {
		load_null(reg, sel);
		return true;
	}
	if (loaders[reg](sel) == 0)
		return true;
	load_null(reg, 0);
	return false;
}

static uint16_t live(enum seg_reg reg)
{
	switch (reg) {
	case SEG_DS:
		return read_seg_ds();
	case SEG_ES:
		return read_seg_es();
	case SEG_FS:
		return read_seg_fs();
	default:
		return read_seg_gs();
	}
}

bool seg_switch_guest(enum seg_reg reg, uint16_t sel)
{
	if ((sel <= 3 || sel == FLAT_RING3_DS32) && live(reg) == sel)
		return true;
	return seg_load_guest(reg, sel);
}
