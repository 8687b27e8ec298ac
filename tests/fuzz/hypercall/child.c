/*
 * A fuzz child: an unprivileged domain that issues random hypercalls until
 * its budget is spent or it has broken itself beyond repair.
 *
 * Command line: "fuzz SEED BUDGET TRACE"; with TRACE 1 every call is printed
 * before it is issued (for replays).  The seed is printed first, so a log
 * line names what to replay.  After setting up its targets (targets.c) and
 * its means to survive (survive.c), the child tells the supervisor it is
 * ready (a send on its port 1) and loops: generate a call (calls.c), count
 * it in the status page (status.h), issue it; one time in eight it runs an
 * instruction probe instead (probe.c).  Nothing the child generates depends
 * on what the calls returned, so the seed alone fixes the sequence.  The
 * child ends when its budget is spent, when it shuts itself down or the
 * hypervisor crashes it, or when it gives up (survive.c); the supervisor
 * counts what it issued.
 */
#include "args.h"
#include "calls.h"
#include "events.h"
#include "peer.h"
#include "probe.h"
#include "status.h"
#include "survive.h"

volatile union fuzz_status_page fuzz_status_page __attribute__((aligned(4096)));
#define S (fuzz_status_page.s)

void fuzz_iret(void *frame, bool returns);

static uint64_t budget, seed, issued;
static bool trace;

/* The call, and the first bytes of what its pointer arguments point at in the arena. */
static void trace_call(const struct call *c)
{
	printf("call %lu: %lu (%lx, %lx, %lx, %lx, %lx)%s\n", issued + 1, c->nr, c->a[0], c->a[1], c->a[2],
	       c->a[3], c->a[4], c->iret ? " iret frame" : "");
	for (unsigned i = 0; i < 2; i++) {
		const uint64_t *p = (const uint64_t *)c->a[i];
		if ((uint8_t *)p >= T.arena && (uint8_t *)p < T.arena + ARENA_PAGES * 4096 - 48)
			printf("  arg %u: %lx %lx %lx %lx %lx %lx\n", i, p[0], p[1], p[2], p[3], p[4], p[5]);
	}
}

noreturn void fuzz_loop(void)
{
	for (;;) {
		if (issued >= budget) {
			printf("fuzz child: seed %lu: budget of %lu calls spent\n", seed, budget);
			guest_shutdown(SHUTDOWN_poweroff);
		}
		arena_reset();
		if (one_in(8)) {
			S.nr = FUZZ_NR_PROBE;
			run_probe(trace);
			continue;
		}
		struct call c = { 0 };
		gen_call(&c, 0);
		if (trace)
			trace_call(&c);
		S.nr = c.nr;
		issued++;
		S.calls = issued;
		S.check = fuzz_status_check(issued, seed);
		if (c.iret)
			fuzz_iret((void *)c.a[0], c.a[1]);
		else
			raw_hypercall(&c);
		survive_call(&c);
	}
}

noreturn void fuzz_child(void)
{
	seed = peer_arg(1);
	budget = peer_arg(2);
	trace = peer_arg(3) != 0;
	printf("fuzz child: seed %lu, budget %lu calls\n", seed, budget);
	S.magic = FUZZ_STATUS_MAGIC;
	S.seed = seed;
	S.check = fuzz_status_check(0, seed);
	events_init();
	targets_init();
	survive_init();
	evtchn_send(PEER_PORT);                 /* set up: the supervisor starts watching the count */
	rng_state = seed;
	fuzz_loop();
}
