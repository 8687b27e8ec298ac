/*
 * Rule: domctl and sysctl take Xen 4.17's argument layouts and interface
 * version (0x15) and answer as Xen 4.17 does, so a program written against
 * Xen's control interface works on Umbra.  Run as the only domain, this
 * kernel is compared with Xen 4.17 itself (tools/run-tests --oracle).
 *
 * sysctl: a wrong version is -EACCES; physinfo's memory figures hold
 * together; sched_id names the scheduler scheduler_op must then be given;
 * getdomaininfolist fills at most max_domains records.  domctl: this
 * domain's getdomaininfo (running, its start_info's pages and shared_info
 * frame); the configurations createdomain must refuse, each with Xen's
 * error; an empty domain created, paused and without memory; its vCPU
 * count checked by max_vcpus; the toolstack's pause count (255 at most, no
 * unpause below zero); max_mem; getvcpuinfo; scheduler_op; destroydomain;
 * and what a domain may not do to itself.
 */
#include "domctl.h"
#include "test.h"

static long create(struct xen_domctl_createdomain *c, domid_t want, domid_t *got)
{
	struct xen_domctl op = { 0 };
	op.u.createdomain = *c;
	long rc = domctl(XEN_DOMCTL_createdomain, want, &op);
	*got = op.domain;
	return rc;
}

static struct xen_domctl_getdomaininfo info_of(domid_t d)
{
	struct xen_domctl_getdomaininfo i;
	CHECK_EQ(domctl_getinfo(d, &i), 0);
	CHECK_EQ(i.domain, d);
	return i;
}

static long on(uint32_t cmd, domid_t d)
{
	struct xen_domctl op = { 0 };
	return domctl(cmd, d, &op);
}

static void check_sysctl(uint32_t *sched_id)
{
	struct xen_sysctl op = { 0 };
	op.cmd = XEN_SYSCTL_physinfo;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
	CHECK_EQ(HYPERVISOR_sysctl(&op), -XEN_EACCES);
	CHECK_EQ(sysctl(XEN_SYSCTL_physinfo, &op), 0);
	struct xen_sysctl_physinfo *p = &op.u.physinfo;
	printf("physinfo: %u CPUs, %lu pages, %lu free, max_mfn %lx, caps %x\n", p->nr_cpus, p->total_pages,
	       p->free_pages, p->max_mfn, p->capabilities);
	CHECK(p->nr_cpus >= 1 && p->max_cpu_id + 1 >= p->nr_cpus, "%u CPUs, max id %u", p->nr_cpus, p->max_cpu_id);
	CHECK(p->free_pages > 0 && p->free_pages < p->total_pages, "%lu free of %lu", p->free_pages, p->total_pages);
	CHECK(p->max_mfn + 1 >= p->total_pages, "max_mfn %lx below %lu pages", p->max_mfn, p->total_pages);
	CHECK(p->capabilities & XEN_SYSCTL_PHYSCAP_pv, "capabilities %x lack PV", p->capabilities);
	CHECK(p->capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1, "capabilities %x lack grant tables v1", p->capabilities);
	CHECK(p->cpu_khz > 100000, "cpu_khz %u", p->cpu_khz);
	CHECK(start_info->nr_pages < p->total_pages, "this domain has more pages than the machine");

	memset(&op, 0, sizeof(op));
	CHECK_EQ(sysctl(XEN_SYSCTL_sched_id, &op), 0);
	*sched_id = op.u.sched_id.sched_id;
	CHECK(*sched_id == XEN_SCHEDULER_CREDIT || *sched_id == XEN_SCHEDULER_CREDIT2, "scheduler %u", *sched_id);

	struct xen_domctl_getdomaininfo list[4];
	memset(&op, 0, sizeof(op));
	op.u.getdomaininfolist.max_domains = 4;
	op.u.getdomaininfolist.buffer = (uint64_t)list;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist, &op), 0);
	CHECK(op.u.getdomaininfolist.num_domains >= 1, "%u domains listed", op.u.getdomaininfolist.num_domains);
	CHECK_EQ(list[0].domain, 0);
	CHECK_EQ(list[0].tot_pages, start_info->nr_pages);
	memset(&op, 0, sizeof(op));
	op.u.getdomaininfolist.max_domains = 0;
	op.u.getdomaininfolist.buffer = (uint64_t)list;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist, &op), 0);
	CHECK_EQ(op.u.getdomaininfolist.num_domains, 0);
	memset(&op, 0, sizeof(op));
	op.u.getdomaininfolist.max_domains = 1;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist, &op), -XEN_EFAULT);
	memset(&op, 0, sizeof(op));
	CHECK_EQ(sysctl(1000, &op), -XEN_ENOSYS);
}

static void check_self(void)
{
	struct xen_domctl_getdomaininfo i = info_of(0);
	printf("d0: flags %x, %lu of %lu pages, shared_info %lx, %u vCPUs online, max id %u, gpaddr_bits %u\n",
	       i.flags, i.tot_pages, i.max_pages, i.shared_info_frame, i.nr_online_vcpus, i.max_vcpu_id,
	       i.gpaddr_bits);
	CHECK(i.flags & XEN_DOMINF_running, "d0 is not running: flags %x", i.flags);
	CHECK_EQ(i.flags & (XEN_DOMINF_paused | XEN_DOMINF_shutdown | XEN_DOMINF_dying | XEN_DOMINF_hvm_guest), 0);
	CHECK_EQ(i.flags >> XEN_DOMINF_shutdownshift, 0xffff);  /* no shutdown code */
	uint32_t r[4];
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(0x80000008), "c"(0));
	CHECK_EQ(i.gpaddr_bits, r[0] & 0xff);          /* a PV domain's: the machine's */
	CHECK_EQ(i.tot_pages, start_info->nr_pages);
	CHECK_EQ(i.shared_info_frame, start_info->shared_info >> 12);
	CHECK(i.nr_online_vcpus >= 1 && i.max_vcpu_id + 1 >= i.nr_online_vcpus, "%u online, max id %u",
	      i.nr_online_vcpus, i.max_vcpu_id);
	CHECK_EQ(i.cpupool, 0);
	CHECK_EQ(i.ssidref, 0);
	struct xen_domctl op = { 0 };
	op.cmd = XEN_DOMCTL_getdomaininfo;
	op.interface_version = 0x55000001;              /* Umbra's old private version */
	CHECK_EQ(HYPERVISOR_domctl(&op), -XEN_EACCES);
	struct xen_domctl_getdomaininfo none;
	CHECK_EQ(domctl_getinfo(DOMID_FIRST_RESERVED, &none), -XEN_EINVAL);
	CHECK_EQ(domctl_getinfo(DOMID_SELF, &none), -XEN_EINVAL);
	CHECK_EQ(domctl_getinfo(0x7000, &none), -XEN_ESRCH);
	CHECK_EQ(on(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL);
	CHECK_EQ(on(XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL);
	CHECK_EQ(on(XEN_DOMCTL_pausedomain, 0x7000), -XEN_ESRCH);
	CHECK_EQ(on(1000 + 128, 0), -XEN_ENOSYS);
}

/* Each configuration createdomain refuses, with Xen 4.17's answer. */
#define REFUSED 13
static void check_refused_configs(void)
{
	static const struct {
		const char *what;
		long rc;
	} cases[] = {
		{ "an unknown flag", -XEN_EINVAL }, { "grant version 0", -XEN_EINVAL },
		{ "an unknown grant option", -XEN_EINVAL }, { "no vCPUs", -XEN_EINVAL },
		{ "HAP without HVM", -XEN_EINVAL }, { "IOMMU options without an IOMMU", -XEN_EINVAL },
		{ "vmtrace", -XEN_EINVAL }, { "vPMU", -XEN_EINVAL }, { "an unknown misc flag", -XEN_EINVAL },
		{ "0 grant frames", -XEN_EINVAL }, { "65 grant frames", -XEN_EINVAL },
		{ "1025 maptrack frames", -XEN_EINVAL }, { "nested virtualisation without HAP", -XEN_EINVAL },
	};
	for (unsigned k = 0; k < ARRAY_SIZE(cases); k++) {
		struct xen_domctl_createdomain c;
		domctl_default_config(&c, 1);
		switch (k) {
		case 0: c.flags = 1u << 20; break;
		case 1: c.grant_opts = 0; break;
		case 2: c.grant_opts = 0x11; break;
		case 3: c.max_vcpus = 0; break;
		case 4: c.flags = XEN_DOMCTL_CDF_hap; break;
		case 5: c.iommu_opts = XEN_DOMCTL_IOMMU_no_sharept; break;
		case 6: c.vmtrace_size = 4096; break;
		case 7: c.flags = XEN_DOMCTL_CDF_vpmu; break;
		case 8: c.arch.misc_flags = 2; break;
		case 9: c.max_grant_frames = 0; break;
		case 10: c.max_grant_frames = 65; break;
		case 11: c.max_maptrack_frames = 1025; break;
		case 12: c.flags = XEN_DOMCTL_CDF_nested_virt; break;
		}
		domid_t d = 0;
		long rc = create(&c, 0, &d);
		CHECK(rc == cases[k].rc, "createdomain with %s: %ld, expected %ld", cases[k].what, rc, cases[k].rc);
	}
	_Static_assert(ARRAY_SIZE(cases) == REFUSED, "REFUSED counts the cases");
	printf("createdomain refused %u bad configurations\n", (unsigned)ARRAY_SIZE(cases));
}

static void check_pause_count(domid_t d)
{
	unsigned n = 0;
	while (on(XEN_DOMCTL_pausedomain, d) == 0)
		CHECK(++n < 1000, "pausedomain never stops");
	CHECK_EQ(on(XEN_DOMCTL_pausedomain, d), -XEN_EOVERFLOW);
	CHECK_EQ(n, 254);                       /* created paused: 1 + 254 = 255 */
	for (unsigned k = 0; k < 255; k++)
		CHECK_EQ(on(XEN_DOMCTL_unpausedomain, d), 0);
	CHECK_EQ(on(XEN_DOMCTL_unpausedomain, d), -XEN_EINVAL);
	CHECK_EQ(info_of(d).flags & XEN_DOMINF_paused, 0);
	CHECK_EQ(on(XEN_DOMCTL_pausedomain, d), 0);
}

static void check_sched(domid_t d, uint32_t sched_id)
{
	unsigned w, c;
	CHECK_EQ(domctl_sched_get(d, &w, &c), 0);
	printf("new domain: weight %u, cap %u\n", w, c);
	CHECK_EQ(w, 256);
	CHECK_EQ(c, 0);
	CHECK_EQ(domctl_sched_put(d, 512, 0), 0);
	CHECK_EQ(domctl_sched_put(d, 0, 0), 0);         /* weight 0 leaves it */
	CHECK_EQ(domctl_sched_get(d, &w, &c), 0);
	CHECK_EQ(w, 512);
	struct xen_domctl op = { 0 };
	op.u.scheduler_op.sched_id = sched_id + 1;
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, d, &op), -XEN_EINVAL);
	op.u.scheduler_op.sched_id = sched_id;
	op.u.scheduler_op.cmd = 7;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, d, &op), -XEN_EINVAL);
}

static void check_new_domain(uint32_t sched_id)
{
	struct xen_domctl_createdomain c;
	domctl_default_config(&c, 1);
	for (unsigned k = 0; k < sizeof(c.handle); k++)
		c.handle[k] = (uint8_t)(0xa0 + k);
	domid_t d, again;
	CHECK_EQ(create(&c, 0, &d), 0);
	/* Each refused createdomain above used up an id, as in Xen. */
	CHECK_EQ(d, 1 + (domid_t)REFUSED);
	CHECK_EQ(create(&c, d, &again), -XEN_EEXIST);
	CHECK_EQ(on(XEN_DOMCTL_max_vcpus, d), -XEN_EINVAL);     /* max 0: not createdomain's 1 */
	struct xen_domctl op = { 0 };
	op.u.max_vcpus.max = 1;
	CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, d, &op), 0);
	op.u.max_vcpus.max = 1;
	CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, 0, &op), -XEN_EINVAL);    /* not on itself */

	struct xen_domctl_getdomaininfo i = info_of(d);
	printf("d%u: flags %x, %lu of %lu pages, %u vCPUs online, max id %u\n", d, i.flags, i.tot_pages,
	       i.max_pages, i.nr_online_vcpus, i.max_vcpu_id);
	CHECK_EQ(i.flags, XEN_DOMINF_paused | 0xffffu << XEN_DOMINF_shutdownshift);  /* no shutdown code yet */
	CHECK_EQ(i.tot_pages, 0);
	CHECK_EQ(i.nr_online_vcpus, 0);
	CHECK_EQ(i.max_vcpu_id, 0);
	for (unsigned k = 0; k < sizeof(c.handle); k++)
		CHECK_EQ(i.handle[k], c.handle[k]);
	struct xen_domctl_getdomaininfo next;
	CHECK_EQ(domctl_getinfo(1, &next), 0);         /* the first domain from id 1 on */
	CHECK(next.domain >= 1 && next.domain <= d, "getdomaininfo(1) gave d%u", next.domain);
	CHECK_EQ(domctl_getinfo(d + 1, &next), -XEN_ESRCH);

	memset(&op, 0, sizeof(op));
	op.u.getvcpuinfo.vcpu = 0;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, d, &op), 0);
	CHECK(!op.u.getvcpuinfo.online && !op.u.getvcpuinfo.running, "new vCPU 0: online %u, running %u",
	      op.u.getvcpuinfo.online, op.u.getvcpuinfo.running);
	op.u.getvcpuinfo.vcpu = 1;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, d, &op), -XEN_EINVAL);
	memset(&op, 0, sizeof(op));
	op.u.getvcpuinfo.vcpu = 0;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, 0, &op), 0);
	CHECK(op.u.getvcpuinfo.online && op.u.getvcpuinfo.running, "own vCPU 0: online %u, running %u",
	      op.u.getvcpuinfo.online, op.u.getvcpuinfo.running);

	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = 8192;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, d, &op), 0);
	CHECK_EQ(info_of(d).max_pages, 2048);
	check_pause_count(d);
	check_sched(d, sched_id);

	CHECK_EQ(on(XEN_DOMCTL_destroydomain, d), 0);
	unsigned polls = 0;
	while (domctl_getinfo(d, &next) == 0 && next.domain == d) {
		CHECK(next.flags & XEN_DOMINF_dying, "d%u destroyed but not dying: flags %x", d, next.flags);
		CHECK(++polls < 100000, "d%u never goes", d);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	printf("d%u created empty and destroyed\n", d);
}

int main(void)
{
	uint32_t sched_id;
	check_sysctl(&sched_id);
	check_self();
	check_refused_configs();
	check_new_domain(sched_id);
	test_pass();
}
