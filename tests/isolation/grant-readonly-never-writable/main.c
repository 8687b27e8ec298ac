/*
 * Rule: a read-only grant never yields write access.  Mapping it writable
 * and copying into it are refused (general_error); a write through its
 * read-only mapping faults (#PF, present|write) and lands nowhere; the
 * granter's page is unchanged.
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
	memcpy(page, "read-only data", 15);
	gnttab_grant(REF, 0, guest_va_to_mfn(page), true);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	CHECK(memcmp(page, "read-only data", 15) == 0, "the read-only page changed");
	peer_report_ok();
}

int main(void)
{
	static uint8_t buf[4096] __attribute__((aligned(4096)));
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	domid_t d = peer_start("granter", &local);
	uint64_t va = grant_window(0);
	grant_handle_t h;
	CHECK_EQ(gnttab_map(d, REF, va, 0, &h), GNTST_general_error);
	CHECK_EQ(gnttab_copy_to_ref(d, REF, buf, 4), GNTST_general_error);
	CHECK_EQ(gnttab_map(d, REF, va, GNTMAP_readonly, &h), GNTST_okay);
	catch_reset();
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	__asm__ volatile("movb $0x55, (%%rax)" :: "a"(va) : "memory");     /* c6 00 55 */
	CHECK(caught.count == 1 && caught.error_code == 3 && caught.cr2 == va,
	      "write through a read-only grant: %u traps, error %lx", caught.count, caught.error_code);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter's page was harmed");
	test_pass();
}
