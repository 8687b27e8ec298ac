/*
 * SYSCALL from a PV guest: a hypercall in guest-kernel mode, the guest's own
 * system call in guest-user mode.
 *
 * Dispatch is a table built from hypercall_table.h; an empty slot
 * answers -ENOSYS.  Arguments are rdi, rsi, rdx, r10, r8 and the result goes
 * to rax.  -XEN_ERESTART becomes a continuation: rip moves back over the
 * 2-byte syscall so the guest re-issues the call with the arguments the
 * handler rewrote, and other vCPUs run in between.  In guest-user mode, and
 * from 32-bit code in either mode (CSTAR), the syscall is bounced to the
 * registered syscall callback (the syscall32 one for 32-bit code), or
 * becomes #UD at the syscall instruction when that one is not registered
 * (xen-pv-abi.md 4.1, Xen 4.17's switch_to_kernel).  Either callback masks
 * events when the syscall callback was registered with
 * CALLBACKF_mask_events, the one flag Xen 4.17 reads there.
 *
 * The hypercall page (xen-pv-abi.md 4.2) is what a guest calls through:
 * 32-byte stubs that load the number into eax and syscall, saving rcx and
 * r11; iret's pushes rax too and does not return.  Both builders (the
 * hypervisor's for boot-time domains, domctl hypercall_init for a guest
 * toolstack's) fill it here, so there is one calling convention.
 */
#include "census.h"
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "public/callback.h"
#include "sched.h"
#include "../arch/x86_64/cpu.h"

/* Written once more only by hypercall_table_replace(), at boot, before any
 * domain exists: the census's counting wrappers (hc_census.c), so that a
 * hypervisor without `census` pays nothing for it on this path. */
static hypercall_fn *hypercall_table[HYPERCALL_PAGE_SLOTS] = {
#define HYPERCALL(nr, name, fn, doc) [nr] = fn,
#include "hypercall_table.h"
#undef HYPERCALL
};

void hypercall_page_fill(uint8_t *p)
{
	memset(p, 0xcc, PAGE_SIZE);
	for (unsigned n = 0; n < HYPERCALL_PAGE_SLOTS; n++) {
		uint8_t *s = p + n * 32;
		if (n == __HYPERVISOR_iret) {
			const uint8_t stub[11] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0, 0x0f, 0x05 };
			memcpy(s, stub, sizeof(stub));
			continue;
		}
		const uint8_t stub[14] = { 0x51, 0x41, 0x53, 0xb8, (uint8_t)n, 0, 0, 0,
					   0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
		memcpy(s, stub, sizeof(stub));
	}
}

/* A number with no handler: -ENOSYS, counted by the census without a
 * sub-op.  The number is the one current's syscall named (rax), or, from a
 * multicall, the entry's; reading it here rather than passing it keeps the
 * hot path's registers as they are without the census. */
static __attribute__((noinline, cold)) long no_handler(const uint64_t *nr)
{
	if (census_on)
		census_hypercall(current->domain, nr ? *nr : current->regs.rax, 0, -XEN_ENOSYS);
	return -XEN_ENOSYS;
}

static inline long dispatch(const uint64_t *entry_nr, uint64_t nr, uint64_t a1, uint64_t a2,
			    uint64_t a3, uint64_t a4, uint64_t a5)
{
	if (nr >= HYPERCALL_PAGE_SLOTS || !hypercall_table[nr])
		return no_handler(entry_nr);
	return hypercall_table[nr](a1, a2, a3, a4, a5);
}

void hypercall_table_replace(hypercall_fn *const table[HYPERCALL_PAGE_SLOTS])
{
	for (unsigned n = 0; n < HYPERCALL_PAGE_SLOTS; n++)
		if (table[n])
			hypercall_table[n] = table[n];
}

long hypercall_call(uint64_t nr, const uint64_t a[5])
{
	return dispatch(&nr, nr, a[0], a[1], a[2], a[3], a[4]);
}

/* A syscall that is not a hypercall: bounce to the guest kernel's callback. */
static void guest_syscall(struct vcpu *v)
{
	struct cpu_regs *r = &v->regs;
	uint64_t entry = r->cs == FLAT_RING3_CS32 ? v->syscall32_callback : v->syscall_callback;
	if (census_on)
		census_trap(v->domain, CENSUS_SYSCALL, CENSUS_BOUNCED);
	if (!entry) {
		r->rip -= 2;
		pv_inject_exception(v, 6, 0);
		return;
	}
	r->rflags &= ~X86_EFLAGS_DF;
	pv_bounce_callback(v, entry, v->callback_flags[CALLBACKTYPE_syscall] & CALLBACKF_mask_events);
}

noreturn void syscall_from_guest(struct cpu_regs *r)
{
	struct vcpu *v = current;
	if (!v->in_kernel || r->cs == FLAT_RING3_CS32) {
		guest_syscall(v);
		return_to_guest(v);
	}
	long ret = dispatch(NULL, r->rax, r->rdi, r->rsi, r->rdx, r->r10, r->r8);
	if (ret == -XEN_ERESTART)
		r->rip -= 2;
	else if (ret != HYPERCALL_REGS_SET)
		r->rax = (uint64_t)ret;
	return_to_guest(v);
}
