/* Multi-domain test kernels built from one image (peer.h). */
#include "peer.h"
#include "test.h"

bool is_initial_domain(void)
{
	return start_info->flags & SIF_INITDOMAIN;
}

static long domctl_build(domid_t d, unsigned module, unsigned memory_kib, const char *cmdline)
{
	struct xen_domctl op = { 0 };
	op.u.max_mem.max_memkb = memory_kib;
	long rc = domctl(XEN_DOMCTL_max_mem, d, &op);
	if (rc)
		return rc;
	op = (struct xen_domctl){ 0 };
	op.u.build_from_module.module = module;
	op.u.build_from_module.memory_kib = memory_kib;
	snprintf(op.u.build_from_module.name, sizeof(op.u.build_from_module.name), "peer");
	snprintf(op.u.build_from_module.cmdline, sizeof(op.u.build_from_module.cmdline), "%s", cmdline);
	return domctl(UMBRA_DOMCTL_build_from_module, d, &op);
}

long domctl_create(unsigned module, unsigned memory_kib, const char *cmdline, domid_t *id)
{
	struct xen_domctl op = { 0 };
	domctl_default_config(&op.u.createdomain, 1);
	long rc = domctl(XEN_DOMCTL_createdomain, 0, &op);
	if (rc)
		return rc;
	*id = op.domain;
	rc = domctl_build(*id, module, memory_kib, cmdline);
	if (rc) {
		struct xen_domctl kill = { 0 };
		CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, *id, &kill), 0);
	}
	return rc;
}

unsigned long max_creatable_kib(unsigned bad_module)
{
	unsigned long lo = 4096, hi = 4ul << 20;        /* the builder's minimum; more than the machine has */
	domid_t d;
	CHECK_EQ(domctl_create(bad_module, (unsigned)hi, "", &d), -XEN_ENOMEM);
	CHECK_EQ(domctl_create(bad_module, (unsigned)lo, "", &d), -XEN_ENOEXEC);    /* fits, but no ELF */
	while (hi - lo > 4) {
		unsigned long mid = (lo + hi) / 2 & ~3ul;
		long rc = domctl_create(bad_module, (unsigned)mid, "", &d);
		CHECK(rc == -XEN_ENOMEM || rc == -XEN_ENOEXEC, "createdomain of %lu KiB from a bad image: %ld", mid, rc);
		if (rc == -XEN_ENOMEM)
			hi = mid;
		else
			lo = mid;
	}
	return lo;
}

domid_t peer_create(const char *cmdline, unsigned memory_kib)
{
	domid_t d;
	long rc = domctl_create(PEER_MODULE, memory_kib, cmdline, &d);
	CHECK(rc == 0, "createdomain \"%s\" (%u KiB): %ld", cmdline, memory_kib, rc);
	return d;
}

evtchn_port_t peer_connect(domid_t d)
{
	struct evtchn_alloc_unbound a = { d, DOMID_SELF, 0 };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
	CHECK(rc == 0 && a.port == PEER_PORT, "alloc_unbound in d%u: rc %ld, port %u", d, rc, a.port);
	evtchn_port_t local;
	CHECK_EQ(evtchn_bind_interdomain(d, PEER_PORT, &local), 0);
	events_mask(local);
	events_clear(local);            /* set by the bind itself */
	return local;
}

static void domctl_on(uint32_t cmd, domid_t d)
{
	struct xen_domctl op = { 0 };
	long rc = domctl(cmd, d, &op);
	CHECK(rc == 0, "domctl %u on d%u: %ld", cmd, d, rc);
}

void peer_unpause(domid_t d)
{
	domctl_on(XEN_DOMCTL_unpausedomain, d);
}

void peer_destroy(domid_t d)
{
	domctl_on(XEN_DOMCTL_destroydomain, d);
}

bool domain_alive(domid_t d)
{
	struct xen_domctl_getdomaininfo info;
	return domctl_getinfo(d, &info) == 0 && info.domain == d;
}

void sleep_ns(uint64_t ns)
{
	uint64_t deadline = system_time_ns() + ns;
	while (system_time_ns() < deadline)
		evtchn_poll(NULL, 0, deadline);
}

uint64_t free_pages_now(void)
{
	uint64_t n;
	CHECK_EQ(sysctl_free_pages(&n), 0);
	return n;
}

uint64_t free_pages_back_to(uint64_t before, uint64_t timeout_ns)
{
	uint64_t now = free_pages_now(), end = system_time_ns() + timeout_ns;
	while (now != before && system_time_ns() < end) {
		sleep_ns(10000000);
		now = free_pages_now();
	}
	return now;
}

void expect_free_pages_back(uint64_t before)
{
	uint64_t after = free_pages_back_to(before, 5000000000ull);
	CHECK(after == before, "free pages: %lu before, %lu after", before, after);
}

bool peer_wait_report(domid_t d, evtchn_port_t local, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	for (;;) {
		bool alive = domain_alive(d);   /* before the check: a report sent just before death counts */
		if (events_pending(local)) {
			events_clear(local);
			return true;
		}
		uint64_t now = system_time_ns();
		if (!alive || now >= deadline)
			return false;
		evtchn_poll(&local, 1, MIN(deadline, now + 10000000));
	}
}

void peer_run(domid_t d, evtchn_port_t local, uint64_t timeout_ns, const char *who)
{
	peer_unpause(d);
	CHECK(peer_wait_report(d, local, timeout_ns), "%s (d%u) did not report", who, d);
}

void loopback_pair(evtchn_port_t *a, evtchn_port_t *b)
{
	CHECK_EQ(evtchn_alloc_unbound(DOMID_SELF, a), 0);
	CHECK_EQ(evtchn_bind_interdomain(DOMID_SELF, *a, b), 0);
	events_mask(*a);
	events_mask(*b);
	events_clear(*a);
	events_clear(*b);
}

void expect_nothing_pending(void)
{
	for (unsigned w = 0; w < ARRAY_SIZE(shared_info->evtchn_pending); w++)
		CHECK(!shared_info->evtchn_pending[w], "ports went pending: word %u = %lx", w,
		      shared_info->evtchn_pending[w]);
}

bool peer_wait_gone(domid_t d, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	while (domain_alive(d)) {
		if (system_time_ns() >= deadline)
			return false;
		sleep_ns(1000000);
	}
	return true;
}

static const char *word(unsigned i)
{
	const char *p = start_info->cmd_line;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!i-- || !*p)
			return p;
		while (*p && *p != ' ')
			p++;
	}
}

bool peer_role(const char *role)
{
	const char *w = word(0);
	size_t n = strlen(role);
	return !strncmp(w, role, n) && (w[n] == 0 || w[n] == ' ');
}

unsigned long peer_arg(unsigned i)
{
	unsigned long v = 0;
	for (const char *p = word(i); *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	return v;
}

noreturn void peer_report_and_block(void)
{
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);       /* no event ever comes */
}

noreturn void peer_report_ok(void)
{
	CHECK_EQ(evtchn_send(PEER_PORT), 0);
	guest_shutdown(SHUTDOWN_poweroff);
}
