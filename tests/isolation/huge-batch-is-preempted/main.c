/*
 * Rule: a batch of any length cannot hold the CPU (xen-pv-abi.md 4.5, 9.14):
 * mmu_update and multicall continue themselves every few requests, so other
 * domains run in between, and the batch still completes exactly.  The guest
 * maps one page of no-op requests 4096 times (16 MiB of read-only aliases)
 * and submits 2^20 mmu_updates in one hypercall, then a multicall of 2^18
 * entries the same way (writable aliases: results are written back).
 *
 * Proof that the spinning helper domain ran *during* each batch: the CPU
 * time of both domains (domctl getdomaininfo) is read right before and right
 * after the batch inside the same hypercall: as multicall entries around the
 * mmu_update, and as the first and last entries of the huge multicall.  A
 * batch that never gave the CPU away shows the helper's time unchanged; the
 * test wants the helper to have had at least a fifth of the time.
 */
#include "attack.h"
#include "domctl.h"
#include "public/version.h"

#define BASE 0x40000000ull      /* 1 GiB, in the lower half: fresh tables */
#define PAGES 4096
#define MMU_COUNT (PAGES * 4096 / 16)
#define MC_COUNT (PAGES * 4096 / 64)
#define HELPER 1

static struct xen_domctl info[4];       /* helper before, self before, helper after, self after */

/* Map frame mfn at every page of [BASE, BASE + PAGES * 4096), in batches of 256 updates. */
static void alias(uint64_t mfn, uint64_t flags)
{
	static struct mmu_update req[256];
	for (uint64_t va = BASE; va < BASE + PAGES * 4096ull; va += 256 * 4096) {
		CHECK_EQ(pt_ensure_l1(va), 0);
		uint64_t l1 = pt_entry_maddr(va, 1) & ~4095ull;
		for (unsigned i = 0; i < 256; i++)
			req[i] = (struct mmu_update){ l1 + 8 * pt_index(va + i * 4096ull, 1), (mfn << 12) | flags };
		unsigned done = 0;
		CHECK_EQ(HYPERVISOR_mmu_update(req, 256, &done, DOMID_SELF), 0);
		CHECK_EQ(done, 256);
	}
}

static struct multicall_entry getinfo(unsigned i)
{
	info[i] = (struct xen_domctl){ .cmd = XEN_DOMCTL_getdomaininfo,
				       .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
				       .domain = i % 2 ? 0 : HELPER };
	return (struct multicall_entry){ .op = __HYPERVISOR_domctl, .result = -1, .args = { (uint64_t)&info[i] } };
}

static void check_shares(const char *what)
{
	for (unsigned i = 0; i < 4; i++)
		CHECK(info[i].domain == (i % 2 ? 0 : HELPER), "%s: getdomaininfo %u answered for d%u", what, i,
		      info[i].domain);
	uint64_t helper = info[2].u.getdomaininfo.cpu_time - info[0].u.getdomaininfo.cpu_time;
	uint64_t self = info[3].u.getdomaininfo.cpu_time - info[1].u.getdomaininfo.cpu_time;
	printf("%s: during it the helper ran %lu us, this domain %lu us\n", what, helper / 1000, self / 1000);
	CHECK(helper >= 10000000 && helper * 5 >= helper + self, "%s held the CPU: the helper ran %lu ns of %lu",
	      what, helper, helper + self);
}

int main(void)
{
	uint64_t page = pt_alloc();
	long version = xen_version_reported();
	CHECK_EQ(pt_map(page, PT_P | PT_RW | PT_A), 0);
	/* Each request rewrites the page's own window entry with its current value. */
	uint64_t entry = pt_entry_maddr(pt_pfn_va(page), 1), live = pt_entry(pt_pfn_va(page), 1);
	struct mmu_update *r = (struct mmu_update *)pt_pfn_va(page);
	for (unsigned i = 0; i < 256; i++)
		r[i] = (struct mmu_update){ entry, live };
	alias(pt_mfn(page), PT_P | PT_A);

	static unsigned done;
	struct multicall_entry m[5] = {
		getinfo(0), getinfo(1),
		{ .op = __HYPERVISOR_mmu_update, .result = -1, .args = { BASE, MMU_COUNT, (uint64_t)&done, DOMID_SELF } },
		getinfo(2), getinfo(3),
	};
	CHECK_EQ(HYPERVISOR_multicall(m, 5), 0);
	for (unsigned i = 0; i < 5; i++)
		CHECK_EQ(m[i].result, 0);
	CHECK_EQ(done, MMU_COUNT);
	CHECK_EQ(pt_entry(pt_pfn_va(page), 1), live);
	check_shares("2^20 mmu_updates");

	/* The multicall: xen_version everywhere, the CPU-time reads in the first and last page. */
	uint64_t first = pt_alloc(), last = pt_alloc();
	const uint64_t pages[3] = { page, first, last };
	for (unsigned p = 0; p < 3; p++) {
		CHECK_EQ(pt_map(pages[p], PT_P | PT_RW | PT_A), 0);
		struct multicall_entry *e = (struct multicall_entry *)pt_pfn_va(pages[p]);
		for (unsigned i = 0; i < 64; i++)
			e[i] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .result = -1,
							 .args = { XENVER_version } };
		if (pages[p] == first)
			e[0] = getinfo(0), e[1] = getinfo(1);
		if (pages[p] == last)
			e[62] = getinfo(2), e[63] = getinfo(3);
	}
	alias(pt_mfn(page), PT_P | PT_RW | PT_A | PT_D);
	CHECK_EQ(pt_map_mfn(BASE, pt_mfn(first), PT_P | PT_RW | PT_A | PT_D), 0);
	CHECK_EQ(pt_map_mfn(BASE + (PAGES - 1) * 4096ull, pt_mfn(last), PT_P | PT_RW | PT_A | PT_D), 0);
	CHECK_EQ(HYPERVISOR_multicall((void *)BASE, MC_COUNT), 0);
	for (unsigned p = 0; p < 3; p++) {
		struct multicall_entry *e = (struct multicall_entry *)pt_pfn_va(pages[p]);
		for (unsigned i = 0; i < 64; i++) {
			bool info_entry = (pages[p] == first && i < 2) || (pages[p] == last && i >= 62);
			CHECK_EQ(e[i].result, info_entry ? 0 : version);
		}
	}
	check_shares("a multicall of 2^18 entries");
	attack_hv_alive();
	test_pass();
}
