/*
 * A host grant map onto a present PTE replaces it as Xen 4.17 does, and
 * GNTTABOP_unmap_and_replace moves another entry onto a grant's slot.
 *
 * The test kernel is the initial domain (domain 0 on Umbra and on Xen) and
 * grants pages of its own to itself, so it gives the same verdict booted as
 * Xen's dom0.  It checks:
 *   - a map over an ordinary writable mapping shows the granted page, hands
 *     back the frame's machine address in dev_bus_addr, and drops the old
 *     entry's references: the page it mapped can at once become a page table;
 *   - a map over a grant entry replaces that too: the old handle no longer
 *     finds its entry (general_error) and its grant stays busy (its pin
 *     lives until its mapper dies); mapping one frame twice at one address,
 *     either handle's unmap clears the entry, once;
 *   - a map over a read-only view of a pinned page table leaves the table
 *     typed and pinned (the view held a general reference only);
 *   - unmap_and_replace moves new_addr's entry onto the grant's address and
 *     clears new_addr; the grant is free again;
 *   - refused replaces: onto the grant's own slot (general_error, and the
 *     slot is left empty, as Xen leaves it), a new_addr in the hypervisor's
 *     range (nothing changed), a new_addr with a GNTMAP_contains_pte mapping
 *     (nothing changed); host_addr 0 leaves the mapping;
 *   - a grant takes at most 128 pins of one kind (the 129th read-only map
 *     is general_error; a writable one, another kind, still works), each map
 *     here replacing the last at one address.
 */
#include "gnttab.h"
#include "pt.h"
#include "test.h"

#define SELF 0
#define REF GNTTAB_FIRST_FREE_REF
static uint8_t pages[5][4096] __attribute__((aligned(4096)));

static uint64_t mfn_of(unsigned i)
{
	return guest_va_to_mfn(pages[i]);
}

static bool busy(grant_ref_t ref)
{
	return __atomic_load_n(&grant_table[ref].flags, __ATOMIC_SEQ_CST) & (GTF_reading | GTF_writing);
}

static int16_t replace(uint64_t host, uint64_t new_addr, grant_handle_t h)
{
	struct gnttab_unmap_and_replace r = { host, new_addr, h, 0, 0 };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
	return r.status;
}

/* A fresh zeroed frame of ours mapped at its natural address with flags. */
static uint64_t fresh(uint64_t flags, uint64_t *pfn)
{
	*pfn = pt_alloc();
	CHECK_EQ(pt_map(*pfn, flags), 0);
	return pt_pfn_va(*pfn);
}

static void over_ordinary_mapping(void)
{
	uint64_t pfn, va = fresh(PT_P | PT_RW, &pfn);
	struct gnttab_map_grant_ref m = { .host_addr = va, .flags = GNTMAP_host_map, .ref = REF, .dom = SELF };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(m.dev_bus_addr, mfn_of(0) << 12);
	CHECK(memcmp((const void *)va, "page 0", 7) == 0, "the replacing grant shows other data");
	CHECK_EQ(pt_pin(1, pt_mfn(pfn)), 0);            /* its writable mapping is gone */
	CHECK_EQ(pt_unpin(pt_mfn(pfn)), 0);
	CHECK_EQ(gnttab_unmap(va, m.handle), GNTST_okay);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK(gnttab_revoke(REF), "the grant stayed busy after its unmap");
	gnttab_grant(REF, SELF, mfn_of(0), false);
}

static void over_grant_entry(void)
{
	uint64_t va = grant_window(0);
	grant_handle_t h1, h2, h3, h4;
	CHECK_EQ(gnttab_map(SELF, REF + 1, va, 0, &h1), GNTST_okay);
	CHECK_EQ(gnttab_map(SELF, REF + 2, va, 0, &h2), GNTST_okay);
	CHECK(memcmp((const void *)va, "page 2", 7) == 0, "the second grant is not what is mapped");
	CHECK_EQ(gnttab_unmap(va, h1), GNTST_general_error);
	CHECK(busy(REF + 1), "a replaced grant entry's pin went without an unmap");
	CHECK_EQ(gnttab_unmap(va, h2), GNTST_okay);
	CHECK(!busy(REF + 2), "an unmapped grant stayed busy");
	CHECK_EQ(gnttab_map(SELF, REF + 3, va, 0, &h3), GNTST_okay);
	CHECK_EQ(gnttab_map(SELF, REF + 3, va, 0, &h4), GNTST_okay);
	CHECK_EQ(gnttab_unmap(va, h3), GNTST_okay);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK_EQ(gnttab_unmap(va, h4), GNTST_general_error);
	CHECK(busy(REF + 3), "the second pin went with the first unmap");
}

static void over_pagetable_view(void)
{
	uint64_t pfn = pt_alloc(), l1 = pt_mfn(pfn), va = pt_pfn_va(pfn);
	grant_handle_t h;
	CHECK_EQ(pt_pin(1, l1), 0);
	CHECK_EQ(pt_map(pfn, PT_P), 0);                   /* a read-only view of the table */
	CHECK_EQ(gnttab_map(SELF, REF, va, GNTMAP_readonly, &h), GNTST_okay);
	/* still a pinned table (Xen says -EBUSY, Umbra -EINVAL: mmu_update's business) */
	CHECK(pt_map(pfn, PT_P | PT_RW) < 0, "a pinned table was mapped writable");
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK_EQ(pt_unpin(l1), 0);
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW), 0);           /* an ordinary page again */
	CHECK_EQ(pt_map(pfn, 0), 0);
}

static void unmap_and_replace(void)
{
	uint64_t va = grant_window(1), pfn, new_va = fresh(PT_P | PT_RW, &pfn);
	memcpy((void *)new_va, "replacement", 12);
	grant_handle_t h;
	CHECK_EQ(gnttab_map(SELF, REF, va, 0, &h), GNTST_okay);
	CHECK_EQ(replace(va, new_va, h), GNTST_okay);
	CHECK(memcmp((const void *)va, "replacement", 12) == 0, "host_addr does not show new_addr's page");
	CHECK_EQ(pt_entry(new_va, 1), 0);
	CHECK_EQ(PT_MFN(pt_entry(va, 1)), pt_mfn(pfn));
	CHECK(!busy(REF), "the replaced grant stayed busy");
	CHECK_EQ(replace(va, 0, h), GNTST_bad_handle);
	CHECK_EQ(HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG), 0);  /* an ordinary entry now */

	/* onto its own slot: refused, and the slot is empty (Xen takes new_addr first) */
	CHECK_EQ(gnttab_map(SELF, REF + 4, va, 0, &h), GNTST_okay);
	CHECK_EQ(replace(va, va, h), GNTST_general_error);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK(busy(REF + 4), "a refused replace dropped the grant's pin");

	/* refused before anything is taken */
	CHECK_EQ(gnttab_map(SELF, REF, va, 0, &h), GNTST_okay);
	CHECK_EQ(replace(va, 0xFFFF830000000000ull, h), GNTST_general_error);
	CHECK_EQ(replace(0, new_va, h), GNTST_okay);                 /* host_addr 0: leave it */
	CHECK(memcmp((const void *)va, "page 0", 7) == 0, "the grant went away");
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	uint64_t pte = pt_entry_maddr(va, 1);
	CHECK_EQ(gnttab_map(SELF, REF, pte, GNTMAP_contains_pte, &h), GNTST_okay);
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW), 0);
	CHECK_EQ(replace(pte, new_va, h), GNTST_general_error);
	CHECK_EQ(PT_MFN(pt_entry(new_va, 1)), pt_mfn(pfn));          /* not taken */
	CHECK_EQ(replace(pte, 0, h), GNTST_okay);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK(!busy(REF), "the grant stayed busy");
}

static void pin_limit(void)
{
	uint64_t va = grant_window(2);
	grant_handle_t h, last = 0;
	unsigned n = 0;
	int16_t st;
	while ((st = gnttab_map(SELF, REF + 5, va, GNTMAP_readonly, &h)) == GNTST_okay && n < 200) {
		last = h;
		n++;
	}
	CHECK(n == 128 && st == GNTST_general_error, "%u read-only maps of one grant, then status %d", n, st);
	CHECK_EQ(gnttab_map(SELF, REF + 5, va, 0, &h), GNTST_okay);
	CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	CHECK_EQ(gnttab_map(SELF, REF + 5, va, GNTMAP_readonly, &h), GNTST_general_error);
	CHECK_EQ(gnttab_unmap(va, last), GNTST_general_error);      /* its entry was replaced */
	CHECK_EQ(gnttab_map(SELF, REF + 5, va, GNTMAP_readonly, &h), GNTST_general_error);
}

int main(void)
{
	pt_init();
	gnttab_setup(1);
	for (unsigned i = 0; i < 5; i++) {
		char text[8] = "page 0";
		text[5] = (char)('0' + i);
		memcpy(pages[i], text, 7);
		gnttab_grant(REF + i, SELF, mfn_of(i), false);
	}
	gnttab_grant(REF + 5, SELF, mfn_of(4), false);
	over_ordinary_mapping();
	over_grant_entry();
	over_pagetable_view();
	unmap_and_replace();
	pin_limit();
	test_pass();
}
