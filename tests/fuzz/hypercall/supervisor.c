/*
 * The hypercall fuzzer's supervisor: the initial (privileged) domain.
 *
 * It builds fuzz children from its own image (boot module 1, image-only),
 * each unprivileged, with its own seed and a budget of calls, in batches
 * of `par` running side by side (so that they can meet: offer each other
 * event channels and grants, and die while the other holds them).  It
 * offers each child an event channel and grants of two of its own pages,
 * so that a child's death while it holds them is exercised too, and
 * watches each through the child's status page (status.h), mapped
 * read-only here, once the child said it is set up (a send on its port 1).  A child ends by spending its budget, by dying (crashed
 * by the hypervisor, shut down by its own fuzzed call, or given up after
 * too many traps), or by stalling: no new call for STALL_NS (it blocked
 * forever, or spins), after which it is destroyed.  Its calls count as far
 * as its status page vouches for them.
 *
 * What must hold, and is checked: the hypervisor never panics or hangs
 * (the test runner's log checks and timeout); every child gets through its
 * set-up (no earlier child may have left the hypervisor broken for it);
 * a dead child holds nothing of the supervisor's (its channel end reads
 * unbound, its grants can be revoked); and nothing leaks: after every batch the free-frame count is exactly what
 * it was before the first (two createdomain probes with boot module 2,
 * which is not a kernel: it is accepted exactly when the memory is free,
 * then fails cheaply), and at the end the hypervisor reports every frame
 * returned.
 *
 * Command line (all optional):
 *   base=N       base seed (default 1); child i gets fuzz_child_seed(N, i)
 *   calls=N      stop starting batches once N calls were issued (100000)
 *   per-child=N  each child's budget (10000)
 *   par=N        children per batch, 1-4 (2)
 *   seed=N       replay: run one child alone with exactly this seed
 *   kib=N        each child's memory (4096, the builder's minimum)
 *   trace=1      children print every call before issuing it
 * A child's own calls follow from its seed alone; what its batch-mate did
 * to it, and when, does not, so a replay alone may not repeat a failure
 * that needed both (run the whole base seed again for that).
 * Replay one child the log names ("child I (dD) seed N: ...") with
 *   tests/fuzz/hypercall/run --seed N
 * which boots "build/tests/fuzz/hypercall.elf seed=N" with this image and
 * not-an-elf.txt as the image-only modules 1 and 2, as test.spec does.
 */
#include "gnttab.h"
#include "pt.h"
#include "peer.h"
#include "rng.h"
#include "status.h"
#include "test.h"

#define BAD_MODULE 2
#define POLL_NS 2000000ull
#define STALL_NS 40000000ull            /* no new call for this long: stalled */
#define SETUP_NS 2000000000ull          /* nor in this long before it is set up */
#define CHILD_MAX_NS 60000000000ull     /* nor live longer than this */
#define MAX_PAR 4

noreturn void fuzz_child(void);         /* child.c */

static uint64_t arg(const char *key, uint64_t dflt)
{
	size_t n = strlen(key);
	for (const char *p = start_info->cmd_line; *p; p++) {
		if ((p == start_info->cmd_line || p[-1] == ' ') && !strncmp(p, key, n) && p[n] == '=') {
			uint64_t v = 0;
			for (p += n + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint64_t)(*p - '0');
			return v;
		}
	}
	return dflt;
}

/* Map the child's status frame at va: the child's frame whose M2P entry is
 * the status page's PFN (found before the child ran, so the M2P is the
 * builder's).  update_va_mapping_otherdomain maps only a frame d owns. */
static void map_status(domid_t d, uint64_t va)
{
	uint64_t pfn = ((uint64_t)&fuzz_status_page - VIRT_BASE) >> 12;
	uint64_t max = (uint64_t)HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	for (uint64_t mfn = 0; mfn <= max; mfn++)
		if (M2P[mfn] == pfn &&
		    HYPERVISOR_update_va_mapping_otherdomain(va, (mfn << 12) | PT_P | PT_A, UVMF_INVLPG, d) == 0)
			return;
	test_fail("no frame of d%u holds the status page (PFN %lx)", d, pfn);
}

/* A reading the child vouches for (status.h): its seed, its check word,
 * no less than before, within the budget and at no more than a call per
 * microsecond since the last good reading, taken at *when. */
static void read_status(const volatile struct fuzz_status *st, uint64_t seed, uint64_t budget,
			uint64_t *calls, uint64_t *when)
{
	uint64_t n = st->calls, check = st->check, now = system_time_ns();
	if (st->magic == FUZZ_STATUS_MAGIC && st->seed == seed && check == fuzz_status_check(n, seed) &&
	    n >= *calls && n <= budget && n - *calls <= (now - *when) / 1000 + 1) {
		*calls = n;
		*when = now;
	}
}

/* What the supervisor offers each child of a batch: grants of two of its
 * pages, one writable, one read-only, at refs GRANT_REF + 2k and + 2k + 1
 * for the child in slot k, and an event channel (peer_connect). */
#define GRANT_REF GNTTAB_FIRST_FREE_REF
static uint8_t offered[MAX_PAR][2][4096] __attribute__((aligned(4096)));

struct child {
	unsigned i;                     /* position in the run */
	unsigned slot;
	domid_t d;
	evtchn_port_t port;             /* our end of the child's port 1 */
	uint64_t seed, calls, good, start, progress;
	const char *how;
	const volatile struct fuzz_status *st;  /* the child's status page, mapped here */
	bool running;
	bool ready;                     /* it sent on its port 1: set up, fuzzing starts */
	bool sent;                      /* and sent again, a fuzzed call */
};

/* The child's sends on its port 1: the first says it is set up (status
 * pages can be scribbled on before the first reading; the pending bit on
 * our end cannot). */
static void note_sends(struct child *c)
{
	if (!events_pending(c->port))
		return;
	events_clear(c->port);
	if (c->ready)
		c->sent = true;
	c->ready = true;
}

static void start_child(struct child *c, unsigned i, unsigned slot, uint64_t seed, uint64_t budget,
			unsigned kib, uint64_t va, bool trace)
{
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "fuzz %lu %lu %u", seed, budget, trace);
	*c = (struct child){ .i = i, .slot = slot, .seed = seed, .how = "died",
			     .st = (const volatile struct fuzz_status *)va, .running = true };
	c->d = peer_create(cmd, kib);
	map_status(c->d, va);
	c->port = peer_connect(c->d);
	memset(offered[slot][0], 0, 4096);
	for (unsigned k = 0; k < 2; k++)
		gnttab_grant(GRANT_REF + 2 * slot + k, c->d, guest_va_to_mfn(offered[slot][k]), k);
	c->start = c->progress = c->good = system_time_ns();
}

/* After the child's death: its end of our channel is gone, and nothing of
 * it still holds our grants (a mapping would keep GTF_reading set). */
static unsigned used_grant, used_port;   /* children that wrote our page, sent on our channel */

static void reclaim_offers(const struct child *c)
{
	for (unsigned i = 0; i < 4096; i++)
		if (offered[c->slot][0][i]) {
			used_grant++;
			break;
		}
	used_port += c->sent;
	struct evtchn_status st;
	CHECK_EQ(evtchn_status_of(DOMID_SELF, c->port, &st), 0);
	CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == c->d,
	      "our channel to the dead child %u (seed %lu): status %u, dom %u", c->i, c->seed, st.status,
	      st.u.unbound.dom);
	CHECK_EQ(evtchn_close(c->port), 0);
	for (unsigned k = 0; k < 2; k++)
		CHECK(gnttab_revoke(GRANT_REF + 2 * c->slot + k),
		      "grant %u is still in use after child %u (seed %lu) died", GRANT_REF + 2 * c->slot + k, c->i,
		      c->seed);
}

/* True once the child is gone, or was destroyed here for making no progress. */
static bool child_ended(struct child *c, uint64_t budget)
{
	bool alive = domain_alive(c->d);
	note_sends(c);
	uint64_t before = c->calls, now = system_time_ns();
	read_status(c->st, c->seed, budget, &c->calls, &c->good);
	if (!alive)
		return true;
	if (c->calls != before)
		c->progress = now;
	else if (now - c->progress > (c->ready ? STALL_NS : SETUP_NS) || now - c->start > CHILD_MAX_NS) {
		c->how = "stalled, destroyed";
		peer_destroy(c->d);
		return true;
	}
	return false;
}

static uint64_t finish_child(struct child *c, uint64_t budget)
{
	read_status(c->st, c->seed, budget, &c->calls, &c->good);
	uint64_t last = c->st->nr, traps = c->st->recovered;
	if (c->calls == budget)
		c->how = "budget spent";
	else if (c->st->gave_up == 1)
		c->how = "gave up";
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)c->st, 0, UVMF_INVLPG), 0);
	printf("child %u (d%u) seed %lu: %lu calls, %s (last %s %lu, %lu traps survived)\n", c->i, c->d,
	       c->seed, c->calls, c->how, last == FUZZ_NR_PROBE ? "an instruction probe" : "hypercall", last,
	       traps);
	/* Setting up makes no random call: only the hypervisor, or what an
	 * earlier child left behind in it, can stop a child there. */
	note_sends(c);
	CHECK(c->ready, "child %u (seed %lu) did not get through its set-up", c->i, c->seed);
	reclaim_offers(c);
	c->running = false;
	return c->calls;
}

/* The free-frame count is still exactly free_kib / 4 + CREATE_EXTRA_FRAMES. */
static void check_free(unsigned long free_kib, const struct child *batch, unsigned n)
{
	domid_t d;
	long fits = domctl_create(BAD_MODULE, (unsigned)free_kib, "", &d);
	long over = domctl_create(BAD_MODULE, (unsigned)free_kib + 4, "", &d);
	if (fits == -XEN_ENOEXEC && over == -XEN_ENOMEM)
		return;
	char seeds[MAX_PAR * 24] = "", *p = seeds;
	for (unsigned k = 0; k < n; k++)
		p += snprintf(p, (size_t)(seeds + sizeof(seeds) - p), " %lu", batch[k].seed);
	test_fail("frames leaked or lost after the children with seeds%s: createdomain of %lu KiB: %ld, "
		  "of %lu KiB: %ld", seeds, free_kib, fits, free_kib + 4, over);
}

static noreturn void supervise(void)
{
	uint64_t base = arg("base", 1), target = arg("calls", 100000), budget = arg("per-child", 10000);
	uint64_t replay = arg("seed", 0);
	bool trace = arg("trace", 0) != 0;
	unsigned kib = (unsigned)arg("kib", 4096), par = (unsigned)MIN(MAX(arg("par", 2), 1), MAX_PAR);
	if (replay)
		par = 1;
	events_init();
	gnttab_setup(1);
	uint64_t va[MAX_PAR];
	for (unsigned k = 0; k < par; k++)
		va[k] = pt_pfn_va(pt_alloc());
	unsigned long free_kib = max_creatable_kib(BAD_MODULE);
	if (replay)
		printf("hypercall fuzz: replaying seed %lu, budget %lu calls, %u KiB\n", replay, budget, kib);
	else
		printf("hypercall fuzz: base seed %lu, at least %lu calls, %lu per child, %u at a time, %u KiB each; "
		       "%lu frames free\n", base, target, budget, par, kib, free_kib / 4 + CREATE_EXTRA_FRAMES);
	uint64_t total = 0, t0 = system_time_ns();
	unsigned i = 0;
	struct child batch[MAX_PAR];
	do {
		for (unsigned k = 0; k < par; k++, i++)
			start_child(&batch[k], i, k, replay ? replay : fuzz_child_seed(base, i), budget, kib, va[k],
				    trace);
		for (unsigned k = 0; k < par; k++)
			peer_unpause(batch[k].d);
		for (unsigned running = par; running;) {
			sleep_ns(POLL_NS);
			for (unsigned k = 0; k < par; k++)
				if (batch[k].running && child_ended(&batch[k], budget)) {
					total += finish_child(&batch[k], budget);
					running--;
				}
		}
		check_free(free_kib, batch, par);
	} while (!replay && total < target);
	uint64_t ms = (system_time_ns() - t0) / 1000000;
	printf("hypercall fuzz: %lu calls by %u children in %lu ms (%lu calls/s); %lu frames free before and after\n",
	       total, i, ms, ms ? total * 1000 / ms : 0, free_kib / 4 + CREATE_EXTRA_FRAMES);
	printf("hypercall fuzz: %u children wrote to the page granted to them, %u sent on the channel offered\n",
	       used_grant, used_port);
	test_pass();
}

int main(void)
{
	if (is_initial_domain())
		supervise();
	fuzz_child();
	return 0;
}
