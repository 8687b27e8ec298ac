/*
 * Rule: a toolstack's domctl setvcpucontext gives a domain being built a
 * context made of that domain's own frames only, and getvcpucontext reads
 * only what exists.  The initial domain loads a copy of itself (memory,
 * image, page tables, the L4 pinned: toolstack_load) and then tries
 * vCPU 0 contexts that name
 *   - its own L4 as the kernel base pointer, a fresh frame of its own as
 *     the kernel L4 or as a GDT frame: -EINVAL (not the built domain's
 *     frames; its own L4 as the user base pointer is in
 *     build-commands-refused-once-the-domain-ran, since Xen 4.17 keeps
 *     the domain's memory forever after that refusal);
 *   - a frame of the built domain mapped writable by its own tables (its
 *     start_info page) as the L4: -EINVAL (cannot be typed L4);
 *   - a frame beyond memory: -EINVAL;
 * and setvcpucontext of its own vCPU, of a vCPU beyond the domain's: -EINVAL.
 * After each refusal vCPU 0 still has no context (getvcpucontext -ENODATA)
 * and its own frames are untouched (the fresh one still untyped).
 * getvcpucontext of its own running vCPU and of a vCPU the domain lacks:
 * -EINVAL.  Then the toolstack's real context is accepted, the domain runs
 * and reports, and when it is destroyed free memory is where it started.
 * Xen 4.17 answers the same (oracle).
 */
#include "attack.h"
#include "peer.h"
#include "toolstack.h"

#define PEER_KIB 4096

static struct vcpu_guest_context c;

static void refused(const char *what, domid_t d, long want)
{
	expect_rc(what, domctl_set_vcpu_context(d, 0, &c), want);
	expect_rc("vCPU 0 has no context after a refusal", domctl_get_vcpu_context(d, 0, &c), -XEN_ENODATA);
}

int main(void)
{
	if (!is_initial_domain())
		peer_report_and_block();
	events_init();
	uint64_t before = free_pages_now();
	struct toolstack_built t;
	domid_t d = toolstack_peer_load("report", PEER_KIB, 2, &t);
	const struct vcpu_guest_context *good = toolstack_vcpu0(&t);
	uint64_t own_l4 = pt_cr3_mfn(), fresh = pt_mfn(pt_alloc());

	expect_rc("getvcpucontext before any context", domctl_get_vcpu_context(d, 0, &c), -XEN_ENODATA);
	expect_rc("getvcpucontext of a vCPU it lacks", domctl_get_vcpu_context(d, 2, &c), -XEN_EINVAL);
	expect_rc("getvcpucontext of the running vCPU", domctl_get_vcpu_context(0, 0, &c), -XEN_EINVAL);
	c = *good;
	expect_rc("setvcpucontext of its own vCPU", domctl_set_vcpu_context(0, 0, &c), -XEN_EINVAL);
	expect_rc("setvcpucontext of a vCPU it lacks", domctl_set_vcpu_context(d, 2, &c), -XEN_EINVAL);

	c = *good;
	c.ctrlreg[3] = own_l4 << 12;
	refused("the builder's own L4 as the kernel L4", d, -XEN_EINVAL);
	c = *good;
	c.ctrlreg[3] = fresh << 12;
	refused("a fresh frame of the builder as the kernel L4", d, -XEN_EINVAL);
	c = *good;
	c.gdt_frames[0] = fresh;
	c.gdt_ents = 16;
	refused("a frame of the builder as a GDT frame", d, -XEN_EINVAL);
	c = *good;
	c.ctrlreg[3] = t.start_info_mfn << 12;
	refused("its writable start_info page as the kernel L4", d, -XEN_EINVAL);
	c = *good;
	c.ctrlreg[3] = 1ull << 52;
	refused("a frame beyond memory as the kernel L4", d, -XEN_EINVAL);
	expect_untyped("the builder's fresh frame", fresh);
	printf("refused as documented: contexts naming frames not of the domain being built\n");

	evtchn_port_t local = toolstack_peer_run(&t);
	CHECK_EQ(domctl_get_vcpu_context(d, 0, &c), 0);
	CHECK_EQ(c.ctrlreg[3], t.l4_mfn << 12);
	toolstack_peer_end(d, local);
	expect_free_pages_back(before);
	attack_hv_alive();
	test_pass();
}
