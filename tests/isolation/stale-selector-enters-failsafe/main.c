/*
 * Rule: a vCPU whose own saved selector no longer loads when it is switched
 * back in is not refused silently and never faults the hypervisor: the
 * selectors that fail are loaded as null, and the vCPU enters its failsafe
 * callback with Xen's 11-slot frame (xen-pv-abi.md 7.4), from the new rsp
 * upward: rcx, r11, ds, es, fs, gs (the values saved at the switch, the
 * failing ones included), rip, cs (with the saved upcall mask in bits
 * 32-39), rflags, rsp, ss.  Its selectors that still load are kept.
 *
 * In each case the initial domain loads four good selectors (flat data
 * descriptors in its own GDT of two pages and its own 8-entry LDT), makes
 * some of them stale (update_descriptor turns a descriptor not present,
 * execute-only code, zero or a call gate; set_gdt drops the GDT page, or
 * MMUEXT_SET_LDT removes or shrinks the LDT, under a selector), and lets
 * another domain run: a peer that answers every event at once and also wakes
 * by itself every millisecond.  Until the switch nothing may be noticed (the
 * CPU keeps the descriptors it cached).  The switch is either the initial
 * domain waiting for the peer's answer in a hypercall (the frame's rip is
 * the return point of a hypercall-page stub, which syscall also left in rcx,
 * and r11 holds the rflags syscall saved), or preemption while it spins with
 * sentinels in rcx and r11 (the frame holds them and the spin loop's rip and
 * rsp).  Checked slot by slot, with the frame 16-byte aligned just below the
 * interrupted rsp (guest-kernel mode); cs is 0xe030 (RPL cleared: from
 * kernel mode), ss 0xe02b, and rflags has IF set exactly when the saved
 * upcall mask is 0.  The callback is registered each way: with
 * set_callbacks, and with callback_op with and without
 * CALLBACKF_mask_events, which alone masks events on entry.  Returning
 * through the iret hypercall restores the upcall mask, and the failing
 * selectors read null.  (A try in which preemption came between the change
 * and the planned switch is repeated: that frame is right too, but where it
 * interrupted cannot be predicted.)
 */
#include "catch.h"
#include "failsafe.h"
#include "peer.h"
#include "public/callback.h"
#include "seg.h"
#include "test.h"

#define SENT_RCX 0x5ec5ec5ec5ec5ec1
#define SENT_R11 0x1111deadbeef1111
#define SPIN_LIMIT_TICKS 20000000000ull /* 4-20 s */
#define ANSWER_NS 5000000000ull
#define ECHO_WAKE_NS 1000000
#define TRIES 5
#define IF (1ull << 9)
#define IOPL (3ull << 12)

enum how { BY_POLL, BY_PREEMPTION };
enum reg { LEGACY, PLAIN, MASKING };

static uint64_t gdt[2], ldt, ldt_va;
static domid_t echo;
static evtchn_port_t port;

static void fs_gdt_not_present(void) { seg_desc(gdt, 18, DESC_DATA_NP); }
static void ds_gdt_exec_only(void) { seg_desc(gdt, 16, DESC_CODE_XO); }
static void gdt_page_dropped(void) { CHECK_EQ(HYPERVISOR_set_gdt(gdt, 512), 0); }
static void es_ldt_not_present(void) { seg_desc(&ldt, 0, DESC_DATA_NP); }
static void ldt_removed(void) { CHECK_EQ(seg_set_ldt(0, 0), 0); }
static void ldt_shrunk(void) { CHECK_EQ(seg_set_ldt(ldt_va, 3), 0); }

static void all_four_wrong(void)
{
	seg_desc(gdt, 16, DESC_NONE);
	seg_desc(gdt, 17, DESC_GATE);
	seg_desc(&ldt, 0, DESC_CODE_XO);
	seg_desc(&ldt, 1, DESC_DATA_NP);
}

#define G(i) SEL_GDT(i)
#define L(i) SEL_LDT(i)

static const struct stale_case {
	const char *what;
	struct segs load;               /* before the change */
	void (*change)(void);
	struct segs after;              /* after the failsafe callback: the failing ones null */
	enum how how;
	enum reg reg;
	uint8_t mask;                   /* evtchn_upcall_mask at the switch */
} cases[] = {
	{ "%fs: GDT descriptor made not present", { G(16), G(17), G(18), G(19) }, fs_gdt_not_present,
	  { G(16), G(17), 0, G(19) }, BY_POLL, LEGACY, 0 },
	{ "%ds: GDT descriptor made execute-only code", { G(16), G(17), G(18), G(19) }, ds_gdt_exec_only,
	  { 0, G(17), G(18), G(19) }, BY_PREEMPTION, PLAIN, 1 },
	{ "%gs: set_gdt dropped the GDT page of its entry", { G(16), G(17), G(18), G(600) }, gdt_page_dropped,
	  { G(16), G(17), G(18), 0 }, BY_POLL, MASKING, 0 },
	{ "%es: LDT descriptor made not present", { G(16), L(0), L(1), G(17) }, es_ldt_not_present,
	  { G(16), 0, L(1), G(17) }, BY_POLL, PLAIN, 0 },
	{ "all four: zero descriptor, call gate, execute-only code, not present", { G(16), G(17), L(0), L(1) },
	  all_four_wrong, { 0, 0, 0, 0 }, BY_POLL, MASKING, 1 },
	{ "%gs: MMUEXT_SET_LDT shrank the LDT below its entry", { G(16), G(17), L(0), L(3) }, ldt_shrunk,
	  { G(16), G(17), L(0), 0 }, BY_PREEMPTION, MASKING, 0 },
	{ "%ds and %fs: MMUEXT_SET_LDT removed the LDT", { L(1), G(16), L(2), G(17) }, ldt_removed,
	  { 0, G(16), 0, G(17) }, BY_POLL, LEGACY, 0 },
};

/* Where the spin was when preemption came, and its registers after. */
struct spin {
	uint64_t loop, end, rsp, rcx, r11;
};

static void tables_reset(void)
{
	CHECK_EQ(HYPERVISOR_set_gdt(gdt, 1024), 0);
	for (unsigned i = 16; i <= 19; i++)
		seg_desc(gdt, i, DESC_DATA);
	seg_desc(gdt, 600, DESC_DATA);
	CHECK_EQ(seg_set_ldt(ldt_va, 8), 0);
	for (unsigned i = 0; i <= 3; i++)
		seg_desc(&ldt, i, DESC_DATA);
}

/* The other domain: answers every event, and wakes by itself every
 * ECHO_WAKE_NS, so that it also wants the CPU while the initial domain spins. */
static noreturn void echo_peer(void)
{
	evtchn_port_t p = PEER_PORT;
	peer_begin();
	for (;;) {
		CHECK_EQ(evtchn_send(PEER_PORT), 0);
		do
			evtchn_poll(&p, 1, system_time_ns() + ECHO_WAKE_NS);
		while (!events_pending(p));
		events_clear(p);
	}
}

/* Spin until the failsafe callback came: the peer wakes by itself and
 * preempts this vCPU.  The switch is meant to come in the loop (tag 1). */
static void spin_until_failsafe(struct spin *s)
{
	__asm__ volatile("lea 1f(%%rip), %%rax; mov %%rax, %[loop]\n\t"
			 "lea 2f(%%rip), %%rax; mov %%rax, %[end]\n\t"
			 "mov %%rsp, %[rsp]\n\t"
			 "movabs $" CATCH_XSTR(SENT_RCX) ", %%rcx\n\t"
			 "movabs $" CATCH_XSTR(SENT_R11) ", %%r11\n\t"
			 "rdtsc; shl $32, %%rdx; or %%rdx, %%rax; mov %%rax, %%rsi\n\t"
			 "movl $1, %[tag]\n\t"
			 "1: cmpl $0, %[count]\n\t"
			 "jne 2f\n\t"
			 "rdtsc; shl $32, %%rdx; or %%rdx, %%rax; sub %%rsi, %%rax\n\t"
			 "cmp %[limit], %%rax\n\t"
			 "jb 1b\n\t"
			 "2: mov %%rcx, %[rcx]; mov %%r11, %[r11]"
			 : [loop] "=m"(s->loop), [end] "=m"(s->end), [rsp] "=m"(s->rsp), [rcx] "=m"(s->rcx),
			   [r11] "=m"(s->r11), [tag] "=m"(failsafe_tag)
			 : [count] "m"(failsafe_seen.count), [limit] "r"(SPIN_LIMIT_TICKS)
			 : "rax", "rdx", "rcx", "r11", "rsi", "cc", "memory");
	CHECK(failsafe_seen.count, "not preempted, or no failsafe callback, within %llu TSC ticks",
	      SPIN_LIMIT_TICKS);
}

static void expect_slot(const char *what, const char *slot, uint64_t got, uint64_t want)
{
	CHECK(got == want, "%s: frame slot %s is 0x%lx, expected 0x%lx", what, slot, got, want);
}

static void expect_frame(const struct stale_case *c, const struct spin *s)
{
	const volatile struct failsafe_frame *f = &failsafe_seen.f;
	const char *what = c->what;
	printf("  frame at %lx: rcx %lx r11 %lx ds %lx es %lx fs %lx gs %lx\n", failsafe_seen.at, f->rcx, f->r11,
	       f->ds, f->es, f->fs, f->gs);
	printf("  rip %lx cs %lx rflags %lx rsp %lx ss %lx; upcall mask on entry %u\n", f->rip, f->cs, f->rflags,
	       f->rsp, f->ss, failsafe_seen.mask_on_entry);
	CHECK(failsafe_seen.count == 1, "%s: failsafe callback entered %u times, expected once", what,
	      failsafe_seen.count);
	expect_slot(what, "ds", f->ds, c->load.ds);
	expect_slot(what, "es", f->es, c->load.es);
	expect_slot(what, "fs", f->fs, c->load.fs);
	expect_slot(what, "gs", f->gs, c->load.gs);
	if (c->how == BY_PREEMPTION) {
		expect_slot(what, "rcx", f->rcx, SENT_RCX);
		expect_slot(what, "r11", f->r11, SENT_R11);
		CHECK(f->rip >= s->loop && f->rip < s->end, "%s: frame rip %lx is outside the spin loop %lx-%lx",
		      what, f->rip, s->loop, s->end);
		expect_slot(what, "rsp", f->rsp, s->rsp);
	} else {
		uint64_t off = f->rip - (uint64_t)hypercall_page;
		CHECK(off < 4096 && off % 32 == 10, "%s: frame rip %lx is not a hypercall stub's return point",
		      what, f->rip);
		expect_slot(what, "rcx (syscall's return rip)", f->rcx, f->rip);
		CHECK((f->r11 & IF) && !((f->r11 ^ f->rflags) & ~(IF | IOPL)),
		      "%s: frame r11 %lx is not the rflags syscall saved (frame rflags %lx)", what, f->r11, f->rflags);
	}
	expect_slot(what, "cs", f->cs, (FLAT_KERNEL_CS & ~3) | (uint64_t)c->mask << 32);
	expect_slot(what, "rflags IF/IOPL/bit 1", f->rflags & (IF | IOPL | 2), (c->mask ? 0 : IF) | 2);
	expect_slot(what, "ss", f->ss, FLAT_KERNEL_SS);
	expect_slot(what, "frame address", failsafe_seen.at, (f->rsp & ~15ull) - sizeof(struct failsafe_frame));
	expect_slot(what, "upcall mask on entry", failsafe_seen.mask_on_entry, c->mask || c->reg == MASKING);
}

/*
 * One try of a case.  Once the selectors are stale any switch enters the
 * callback, also one that comes (by preemption) before the point where the
 * case means it to: such a try is reported and not checked (false).
 */
static bool try_case(const struct stale_case *c)
{
	char buf[48];
	struct spin s = { 0 };
	tables_reset();
	if (c->reg == LEGACY)
		CHECK_EQ(failsafe_catch_legacy(), 0);
	else
		CHECK_EQ(failsafe_catch(c->reg == MASKING ? CALLBACKF_mask_events : 0), 0);
	failsafe_tag = 0;
	segs_load(c->load);
	c->change();
	shared_info->vcpu_info[0].evtchn_upcall_mask = c->mask;
	if (c->how == BY_POLL) {
		failsafe_tag = 1;
		CHECK_EQ(evtchn_send(port), 0);
		CHECK(peer_wait_report(echo, port, ANSWER_NS), "the echo peer did not answer");
	} else {
		spin_until_failsafe(&s);
	}
	uint8_t mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
	shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	if (failsafe_seen.count && !failsafe_seen.tag) {
		printf("  switched out early, at rip %lx: trying again\n", failsafe_seen.f.rip);
		return false;
	}
	struct segs now = segs_read();
	printf("  after it: %s\n", segs_str(now, buf));
	expect_frame(c, &s);
	CHECK(mask == c->mask, "%s: upcall mask %u after the callback returned, was %u", c->what, mask, c->mask);
	CHECK(segs_equal(now, c->after), "%s: selectors %s after the callback", c->what, segs_str(now, buf));
	return true;
}

static void run(const struct stale_case *c)
{
	static const char *const regs[] = { "set_callbacks", "callback_op", "callback_op with mask_events" };
	printf("%s (%s, %s, upcall mask %u)\n", c->what, c->how == BY_POLL ? "waiting in a hypercall" : "preempted",
	       regs[c->reg], c->mask);
	for (unsigned i = 0; i < TRIES; i++)
		if (try_case(c))
			return;
	test_fail("%s: switched out early in each of %u tries", c->what, TRIES);
}

int main(void)
{
	if (peer_role("echo"))
		echo_peer();
	events_init();
	seg_gdt_install(2, gdt);
	ldt = seg_ldt_install(8, &ldt_va);
	echo = peer_start("echo", &port);
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++)
		run(&cases[i]);
	segs_load((struct segs){ 0, 0, 0, 0 });
	peer_destroy(echo);
	test_pass();
}
