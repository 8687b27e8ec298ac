/*
 * Virtual debug registers: set_debugreg / get_debugreg (hypercalls 8 and 9),
 * the emulated `mov` to and from %drN (pv_priv.c), and #DB.
 *
 * Each vCPU has its own DR0-DR3, DR6 and DR7 (Xen's rules, xen-pv-abi.md
 * 7.7, Xen's set_debugreg):
 *   - DR0-DR3 hold only addresses a guest may name (below 2^47 or above the
 *     hypervisor's area: guest_range_ok), else -EPERM, so a breakpoint can
 *     never be set on the hypervisor's own code or data;
 *   - DR6 and DR7 (and DR4/DR5, their aliases while the virtual CR4.DE is
 *     clear, which it always is) take 32-bit values only (-EINVAL); their
 *     reserved bits are forced to the architectural values;
 *   - DR7's general-detect bit is refused (-EPERM: a #DB on every debug
 *     register access would be the hypervisor's), and so are I/O
 *     breakpoints (they need CR4.DE);
 *   - any other register is -ENODEV (the emulator turns that into #UD).
 * The real registers hold the running vCPU's values while its DR7 enables a
 * breakpoint, and DR7 is 0 otherwise, so one vCPU's breakpoints never fire
 * in another.  A #DB taken in the guest merges the hardware's DR6 status into
 * the virtual DR6 and is delivered through the trap table; one taken in the
 * hypervisor (a guest data breakpoint hit by a copy to or from guest memory)
 * only updates the virtual DR6, as older Xen did.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "pv.h"
#include "../arch/x86_64/cpu.h"

#define DR6_DEFAULT   0xffff0ff0ull     /* the value with no status bit set */
#define DR6_ZEROS     0x00001000ull     /* reads as 0 */
#define DR6_STATUS    0x0000e00full     /* B0-B3, BD, BS, BT */
#define DR7_DEFAULT   0x00000400ull
#define DR7_ZEROS     0x0000d800ull     /* bits 11 (RTM, absent), 12, 14, 15 */
#define DR7_ACTIVE    0x000000ffull     /* L0-L3, G0-G3 */
#define DR7_GD        0x00002000ull
#define DR7_RW_IO     2u

static bool active(const struct vcpu *v)
{
	return v->dr7 & DR7_ACTIVE;
}

static void load_hw(const struct vcpu *v)
{
	for (unsigned i = 0; i < 4; i++)
		write_dr_bp(i, v->dr[i]);
	write_dr6(DR6_DEFAULT);                 /* status accumulates in the virtual DR6 */
	write_dr7(v->dr7);
}

long pv_set_debugreg(struct vcpu *v, unsigned reg, uint64_t value)
{
	switch (reg) {
	case 0: case 1: case 2: case 3:
		if (!guest_range_ok(value, 1))
			return -XEN_EPERM;
		v->dr[reg] = value;
		break;
	case 4: case 6:
		if (value != (uint32_t)value)
			return -XEN_EINVAL;
		v->dr6 = (value | DR6_DEFAULT) & ~DR6_ZEROS;
		break;
	case 5: case 7:
		if (value != (uint32_t)value)
			return -XEN_EINVAL;
		value = (value & ~DR7_ZEROS) | DR7_DEFAULT;
		if (value & DR7_GD)
			return -XEN_EPERM;
		if (value & DR7_ACTIVE)
			for (unsigned i = 16; i < 32; i += 4)
				if (((value >> i) & 3) == DR7_RW_IO)
					return -XEN_EPERM;
		v->dr7 = value;
		break;
	default:
		return -XEN_ENODEV;
	}
	if (v == current && (active(v) || reg == 7 || reg == 5))
		load_hw(v);
	return 0;
}

long pv_get_debugreg(const struct vcpu *v, unsigned reg, uint64_t *value)
{
	switch (reg) {
	case 0: case 1: case 2: case 3:
		*value = v->dr[reg];
		return 0;
	case 4: case 6:
		*value = v->dr6;
		return 0;
	case 5: case 7:
		*value = v->dr7;
		return 0;
	default:
		return -XEN_ENODEV;
	}
}

void pv_debugreg_switch(const struct vcpu *prev, const struct vcpu *next)
{
	if (next && active(next))
		load_hw(next);
	else if (prev && active(prev))
		write_dr7(0);
}

/* Merge the hardware's DR6 status bits into v's DR6 and re-arm the hardware. */
static void merge_dr6(struct vcpu *v)
{
	uint64_t hw = read_dr6();
	write_dr6(DR6_DEFAULT);
	if (v)
		v->dr6 = ((v->dr6 & ~0xfull) | (hw & DR6_STATUS) | DR6_DEFAULT) & ~DR6_ZEROS;
}

void pv_debug_trap(struct vcpu *v)
{
	merge_dr6(v);
	pv_inject_exception(v, 1, 0);
}

void pv_debug_in_hypervisor(void)
{
	merge_dr6(current);
}

void pv_single_step_after_emulation(struct vcpu *v)
{
	v->dr6 = ((v->dr6 & ~0xfull) | 0x4000 | DR6_DEFAULT) & ~DR6_ZEROS;     /* BS */
	pv_inject_exception(v, 1, 0);
}

long do_set_debugreg(uint64_t reg, uint64_t value, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return pv_set_debugreg(current, (unsigned)reg, value);
}

long do_get_debugreg(uint64_t reg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	uint64_t value;
	long rc = pv_get_debugreg(current, (unsigned)reg, &value);
	return rc ? rc : (long)value;
}
