/*
 * Rule: only the privileged domain controls domains and the system.  An
 * unprivileged domain (created from this image) calls domctl with every
 * command number 0..NR_CMDS-1, Xen's gdbsx numbers and Umbra's own (each
 * implemented one with valid arguments, e.g. a real createdomain), aimed
 * at the control domain, at itself and at missing domains, with a bad
 * interface version and with a null argument pointer; sysctl likewise;
 * SCHEDOP_remote_shutdown at the same targets; and CONSOLEIO_read (console
 * input is the privileged domain's, as in Xen).  Each answer must be the
 * one Xen 4.17 gives, in Xen's order: a null argument -EFAULT, a bad
 * version -EACCES, a missing target domain -ESRCH (for commands that name
 * one), else -EPERM; never a success.  It prints its tally and reports
 * over the control channel.  The control domain then checks nothing moved
 * (its own and the peer's settings, no domain created behind its back: the
 * next domain id is the next one it gets) and that each command succeeds
 * for it.  (Unprivileged event-channel ops on other domains: tests/isolation.)
 */
#include "peer.h"
#include "test.h"

#define NR_CMDS 128
#define NR_SYSCTLS 40

static unsigned tally;

static void fill(struct xen_domctl *op, uint32_t cmd)
{
	memset(op, 0, sizeof(*op));
	switch (cmd) {
	case XEN_DOMCTL_createdomain:
		domctl_default_config(&op->u.createdomain, 1);
		break;
	case XEN_DOMCTL_max_mem:
		op->u.max_mem.max_memkb = 1ul << 30;
		break;
	case XEN_DOMCTL_scheduler_op:
		op->u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
		op->u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
		op->u.scheduler_op.u.credit.weight = 65535;
		break;
	case UMBRA_DOMCTL_build_from_module:
		op->u.build_from_module.module = PEER_MODULE;
		op->u.build_from_module.memory_kib = 4096;
		break;
	}
}

static void expect(long rc, long want, const char *what, unsigned a, unsigned b)
{
	CHECK(rc == want, "unprivileged %s (%u, %u): %ld, expected %ld", what, a, b, rc, want);
	tally++;
}

static bool names_a_domain(uint32_t cmd)
{
	return cmd != XEN_DOMCTL_createdomain && cmd != XEN_DOMCTL_getdomaininfo &&
	       cmd != UMBRA_DOMCTL_getinfo_ext;
}

static void domctl_cmd(uint32_t cmd, domid_t self)
{
	const domid_t targets[] = { 0, self, 0x7000, DOMID_SELF };
	struct xen_domctl op;
	for (unsigned t = 0; t < ARRAY_SIZE(targets); t++) {
		bool exists = targets[t] == 0 || targets[t] == self;
		fill(&op, cmd);
		expect(domctl(cmd, targets[t], &op), names_a_domain(cmd) && !exists ? -XEN_ESRCH : -XEN_EPERM,
		       "domctl", cmd, targets[t]);
		fill(&op, cmd);
		op.cmd = cmd;
		op.domain = targets[t];
		op.interface_version = 0;
		expect(HYPERVISOR_domctl(&op), -XEN_EACCES, "domctl, bad version", cmd, targets[t]);
	}
}

static void unprivileged(void)
{
	domid_t self = (domid_t)peer_arg(1);
	for (uint32_t cmd = 0; cmd < NR_CMDS; cmd++)
		domctl_cmd(cmd, self);
	const uint32_t more[] = { 1000, 1001, 1002, 1003, UMBRA_DOMCTL_build_from_module, UMBRA_DOMCTL_getinfo_ext };
	for (unsigned i = 0; i < ARRAY_SIZE(more); i++)
		domctl_cmd(more[i], self);
	expect(HYPERVISOR_domctl(NULL), -XEN_EFAULT, "domctl, null argument", 0, 0);
	for (uint32_t cmd = 0; cmd < NR_SYSCTLS; cmd++) {
		struct xen_sysctl op = { 0 };
		expect(sysctl(cmd, &op), -XEN_EPERM, "sysctl", cmd, 0);
		op.interface_version = 0;
		expect(HYPERVISOR_sysctl(&op), -XEN_EACCES, "sysctl, bad version", cmd, 0);
	}
	expect(HYPERVISOR_sysctl(NULL), -XEN_EFAULT, "sysctl, null argument", 0, 0);
	const domid_t targets[] = { 0, self, 0x7000, DOMID_SELF };
	for (unsigned t = 0; t < ARRAY_SIZE(targets); t++)
		for (unsigned reason = SHUTDOWN_poweroff; reason <= SHUTDOWN_crash; reason++) {
			struct sched_remote_shutdown r = { targets[t], 0, reason };
			expect(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r), -XEN_EPERM, "remote_shutdown",
			       targets[t], reason);
		}
	char in[16];
	expect(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(in), in), -XEN_EPERM, "console_io read", 0, 0);
	printf("unprivileged d%u: %u domctl, sysctl, remote_shutdown and console read calls, all refused\n",
	       self, tally);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);    /* then sleeps (below) until destroyed */
}

struct settings {
	struct xen_domctl_getdomaininfo info;
	unsigned weight, cap;
};

static struct settings settings_of(domid_t d)
{
	struct settings s;
	CHECK(domctl_getinfo(d, &s.info) == 0 && s.info.domain == d, "d%u is gone", d);
	CHECK_EQ(domctl_sched_get(d, &s.weight, &s.cap), 0);
	return s;
}

static bool same(const struct settings *a, const struct settings *b)
{
	return a->weight == b->weight && a->cap == b->cap && a->info.max_pages == b->info.max_pages &&
	       a->info.tot_pages == b->info.tot_pages;
}

static void privileged(domid_t d)
{
	struct xen_domctl op = { 0 };
	CHECK(settings_of(d).info.flags & XEN_DOMINF_paused, "d%u did not start paused", d);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, d, &op), 0);
	CHECK(!(settings_of(d).info.flags & XEN_DOMINF_paused), "unpause did not unpause d%u", d);
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, d, &op), 0);
	CHECK(settings_of(d).info.flags & XEN_DOMINF_paused, "pause did not pause d%u", d);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, d, &op), 0);
	op.u.max_mem.max_memkb = 8192;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, d, &op), 0);
	CHECK_EQ(settings_of(d).info.max_pages, 2048);
	CHECK_EQ(domctl_sched_put(d, 512, 50), 0);
	struct settings s = settings_of(d);
	CHECK(s.weight == 512 && s.cap == 50, "scheduler getinfo: %u/%u", s.weight, s.cap);
	memset(&op, 0, sizeof(op));
	CHECK_EQ(domctl(NR_CMDS + 1000, d, &op), -XEN_ENOSYS);  /* privileged: past the check */
	struct xen_sysctl so = { 0 };
	CHECK_EQ(sysctl(NR_SYSCTLS + 1000, &so), -XEN_ENOSYS);
}

int main(void)
{
	if (peer_role("eperm"))
		unprivileged();
	if (!is_initial_domain())              /* "block", and "eperm" after its report */
		for (;;)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);     /* no event ever comes: until destroyed */
	events_init();
	struct settings self0 = settings_of(0);
	char cmd[32];
	domid_t d;
	CHECK_EQ(domctl_create(PEER_MODULE, 4096, "probe", &d), 0);  /* learns the next id */
	peer_destroy(d);
	snprintf(cmd, sizeof(cmd), "eperm %u", d + 1);
	domid_t peer = peer_create(cmd, 4096);
	CHECK_EQ(peer, d + 1);
	evtchn_port_t port = peer_connect(peer);
	struct settings peer0 = settings_of(peer);
	peer_run(peer, port, 10000000000ull, "the unprivileged domain");

	/* Nothing moved. */
	struct settings self1 = settings_of(0), peer1 = settings_of(peer);
	CHECK(same(&self0, &self1) && !(self1.info.flags & XEN_DOMINF_paused), "the control domain's settings changed");
	CHECK(same(&peer0, &peer1), "the unprivileged domain changed its own settings");
	peer_destroy(peer);
	domid_t next = peer_create("block", 4096);
	CHECK(next == peer + 1, "next domain is d%u, expected d%u: the unprivileged one created some", next,
	      peer + 1);

	/* Each command works for the privileged domain. */
	privileged(next);
	struct sched_remote_shutdown r = { next, 0, SHUTDOWN_poweroff };
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r), 0);
	CHECK(!domain_alive(next), "remote_shutdown left d%u alive", next);
	domid_t last = peer_create("block", 4096);
	peer_destroy(last);
	CHECK(!domain_alive(last), "destroydomain left d%u alive", last);
	printf("privileged d0: create, pause, unpause, getdomaininfo, max_mem, scheduler_op, remote_shutdown, destroy succeed\n");
	test_pass();
}
