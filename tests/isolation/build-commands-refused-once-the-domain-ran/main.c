/*
 * Rule: the commands that build a domain act only while it is being built,
 * and one context per vCPU (docs/domains.md, "Building a domain from the
 * control domain").  "Being built" is Xen's creation_finished turned
 * round: from createdomain to the toolstack's first unpause.  Here Umbra is
 * stricter than Xen 4.17, which lets a toolstack replace a running
 * domain's registers and write its hypercall page (the oracle skips this
 * test).  The initial domain loads a copy of itself with two vCPUs
 * (toolstack_load) and, while it is being built:
 *  - a vCPU 0 context whose user L4 is the builder's own is refused whole
 *    (-EINVAL): no kernel L4 stays behind, the next context is accepted
 *    and the domain's memory comes back at the end (Xen 4.17 keeps the
 *    refused context's kernel L4 and never frees the domain);
 *  - vCPU 0's vm_assist only with assists a domain may enable itself:
 *    architectural_iopl (its emulation is missing) and an unknown bit
 *    -EINVAL;
 *  - hypercall_init into its shared_info page: -EPERM (Xen writes there);
 *  - vCPU 0 takes one context: a second -EOPNOTSUPP, a null one (Xen's
 *    vCPU reset) -EOPNOTSUPP; a null one for vCPU 1, which has none: 0.
 * Then it runs (unpaused), and from then on, paused again or not,
 * setvcpucontext of either vCPU, with a context or null, and
 * hypercall_init are -EEXIST; the domain runs on unaffected (it answers a
 * signal), and once destroyed free memory is where it started.
 */
#include "attack.h"
#include "peer.h"
#include "toolstack.h"

#define PEER_KIB 4096
#define TIMEOUT_NS 5000000000ull

static struct vcpu_guest_context c;

static void peer(void)
{
	peer_begin();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	peer_wait_signal();
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static void ran_already(const char *when, domid_t d, const struct toolstack_built *t)
{
	printf("%s:\n", when);
	for (unsigned v = 0; v < 2; v++) {
		c = *toolstack_vcpu0(t);
		expect_rc("setvcpucontext of a domain that ran", domctl_set_vcpu_context(d, v, &c), -XEN_EEXIST);
		expect_rc("null setvcpucontext of a domain that ran", domctl_set_vcpu_context(d, v, NULL),
			  -XEN_EEXIST);
	}
	expect_rc("hypercall_init of a domain that ran", domctl_hypercall_page(d, t->store_mfn), -XEN_EEXIST);
}

int main(void)
{
	if (!is_initial_domain())
		peer();
	events_init();
	uint64_t before = free_pages_now();
	struct toolstack_built t;
	domid_t d = toolstack_peer_load("signal", PEER_KIB, 2, &t);
	const struct vcpu_guest_context *good = toolstack_vcpu0(&t);

	c = *good;
	c.ctrlreg[1] = pt_cr3_mfn() << 12;
	expect_rc("the builder's own L4 as the user L4", domctl_set_vcpu_context(d, 0, &c), -XEN_EINVAL);
	expect_rc("no context after it", domctl_get_vcpu_context(d, 0, &c), -XEN_ENODATA);
	c = *good;
	c.vm_assist = 1ull << VMASST_TYPE_architectural_iopl;
	expect_rc("architectural_iopl in vm_assist", domctl_set_vcpu_context(d, 0, &c), -XEN_EINVAL);
	c = *good;
	c.vm_assist = 1ull << 40;
	expect_rc("an unknown assist in vm_assist", domctl_set_vcpu_context(d, 0, &c), -XEN_EINVAL);
	struct xen_domctl_getdomaininfo info;
	CHECK_EQ(domctl_getinfo(d, &info), 0);
	expect_rc("hypercall_init into shared_info", domctl_hypercall_page(d, info.shared_info_frame), -XEN_EPERM);

	c = *good;
	CHECK_EQ(domctl_set_vcpu_context(d, 0, &c), 0);
	c = *good;
	expect_rc("a second context for vCPU 0", domctl_set_vcpu_context(d, 0, &c), -XEN_EOPNOTSUPP);
	expect_rc("a null context (reset) for vCPU 0", domctl_set_vcpu_context(d, 0, NULL), -XEN_EOPNOTSUPP);
	CHECK_EQ(domctl_set_vcpu_context(d, 1, NULL), 0);
	printf("refused as documented while the domain is being built\n");

	evtchn_port_t local = peer_connect(d);
	CHECK_EQ(toolstack_unpause(d), 0);
	CHECK(peer_wait_report(d, local, TIMEOUT_NS), "the domain did not run");
	ran_already("once it ran", d, &t);
	struct xen_domctl op = { 0 };
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, d, &op), 0);
	ran_already("paused again", d, &t);
	CHECK_EQ(toolstack_unpause(d), 0);
	CHECK_EQ(evtchn_send(local), 0);
	CHECK(peer_wait_report(d, local, TIMEOUT_NS), "the domain stopped running");
	printf("refused as documented once the domain ran; it runs on\n");

	toolstack_peer_end(d, local);
	expect_free_pages_back(before);
	attack_hv_alive();
	test_pass();
}
