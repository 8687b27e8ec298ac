/*
 * Rule: a newlib guest's console uses Xen's PV console ring once its back
 * end has connected, and console_io before (guest/newlib/nl_console.c).
 * This initial domain plays the console back end for d1, a newlib domain
 * (newlib-console-ring-guest): it learns d1's console page and port
 * (getinfo_ext), maps the page (update_va_mapping_otherdomain) and binds
 * the port, waits for d1's nudge (d1 wrote its first line through
 * console_io meanwhile: test.spec checks it is tagged (d1)), marks the
 * page XENCONSOLE_CONNECTED and notifies.  It lets d1 fill the out ring to
 * the brim (d1 must then wait for room), then empties it with
 * cons_ring_get, notifying d1 after each take, and relays every line as
 * "d1: LINE": the 100 numbered lines (5 KiB) must come in order and whole; at d1's prompt it
 * puts a line into the in ring, which d1 must read and echo; d1's "exit
 * status 0" ends the run.  Then the page is unmapped and d1 must be gone.
 */
#include "cons_ring.h"
#include "domctl.h"
#include "peer.h"
#include "pt.h"
#include "test.h"

#define GUEST 1
#define LINES 100
#define TIMEOUT_NS 40000000000ull
#define INPUT "typed into the in ring\n"

static uint8_t page[4096] __attribute__((aligned(4096)));
static volatile struct xencons_interface *ring = (volatile struct xencons_interface *)page;
static evtchn_port_t local;
static unsigned numbered;
static bool prompted, echoed, exited;

static void on_line(const char *line)
{
	printf("d1: %s\n", line);
	char want[80];
	snprintf(want, sizeof(want), "newlib console: line %03u of %u, through the ring", numbered, LINES);
	if (strcmp(line, want) == 0) {
		numbered++;
		return;
	}
	if (strcmp(line, "newlib console: type a line") == 0) {
		CHECK(numbered == LINES, "prompt after %u of %u numbered lines", numbered, LINES);
		CHECK_EQ(cons_ring_put(ring->in, sizeof(ring->in), &ring->in_prod, &ring->in_cons, INPUT,
				       sizeof(INPUT) - 1), (long)sizeof(INPUT) - 1);
		evtchn_send(local);
		prompted = true;
	} else if (strcmp(line, "newlib console: read \"typed into the in ring\"") == 0) {
		CHECK(prompted, "d1 echoed input before it was typed");
		echoed = true;
	} else if (strcmp(line, "exit status 0") == 0) {
		exited = true;
	} else {
		test_fail("unexpected console line from d1 after %u numbered lines: \"%s\"", numbered, line);
	}
}

/* Take what d1 wrote; relay complete lines. */
static void drain(void)
{
	static char line[200];
	static size_t len;
	char buf[256];
	long n;
	while ((n = cons_ring_get(ring->out, sizeof(ring->out), &ring->out_prod, &ring->out_cons, buf,
				  sizeof(buf))) > 0) {
		evtchn_send(local);                     /* d1 may wait for room */
		for (long i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				line[len] = 0;
				on_line(line);
				len = 0;
			} else {
				CHECK(len < sizeof(line) - 1, "a console line longer than %zu bytes", sizeof(line) - 1);
				line[len++] = buf[i];
			}
		}
	}
	CHECK(n == 0, "d1's out ring is corrupt: prod %u cons %u", ring->out_prod, ring->out_cons);
}

static void wait_port(uint64_t deadline, const char *what)
{
	long rc = evtchn_poll(&local, 1, deadline);
	CHECK(rc == 0 && system_time_ns() < deadline, "%s: nothing from d1 (poll %ld)", what, rc);
}

int main(void)
{
	events_init();
	struct umbra_domctl_getinfo_ext info;
	CHECK_EQ(domctl_getinfo_ext(GUEST, &info), 0);
	CHECK(info.domain == GUEST && info.console_mfn && info.console_port, "d%u: console page %#lx, port %u",
	      info.domain, info.console_mfn, info.console_port);
	uint64_t own_mfn = pt_va_mfn(page);
	CHECK_EQ(HYPERVISOR_update_va_mapping_otherdomain((uint64_t)page, info.console_mfn << 12 | PT_P | PT_RW |
							  PT_A | PT_D, UVMF_INVLPG, GUEST), 0);
	CHECK_EQ(ring->connection, XENCONSOLE_DISCONNECTED);
	CHECK_EQ(evtchn_bind_interdomain(GUEST, info.console_port, &local), 0);
	events_mask(local);

	uint64_t deadline = system_time_ns() + TIMEOUT_NS;
	wait_port(deadline, "the nudge before connecting");
	CHECK(ring->out_prod == 0, "d1 wrote %u bytes into the ring before the back end connected", ring->out_prod);
	ring->connection = XENCONSOLE_CONNECTED;
	evtchn_send(local);
	for (;;) {                                      /* let d1 fill the ring and wait for room */
		events_clear(local);
		if (ring->out_prod - ring->out_cons == sizeof(ring->out))
			break;
		wait_port(deadline, "filling the ring");
	}
	while (!exited) {
		events_clear(local);
		drain();
		if (!exited)
			wait_port(deadline, "console output");
	}
	CHECK(echoed, "d1 exited without echoing its input");
	CHECK_EQ(pt_map_mfn((uint64_t)page, own_mfn, PT_P | PT_RW | PT_A | PT_D), 0);
	CHECK(peer_wait_gone(GUEST, TIMEOUT_NS), "d1 still there after its exit");
	printf("d1's console: %u lines through the ring, one line typed back\n", numbered + 3);
	test_pass();
}
