/*
 * Rule: GNTTABOP_copy moves data between domains only through grants, in
 * both directions, with Xen's status codes for every refusal: a read-only
 * grant is no destination (general_error), a copy past the page end is
 * bad_copy_arg, a frame given by number must be the caller's own
 * (bad_page) and named DOMID_SELF (permission_denied), a reference beyond
 * the table is bad_gntref, an unknown domain bad_domain.
 */
#include "gnttab.h"
#include "peer.h"
#include "test.h"

#define REF GNTTAB_FIRST_FREE_REF
static uint8_t src[4096] __attribute__((aligned(4096)));
static uint8_t dst[4096] __attribute__((aligned(4096)));

static void granter(void)
{
	peer_begin();
	gnttab_setup(1);
	memcpy(src + 100, "data of the granter", 20);
	gnttab_grant(REF, 0, guest_va_to_mfn(src), true);
	gnttab_grant(REF + 1, 0, guest_va_to_mfn(dst), false);
	gnttab_grant(REF + 2, 0, guest_va_to_mfn(dst), true);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	CHECK(memcmp(dst + 300, "copied in by the mapper", 24) == 0, "the copy did not arrive");
	CHECK(dst[299] == 0 && dst[324] == 0, "the copy spilled");
	peer_report_ok();
}

static struct gnttab_copy by_ref(domid_t d, grant_ref_t ref, uint16_t off, bool source)
{
	struct gnttab_copy c = { 0 };
	struct gnttab_copy_ptr *p = source ? &c.source : &c.dest;
	p->u.ref = ref;
	p->domid = d;
	p->offset = off;
	c.flags = source ? GNTCOPY_source_gref : GNTCOPY_dest_gref;
	return c;
}

static void mine(struct gnttab_copy_ptr *p, const void *va, uint16_t off)
{
	p->u.gmfn = guest_va_to_mfn(va);
	p->domid = DOMID_SELF;
	p->offset = off;
}

int main(void)
{
	static uint8_t buf[4096] __attribute__((aligned(4096)));
	if (!is_initial_domain())
		granter();
	events_init();
	evtchn_port_t local;
	domid_t d = peer_start("granter", &local);

	/* granter -> us, through its read-only grant */
	struct gnttab_copy c = by_ref(d, REF, 100, true);
	mine(&c.dest, buf, 7);
	c.len = 20;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_okay);
	CHECK(memcmp(buf + 7, "data of the granter", 20) == 0, "copied the wrong bytes");
	/* us -> granter */
	memcpy(buf + 2000, "copied in by the mapper", 24);
	c = by_ref(d, REF + 1, 300, false);
	mine(&c.source, buf, 2000);
	c.len = 24;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_okay);

	/* refusals */
	c = by_ref(d, REF + 2, 0, false);
	mine(&c.source, buf, 0);
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_general_error);      /* read-only grant as destination */
	c = by_ref(d, REF + 1, 4090, false);
	mine(&c.source, buf, 0);
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_copy_arg);
	c = by_ref(d, REF, 0, true);
	mine(&c.dest, buf, 4095);
	c.len = 2;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_copy_arg);
	c = by_ref(d, REF, 0, true);
	c.dest.u.gmfn = 0x100;                                  /* the hypervisor's image */
	c.dest.domid = DOMID_SELF;
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_page);
	c = by_ref(d, REF, 0, true);
	mine(&c.dest, buf, 0);
	c.dest.domid = d;                                       /* a frame by number, not ours */
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_permission_denied);
	c = by_ref(d, 512, 0, true);                            /* one frame: refs 0..511 */
	mine(&c.dest, buf, 0);
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_gntref);
	c = by_ref(0x7000, REF, 0, true);
	mine(&c.dest, buf, 0);
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_domain);

	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, 2000000000ull), "the granter did not see the copy");
	test_pass();
}
