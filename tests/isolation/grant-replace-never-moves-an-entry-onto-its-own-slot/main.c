/*
 * Rule: unmap_and_replace never moves an entry onto the slot it leaves.
 * new_addr naming the grant's own slot, by the same address or through an
 * alias (a second L2 entry pointing at the same L1), is refused
 * (general_error); as in Xen the entry was taken off new_addr first, so the
 * slot is left empty with the grant's references dropped once, and the
 * grant's pin lives on until its mapper dies.  Moving the grant entry onto
 * itself and then dropping its references would leave a live entry holding
 * none; the test would then still see the granted page, and the halt's frame
 * count would catch the difference.
 */
#include "gnttab.h"
#include "pt.h"
#include "test.h"

#define SELF 0                          /* the initial domain */
#define REF GNTTAB_FIRST_FREE_REF
static uint8_t page[4096] __attribute__((aligned(4096)));

static int16_t replace(uint64_t host, uint64_t new_addr, grant_handle_t h)
{
	struct gnttab_unmap_and_replace r = { host, new_addr, h, 0, 0 };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
	return r.status;
}

static bool busy(grant_ref_t ref)
{
	return __atomic_load_n(&grant_table[ref].flags, __ATOMIC_SEQ_CST) & GTF_reading;
}

int main(void)
{
	pt_init();
	gnttab_setup(1);
	memcpy(page, "granted", 8);
	gnttab_grant(REF, SELF, guest_va_to_mfn(page), false);
	gnttab_grant(REF + 1, SELF, guest_va_to_mfn(page), false);
	uint64_t va = grant_window(0);
	grant_handle_t h;
	CHECK_EQ(gnttab_map(SELF, REF, va, 0, &h), GNTST_okay);
	CHECK_EQ(replace(va, va, h), GNTST_general_error);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK(busy(REF), "the pin went with the entry");

	/* an alias: a free L2 slot pointing at the L1 that maps va */
	uint64_t l2 = pt_table_mfn(va, 2), l1 = pt_table_mfn(va, 1);
	unsigned i2 = pt_index(va, 2) + 1;
	while (i2 < 512 && pt_entry(pt_va(pt_index(va, 4), pt_index(va, 3), i2, 0), 2))
		i2++;
	CHECK(i2 < 512, "no free L2 slot next to the window");
	CHECK_EQ(pt_update(pt_maddr(l2, i2), (l1 << 12) | PT_P | PT_RW | PT_US | PT_A), 0);
	uint64_t alias = pt_va(pt_index(va, 4), pt_index(va, 3), i2, pt_index(va, 1));
	CHECK_EQ(gnttab_map(SELF, REF + 1, va, 0, &h), GNTST_okay);
	CHECK(memcmp((const void *)alias, "granted", 8) == 0, "the alias does not show the slot");
	CHECK_EQ(replace(va, alias, h), GNTST_general_error);
	CHECK_EQ(pt_entry(va, 1), 0);
	CHECK(busy(REF + 1), "the pin went with the entry");
	CHECK_EQ(pt_update(pt_maddr(l2, i2), 0), 0);
	test_pass();
}
