/*
 * The run loop of an HVM vCPU: from return_to_guest() to VMRUN and back.
 *
 * Each pass starts on a fresh hypervisor stack (svm_enter_fresh_stack), so
 * nothing accumulates however long the guest runs: the devices' time is
 * brought up to date and a pending interrupt injected (or an interrupt
 * window opened), the vCPU gets its ASID for this VMRUN and the TLB
 * control that goes with it (hvm_asid.c), the world switch runs
 * (svm_entry.S), the exit is handled (svm_exit.c), and, if the host timer
 * fired meanwhile, the scheduler gets its tick, which may switch to
 * another vCPU; otherwise return_to_guest() brings us here again.
 *
 * Invariant: an interrupt is injected only when the guest can take it
 * (RFLAGS.IF set, no interrupt shadow, no other event being injected);
 * otherwise the VINTR intercept makes the guest exit as soon as it can,
 * and the next pass injects it.  No interrupt is dropped: the PIC keeps it
 * in IRR until it is injected.
 */
#include "console.h"
#include "hvm.h"
#include "hvm_paging.h"
#include "sched.h"
#include "svm.h"
#include "../arch/x86_64/lapic.h"

struct hvm_asid_pool hvm_asids;
extern uint64_t svm_host_vmcb_pa;

static bool in_world_switch, host_tick;

bool hvm_timer_irq_host(void)
{
	if (!in_world_switch)
		return false;
	host_tick = true;
	return true;
}

void hvm_flush_vcpu_tlb(struct vcpu *v)
{
	hvm_asid_flush(&v->hvm->asid);
	hvm_of(v->domain)->stats.asid_flushes++;
}

void hvm_advance_rip(struct vcpu *v, unsigned len)
{
	void *vmcb = v->hvm->vmcb;
	vmcb_w64(vmcb, VMCB_RIP, vmcb_r64(vmcb, VMCB_RIP) + len);
	vmcb_w64(vmcb, VMCB_INT_STATE, vmcb_r64(vmcb, VMCB_INT_STATE) & ~1ull);
}

void hvm_inject_exception(struct vcpu *v, unsigned vector, bool has_error, uint32_t error)
{
	uint64_t e = SVM_EVT_VALID | SVM_EVT_TYPE_EXC | (vector & 0xFF);
	if (has_error)
		e |= SVM_EVT_ERR_VALID | ((uint64_t)error << 32);
	vmcb_w64(v->hvm->vmcb, VMCB_EVENTINJ, e);
}

noreturn void hvm_crash(struct vcpu *v, const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	void *vmcb = v->hvm->vmcb;
	domain_crash_current("%s (rip %lx, cr0 %lx, cr3 %lx, efer %lx)", buf, vmcb_r64(vmcb, VMCB_RIP),
			     vmcb_r64(vmcb, VMCB_CR0), vmcb_r64(vmcb, VMCB_CR3),
			     vmcb_r64(vmcb, VMCB_EFER) & ~(uint64_t)EFER_SVME);
}

static void interrupt_window(void *vmcb, bool open)
{
	uint64_t vintr = vmcb_r64(vmcb, VMCB_VINTR) & ~(SVM_VINTR_IRQ | SVM_VINTR_IGN_TPR);
	uint32_t i1 = vmcb_r32(vmcb, VMCB_INTERCEPTS1) & ~SVM_INT1_VINTR;
	if (open) {
		vintr |= SVM_VINTR_IRQ | SVM_VINTR_IGN_TPR;
		i1 |= SVM_INT1_VINTR;
	}
	vmcb_w64(vmcb, VMCB_VINTR, vintr);
	vmcb_w32(vmcb, VMCB_INTERCEPTS1, i1);
}

static void deliver_interrupts(struct vcpu *v, int64_t now)
{
	struct hvm_domain *h = hvm_of(v->domain);
	void *vmcb = v->hvm->vmcb;
	vpit_update(&h->dev.pit, &h->dev.pic[0], now);
	int vector = vpic_pending_vector(&h->dev.pic[0]);
	if (vector < 0) {
		interrupt_window(vmcb, false);
		return;
	}
	bool can_take = (vmcb_r64(vmcb, VMCB_RFLAGS) & 0x200) && !(vmcb_r64(vmcb, VMCB_INT_STATE) & 1) &&
			!(vmcb_r64(vmcb, VMCB_EVENTINJ) & SVM_EVT_VALID);
	if (!can_take) {
		interrupt_window(vmcb, true);
		return;
	}
	interrupt_window(vmcb, false);
	vpic_ack(&h->dev.pic[0]);
	vmcb_w64(vmcb, VMCB_EVENTINJ, SVM_EVT_VALID | SVM_EVT_TYPE_INTR | (unsigned)vector);
	h->stats.irqs_injected++;
}

/* An interrupt is waiting for the guest (HLT ends, a blocked vCPU wakes). */
static bool interrupt_waiting(struct vcpu *v)
{
	struct hvm_domain *h = hvm_of(v->domain);
	return vpic_pending_vector(&h->dev.pic[0]) >= 0 &&
	       (vmcb_r64(v->hvm->vmcb, VMCB_RFLAGS) & 0x200);
}

void hvm_timer_check(struct vcpu *v, int64_t now)
{
	struct hvm_domain *h = hvm_of(v->domain);
	vpit_update(&h->dev.pit, &h->dev.pic[0], now);
	if (v->blocked && interrupt_waiting(v))
		sched_wake(v);
}

void hvm_halt(struct vcpu *v)
{
	if (!interrupt_waiting(v))
		sched_block(v);
}

noreturn void hvm_run(struct vcpu *v)
{
	struct hvm_vcpu *hv = v->hvm;
	struct hvm_domain *h = hvm_of(v->domain);
	void *vmcb = hv->vmcb;
	deliver_interrupts(v, (int64_t)now_ns());
	unsigned tlb = hvm_asid_for_vmrun(&hvm_asids, &hv->asid);
	if (tlb)
		h->stats.full_flushes++;
	vmcb_w32(vmcb, VMCB_ASID, hv->asid.asid);
	vmcb_w8(vmcb, VMCB_TLB_CONTROL, (uint8_t)tlb);
	vmcb_w32(vmcb, VMCB_CLEAN, 0);          /* nothing cached: every field is re-read */
	vmcb_w64(vmcb, VMCB_RAX, v->regs.rax);
	host_tick = false;
	in_world_switch = true;
	svm_vmrun(&v->regs, hv->vmcb_mfn << PAGE_SHIFT, svm_host_vmcb_pa);
	in_world_switch = false;
	v->regs.rax = vmcb_r64(vmcb, VMCB_RAX);
	bool tick = host_tick;
	svm_handle_exit(v);
	if (tick)
		sched_tick();
	return_to_guest(v);
}
