/*
 * Rule: the control domain builds run-time domains the Xen way, and nothing
 * leaks.  The initial domain builds a copy of itself ROUNDS times with the
 * toolstack (guest/toolstack/: createdomain, max_mem, populate_physmap,
 * foreign mappings, the dombuild library, hypercall_init, PIN_L4_TABLE,
 * setvcpucontext; Xen's interfaces only), reads vCPU 0's context back with
 * getvcpucontext, maps the console and xenstore pages through the grant
 * entries the toolstack seeded, connects, unpauses it, waits for its
 * report and destroys it.  Each peer checks its own start of day against Xen's layout
 * (xen-pv-abi.md 5.2-5.4) before it reports: start_info's fields, its page
 * count, the store and console pages and ports, a p2m list that the M2P
 * agrees with, its page tables (the L4 in CR3, every table frame mapped
 * read-only), its command line, its shared_info (upcalls masked, the wall
 * clock set).  Afterwards sysctl physinfo's free pages
 * are where they started.  Single-domain (the kernel carries its own
 * image), so Xen 4.17's dom0 runs it too.
 */
#include "gnttab.h"
#include "peer.h"
#include "pt.h"
#include "test.h"
#include "toolstack.h"

#define ROUNDS 50
#define PEER_KIB 4096
#define TIMEOUT_NS 5000000000ull

static void check_start_of_day(void)
{
	const struct start_info *si = start_info;
	CHECK(!strcmp(si->magic, "xen-3.0-x86_64"), "magic \"%s\"", si->magic);
	CHECK_EQ(si->flags, 0);
	CHECK_EQ(si->nr_pages, peer_arg(1));
	CHECK_EQ(si->store_evtchn, 1);
	CHECK_EQ(si->console.domU.evtchn, 2);
	const uint64_t *p2m = (const uint64_t *)si->mfn_list;
	for (uint64_t pfn = 0; pfn < si->nr_pages; pfn++)
		CHECK(pt_pfn(p2m[pfn]) == pfn, "p2m[%lu] = %lx, whose M2P entry is %lx", pfn, p2m[pfn],
		      pt_pfn(p2m[pfn]));
	uint64_t store = pt_pfn(si->store_mfn), console = pt_pfn(si->console.domU.mfn);
	CHECK(store < si->nr_pages && console == store + 1, "store pfn %lx, console pfn %lx", store, console);
	const uint8_t *page = (const uint8_t *)pt_pfn_va(store);
	for (unsigned i = 0; i < 4096; i++)
		CHECK(page[i] == 0, "xenstore page byte %u is %u", i, page[i]);
	const struct xencons_interface *cons = (const void *)pt_pfn_va(console);
	CHECK_EQ(cons->connection, XENCONSOLE_DISCONNECTED);
	CHECK_EQ(cons->out_prod, 0);
	uint64_t l4 = pt_pfn(pt_cr3_mfn());
	CHECK_EQ(si->pt_base, pt_pfn_va(l4));
	CHECK(si->nr_pt_frames >= 4, "%lu page-table frames", si->nr_pt_frames);
	for (uint64_t i = 0; i < si->nr_pt_frames; i++) {
		uint64_t e = pt_entry(si->pt_base + i * 4096, 1);
		CHECK((e & PT_P) && !(e & PT_RW), "page-table frame %lu mapped %lx", i, e);
	}
	CHECK(!strncmp(si->cmd_line, "check ", 6), "command line \"%s\"", si->cmd_line);
}

/* shared_info as the toolstack and the hypervisor left it: every other
 * vCPU's upcalls masked, the wall clock set (after the toolstack zeroed it). */
static void check_shared_info(void)
{
	events_init();
	for (unsigned i = 1; i < XEN_LEGACY_MAX_VCPUS; i++)
		CHECK(shared_info->vcpu_info[i].evtchn_upcall_mask == 1, "vCPU %u's upcalls unmasked", i);
	CHECK(shared_info->wc_sec > 1500000000u, "wall clock %u s", shared_info->wc_sec);
}

static void peer(void)
{
	check_start_of_day();
	check_shared_info();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);       /* until destroyed */
}

/* vCPU 0 as the toolstack left it, read back. */
static void check_context(const struct toolstack_built *t)
{
	static struct vcpu_guest_context c;
	CHECK_EQ(domctl_get_vcpu_context(t->domid, 0, &c), 0);
	uint64_t entry;
	memcpy(&entry, carried_image + 24, 8);          /* e_entry */
	CHECK_EQ(c.user_regs.rip, entry);
	CHECK_EQ(c.ctrlreg[3], t->l4_mfn << 12);
	CHECK_EQ(c.user_regs.rsi, pt_pfn_va(pt_pfn(t->start_info_mfn)));
	CHECK((c.flags & (VGCF_online | VGCF_in_kernel)) == (VGCF_online | VGCF_in_kernel),
	      "flags %lx", c.flags);
	CHECK_EQ(c.user_regs.cs, FLAT_KERNEL_CS);
	CHECK_EQ(c.kernel_sp, c.user_regs.rsp);
}

/* The console and xenstore pages, granted to us (their back end) as entries 0 and 1. */
static void check_seeded_grants(const struct toolstack_built *t)
{
	const grant_ref_t refs[2] = { GNTTAB_RESERVED_CONSOLE, GNTTAB_RESERVED_XENSTORE };
	const uint64_t mfns[2] = { t->console_mfn, t->store_mfn };
	for (unsigned i = 0; i < 2; i++) {
		uint64_t va = grant_window(0);
		grant_handle_t h;
		CHECK_EQ(gnttab_map(t->domid, refs[i], va, 0, &h), GNTST_okay);
		CHECK_EQ(PT_MFN(pt_entry(va, 1)), mfns[i]);
		CHECK_EQ(gnttab_unmap(va, h), GNTST_okay);
	}
}

int main(void)
{
	if (!is_initial_domain())
		peer();
	events_init();
	uint64_t before = free_pages_now();
	uint64_t t0 = system_time_ns();
	for (unsigned i = 0; i < ROUNDS; i++) {
		struct toolstack_built t;
		evtchn_port_t local;
		char cmd[32];
		snprintf(cmd, sizeof(cmd), "check %u", PEER_KIB / 4);
		domid_t d = toolstack_peer_create(cmd, PEER_KIB, &t, &local);
		CHECK_EQ(t.nr_pages, PEER_KIB / 4);
		if (i == 0)
			check_context(&t);
		CHECK_EQ(toolstack_unpause(d), 0);
		CHECK(peer_wait_report(d, local, TIMEOUT_NS), "peer d%u (round %u) did not report", d, i);
		toolstack_peer_end(d, local);
	}
	uint64_t t1 = system_time_ns();
	uint64_t after = free_pages_back_to(before, TIMEOUT_NS);
	printf("%u domains built by the toolstack, run and destroyed in %lu ms; free pages %lu before, %lu after\n",
	       ROUNDS, (t1 - t0) / 1000000, before, after);
	CHECK_EQ(after, before);
	/* Last, as Xen keeps the maptrack page its first grant mapping takes. */
	struct toolstack_built t;
	evtchn_port_t local;
	toolstack_peer_create("check 1024", PEER_KIB, &t, &local);
	check_seeded_grants(&t);
	toolstack_peer_end(t.domid, local);
	test_pass();
}
