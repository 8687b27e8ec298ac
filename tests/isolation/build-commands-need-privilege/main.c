/*
 * Rule: only the privileged domain builds domains.  The initial domain
 * loads a victim, a copy of itself still being built (toolstack_load: its
 * memory, image and page tables in place, its L4 pinned, vCPU 0 without a
 * context), and starts an attacker, another copy, unprivileged, told the
 * victim's id and frames.  The attacker asks, each time for the victim:
 *   - domctl setvcpucontext with a complete start-of-day context,
 *     getvcpucontext, hypercall_init into its xenstore page: -EPERM;
 *   - memory_op populate_physmap: no extent done;
 *   - mmu_update mapping the victim's xenstore page (the victim as page
 *     owner), a pin and an unpin of its L4 (the victim as foreign domain):
 *     -EPERM, the pin's *pdone left as it was (the foreign domain is
 *     refused before any op is read, as in Xen);
 * and reports.  The initial domain then finds the victim as it left it
 * (no vCPU context, the same page count, the xenstore page still zero),
 * gives it its context, runs it to its report, and once both are destroyed
 * free memory is where it started.  Xen 4.17 answers the same (oracle).
 */
#include "attack.h"
#include "peer.h"
#include "toolstack.h"
#include "public/memory.h"

#define PEER_KIB 4096
#define TIMEOUT_NS 5000000000ull

static struct vcpu_guest_context c;

static void attacker(void)
{
	CHECK(!(start_info->flags & SIF_PRIVILEGED), "the attacker is privileged");
	domid_t victim = (domid_t)peer_arg(1);
	uint64_t l4 = peer_arg(2), store = peer_arg(3);
	memset(&c, 0, sizeof(c));
	c.flags = VGCF_in_kernel | VGCF_online;
	c.user_regs.rip = VIRT_BASE;
	c.user_regs.cs = FLAT_KERNEL_CS;
	c.user_regs.ss = c.kernel_ss = FLAT_KERNEL_SS;
	c.ctrlreg[3] = l4 << 12;
	expect_rc("setvcpucontext of the victim", domctl_set_vcpu_context(victim, 0, &c), -XEN_EPERM);
	expect_rc("getvcpucontext of the victim", domctl_get_vcpu_context(victim, 0, &c), -XEN_EPERM);
	expect_rc("hypercall_init into the victim", domctl_hypercall_page(victim, store), -XEN_EPERM);
	uint64_t pfn = 0x900;
	struct xen_memory_reservation r = { (uint64_t)&pfn, 1, 0, 0, victim };
	expect_rc("populate_physmap for the victim", HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0);
	uint64_t probe = pt_entry_maddr(pt_probe_va(), 1);
	expect_rc("mapping the victim's frame", pt_update_fd(probe, (store << 12) | PT_P | PT_RW, victim),
		  -XEN_EPERM);
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = l4 };
	unsigned done = 0xdead;
	expect_rc("pin of the victim's L4", HYPERVISOR_mmuext_op(&pin, 1, &done, victim), -XEN_EPERM);
	CHECK(done == 0xdead, "a refused foreign domain wrote *pdone: %x", done);
	expect_rc("unpin of the victim's L4", mmuext_fd(MMUEXT_UNPIN_TABLE, l4, 0, victim), -XEN_EPERM);
	printf("refused as documented: every building command for the victim\n");
}

int main(void)
{
	if (peer_role("attack"))
		attacker();
	if (!is_initial_domain())
		peer_report_and_block();
	events_init();
	uint64_t before = free_pages_now();
	struct toolstack_built v, a;
	domid_t victim = toolstack_peer_load("victim", PEER_KIB, 1, &v);
	char cmd[80];
	snprintf(cmd, sizeof(cmd), "attack %u %lu %lu", victim, v.l4_mfn, v.store_mfn);
	evtchn_port_t alocal, vlocal;
	domid_t attacker_id = toolstack_peer_create(cmd, 2 * PEER_KIB, &a, &alocal);   /* pt.h needs 8 MiB */
	CHECK_EQ(toolstack_unpause(attacker_id), 0);
	CHECK(peer_wait_report(attacker_id, alocal, TIMEOUT_NS), "the attacker did not report");

	expect_rc("the victim still has no context", domctl_get_vcpu_context(victim, 0, &c), -XEN_ENODATA);
	struct xen_domctl_getdomaininfo info;
	CHECK_EQ(domctl_getinfo(victim, &info), 0);
	CHECK_EQ(info.tot_pages, v.nr_pages);
	for (unsigned i = 0; i < 512; i++)
		CHECK(foreign_view(victim, v.store_mfn)[i] == 0, "the victim's xenstore page was written");
	CHECK_EQ(pt_map_mfn(pt_view_va(), 0, 0), 0);
	vlocal = toolstack_peer_run(&v);
	printf("victim: untouched, built and run\n");
	toolstack_peer_end(attacker_id, alocal);
	toolstack_peer_end(victim, vlocal);
	expect_free_pages_back(before);
	attack_hv_alive();
	test_pass();
}
