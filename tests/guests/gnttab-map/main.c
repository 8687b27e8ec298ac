/*
 * Rule: a domain maps another domain's page only through a grant offered to
 * it.  Through a writable mapping the mapper reads the granter's data and
 * its writes reach the granter; a read-only grant cannot be mapped writable,
 * maps read-only, and a write through it faults (#PF, present|write);
 * unmapping leaves the address unmapped again.
 */
#include "catch.h"
#include "gnttab.h"
#include "peer.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

static void granter(void)
{
	peer_begin();
	gnttab_setup(1);
	memcpy(page, "from the granter", 17);
	gnttab_grant(REF, 0, guest_va_to_mfn(page), false);
	gnttab_grant(REF + 1, 0, guest_va_to_mfn(page), true);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	CHECK(memcmp(page, "from the mapper!", 17) == 0, "the mapper's write did not arrive");
	peer_report_ok();
}

int main(void)
{
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	domid_t d = peer_start("granter", &local);

	uint64_t va = grant_window(0);
	volatile char *p = (volatile char *)va;
	grant_handle_t h;
	CHECK_EQ(gnttab_map(d, REF, va, 0, &h), GNTST_okay);
	CHECK(memcmp((const void *)va, "from the granter", 17) == 0, "mapping shows other data");
	memcpy((void *)va, "from the mapper!", 17);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_bad_handle);        /* the handle is gone */

	CHECK_EQ(gnttab_map(d, REF + 1, va, 0, &h), GNTST_general_error);
	CHECK_EQ(gnttab_map(d, REF + 1, va, GNTMAP_readonly, &h), GNTST_okay);
	CHECK(memcmp((const void *)va, "from the mapper!", 17) == 0, "read-only mapping shows other data");
	catch_reset();
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	__asm__ volatile("movb $0x55, (%%rax)" :: "a"(va) : "memory");     /* c6 00 55 */
	CHECK(caught.count == 1 && caught.error_code == 3 && caught.cr2 == va,
	      "write through a read-only grant: %u traps, error %lx, cr2 %lx", caught.count,
	      caught.error_code, caught.cr2);
	CHECK(p[0] == 'f', "a write through a read-only grant landed");
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);

	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter did not see our write");
	test_pass();
}
