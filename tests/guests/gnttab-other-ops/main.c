/*
 * The grant_table_op sub-ops besides map and unmap answer what Xen 4.17
 * answers a 64-bit PV guest.
 *
 * The test kernel is the initial domain (domain 0 on Umbra and on Xen) and
 * works on its own table, so it gives the same verdict booted as Xen's dom0,
 * except for set_version 2: Umbra answers as Xen booted with
 * gnttab=max-ver:1 (-ENOSYS); Xen 4.17's default lets dom0 switch, which
 * this test then undoes (and re-grants, as a switch clears the table).
 *   - set_version: 1 is 0, anything but 1 and 2 -EINVAL, and the version in
 *     force is written back every time; get_version 1, an unknown domain
 *     -ESRCH; dump_table is gone (-ENOSYS);
 *   - get_status_frames: count must be 1 (-EINVAL); version 1 has no status
 *     frames (asking for one: general_error; none: okay); unknown domain:
 *     bad_domain;
 *   - swap_grant_ref swaps two entries; a reference out of range is
 *     bad_gntref, a pinned one eagain, one with itself okay;
 *   - copy: a frame named by our numeric id instead of DOMID_SELF is
 *     permission_denied; domains are checked before references, and
 *     references before offsets; GTF_sub_page does not stop a v1 copy;
 *   - cache_flush: offset, length and op bits checked (-EINVAL, the batch
 *     ends there), nothing to do is 0 (or -EILSEQ when resumed), an address
 *     outside RAM -EINVAL, a frame of no domain -EPERM, INVAL alone
 *     -EOPNOTSUPP, CLEAN on our own page 0;
 *   - transfer: a frame we do not hold alone is bad_page and stays ours;
 *     given to DOMID_SELF it is lost (bad_domain); given to our own
 *     accept_transfer entry it comes back with its contents, the entry
 *     completed with the frame's number and the M2P naming the PFN the
 *     entry asked for.
 */
#include "gnttab.h"
#include "pt.h"
#include "test.h"

#define SELF 0
#define REF GNTTAB_FIRST_FREE_REF
static uint8_t pages[2][4096] __attribute__((aligned(4096)));

static long gop(unsigned cmd, void *arg, unsigned count)
{
	return HYPERVISOR_grant_table_op(cmd, arg, count);
}

static void versions(void)
{
	struct gnttab_set_version v = { 2 };
	long rc = gop(GNTTABOP_set_version, &v, 1);
	CHECK(rc == -XEN_ENOSYS || (rc == 0 && v.version == 2), "set_version 2: %ld, version %u", rc, v.version);
	v.version = 1;
	CHECK_EQ(gop(GNTTABOP_set_version, &v, 1), 0);
	for (uint32_t bad = 0; bad < 5; bad += 3) {
		v.version = bad;
		CHECK_EQ(gop(GNTTABOP_set_version, &v, 1), -XEN_EINVAL);
		CHECK_EQ(v.version, 1);
	}
	struct gnttab_get_version g = { DOMID_SELF, 0, 9 };
	CHECK_EQ(gop(GNTTABOP_get_version, &g, 1), 0);
	CHECK_EQ(g.version, 1);
	g.dom = 0x7000;
	CHECK_EQ(gop(GNTTABOP_get_version, &g, 1), -XEN_ESRCH);
	struct gnttab_dump_table d = { DOMID_SELF, 5 };
	CHECK_EQ(gop(GNTTABOP_dump_table, &d, 1), -XEN_ENOSYS);
	uint64_t list[1];
	struct gnttab_get_status_frames s = { 1, DOMID_SELF, 5, (uint64_t)list };
	CHECK_EQ(gop(GNTTABOP_get_status_frames, &s, 2), -XEN_EINVAL);
	CHECK_EQ(gop(GNTTABOP_get_status_frames, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_general_error);
	s.nr_frames = 0;
	CHECK_EQ(gop(GNTTABOP_get_status_frames, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	s.dom = 0x7000;
	CHECK_EQ(gop(GNTTABOP_get_status_frames, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_bad_domain);
}

static void swaps(void)
{
	grant_table[REF + 2] = (struct grant_entry_v1){ .flags = 0x55, .domid = 5, .frame = 1234 };
	grant_table[REF + 3] = (struct grant_entry_v1){ 0, 0, 0 };
	struct gnttab_swap_grant_ref s = { REF + 2, REF + 3, 5, 0 };
	CHECK_EQ(gop(GNTTABOP_swap_grant_ref, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	CHECK(grant_table[REF + 3].flags == 0x55 && grant_table[REF + 3].domid == 5 &&
	      grant_table[REF + 3].frame == 1234 && grant_table[REF + 2].flags == 0, "not swapped");
	s.ref_b = 100000;
	CHECK_EQ(gop(GNTTABOP_swap_grant_ref, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_bad_gntref);
	grant_table[REF + 3].flags = 0;
	grant_handle_t h;
	uint64_t va = grant_window(0);
	CHECK_EQ(gnttab_map(SELF, REF, va, 0, &h), GNTST_okay);
	struct gnttab_swap_grant_ref p[3] = { { REF, REF + 3, 5, 0 }, { REF + 3, REF, 5, 0 }, { REF, REF, 5, 0 } };
	CHECK_EQ(gop(GNTTABOP_swap_grant_ref, p, 3), 0);
	CHECK(p[0].status == GNTST_eagain && p[1].status == GNTST_eagain && p[2].status == GNTST_okay,
	      "swap of a pinned entry: %d %d %d", p[0].status, p[1].status, p[2].status);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
}

static void copies(void)
{
	struct gnttab_copy c = { .len = 8 };
	c.source.u.gmfn = guest_va_to_mfn(pages[0]);
	c.source.domid = SELF;                          /* our id, not DOMID_SELF */
	c.dest.u.gmfn = guest_va_to_mfn(pages[1]);
	c.dest.domid = DOMID_SELF;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_permission_denied);
	c.flags = GNTCOPY_source_gref;
	c.source.domid = 0x7000;
	c.len = 5000;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_domain);
	c.source.domid = DOMID_SELF;
	c.source.u.ref = 100000;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_gntref);
	c.source.u.ref = REF;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_bad_copy_arg);
	grant_table[REF + 4] = (struct grant_entry_v1){ GTF_permit_access | GTF_sub_page, SELF,
							(uint32_t)guest_va_to_mfn(pages[0]) };
	c.source.u.ref = REF + 4;
	c.len = 8;
	CHECK_EQ(gnttab_copy_one(&c), GNTST_okay);
	CHECK(memcmp(pages[1], "page one", 8) == 0, "the copy did not arrive");
	CHECK_EQ(grant_table[REF + 4].flags, GTF_permit_access | GTF_sub_page);
}

static void cache_flushes(void)
{
	uint64_t bus = guest_va_to_mfn(pages[0]) << 12;
	struct gnttab_cache_flush f = { .a.dev_bus_addr = bus, .offset = 0, .length = 64, .op = GNTTAB_CACHE_CLEAN };
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), 0);
	f.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), 0);
	f.op = GNTTAB_CACHE_INVAL;
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), -XEN_EOPNOTSUPP);
	static const struct { uint16_t offset, length; uint32_t op; } bad[] = {
		{ 4096, 1, 1 }, { 4000, 97, 1 }, { 0, 4097, 1 }, { 0, 8, 4 },
		{ 0, 8, GNTTAB_CACHE_SOURCE_GREF | GNTTAB_CACHE_CLEAN },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = (struct gnttab_cache_flush){ .a.dev_bus_addr = bus, .offset = bad[i].offset,
						 .length = bad[i].length, .op = bad[i].op };
		CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), -XEN_EINVAL);
	}
	f = (struct gnttab_cache_flush){ .a.dev_bus_addr = 1ull << 50, .length = 0, .op = 1 };
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), 0);                     /* nothing to do */
	CHECK_EQ(gop(GNTTABOP_cache_flush | 0x1000, &f, 1), -XEN_EILSEQ);
	CHECK_EQ(gop(GNTTABOP_cache_flush | 0x1000, &f, 0), 0);
	f.length = 8;
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), -XEN_EINVAL);           /* not RAM */
	f.a.dev_bus_addr = 0x1000;                                          /* nobody's frame */
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), -XEN_EPERM);
	f.a.dev_bus_addr = bus + 100;
	CHECK_EQ(gop(GNTTABOP_cache_flush, &f, 1), 0);
	struct gnttab_cache_flush two[2] = { f, f };
	two[1].offset = 4096;
	CHECK_EQ(gop(GNTTABOP_cache_flush, two, 2), -XEN_EINVAL);
}

static int16_t transfer(uint64_t mfn, domid_t to, grant_ref_t ref)
{
	struct gnttab_transfer t = { .mfn = mfn, .domid = to, .ref = ref, .status = 5 };
	CHECK_EQ(gop(GNTTABOP_transfer, &t, 1), 0);
	return t.status;
}

static void transfers(void)
{
	CHECK_EQ(transfer(1ull << 40, SELF, REF + 5), GNTST_bad_page);
	CHECK_EQ(transfer(guest_va_to_mfn(pages[0]), SELF, REF + 5), GNTST_bad_page);   /* mapped */
	CHECK_EQ(transfer(pt_cr3_mfn(), SELF, REF + 5), GNTST_bad_page);                /* a table */
	CHECK_EQ(transfer(0x1000 >> 12, SELF, REF + 5), GNTST_bad_page);                /* not ours */
	CHECK_EQ(memcmp(pages[0], "page one", 8), 0);

	uint64_t pfn = pt_alloc(), mfn = pt_mfn(pfn);
	CHECK_EQ(transfer(mfn, DOMID_SELF, REF + 5), GNTST_bad_domain);
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW), -XEN_EBUSY);                  /* lost: no longer ours */
	CHECK_EQ(transfer(mfn, SELF, REF + 5), GNTST_bad_page);

	pfn = pt_alloc();
	mfn = pt_mfn(pfn);
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW), 0);
	memcpy((void *)pt_pfn_va(pfn), "travels", 8);
	CHECK_EQ(pt_map(pfn, 0), 0);
	grant_table[REF + 5] = (struct grant_entry_v1){ GTF_accept_transfer, SELF, (uint32_t)pfn };
	CHECK_EQ(transfer(mfn, SELF, REF + 5 + 1), GNTST_general_error);   /* no offer there: lost */
	pfn = pt_alloc();
	mfn = pt_mfn(pfn);
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW), 0);
	memcpy((void *)pt_pfn_va(pfn), "travels", 8);
	CHECK_EQ(pt_map(pfn, 0), 0);
	grant_table[REF + 5] = (struct grant_entry_v1){ GTF_accept_transfer, SELF, 0x777 };
	CHECK_EQ(transfer(mfn, SELF, REF + 5), GNTST_okay);
	CHECK_EQ(grant_table[REF + 5].flags, GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed);
	CHECK_EQ(grant_table[REF + 5].frame, mfn);
	CHECK_EQ(M2P[mfn], 0x777);
	CHECK_EQ(pt_map_mfn(pt_pfn_va(pfn), mfn, PT_P | PT_RW), 0);
	CHECK(memcmp((const void *)pt_pfn_va(pfn), "travels", 8) == 0, "the transferred page lost its contents");
	CHECK_EQ(pt_map(pfn, 0), 0);
}

int main(void)
{
	pt_init();
	gnttab_setup(1);
	versions();
	gnttab_setup(1);
	memcpy(pages[0], "page one", 8);
	gnttab_grant(REF, SELF, guest_va_to_mfn(pages[0]), false);
	swaps();
	copies();
	cache_flushes();
	transfers();
	test_pass();
}
