/*
 * Privileged instructions a 64-bit PV guest may execute, as Xen emulates
 * them (xen-pv-abi.md 8.2, Xen's emul-priv-op.c).  The guest runs at CPL 3,
 * so each raises #GP(0); pv_emul.c hands it here, pv_decode.c says which
 * instruction it is, and this file carries it out on the vCPU's virtual
 * state.  Anything not emulated, or emulated into a fault, is delivered to
 * the guest as that fault (normally #GP(0)).
 *
 * I/O privilege: the guest kernel counts as CPL 1, guest user mode as CPL 3;
 * in, out, ins, outs, cli and sti are allowed when that CPL is at most the
 * virtual IOPL (PHYSDEVOP_set_iopl), port I/O also when the I/O bitmap
 * (PHYSDEVOP_set_iobitmap) allows the port, else #GP(0).  cli and sti are then
 * no-ops (the upcall mask is the guest's interrupt flag; Xen does the
 * same).  Where an allowed access goes is pv_io.c's business: the domain's
 * own ports reach the hardware, 0xCF8/0xCFC reach configuration space as
 * pci_emul.c filters it, any other port reads all ones and drops writes,
 * as Xen does.  ins and outs move each element between that and guest
 * memory, checked (a bad address is the guest's #PF); a rep is carried out
 * in chunks, re-executing the instruction for the rest, so a huge %rcx
 * never holds the CPU.
 *
 * Control registers: reads of CR0 (the real one with the virtual TS), CR2,
 * CR3 (the kernel base pointer) and CR4; writes of CR0 that change only TS
 * (fpu_taskswitch), of CR2, of CR3 (as MMUEXT_NEW_BASEPTR, with all its
 * checks) and of CR4.  CR4 is Xen 4.17's view (pv_fixup_guest_cr4): the guest
 * owns TSD (it goes into the real CR4 while the vCPU runs, so rdtsc faults
 * at CPL 3, the guest kernel's too: its rdtsc is emulated, its user mode's
 * stays #GP(0), as in Xen) and sees the real
 * PAE, MCE, OSFXSR and OSXMMEXCPT; every other bit of a write is dropped
 * without a fault, as Xen drops the guest-owned bits its policy does not
 * offer (DE, FSGSBASE, OSXSAVE: the virtual CPUID hides them, pv_cpuid.c)
 * and the bits that are its own (PGE, PSE, ...).
 * Debug registers: pv_debugreg.c's rules; -ENODEV is #UD, other errors #GP.
 * clts clears the virtual TS; wbinvd is ignored (no domain may flush caches).
 * MSRs: pv_msr.c.
 *
 * All but the I/O instructions need guest-kernel mode (Xen emulates the
 * guest kernel as ring 0): from guest user mode they stay #GP(0).
 * If the guest had TF set, a #DB follows the emulated instruction.
 */
#include "census.h"
#include "guest_access.h"
#include "mm.h"
#include "pv.h"
#include "pv_decode.h"
#include "../arch/x86_64/cpu.h"

#define CR0_TS            8ull
#define CR4_GUEST_VISIBLE 0x00000660ull /* PAE, MCE, OSFXSR, OSXMMEXCPT: Xen 4.17's set */
#define CPUID1_EDX_TSC    (1u << 4)
#define IO_CHUNK          512           /* ins/outs repetitions per entry */

enum result { DONE, FAULT_GP, FAULT_UD, FAULT_GIVEN };

static bool iopl_ok(const struct vcpu *v)
{
	return (v->in_kernel ? 1u : 3u) <= v->iopl;
}

/*
 * Xen's I/O bitmap check: the two bitmap bytes covering the access, read
 * through the guest kernel's page tables; an unreadable byte denies.
 */
static bool bitmap_ok(struct vcpu *v, unsigned port, unsigned size)
{
	if (port + size > v->iobmp_ports)
		return false;
	uint8_t b[2] = { 0xff, 0xff };
	bool user = !v->in_kernel;
	if (user)
		pv_toggle_mode(v);
	if (copy_from_guest(b, v->iobmp + port / 8, 2))
		copy_from_guest(b, v->iobmp + port / 8, 1);
	if (user)
		pv_toggle_mode(v);
	uint16_t mask = (uint16_t)(b[0] | (b[1] << 8));
	return !(mask & (((1u << size) - 1) << (port & 7)));
}

static uint64_t size_mask(unsigned size)
{
	return size == 4 ? 0xffffffffull : (1ull << (size * 8)) - 1;
}

static void set_acc(struct cpu_regs *r, unsigned size, uint64_t value)
{
	if (size == 4)
		r->rax = (uint32_t)value;       /* a 32-bit result clears the upper half */
	else
		r->rax = (r->rax & ~size_mask(size)) | (value & size_mask(size));
}

/* ins/outs: one chunk of repetitions; false when a guest access faulted (injected). */
static bool string_io(struct vcpu *v, const struct priv_insn *in, bool *finished)
{
	struct cpu_regs *r = &v->regs;
	uint64_t count = in->rep ? r->rcx : 1, step = in->size;
	bool down = r->rflags & X86_EFLAGS_DF;
	uint64_t base = in->seg == PRIV_SEG_FS ? rdmsr(MSR_FS_BASE) :
			in->seg == PRIV_SEG_GS ? rdmsr(MSR_GS_BASE) : 0;
	unsigned port = (uint16_t)r->rdx;
	for (unsigned n = 0; count && n < IO_CHUNK; n++, count--) {
		uint32_t data = 0;
		uint64_t at = in->op == PRIV_INS ? r->rdi : base + r->rsi;
		long rc;
		if (in->op == PRIV_INS) {
			data = pv_io_read(v->domain, port, in->size);
			rc = copy_to_guest(at, &data, in->size);
		} else {
			rc = copy_from_guest(&data, at, in->size);
			if (!rc)
				pv_io_write(v->domain, port, in->size, data);
		}
		if (rc) {
			pv_inject_page_fault(v, at, in->op == PRIV_INS ? 2 : 0);
			return false;
		}
		uint64_t *index = in->op == PRIV_INS ? &r->rdi : &r->rsi;
		*index = down ? *index - step : *index + step;
		if (in->rep)
			r->rcx--;
	}
	*finished = count == 0;
	return true;
}

static enum result port_io(struct vcpu *v, const struct priv_insn *in, bool *finished)
{
	unsigned port = in->port_in_dx ? (uint16_t)v->regs.rdx : in->port_imm;
	if (!iopl_ok(v) && !bitmap_ok(v, port, in->size))
		return FAULT_GP;
	switch (in->op) {
	case PRIV_IN:
		set_acc(&v->regs, in->size, pv_io_read(v->domain, port, in->size));
		return DONE;
	case PRIV_OUT:
		pv_io_write(v->domain, port, in->size, (uint32_t)v->regs.rax & (uint32_t)size_mask(in->size));
		return DONE;
	default:
		return string_io(v, in, finished) ? DONE : FAULT_GIVEN;
	}
}

uint64_t pv_guest_cr0(const struct vcpu *v)
{
	return (read_cr0() & ~CR0_TS) | (v->fpu_ts ? CR0_TS : 0);
}

uint64_t pv_guest_cr4(const struct vcpu *v)
{
	return v->cr4 | (read_cr4() & CR4_GUEST_VISIBLE);
}

uint64_t pv_fixup_guest_cr4(uint64_t cr4)
{
	uint32_t id[4];
	cpuid(1, 0, id);
	return cr4 & (id[3] & CPUID1_EDX_TSC ? CR4_TSD : 0);
}

static enum result cr_op(struct vcpu *v, const struct priv_insn *in)
{
	uint64_t *reg = regs_gpr(&v->regs, in->gpr);
	if (in->op == PRIV_MOV_FROM_CR) {
		switch (in->ctl) {
		case 0: *reg = pv_guest_cr0(v); return DONE;
		case 2: *reg = v->cr2; return DONE;
		case 3: *reg = v->mmu.kernel_l4 << 12; return DONE;
		case 4: *reg = pv_guest_cr4(v); return DONE;
		default: return FAULT_GP;
		}
	}
	switch (in->ctl) {
	case 0:
		if ((*reg ^ read_cr0()) & ~CR0_TS)
			return FAULT_GP;
		v->fpu_ts = *reg & CR0_TS;
		write_cr0(v->fpu_ts ? read_cr0() | CR0_TS : read_cr0() & ~CR0_TS);
		return DONE;
	case 2:
		v->cr2 = *reg;
		v->vcpu_info->arch.cr2 = *reg;
		return DONE;
	case 3: {
		struct mmuext_op op = { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = *reg >> 12 };
		int rc = mmuext_op_one(&mmu_env, &v->mmu, &op, DOMID_SELF);
		mmu_apply_pending(v);
		return rc ? FAULT_GP : DONE;
	}
	case 4:
		v->cr4 = pv_fixup_guest_cr4(*reg);
		write_cr4((read_cr4() & ~CR4_TSD) | (v->cr4 & CR4_TSD));
		return DONE;
	default:
		return FAULT_GP;
	}
}

static enum result dr_op(struct vcpu *v, const struct priv_insn *in)
{
	uint64_t *reg = regs_gpr(&v->regs, in->gpr);
	long rc = in->op == PRIV_MOV_FROM_DR ? pv_get_debugreg(v, in->ctl, reg) :
					       pv_set_debugreg(v, in->ctl, *reg);
	return rc == 0 ? DONE : rc == -XEN_ENODEV ? FAULT_UD : FAULT_GP;
}

static enum result execute(struct vcpu *v, const struct priv_insn *in, bool *finished)
{
	switch (in->op) {
	case PRIV_IN: case PRIV_OUT: case PRIV_INS: case PRIV_OUTS:
		return port_io(v, in, finished);
	case PRIV_CLI: case PRIV_STI:
		return iopl_ok(v) ? DONE : FAULT_GP;
	default:
		break;
	}
	if (!v->in_kernel)
		return FAULT_GP;                /* the rest need (virtual) ring 0 */
	switch (in->op) {
	case PRIV_CLTS:
		v->fpu_ts = false;
		clts();
		return DONE;
	case PRIV_WBINVD:
		return DONE;
	case PRIV_RDTSC: {
		uint64_t tsc = rdtsc();
		v->regs.rax = (uint32_t)tsc;
		v->regs.rdx = tsc >> 32;
		return DONE;
	}
	case PRIV_RDMSR: case PRIV_WRMSR:
		return pv_msr_op(v, in->op == PRIV_WRMSR) ? DONE : FAULT_GP;
	case PRIV_MOV_FROM_CR: case PRIV_MOV_TO_CR:
		return cr_op(v, in);
	case PRIV_MOV_FROM_DR: case PRIV_MOV_TO_DR:
		return dr_op(v, in);
	default:
		return FAULT_GP;
	}
}

bool pv_emulate_priv_op(struct vcpu *v)
{
	struct cpu_regs *r = &v->regs;
	uint8_t bytes[PRIV_INSN_MAX];
	unsigned avail = PRIV_INSN_MAX;
	uint64_t page_end = (r->rip | 4095) + 1;
	if (page_end - r->rip < avail)
		avail = (unsigned)(page_end - r->rip);
	if (copy_from_guest(bytes, r->rip, avail))
		return false;                   /* the faulting fetch was the guest's own */
	if (avail < PRIV_INSN_MAX && copy_from_guest(bytes + avail, page_end, PRIV_INSN_MAX - avail) == 0)
		avail = PRIV_INSN_MAX;
	struct priv_insn in;
	int d = priv_decode(bytes, avail, &in);
	if (d < 0) {
		pv_inject_page_fault(v, page_end, 0x10);        /* the rest of the instruction */
		return true;
	}
	if (d == 0)
		return false;
	bool finished = true;
	uint64_t tf = r->rflags & X86_EFLAGS_TF;
	switch (execute(v, &in, &finished)) {
	case DONE:
		if (census_on)
			census_trap(v->domain, 13, CENSUS_PRIV_OP + in.op);
		if (finished)
			r->rip += in.len;
		if (finished && tf)
			pv_single_step_after_emulation(v);
		return true;
	case FAULT_UD:
		pv_inject_exception(v, 6, 0);
		return true;
	case FAULT_GIVEN:
		return true;
	default:
		return false;
	}
}
