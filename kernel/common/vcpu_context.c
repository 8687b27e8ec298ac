/*
 * Giving an offline vCPU its first state from a vcpu_guest_context, with the
 * checks Xen 4.17's arch_set_info_guest makes for a 64-bit PV vCPU, in its
 * order, with its error codes: for VCPUOP_initialise (a domain starting its
 * own vCPUs), for domctl setvcpucontext (a toolstack starting a domain it
 * built) and for the hypervisor's own builder, which goes the toolstack's
 * way.
 *
 * Invariant: nothing in the context reaches the vCPU before all of it has
 * been checked, and no value can later fault the hypervisor in ring 0:
 *   - rip, rsp, kernel_sp, the segment bases, the three callbacks, every
 *     trap-table address and (with entries) the LDT base are canonical
 *     (-EINVAL), so no iretq or wrmsr on them can fault (ring0-faults.md
 *     rows 4 and 7); the LDT base is also a guest address, page aligned,
 *     and at most 8192 entries;
 *   - DR6 and DR7 are 32-bit values and DR0-DR3 guest addresses (-EINVAL);
 *     then each goes through set_debugreg's own rules, whose refusals are
 *     ignored as in Xen;
 *   - code and stack selectors get RPL 3; data selectors are loaded on the
 *     way in with the failsafe fallback, like any other;
 *   - the FPU image's MXCSR is masked with the CPU's MXCSR_MASK, so fxrstor
 *     of it can never fault (ring0-faults.md row 6);
 *   - the GDT frames are typed seg_desc, ctrlreg[3] (and ctrlreg[1], the
 *     user L4, needed when the vCPU starts in guest-user mode) typed L4 and
 *     validated by the pv-mmu model exactly as set_gdt and NEW_BASEPTR would
 *     for the domain itself: a frame of another domain, or one that is not
 *     a valid L4, is refused (-EINVAL or the model's error) and leaves no
 *     reference behind.
 *   - vCPU 0's context sets the domain's vm_assist, as in Xen, but only to
 *     assists the domain could enable itself with vm_assist (-EINVAL
 *     otherwise, where Xen takes any bit), and rewrites the wall clock in
 *     shared_info, which a toolstack zeroes (Xen's
 *     update_domain_wallclock_time).
 * The virtual CR4 in ctrlreg[4] is not kept: Umbra answers every CR4 read
 * with the value it always shows a PV guest.
 */
#include "console.h"
#include "guest_access.h"
#include "ldt.h"
#include "mm.h"
#include "pv.h"
#include "time.h"
#include "public/callback.h"
#include "../arch/x86_64/cpu.h"

static struct vcpu_guest_context ctx;   /* one hypercall at a time: no stack for 5 KiB */

static uint32_t mxcsr_mask(void)
{
	static uint32_t mask;
	if (!mask) {
		uint8_t area[512] __attribute__((aligned(16)));
		uint64_t cr0 = read_cr0();
		write_cr0(cr0 & ~8ull);
		__asm__ volatile("fxsave %0" : "=m"(area));
		write_cr0(cr0);
		memcpy(&mask, area + 28, sizeof(mask));
		if (!mask)
			mask = 0xffbf;          /* the architectural default */
	}
	return mask;
}

static uint64_t rpl3(uint64_t sel)
{
	return (sel & 3) == 3 ? sel : (sel & ~3ull) | 3;
}

/* The assists vm_assist would let the domain enable (architectural_iopl is
 * refused there: its emulation is missing). */
static bool vm_assist_ok(uint64_t bits)
{
	struct mmu_domain scratch = { 0 };
	for (unsigned t = 0; t < 64; t++)
		if (((bits >> t) & 1) && (t == VMASST_TYPE_architectural_iopl ||
					  mmu_vm_assist(&scratch, VMASST_CMD_enable, t)))
			return false;
	return true;
}

static long check(const struct vcpu *v, struct vcpu_guest_context *c)
{
	if (c->debugreg[6] != (uint32_t)c->debugreg[6] || c->debugreg[7] != (uint32_t)c->debugreg[7])
		return -XEN_EINVAL;
	for (unsigned i = 0; i < 4; i++)
		if (!guest_range_ok(c->debugreg[i], 1))
			return -XEN_EINVAL;
	const uint64_t must_be_canonical[] = {
		c->user_regs.rip, c->user_regs.rsp, c->kernel_sp, c->ldt_ents ? c->ldt_base : 0,
		c->fs_base, c->gs_base_kernel, c->gs_base_user,
		c->event_callback_eip, c->syscall_callback_eip, c->failsafe_callback_eip,
	};
	for (unsigned i = 0; i < ARRAY_SIZE(must_be_canonical); i++)
		if (!guest_canonical(must_be_canonical[i]))
			return -XEN_EINVAL;
	c->user_regs.ss = (uint16_t)rpl3(c->user_regs.ss);
	c->kernel_ss = rpl3(c->kernel_ss);
	c->user_regs.cs = (uint16_t)rpl3(c->user_regs.cs);
	for (unsigned i = 0; i < VCPU_TRAP_VECTORS; i++) {
		if (!guest_canonical(c->trap_ctxt[i].address))
			return -XEN_EINVAL;
		c->trap_ctxt[i].cs = (uint16_t)rpl3(c->trap_ctxt[i].cs);
	}
	if (!guest_addr_ok(c->ldt_base) || (c->ldt_base & (PAGE_SIZE - 1)) || c->ldt_ents > 8192)
		return -XEN_EINVAL;
	if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
		return -XEN_EINVAL;
	if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
		return -XEN_EINVAL;
	if (v->id == 0 && !vm_assist_ok(c->vm_assist))
		return -XEN_EINVAL;
	return 0;
}

/* A general and an L4 type reference on a frame of d (Xen's get_page_from_mfn
 * then get_page_type(PGT_root_page_table)). */
static long take_l4(struct mmu_domain *d, uint64_t mfn)
{
	if (mmu_get_page(&mmu_env, d, mfn))
		return -XEN_EINVAL;
	int rc = mmu_get_type(&mmu_env, d, mfn, MMU_TYPE_L4);
	if (rc)
		mmu_put_page(&mmu_env, mfn);
	return rc;
}

static void put_l4(uint64_t mfn)
{
	mmu_put_type(&mmu_env, mfn);
	mmu_put_page(&mmu_env, mfn);
}

static long base_ptr(struct vcpu *v, unsigned cmd, uint64_t mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };
	return mmuext_op_one(&mmu_env, &v->mmu, &op, DOMID_SELF);
}

/* GDT, then the kernel and user L4 (Xen's order of checks); all or nothing.
 * Both L4s are typed before either is installed; the user one is installed
 * first because it alone can be uninstalled again (MFN 0 = none). */
static long install_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct mmu_domain *d = &v->domain->mmu;
	uint64_t kernel = c->ctrlreg[3] >> PAGE_SHIFT, user = c->ctrlreg[1] >> PAGE_SHIFT;
	bool has_user = c->ctrlreg[1] != 0;
	long rc = mmu_set_gdt(&mmu_env, &v->mmu, c->gdt_frames, (unsigned)c->gdt_ents);
	if (rc)
		return rc;
	rc = take_l4(d, kernel);
	if (!rc && has_user) {
		rc = take_l4(d, user);
		if (rc)
			put_l4(kernel);
	}
	if (!rc) {
		if (has_user)
			rc = base_ptr(v, MMUEXT_NEW_USER_BASEPTR, user);
		if (!rc && (rc = base_ptr(v, MMUEXT_NEW_BASEPTR, kernel)) && has_user)
			base_ptr(v, MMUEXT_NEW_USER_BASEPTR, 0);
		put_l4(kernel);
		if (has_user)
			put_l4(user);
	}
	if (rc) {
		mmu_set_gdt(&mmu_env, &v->mmu, NULL, 0);
		return rc;
	}
	struct mmuext_op ldt = { .cmd = MMUEXT_SET_LDT, .arg1.linear_addr = c->ldt_base,
				 .arg2.nr_ents = (uint32_t)c->ldt_ents };
	if (mmuext_op_one(&mmu_env, &v->mmu, &ldt, DOMID_SELF))
		panic("d%u v%u: a checked LDT was refused", v->domain->id, v->id);
	ldt_rebuild(v);
	v->mmu.pending = 0;                     /* it is not running: switch-in loads it all */
	return 0;
}

static void load_registers(struct vcpu *v, const struct cpu_user_regs *u)
{
	struct cpu_regs *r = &v->regs;
	*r = (struct cpu_regs){
		.r15 = u->r15, .r14 = u->r14, .r13 = u->r13, .r12 = u->r12, .r11 = u->r11,
		.r10 = u->r10, .r9 = u->r9, .r8 = u->r8, .rbp = u->rbp, .rdi = u->rdi, .rsi = u->rsi,
		.rdx = u->rdx, .rcx = u->rcx, .rbx = u->rbx, .rax = u->rax,
		.rip = u->rip, .cs = u->cs, .rsp = u->rsp, .ss = u->ss,
		/* IOPL is virtual; real interrupts stay enabled (Xen). */
		.rflags = ((u->rflags | 2) & ~(uint64_t)X86_EFLAGS_IOPL) | X86_EFLAGS_IF,
	};
	v->iopl = (u->rflags >> 12) & 3;
	v->ds = u->ds;
	v->es = u->es;
	v->fs = u->fs;
	v->gs = u->gs;
}

static void load_fpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
	if (c->flags & VGCF_i387_valid) {
		memcpy(v->fpu, c->fpu_ctxt, sizeof(v->fpu));
		uint32_t mxcsr;
		memcpy(&mxcsr, v->fpu + 24, sizeof(mxcsr));
		mxcsr &= mxcsr_mask();
		memcpy(v->fpu + 24, &mxcsr, sizeof(mxcsr));
	} else {
		memset(v->fpu, 0, sizeof(v->fpu));
		v->fpu[0] = 0x7f;               /* FCW 0x037f, MXCSR 0x1f80 */
		v->fpu[1] = 0x03;
		v->fpu[24] = 0x80;
		v->fpu[25] = 0x1f;
	}
}

static void load_debug_registers(struct vcpu *v, const struct vcpu_guest_context *c)
{
	memset(v->dr, 0, sizeof(v->dr));
	v->dr6 = 0xffff0ff0;
	v->dr7 = 0x400;
	static const unsigned regs[] = { 0, 1, 2, 3, 6, 7 };
	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++)
		pv_set_debugreg(v, regs[i], c->debugreg[regs[i]]);     /* refusals ignored, as Xen */
}

long vcpu_set_context(struct vcpu *v, struct vcpu_guest_context *c)
{
	long rc = check(v, c);
	if (rc)
		return rc;
	/* As in Xen, the assists are in force when the base pointers go in
	 * (m2p_strict decides the L4's M2P slot). */
	uint64_t assists = v->domain->mmu.vm_assist;
	if (v->id == 0)
		v->domain->mmu.vm_assist = c->vm_assist;
	rc = install_tables(v, c);
	if (rc) {
		v->domain->mmu.vm_assist = assists;
		return rc;
	}
	load_registers(v, &c->user_regs);
	load_fpu(v, c);
	memcpy(v->trap_ctxt, c->trap_ctxt, VCPU_TRAP_VECTORS * sizeof(*v->trap_ctxt));
	v->in_kernel = c->flags & VGCF_in_kernel;
	v->kernel_ss = c->kernel_ss;
	v->kernel_sp = c->kernel_sp;
	v->event_callback = c->event_callback_eip;
	v->failsafe_callback = c->failsafe_callback_eip;
	v->syscall_callback = c->syscall_callback_eip;
	v->callback_flags[CALLBACKTYPE_failsafe] =
		c->flags & VGCF_failsafe_disables_events ? CALLBACKF_mask_events : 0;
	v->callback_flags[CALLBACKTYPE_syscall] =
		c->flags & VGCF_syscall_disables_events ? CALLBACKF_mask_events : 0;
	v->fs_base = c->fs_base;
	v->gs_base_kernel = c->gs_base_kernel;
	v->gs_base_user = c->gs_base_user;
	v->fpu_ts = c->ctrlreg[0] & 8;          /* only CR0.TS is the guest's */
	v->cr4 = pv_fixup_guest_cr4(c->ctrlreg[4]);
	load_debug_registers(v, c);
	if (v->id == 0)
		time_init_domain(v->domain);    /* as Xen: the toolstack may have zeroed shared_info */
	v->initialised = true;
	v->down = !(c->flags & VGCF_online);
	return 0;
}

long vcpu_initialise(struct vcpu *v, uint64_t arg)
{
	struct vcpu_guest_context *c = &ctx;
	if (copy_from_guest(c, arg, sizeof(*c)))
		return -XEN_EFAULT;
	if (v->initialised)
		return -XEN_EEXIST;
	return vcpu_set_context(v, c);
}
