/* Holding selectors across context switches between domains (seg_hold.h). */
#include "failsafe.h"
#include "peer.h"
#include "seg_hold.h"
#include "test.h"

#define MAX_PEERS 4
#define ANSWER_NS 5000000000ull
#define PEER_KIB 8192                   /* room for pt_alloc() */

static void begin(struct segs mine)
{
	CHECK_EQ(failsafe_catch(0), 0);
	segs_load(mine);
}

static void check(struct segs mine, const char *who, unsigned round)
{
	char want[48], got[48];
	struct segs now = segs_read();
	CHECK(segs_equal(now, mine), "%s, round %u: selectors %s, expected %s", who, round, segs_str(now, got),
	      segs_str(mine, want));
	CHECK(!failsafe_seen.count,
	      "%s, round %u: failsafe callback entered with ds 0x%lx es 0x%lx fs 0x%lx gs 0x%lx", who, round,
	      failsafe_seen.f.ds, failsafe_seen.f.es, failsafe_seen.f.fs, failsafe_seen.f.gs);
}

void seg_hold_initial(const char *const roles[], unsigned n_roles, unsigned rounds, struct segs mine)
{
	domid_t d[MAX_PEERS];
	evtchn_port_t port[MAX_PEERS];
	char buf[48];
	CHECK(n_roles <= MAX_PEERS, "%u peers", n_roles);
	events_init();
	begin(mine);
	for (unsigned i = 0; i < n_roles; i++)
		d[i] = peer_start_kib(roles[i], PEER_KIB, &port[i]);
	for (unsigned r = 1; r <= rounds; r++)
		for (unsigned i = 0; i < n_roles; i++) {
			CHECK_EQ(evtchn_send(port[i]), 0);
			CHECK(peer_wait_report(d[i], port[i], ANSWER_NS), "peer %s (d%u) did not answer round %u",
			      roles[i], d[i], r);
			check(mine, "initial domain", r);
		}
	for (unsigned i = 0; i < n_roles; i++)
		CHECK(peer_wait_gone(d[i], ANSWER_NS), "peer %s (d%u) did not end", roles[i], d[i]);
	printf("initial domain: %s held across %u switches to and from each of %u peers\n", segs_str(mine, buf),
	       2 * rounds, n_roles);
}

noreturn void seg_hold_peer(const char *role, unsigned rounds, struct segs mine)
{
	char buf[48];
	peer_begin();
	begin(mine);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);            /* ready */
	for (unsigned r = 1;; r++) {
		peer_wait_signal();
		check(mine, role, r);
		if (r == rounds) {
			printf("peer %s: %s held across %u switches\n", role, segs_str(mine, buf), 2 * rounds);
			peer_report_ok();
		}
		CHECK_EQ(evtchn_send(PEER_PORT), 0);
	}
}
