/*
 * Rule: MMU_MACHPHYS_UPDATE changes the M2P entry of a frame the caller owns
 * and nothing else (xen-pv-abi.md 9.12.1: -EINVAL for a frame the page owner
 * does not own; -EPERM when a table owner other than the caller is named,
 * even by the privileged domain).  Targets: a spinning helper domain's
 * frames, hypervisor frames, a free frame, frames past RAM and far beyond.
 * Afterwards every M2P entry the guest can read is unchanged (the helper's
 * frames still map to their PFNs), the guest's own update still works
 * (positive control, restored), and the helper still runs.
 */
#include "attack.h"

static uint64_t foreign[256];

static void refuse(const char *what, uint64_t mfn, unsigned fd, long want)
{
	long rc = pt_update_fd((mfn << 12) | MMU_MACHPHYS_UPDATE, 0x42, fd);
	if (rc != want)
		test_fail("MMU_MACHPHYS_UPDATE of %s %lx (foreigndom 0x%x): %ld, expected %ld", what, mfn, fd, rc, want);
}

int main(void)
{
	long max_ram = HYPERVISOR_memory_op(2 /* XENMEM_maximum_ram_page */, NULL);
	unsigned n = attack_find_foreign(foreign, ARRAY_SIZE(foreign));
	CHECK(n == ARRAY_SIZE(foreign), "only %u frames of the helper domain found", n);
	uint64_t before[ARRAY_SIZE(foreign)];
	for (unsigned i = 0; i < n; i++) {
		before[i] = M2P[foreign[i]];
		refuse("another domain's frame", foreign[i], DOMID_SELF, -XEN_EINVAL);
		/* Naming the helper as table owner: privileged, but the table owner must be the caller. */
		refuse("another domain's frame, as its table owner", foreign[i], DOMID_SELF | 2 << 16, -XEN_EPERM);
	}
	for (uint64_t mfn = 0; mfn < 0x200; mfn += 7)
		refuse("hypervisor frame", mfn, DOMID_SELF, -XEN_EINVAL);
	refuse("free frame (top of RAM)", (uint64_t)max_ram - 1, DOMID_SELF, -XEN_EINVAL);
	refuse("frame past RAM", (uint64_t)max_ram, DOMID_SELF, -XEN_EINVAL);
	refuse("frame 2^40", 1ull << 40, DOMID_SELF, -XEN_EINVAL);
	refuse("frame 2^51", (1ull << 52) - 1, DOMID_SELF, -XEN_EINVAL);
	printf("refused as documented (-EINVAL, -EPERM): machphys updates of frames not owned\n");

	for (unsigned i = 0; i < n; i++)
		CHECK(M2P[foreign[i]] == before[i], "M2P[%lx] changed to 0x%lx", foreign[i], M2P[foreign[i]]);
	for (uint64_t mfn = 0; mfn < 0x200; mfn += 7)
		CHECK(M2P[mfn] >> 63, "M2P[%lx] = 0x%lx", mfn, M2P[mfn]);
	CHECK(M2P[max_ram - 1] >> 63, "M2P of the free top frame = 0x%lx", M2P[max_ram - 1]);
	uint64_t own = pt_mfn(5);
	CHECK_EQ(pt_update((own << 12) | MMU_MACHPHYS_UPDATE, 0x777), 0);
	CHECK_EQ(M2P[own], 0x777);
	CHECK_EQ(pt_update((own << 12) | MMU_MACHPHYS_UPDATE, 5), 0);
	CHECK_EQ(M2P[own], 5);
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
