/*
 * Hypercalls from an HVM guest: VMMCALL with the number in RAX.
 *
 * As in Xen (svm/svm.c, hvm/hypercall.c): the hypercall page a guest asks
 * for through MSR 0x40000000 holds one 32-byte stub per hypercall,
 * "mov $nr, %eax; vmmcall; ret", with ud2 in the iret slot (HVM guests
 * return from interrupts themselves).  A call from CPL 1-3 gets -EPERM; a
 * 64-bit guest passes arguments in RDI, RSI, RDX, R10, R8, a 32-bit one
 * in EBX, ECX, EDX, ESI, EDI; the result goes to RAX and RIP moves past
 * the VMMCALL.  Arguments in memory are guest-virtual addresses, read
 * once through the guest's tables into the hypervisor (hvm_guest_mem.c).
 *
 * A call that would hold the CPU too long stops after a batch and leaves
 * RIP on the VMMCALL with its arguments updated, so the guest runs it
 * again from where it stopped (Xen's HVM continuation).
 *
 * Offered so far: sched_op yield and shutdown (poweroff ends the domain,
 * the way a PVH guest powers off under Xen), console_io write (the text
 * goes to the hypervisor console tagged with the domain, as a PV guest's),
 * xen_version's XENVER_version, memory_op's decrease_reservation
 * (hvm_memory.c).  Every other hypercall number, in range or
 * not, and every other sub-command answers -ENOSYS: what Xen answers for a
 * hypercall its HVM table does not have (the sub-commands Xen has and
 * Umbra lacks are listed in docs/hvm.md).
 */
#include "console.h"
#include "hvm.h"
#include "hvm_insn.h"
#include "hypercall.h"
#include "sched.h"
#include "svm.h"
#include "public/sched.h"
#include "umbra_version.h"

#define CONSOLEIO_write 0
#define XENVER_version  0

void hvm_hypercall_page_fill(uint8_t *page)
{
	memset(page, 0xCC, PAGE_SIZE);
	for (unsigned n = 0; n < HYPERCALL_PAGE_SLOTS; n++) {
		uint8_t *s = page + n * 32;
		if (n == __HYPERVISOR_iret) {
			s[0] = 0x0F;
			s[1] = 0x0B;
			continue;
		}
		const uint8_t stub[9] = { 0xB8, (uint8_t)n, 0, 0, 0, 0x0F, 0x01, 0xD9, 0xC3 };
		memcpy(s, stub, sizeof(stub));
	}
}

/* Arguments 2 and 3 of the call in progress, for a continuation. */
static void set_args_2_3(struct vcpu *v, bool wide, uint64_t a2, uint64_t a3)
{
	if (wide) {
		v->regs.rsi = a2;
		v->regs.rdx = a3;
	} else {
		v->regs.rcx = (uint32_t)a2;
		v->regs.rdx = (uint32_t)a3;
	}
}

/* Xen's CONSOLEIO_write: 0 once all is written.  After HYPERCALL_BATCH
 * chunks the rest is left for the same VMMCALL again (RIP is not moved:
 * Xen's HVM continuation), so a long write never holds the CPU. */
static long hvm_console_write(struct vcpu *v, bool wide, uint64_t count, uint64_t buf)
{
	char chunk[128];
	for (unsigned i = 0; count; i++) {
		if (i == HYPERCALL_BATCH) {
			set_args_2_3(v, wide, count, buf);
			return -XEN_ERESTART;
		}
		size_t n = (size_t)MIN(count, sizeof(chunk));
		if (hvm_copy_from_gva(v, chunk, buf, n))
			return -XEN_EFAULT;
		console_guest_write(v->domain->id, chunk, n);
		buf += n;
		count -= n;
	}
	return 0;
}

static long sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case SCHEDOP_yield:
		sched_yield(v);
		return 0;
	case SCHEDOP_shutdown: {
		uint32_t reason;
		if (hvm_copy_from_gva(v, &reason, arg, sizeof(reason)))
			return -XEN_EFAULT;
		if (reason > SHUTDOWN_soft_reset)
			return -XEN_EINVAL;
		domain_shutdown(v->domain, reason);
		return 0;
	}
	default:
		return -XEN_ENOSYS;
	}
}

static long dispatch(struct vcpu *v, bool wide, uint64_t nr, const uint64_t a[5])
{
	switch (nr) {
	case __HYPERVISOR_sched_op:
		return sched_op(v, a[0], a[1]);
	case __HYPERVISOR_console_io:
		return a[0] == CONSOLEIO_write ? hvm_console_write(v, wide, (uint32_t)a[1], a[2]) : -XEN_ENOSYS;
	case __HYPERVISOR_memory_op:
		return hvm_memory_op(v, a[0], a[1]);
	case __HYPERVISOR_xen_version:
		return a[0] == XENVER_version ? (UMBRA_XEN_MAJOR << 16) | UMBRA_XEN_MINOR : -XEN_ENOSYS;
	default:
		return -XEN_ENOSYS;
	}
}

void hvm_hypercall(struct vcpu *v)
{
	void *vmcb = v->hvm->vmcb;
	struct cpu_regs *r = &v->regs;
	unsigned len = hvm_insn_len(v, INSN_VMMCALL);
	if (!len)
		hvm_crash(v, "VMMCALL exit at an instruction that is not VMMCALL");
	bool wide = (vmcb_r64(vmcb, VMCB_EFER) & (1u << 10)) &&
		    (*(uint16_t *)((uint8_t *)vmcb + VMCB_CS + 2) & (1u << 9));
	long rc;
	if (*((uint8_t *)vmcb + VMCB_CPL) != 0) {
		rc = -XEN_EPERM;
	} else if (wide) {
		const uint64_t a[5] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 };
		rc = dispatch(v, true, r->rax, a);
	} else {
		const uint64_t a[5] = { (uint32_t)r->rbx, (uint32_t)r->rcx, (uint32_t)r->rdx,
					(uint32_t)r->rsi, (uint32_t)r->rdi };
		rc = dispatch(v, false, (uint32_t)r->rax, a);
	}
	if (v->domain->state != DOM_RUNNING || rc == -XEN_ERESTART)
		return;                 /* it shut down, or the call goes on at the next entry */
	r->rax = wide ? (uint64_t)rc : (uint32_t)rc;
	hvm_advance_rip(v, len);
}
