/*
 * Rule: Umbra's build_from_module domctl loads a kernel only into a domain
 * that is still empty, never into a running one or the caller itself, and
 * never beyond the domain's max_mem.  Otherwise the control domain could
 * overwrite a live domain's start-of-day state (its registers, page tables
 * and start_info) or hand it more memory than its limit.
 *
 * The control domain creates an empty domain and tries: a build with no
 * max_mem (-ENOMEM), a module index past the last (-EINVAL), one into
 * itself (-EINVAL), a real build, a second build into the now-built domain
 * (-EINVAL), and a build into that domain once unpaused (-EINVAL); the
 * built domain still runs its own kernel and reports (peer protocol).
 */
#include "peer.h"
#include "test.h"

static long build(domid_t d, unsigned module, unsigned kib)
{
	struct xen_domctl op = { 0 };
	op.u.build_from_module.module = module;
	op.u.build_from_module.memory_kib = kib;
	strncpy_z(op.u.build_from_module.cmdline, "victim", sizeof(op.u.build_from_module.cmdline));
	return domctl(UMBRA_DOMCTL_build_from_module, d, &op);
}

int main(void)
{
	if (peer_role("victim"))
		peer_report_ok();
	events_init();
	struct xen_domctl op = { 0 };
	domctl_default_config(&op.u.createdomain, 1);
	CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0, &op), 0);
	domid_t d = op.domain;
	CHECK_EQ(build(d, PEER_MODULE, 4096), -XEN_ENOMEM);            /* max_mem is 0 */
	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = 4096;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, d, &op), 0);
	CHECK_EQ(build(d, PEER_MODULE, 8192), -XEN_ENOMEM);            /* above max_mem */
	CHECK_EQ(build(d, 99, 4096), -XEN_EINVAL);
	CHECK_EQ(build(0, PEER_MODULE, 4096), -XEN_EINVAL);
	CHECK_EQ(build(DOMID_SELF, PEER_MODULE, 4096), -XEN_ESRCH);
	CHECK_EQ(build(d, PEER_MODULE, 4096), 0);
	struct xen_domctl_getdomaininfo before;
	CHECK_EQ(domctl_getinfo(d, &before), 0);
	CHECK_EQ(build(d, PEER_MODULE, 4096), -XEN_EINVAL);            /* built already */
	evtchn_port_t port = peer_connect(d);
	peer_unpause(d);
	CHECK_EQ(build(d, PEER_MODULE, 4096), -XEN_EINVAL);            /* running */
	struct xen_domctl_getdomaininfo after;
	CHECK_EQ(domctl_getinfo(d, &after), 0);
	CHECK_EQ(after.tot_pages, before.tot_pages);
	CHECK(peer_wait_report(d, port, 10000000000ull), "the built domain did not report");
	printf("build_from_module refused for no or too little max_mem, a bad module, itself, a built and a running domain\n");
	test_pass();
}
