/*
 * Rule: only the privileged domain controls domains.  An unprivileged
 * domain (created from this image) calls domctl with every command number
 * 0..NR_CMDS-1 (each of the implemented ones with valid arguments, e.g. a
 * real createdomain, destroy of the control domain), aimed at the control
 * domain, at itself and at a missing domain, with a bad interface version
 * and with a null argument pointer, SCHEDOP_remote_shutdown at the same
 * targets, and CONSOLEIO_read (console input is the privileged domain's, as
 * in Xen): every call must give -EPERM (1).  It prints its tally and reports
 * over the control channel.  The control domain then checks nothing moved
 * (its own and the peer's settings, no domain created behind its back: the
 * next domain id is the next one it gets) and that each command succeeds
 * for it.  (Unprivileged event-channel ops on other domains: tests/isolation.)
 */
#include "peer.h"
#include "test.h"

#define NR_CMDS 128

static unsigned tally;

static void fill(struct xen_domctl *op, uint32_t cmd)
{
	memset(op, 0, sizeof(*op));
	switch (cmd) {
	case XEN_DOMCTL_createdomain:
		op->u.createdomain.module = PEER_MODULE;
		op->u.createdomain.memory_kib = 4096;
		strncpy_z(op->u.createdomain.cmdline, "exit", sizeof(op->u.createdomain.cmdline));
		break;
	case XEN_DOMCTL_max_mem:
		op->u.max_mem.max_memkb = 1ul << 30;
		break;
	case XEN_DOMCTL_scheduler_op:
		op->u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
		op->u.scheduler_op.weight = 65535;
		break;
	}
}

static void expect_eperm(long rc, const char *what, unsigned a, unsigned b)
{
	CHECK(rc == -XEN_EPERM, "unprivileged %s (%u, %u): %ld, expected -EPERM", what, a, b, rc);
	tally++;
}

static void unprivileged(void)
{
	domid_t self = (domid_t)peer_arg(1);
	const domid_t targets[] = { 0, self, 0x7000, DOMID_SELF };
	struct xen_domctl op;
	for (uint32_t cmd = 0; cmd < NR_CMDS; cmd++)
		for (unsigned t = 0; t < ARRAY_SIZE(targets); t++) {
			fill(&op, cmd);
			expect_eperm(domctl(cmd, targets[t], &op), "domctl", cmd, targets[t]);
			fill(&op, cmd);
			op.cmd = cmd;
			op.domain = targets[t];
			op.interface_version = 0;
			expect_eperm(HYPERVISOR_domctl(&op), "domctl, bad version", cmd, targets[t]);
		}
	expect_eperm(HYPERVISOR_domctl(NULL), "domctl, null argument", 0, 0);
	for (unsigned t = 0; t < ARRAY_SIZE(targets); t++)
		for (unsigned reason = SHUTDOWN_poweroff; reason <= SHUTDOWN_crash; reason++) {
			struct sched_remote_shutdown r = { targets[t], 0, reason };
			expect_eperm(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r), "remote_shutdown",
				     targets[t], reason);
		}
	char in[16];
	expect_eperm(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(in), in), "console_io read", 0, 0);
	printf("unprivileged d%u: %u domctl, remote_shutdown and console read calls, all -EPERM\n", self, tally);
	CHECK_EQ(evtchn_send(PEER_PORT), 0);    /* then sleeps (below) until destroyed */
}

static struct umbra_domctl_getdomaininfo info_of(domid_t d)
{
	struct umbra_domctl_getdomaininfo i;
	CHECK(domctl_getinfo(d, &i) == 0 && i.domain == d, "d%u is gone", d);
	return i;
}

static void privileged(domid_t d)
{
	struct xen_domctl op = { 0 };
	CHECK(info_of(d).flags & XEN_DOMINF_paused, "d%u did not start paused", d);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, d, &op), 0);
	CHECK(!(info_of(d).flags & XEN_DOMINF_paused), "unpause did not unpause d%u", d);
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, d, &op), 0);
	CHECK(info_of(d).flags & XEN_DOMINF_paused, "pause did not pause d%u", d);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, d, &op), 0);
	op.u.max_mem.max_memkb = 8192;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, d, &op), 0);
	CHECK_EQ(info_of(d).max_pages, 2048);
	memset(&op, 0, sizeof(op));
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	op.u.scheduler_op.weight = 512;
	op.u.scheduler_op.cap = 50;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, d, &op), 0);
	memset(&op, 0, sizeof(op));
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, d, &op), 0);
	CHECK(op.u.scheduler_op.weight == 512 && op.u.scheduler_op.cap == 50, "scheduler getinfo: %u/%u",
	      op.u.scheduler_op.weight, op.u.scheduler_op.cap);
	memset(&op, 0, sizeof(op));
	CHECK_EQ(domctl(NR_CMDS + 1000, d, &op), -XEN_ENOSYS);  /* privileged: past the check */
}

int main(void)
{
	if (peer_role("eperm"))
		unprivileged();
	if (!is_initial_domain())              /* "block", and "eperm" after its report */
		for (;;)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);     /* no event ever comes: until destroyed */
	events_init();
	struct umbra_domctl_getdomaininfo self0 = info_of(0);
	char cmd[32];
	domid_t d;
	CHECK_EQ(domctl_create(PEER_MODULE, 4096, "probe", &d), 0);  /* learns the next id */
	peer_destroy(d);
	snprintf(cmd, sizeof(cmd), "eperm %u", d + 1);
	domid_t peer = peer_create(cmd, 4096);
	CHECK_EQ(peer, d + 1);
	evtchn_port_t port = peer_connect(peer);
	struct umbra_domctl_getdomaininfo peer0 = info_of(peer);
	peer_run(peer, port, 10000000000ull, "the unprivileged domain");

	/* Nothing moved. */
	struct umbra_domctl_getdomaininfo self1 = info_of(0), peer1 = info_of(peer);
	CHECK(self1.weight == self0.weight && self1.cap == self0.cap && self1.max_pages == self0.max_pages &&
	      self1.tot_pages == self0.tot_pages && !(self1.flags & XEN_DOMINF_paused),
	      "the control domain's settings changed");
	CHECK(peer1.weight == peer0.weight && peer1.cap == peer0.cap && peer1.max_pages == peer0.max_pages &&
	      peer1.tot_pages == peer0.tot_pages, "the unprivileged domain changed its own settings");
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
