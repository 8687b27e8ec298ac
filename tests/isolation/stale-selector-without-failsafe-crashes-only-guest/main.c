/*
 * Rule: a vCPU whose saved selector no longer loads when it is switched back
 * in, and which registered no failsafe callback, is crashed: that domain
 * alone, with a warning in the hypervisor's log, and the hypervisor and every
 * other domain go on.  It never comes back with the selector silently
 * nulled, and the hypervisor never faults on the load.
 *
 * Two peers without a failsafe callback each load a good selector into %fs,
 * report, make the selector stale and wait, so the initial domain runs: one
 * turns its GDT descriptor not present (update_descriptor), the other
 * removes its LDT (MMUEXT_SET_LDT with no entries).  The initial domain then
 * wakes each; switching it back in must crash it (a peer that comes back
 * says TEST FAIL).  Both are gone, the initial domain still runs, a domain
 * it starts afterwards runs and reports, and the hypervisor still answers;
 * test.spec checks the warnings, and that every frame comes back.
 */
#include "attack.h"
#include "peer.h"
#include "seg.h"

#define GONE_NS 5000000000ull

/*
 * Report ready first: from the moment the selector is stale any switch, even
 * a preemption before the victim waits, must crash it.
 */
static noreturn void victim(const char *how)
{
	uint64_t table, va;
	peer_begin();
	if (peer_role("gdt")) {
		seg_gdt_install(1, &table);
		seg_desc(&table, 16, DESC_DATA);
		segs_load((struct segs){ 0, 0, SEL_GDT(16), 0 });
	} else {
		table = seg_ldt_install(1, &va);
		seg_desc(&table, 0, DESC_DATA);
		segs_load((struct segs){ 0, 0, SEL_LDT(0), 0 });
	}
	printf("victim: %%fs 0x%x, %s, no failsafe callback\n", segs_read().fs, how);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	if (peer_role("gdt"))
		seg_desc(&table, 16, DESC_DATA_NP);
	else
		CHECK_EQ(seg_set_ldt(0, 0), 0);
	peer_wait_signal();
	test_fail("victim came back with %%fs 0x%x: not crashed", segs_read().fs);
}

int main(void)
{
	if (peer_role("gdt"))
		victim("its GDT descriptor to be made not present");
	if (peer_role("ldt"))
		victim("its LDT to be removed");
	if (peer_role("after"))
		peer_report_ok();
	events_init();
	evtchn_port_t port[2];
	domid_t d[2] = { peer_start_kib("gdt", 8192, &port[0]), peer_start_kib("ldt", 8192, &port[1]) };
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(evtchn_send(port[i]), 0);
		CHECK(peer_wait_gone(d[i], GONE_NS), "d%u still running", d[i]);
		printf("d%u is gone\n", d[i]);
	}
	evtchn_port_t p;
	domid_t after = peer_start("after", &p);
	printf("a domain started after the crashes (d%u) ran and reported\n", after);
	CHECK(peer_wait_gone(after, GONE_NS), "d%u still running", after);
	attack_hv_alive();
	test_pass();
}
