/*
 * How a fuzz child survives its own calls (survive.h).
 *
 * Many calls wreck the child: its trap table, its callbacks, its mappings,
 * its stack, its virtual CR0.TS.  The hypervisor runs the same checks
 * whether or not the child survives, but a child that lives long builds up
 * more state in the hypervisor for later calls to meet, and each new child
 * costs a domain build.  So:
 *  - after a call that may have replaced its trap table, callbacks or
 *    kernel stack (set_trap_table, stack_switch, set_callbacks,
 *    callback_op, or any multicall) the child puts its own back, through raw syscalls (the hypercall page is
 *    writable, so possibly scribbled on), except one time in 64, when it
 *    lives with what it set.  These repairs are not counted as calls;
 *  - a trap is handled here: #NM clears the CR0.TS the fuzzer set, #DB and
 *    #BP continue (with RF set, past an execute breakpoint), a trap in an instruction probe ends the probe, and
 *    anything else resumes the fuzz loop on a fresh stack in guest-kernel
 *    mode; after FAULT_LIMIT such traps without a call issued in between,
 *    the child gives up and powers off (status.h's gave_up);
 *  - a segment reload the hypervisor could not do enters the runtime's
 *    failsafe callback, which goes back to where the child was;
 *  - its own L4 is also its user base pointer, so a fuzzed iret to
 *    guest-user mode (an RPL-3 cs) runs on in user mode, on the same
 *    mappings, until a trap (a hypercall there is #UD) brings it back.
 */
#include "calls.h"
#include "failsafe.h"
#include "pt.h"
#include "probe.h"
#include "public/callback.h"
#include "rng.h"
#include "status.h"
#include "survive.h"
#include "test.h"

#define FAULT_LIMIT 16
#define X86_EFLAGS_TF 0x100ull
#define X86_EFLAGS_RF 0x10000ull

static unsigned faults_in_row;
static uint8_t recovery_stack[16384] __attribute__((aligned(16)));
static uint8_t kernel_stack[16384] __attribute__((aligned(16)));        /* for traps from user mode */

extern char guest_event_stub[], failsafe_entry[], excursion_return[], guest_trap_stub_0x40[],
	guest_trap_stub_0x41[], guest_trap_stub_0x80[];
extern uint64_t excursion_rsp;
extern char guest_trap_stub_0[], guest_trap_stub_1[], guest_trap_stub_2[], guest_trap_stub_3[],
	guest_trap_stub_4[], guest_trap_stub_5[], guest_trap_stub_6[], guest_trap_stub_7[],
	guest_trap_stub_8[], guest_trap_stub_9[], guest_trap_stub_10[], guest_trap_stub_11[],
	guest_trap_stub_12[], guest_trap_stub_13[], guest_trap_stub_14[], guest_trap_stub_15[],
	guest_trap_stub_16[], guest_trap_stub_17[], guest_trap_stub_18[], guest_trap_stub_19[];

/* The runtime's stubs for vectors 0-19 and the three software-interrupt
 * vectors it has, each calling on_trap through the runtime, a kernel stack
 * for traps from guest-user mode, and the event and failsafe callbacks. */
static void repair(void)
{
	/* First of all, and in registers only: the code below may use SSE. */
	register uint64_t rdi __asm__("rdi") = 0;
	uint64_t rax = __HYPERVISOR_fpu_taskswitch;
	__asm__ volatile("syscall" : "+a"(rax), "+r"(rdi) : : "rcx", "r11", "memory");
	static char *const stub[] = {
		guest_trap_stub_0, guest_trap_stub_1, guest_trap_stub_2, guest_trap_stub_3, guest_trap_stub_4,
		guest_trap_stub_5, guest_trap_stub_6, guest_trap_stub_7, guest_trap_stub_8, guest_trap_stub_9,
		guest_trap_stub_10, guest_trap_stub_11, guest_trap_stub_12, guest_trap_stub_13, guest_trap_stub_14,
		guest_trap_stub_15, guest_trap_stub_16, guest_trap_stub_17, guest_trap_stub_18, guest_trap_stub_19,
		guest_trap_stub_0x40, guest_trap_stub_0x41, guest_trap_stub_0x80,
	};
	static const uint8_t vector[] = { 0x40, 0x41, 0x80 };
	static struct trap_info t[ARRAY_SIZE(stub) + 1];
	static struct callback_register cb[2];
	for (unsigned i = 0; i < ARRAY_SIZE(stub); i++)
		t[i] = (struct trap_info){ .vector = (uint8_t)(i < 20 ? i : vector[i - 20]), .flags = i < 20 ? 0 : 3,
					   .cs = FLAT_KERNEL_CS, .address = (uint64_t)stub[i] };
	t[ARRAY_SIZE(stub)].address = 0;
	cb[0] = (struct callback_register){ .type = CALLBACKTYPE_event, .address = (uint64_t)guest_event_stub };
	cb[1] = (struct callback_register){ .type = CALLBACKTYPE_failsafe, .address = (uint64_t)failsafe_entry };
	raw_hypercall(&(struct call){ .nr = __HYPERVISOR_set_trap_table, .a = { (uint64_t)t } });
	raw_hypercall(&(struct call){ .nr = __HYPERVISOR_stack_switch,
				      .a = { FLAT_KERNEL_SS, (uint64_t)(kernel_stack + sizeof(kernel_stack)) } });
	for (unsigned i = 0; i < 2; i++)
		raw_hypercall(&(struct call){ .nr = __HYPERVISOR_callback_op, .a = { CALLBACKOP_register, (uint64_t)&cb[i] } });
}

static void on_trap(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	switch (t->vector) {
	case 7:                                 /* the fuzzer set CR0.TS */
		raw_hypercall(&(struct call){ .nr = __HYPERVISOR_fpu_taskswitch });
		return;
	case 1:                                 /* RF: past an execute breakpoint it set */
	case 3:
		*t->rflags = (*t->rflags & ~X86_EFLAGS_TF) | X86_EFLAGS_RF;
		return;
	}
	if (probe_active) {                     /* the probe's instruction trapped: back to run_probe */
		*t->rip = (uint64_t)excursion_return;
		*t->rsp = excursion_rsp;
		*t->cs = FLAT_KERNEL_CS & ~3ull;
		*t->ss = FLAT_KERNEL_SS;
		*t->rflags = 0x202;
		return;
	}
	fuzz_status_page.s.recovered++;
	if (++faults_in_row > FAULT_LIMIT) {
		fuzz_status_page.s.gave_up = 1;
		guest_shutdown(SHUTDOWN_poweroff);
	}
	*t->rip = (uint64_t)fuzz_loop;
	*t->rsp = (uint64_t)(recovery_stack + sizeof(recovery_stack)) - 8;     /* as after a call */
	*t->cs = FLAT_KERNEL_CS & ~3ull;
	*t->ss = FLAT_KERNEL_SS;
	*t->rflags = 0x202;
}

/*
 * A fuzzed iret, callback or stack may still send the child into any of its
 * own code, with any stack, including the runtime's verdict and failure
 * messages; the test runner would read such a line as the test's verdict.
 * So once set up, the child lower-cases the first letter of every "TEST"
 * and "PANIC" in its own read-only data (the patterns are built in
 * registers, not left there to be scrubbed themselves).  The image is the
 * child's own copy.
 */
static void scrub_verdicts(void)
{
	extern char _etext[], hypercall_page[];         /* .rodata lies between them */
	const uint32_t test = 'T' | 'E' << 8 | 'S' << 16 | (uint32_t)'T' << 24;
	const uint32_t pani = 'P' | 'A' << 8 | 'N' << 16 | (uint32_t)'I' << 24;
	for (char *p = _etext; p + 5 <= hypercall_page; p++) {
		uint32_t w;
		memcpy(&w, p, 4);
		if (w == test || (w == pani && p[4] == 'C'))
			*p += 'a' - 'A';
	}
}

void survive_init(void)
{
	long rc = mmuext(MMUEXT_NEW_USER_BASEPTR, pt_cr3_mfn(), 0);
	CHECK(rc == 0, "fuzz set-up: user base pointer: %ld", rc);
	for (unsigned v = 0; v < 20; v++)
		guest_set_trap(v, on_trap, 0);
	guest_set_trap(0x40, on_trap, 3);
	guest_set_trap(0x41, on_trap, 3);
	guest_set_trap(0x80, on_trap, 3);
	repair();
	scrub_verdicts();
}

void survive_call(const struct call *c)
{
	faults_in_row = 0;
	if ((c->nr == 0 || c->nr == 3 || c->nr == 4 || c->nr == 13 || c->nr == 30) && !one_in(64))
		repair();
}
