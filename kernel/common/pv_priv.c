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
 * CR3 (the kernel base pointer) and CR4 (the real one's PAE, MCE, OSFXSR and
 * OSXMMEXCPT, the bits Xen 4.17 shows; never PGE); writes of CR0 that change only TS
 * (fpu_taskswitch), of CR2, and of CR3 (as MMUEXT_NEW_BASEPTR, with all its
 * checks).  CR4 writes are not emulated (#GP(0); Xen filters them).
 * Debug registers: pv_debugreg.c's rules; -ENODEV is #UD, other errors #GP.
 * clts clears the virtual TS; wbinvd is ignored (no domain may flush caches).
 * MSRs: the ones Xen virtualises for a 64-bit PV kernel (msr_read,
 * msr_write); any other is #GP(0), except that Xen answers an rdmsr of a
 * real MSR with 0 while the guest has no #GP handler, and so does Umbra.
 *
 * All but the I/O instructions need guest-kernel mode (Xen emulates the
 * guest kernel as ring 0): from guest user mode they stay #GP(0).
 * If the guest had TF set, a #DB follows the emulated instruction.
 */
#include "guest_access.h"
#include "mm.h"
#include "pv.h"
#include "pv_decode.h"
#include "../arch/x86_64/cpu.h"

#define MSR_TSC           0x00000010u
#define MSR_PAT           0x00000277u
#define MSR_PERF_CAPS     0x00000345u
#define XEN_MSR_PAT       0x0000050100070406ull
#define APIC_BASE_BSP     (1ull << 8)
#define APIC_BASE_ENABLE  (1ull << 11)
#define APIC_DEFAULT_BASE 0xfee00000ull
#define EFER_KNOWN        0x00000d01ull /* SCE, LME, LMA, NXE */
#define CR0_TS            8ull
#define CR4_GUEST_VISIBLE 0x00000660ull /* PAE, MCE, OSFXSR, OSXMMEXCPT: Xen 4.17's set */
#define IO_CHUNK          512           /* ins/outs repetitions per entry */

enum result { DONE, FAULT_GP, FAULT_UD, FAULT_GIVEN };

bool rdmsr_safe(uint32_t msr, uint64_t *value);

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

static bool msr_read(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	switch (msr) {
	case MSR_APIC_BASE:
		*value = APIC_BASE_ENABLE | APIC_DEFAULT_BASE | (v->id == 0 ? APIC_BASE_BSP : 0);
		return true;
	case MSR_FS_BASE:
	case MSR_GS_BASE:
		*value = rdmsr(msr);
		return true;
	case MSR_SHADOW_GS:
		*value = rdmsr(MSR_SHADOW_GS);
		return true;
	case MSR_TSC:
		*value = rdtsc();
		return true;
	case MSR_EFER:
		*value = rdmsr(MSR_EFER) & EFER_KNOWN;
		return true;
	case MSR_PAT:
		*value = XEN_MSR_PAT;
		return true;
	case MSR_PERF_CAPS:
		*value = 0;
		return true;
	default:
		return false;
	}
}

static bool msr_write(uint32_t msr, uint64_t value)
{
	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS:
		if (!guest_canonical(value))
			return false;
		wrmsr(msr, value);
		return true;
	case MSR_EFER:
		return value == (rdmsr(MSR_EFER) & EFER_KNOWN);      /* Linux writes back what it read */
	default:
		return false;
	}
}

static enum result msr_op(struct vcpu *v, const struct priv_insn *in)
{
	struct cpu_regs *r = &v->regs;
	uint32_t msr = (uint32_t)r->rcx;
	uint64_t value;
	if (in->op == PRIV_WRMSR)
		return msr_write(msr, (r->rdx << 32) | (uint32_t)r->rax) ? DONE : FAULT_GP;
	if (!msr_read(v, msr, &value)) {
		/* Xen's allowance for kernels that probe MSRs before their trap table exists. */
		if (v->trap_ctxt[13].address || (msr >> 16) == 0x4000 || !rdmsr_safe(msr, &value))
			return FAULT_GP;
		value = 0;
	}
	r->rax = (uint32_t)value;
	r->rdx = value >> 32;
	return DONE;
}

uint64_t pv_guest_cr0(const struct vcpu *v)
{
	return (read_cr0() & ~CR0_TS) | (v->fpu_ts ? CR0_TS : 0);
}

uint64_t pv_guest_cr4(void)
{
	return read_cr4() & CR4_GUEST_VISIBLE;
}

static enum result cr_op(struct vcpu *v, const struct priv_insn *in)
{
	uint64_t *reg = regs_gpr(&v->regs, in->gpr);
	if (in->op == PRIV_MOV_FROM_CR) {
		switch (in->ctl) {
		case 0: *reg = pv_guest_cr0(v); return DONE;
		case 2: *reg = v->cr2; return DONE;
		case 3: *reg = v->mmu.kernel_l4 << 12; return DONE;
		case 4: *reg = pv_guest_cr4(); return DONE;
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
	case PRIV_RDMSR: case PRIV_WRMSR:
		return msr_op(v, in);
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
