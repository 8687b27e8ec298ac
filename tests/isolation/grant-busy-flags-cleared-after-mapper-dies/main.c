/*
 * Rule: when the mapper is gone, none of its grant mappings keeps the
 * granter's entries busy: GTF_reading/GTF_writing are cleared and the
 * granter can revoke, even for a mapping whose page-table entry vanished
 * without an unmap.  The mapper (a peer) maps grant REF into an L1 table it
 * pinned (GNTMAP_contains_pte) and REF + 1 at an ordinary address, then
 * unpins the table: the table loses its type and drops the entry with it,
 * so the handle can no longer unmap anything (general_error, as in Xen).
 * It dies holding both handles.  Xen, too, releases every pin of a dying
 * mapper whatever became of its page-table entries.
 */
#include "gnttab.h"
#include "peer.h"
#include "pt.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF       /* and REF + 1 */
static uint8_t pages[2][4096] __attribute__((aligned(4096)));

static void mapper(void)
{
	peer_begin();
	uint64_t va = grant_window(0), l1 = guest_va_to_mfn((void *)grant_window(1));   /* zeroed */
	CHECK_EQ(pt_pin(1, l1), 0);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();                                     /* granted */
	grant_handle_t h, h2;
	CHECK_EQ(gnttab_map(0, REF, pt_maddr(l1, 7), GNTMAP_contains_pte, &h), GNTST_okay);
	CHECK_EQ(gnttab_map(0, REF + 1, va, 0, &h2), GNTST_okay);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	CHECK_EQ(pt_unpin(l1), 0);
	int16_t st = gnttab_unmap(pt_maddr(l1, 7), h);
	printf("mapper: L1 unpinned; unmap of its grant entry: %d; dying with handles %u and %u\n",
	       st, h, h2);
	CHECK_EQ(st, GNTST_general_error);
	peer_report_ok();
}

static uint16_t flags(unsigned i)
{
	return __atomic_load_n(&grant_table[REF + i].flags, __ATOMIC_SEQ_CST);
}

int main(void)
{
	if (!is_initial_domain())
		mapper();
	events_init();
	gnttab_setup(1);
	evtchn_port_t local;
	domid_t d = peer_start("mapper", &local);
	for (unsigned i = 0; i < 2; i++)
		gnttab_grant(REF + i, d, guest_va_to_mfn(pages[i]), false);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the mapper did not map");
	printf("granter: while mapped, flags %x and %x\n", flags(0), flags(1));
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(flags(i), GTF_permit_access | GTF_reading | GTF_writing);
		CHECK(!gnttab_revoke(REF + i), "revoked a mapped grant");
	}
	CHECK_EQ(evtchn_send(local), 0);
	bool reported = peer_wait_report(d, local, 2000000000ull);
	CHECK(peer_wait_gone(d, 2000000000ull), "the mapper did not go");
	printf("granter: mapper gone (%s), flags %x and %x\n", reported ? "reported" : "no report",
	       flags(0), flags(1));
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(flags(i), GTF_permit_access);
		CHECK(gnttab_revoke(REF + i), "grant %u stayed busy after its mapper died", REF + i);
	}
	test_pass();
}
