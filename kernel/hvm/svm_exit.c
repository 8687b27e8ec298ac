/*
 * #VMEXIT dispatch: what each intercepted event means for the guest.
 *
 * First the bookkeeping every exit needs: it is counted by reason, and an
 * event the CPU was delivering when the exit came (EXITINTINFO, valid bit
 * first: QEMU echoes injected events with it clear) is queued again for
 * the next VMRUN, so nothing the guest was owed is lost.  Then by exit
 * code: a host interrupt needs nothing more (it was taken at STGI); CPUID,
 * RDMSR/WRMSR, HLT and VMMCALL are emulated and RIP moved past them (the
 * length read from the guest's bytes, hvm_insn.c); port I/O goes to the
 * emulated devices (EXITINFO2 holds the next RIP; string I/O is not
 * emulated and crashes the domain); INVD is done as a no-op (the guest
 * must never invalidate the host's caches); the other SVM instructions
 * raise #UD as in Xen without nested virtualisation.  A triple fault
 * (SHUTDOWN), VMRUN refusing the VMCB, or an exit nobody asked for crashes
 * the domain, and only it.  Paging exits go to the domain's backend.
 */
#include "console.h"
#include "hvm.h"
#include "hvm_insn.h"
#include "hvm_paging.h"
#include "svm.h"

void hvm_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4]);
bool hvm_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
bool hvm_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

static enum hvm_exit_kind kind_of(uint64_t code)
{
	switch (code) {
	case 0x000 ... 0x01F: return HVM_EXIT_CR;
	case 0x040 ... 0x05F: return HVM_EXIT_EXCEPTION;
	case SVM_EXIT_INTR: return HVM_EXIT_INTR;
	case SVM_EXIT_VINTR: return HVM_EXIT_VINTR;
	case SVM_EXIT_CPUID: return HVM_EXIT_CPUID;
	case SVM_EXIT_HLT: return HVM_EXIT_HLT;
	case SVM_EXIT_INVLPG: return HVM_EXIT_INVLPG;
	case SVM_EXIT_IOIO: return HVM_EXIT_IOIO;
	case SVM_EXIT_MSR: return HVM_EXIT_MSR;
	case SVM_EXIT_SHUTDOWN: return HVM_EXIT_SHUTDOWN;
	case SVM_EXIT_VMMCALL: return HVM_EXIT_VMMCALL;
	case SVM_EXIT_NPF: return HVM_EXIT_NPF;
	default: return HVM_EXIT_OTHER;
	}
}

static void advance_or_crash(struct vcpu *v, unsigned len, const char *what)
{
	if (!len)
		hvm_crash(v, "%s exit at an instruction that is not %s", what, what);
	hvm_advance_rip(v, len);
}

static void do_cpuid(struct vcpu *v)
{
	struct cpu_regs *r = &v->regs;
	uint32_t out[4];
	unsigned len = hvm_insn_len(v, INSN_CPUID);
	hvm_cpuid((uint32_t)r->rax, (uint32_t)r->rcx, out);
	r->rax = out[0];
	r->rbx = out[1];
	r->rcx = out[2];
	r->rdx = out[3];
	advance_or_crash(v, len, "CPUID");
}

static void do_msr(struct vcpu *v, bool write)
{
	struct cpu_regs *r = &v->regs;
	uint32_t msr = (uint32_t)r->rcx;
	unsigned len = write ? hvm_insn_len(v, INSN_WRMSR) : hvm_insn_len(v, INSN_RDMSR);
	if (!len)
		hvm_crash(v, "MSR exit at an instruction that is not RDMSR/WRMSR");
	if (write) {
		if (!hvm_wrmsr(v, msr, (r->rdx << 32) | (uint32_t)r->rax)) {
			hvm_inject_exception(v, 13, true, 0);
			return;
		}
	} else {
		uint64_t val;
		if (!hvm_rdmsr(v, msr, &val)) {
			hvm_inject_exception(v, 13, true, 0);
			return;
		}
		r->rax = (uint32_t)val;
		r->rdx = val >> 32;
	}
	hvm_advance_rip(v, len);
}

static void do_ioio(struct vcpu *v, uint64_t info, uint64_t next_rip)
{
	struct cpu_regs *r = &v->regs;
	if (info & (1u << 2))
		hvm_crash(v, "string port I/O (INS/OUTS) at port %lx is not emulated", info >> 16);
	unsigned size = (info >> 4) & 7;        /* one-hot 1, 2, 4 read as a number */
	if (size != 1 && size != 2 && size != 4)
		hvm_crash(v, "port I/O of a size the CPU does not report (info %lx)", info);
	bool in = info & 1;
	uint32_t val = (uint32_t)r->rax;
	hvm_portio(v->domain, (uint16_t)(info >> 16), size, in, &val);
	if (in) {
		uint64_t mask = size == 4 ? 0xFFFFFFFFull : (1ull << (8 * size)) - 1;
		r->rax = size == 4 ? val : (r->rax & ~mask) | (val & mask);
	}
	hvm_advance_rip(v, (unsigned)(next_rip - vmcb_r64(v->hvm->vmcb, VMCB_RIP)));
}

void svm_handle_exit(struct vcpu *v)
{
	void *vmcb = v->hvm->vmcb;
	struct hvm_domain *h = hvm_of(v->domain);
	const struct hvm_paging_ops *pg = h->paging;
	uint64_t code = vmcb_r64(vmcb, VMCB_EXITCODE);
	uint64_t info1 = vmcb_r64(vmcb, VMCB_EXITINFO1), info2 = vmcb_r64(vmcb, VMCB_EXITINFO2);
	h->stats.exits[kind_of(code)]++;
	uint64_t pending = vmcb_r64(vmcb, VMCB_EXITINTINFO);
	vmcb_w64(vmcb, VMCB_EVENTINJ, (pending & SVM_EVT_VALID) ? pending : 0);
	switch (code) {
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_VINTR:                    /* hvm_run re-evaluates the window */
		break;
	case SVM_EXIT_CPUID:
		do_cpuid(v);
		break;
	case SVM_EXIT_MSR:
		do_msr(v, info1 & 1);
		break;
	case SVM_EXIT_HLT:
		advance_or_crash(v, hvm_insn_len(v, INSN_HLT), "HLT");
		hvm_halt(v);
		break;
	case SVM_EXIT_IOIO:
		do_ioio(v, info1, info2);
		break;
	case SVM_EXIT_VMMCALL:
		hvm_hypercall(v);
		break;
	case 0x076:                             /* INVD: never the host's caches */
		advance_or_crash(v, hvm_insn_len(v, INSN_INVD), "INVD");
		break;
	case SVM_EXIT_SHUTDOWN:
		hvm_crash(v, "triple fault (SHUTDOWN intercept)");
	case SVM_EXIT_NPF:
		if (!pg->npf)
			break;
		pg->npf(v, info2, info1);
		break;
	case SVM_EXIT_CR0_WRITE:
	case SVM_EXIT_CR0_WRITE + 3:
	case SVM_EXIT_CR4_WRITE:
		if (!pg->cr_write)
			hvm_crash(v, "unexpected control-register exit %lx", code);
		pg->cr_write(v, (unsigned)(code - SVM_EXIT_CR0_WRITE));
		break;
	case SVM_EXIT_EXCP_BASE + 14:
		if (!pg->page_fault)
			hvm_crash(v, "unexpected #PF exit");
		pg->page_fault(v, info2, (uint32_t)info1);
		break;
	case SVM_EXIT_INVLPG:
		if (!pg->invlpg)
			hvm_crash(v, "unexpected INVLPG exit");
		pg->invlpg(v, info1);
		break;
	case 0x080:                             /* VMRUN */
	case 0x082 ... 0x086:                   /* VMLOAD, VMSAVE, STGI, CLGI, SKINIT */
	case 0x08A ... 0x08D:                   /* MONITOR, MWAIT, MWAIT-conditional, XSETBV */
		hvm_inject_exception(v, 6, false, 0);
		break;
	case SVM_EXIT_INVALID:
		hvm_crash(v, "VMRUN refused the VMCB (VMEXIT_INVALID)");
	default:
		hvm_crash(v, "unexpected exit code %lx (info %lx %lx)", code, info1, info2);
	}
}
