/*
 * An HVM guest that balloons out four of its pages
 * (XENMEM_decrease_reservation with their guest frame numbers) and then
 * touches one: the hypervisor must have removed them from its p2m and
 * flushed its translations (fresh ASIDs: the counters show it), so the
 * touch is a nested page fault that crashes this domain alone
 * (tests/isolation/hvm-ballooned-page-flushed-and-unreachable).  Calls the
 * hypervisor must refuse complete nothing: the same pages again, a 2-page
 * extent, another domain.
 */
#include "hvm_guest.h"

#define __HYPERVISOR_memory_op 12
#define XENMEM_decrease_reservation 1
#define DOMID_SELF 0x7FF0

struct reservation {
	uint64_t extent_start, nr_extents;
	uint32_t extent_order, mem_flags;
	uint16_t domid;
};

static uint8_t pages[4][4096] __attribute__((aligned(4096)));

static long decrease(uint64_t *gfns, uint64_t n, uint32_t order, uint16_t domid)
{
	struct reservation r = { (uint64_t)(uintptr_t)gfns, n, order, 0, domid };
	return hvm_hypercall(__HYPERVISOR_memory_op, XENMEM_decrease_reservation, (uint64_t)(uintptr_t)&r, 0);
}

void hvm_main(const char *cmdline, const struct hvm_start_info *si)
{
	(void)cmdline, (void)si;
	uint64_t gfns[4];
	for (int i = 0; i < 4; i++) {
		pages[i][0] = (uint8_t)(0xA0 + i);
		gfns[i] = (uint64_t)(uintptr_t)pages[i] >> 12;
	}
	long rc = decrease(gfns, 1, 1, DOMID_SELF);
	if (rc != 0)
		hvm_fail("a 2-page extent completed %ld", rc);
	rc = decrease(gfns, 1, 0, 0);
	if (rc != 0)
		hvm_fail("decrease_reservation on domain 0 completed %ld", rc);
	rc = decrease(gfns, 4, 0, DOMID_SELF);
	if (rc != 4)
		hvm_fail("decrease_reservation of 4 pages completed %ld", rc);
	rc = decrease(gfns, 4, 0, DOMID_SELF);
	if (rc != 0)
		hvm_fail("the same 4 pages again completed %ld", rc);
	printf("hvm-balloon: gave back guest frames %lx-%lx; touching %lx\n", gfns[0], gfns[3], gfns[2]);
	uint8_t v = *(volatile uint8_t *)pages[2];
	hvm_fail("read %x from a page given back, and lived", v);
}
