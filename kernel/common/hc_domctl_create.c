/*
 * domctl createdomain, as Xen 4.17 answers it, and Umbra's one building
 * command, build_from_module.
 *
 * Rule: a configuration Xen would refuse is refused with Xen's error, in
 * Xen's order (unknown flags or grant options, no vCPUs, HAP without HVM,
 * IOMMU options, vmtrace, vPMU, HVM on a machine without it, too many vCPUs,
 * unknown misc flags, emulated devices for a PV domain, grant-table version
 * and sizes), and nothing is allocated before every check has passed.
 * Umbra has no HVM, IOMMU, vmtrace, vPMU or TBOOT yet, so each of those is
 * -EINVAL, as in a Xen without them.  The new domain is PV, empty (no
 * memory, its vCPUs down) and paused: it runs only once something has
 * built it and the toolstack has unpaused it.
 *
 * Two differences from Xen, both in what a caller may assume rather than in
 * the layouts: createdomain already makes the max_vcpus vCPUs (so
 * XEN_DOMCTL_max_vcpus only checks its argument), and a domain id, once
 * used, is never given out again (-EEXIST for an old one: the grant table
 * names a dead granter by its id).  As in Xen, a createdomain that is given
 * no id uses one up even when the configuration is then refused.
 *
 * build_from_module loads a boot module's kernel into a domain that is
 * still empty (-EINVAL otherwise), within the domain's max_mem (-ENOMEM),
 * with Xen's start-of-day layout (domain_build_image); until dom0 builds
 * domains itself (issue 10) it is how the control domain starts peers.
 */
#include "console.h"
#include "domain_build.h"
#include "domctl.h"
#include "evtchn.h"
#include "gnttab.h"
#include "mm.h"
#include "multiboot.h"

#define CDF_KNOWN (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity | \
		   XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu | \
		   XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)
#define X86_EMU_PIT (1u << 8)           /* the one emulator Xen lets a PV domain ask for */
#define MAPTRACK_FRAMES_MAX 1024        /* Xen's default gnttab_max_maptrack_frames */

static long config_check(const struct xen_domctl_createdomain *c)
{
	uint32_t f = c->flags;
	if ((f & ~CDF_KNOWN) || (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) || c->max_vcpus < 1)
		return -XEN_EINVAL;
	if ((f & XEN_DOMCTL_CDF_hap) && !(f & XEN_DOMCTL_CDF_hvm))
		return -XEN_EINVAL;
	if (f & XEN_DOMCTL_CDF_iommu ? true : c->iommu_opts != 0)      /* no IOMMU */
		return -XEN_EINVAL;
	if (c->vmtrace_size || (f & XEN_DOMCTL_CDF_vpmu))
		return -XEN_EINVAL;
	if ((f & XEN_DOMCTL_CDF_hvm) || c->max_vcpus > MAX_VCPUS_PER_DOMAIN)
		return -XEN_EINVAL;
	if (f & (XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_nested_virt))
		return -XEN_EINVAL;
	if (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED)
		return -XEN_EINVAL;
	if (c->arch.emulation_flags & ~X86_EMU_PIT)
		return -XEN_EOPNOTSUPP;
	if (c->cpupool_id)
		return -XEN_ENOENT;
	unsigned version = c->grant_opts & XEN_DOMCTL_GRANT_version_mask;
	int32_t frames = c->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES : c->max_grant_frames;
	if (version != 1 || frames < 1 || frames > GNTTAB_MAX_FRAMES ||
	    c->max_maptrack_frames > MAPTRACK_FRAMES_MAX)
		return -XEN_EINVAL;
	return 0;
}

long domctl_createdomain(struct xen_domctl *op)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	bool any = op->domain == 0 || op->domain >= DOMID_FIRST_RESERVED;
	domid_t id = domain_take_id(any ? DOMID_ANY : op->domain);
	if (id == DOMID_ANY)
		return any ? -XEN_ENOMEM : -XEN_EEXIST;
	long rc = config_check(c);      /* the id taken stays used even if this fails, as in Xen */
	if (rc)
		return rc;
	struct domain *d = domain_create("", false, id);
	if (!d)
		return -XEN_ENOMEM;
	snprintf(d->name, sizeof(d->name), "d%u", d->id);
	memcpy(d->handle, c->handle, sizeof(d->handle));
	d->max_pages = 0;
	d->pause_count = 1;
	gnttab_init(d, c->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES : (unsigned)c->max_grant_frames);
	if (evtchn_init(d, MIN(c->max_evtchn_port, EVTCHN_MAX_PORTS - 1) + 1) ||
	    domain_max_vcpus(d, c->max_vcpus)) {
		domain_destroy(d);
		return -XEN_ENOMEM;
	}
	log_info("d%u created by d%u: %u vCPUs, ports up to %u", d->id, current->domain->id,
		 c->max_vcpus, d->evtchn.max_port);
	op->domain = d->id;
	return 0;
}

long domctl_build_from_module(struct domain *d, const struct umbra_domctl_build_from_module *in)
{
	struct umbra_domctl_build_from_module b = *in;
	if (b.module >= boot_info.nr_modules || b.memory_kib < 1024 || b.memory_kib % 4)
		return -XEN_EINVAL;
	if (d->vcpus[0]->initialised || d->nr_pages)
		return -XEN_EINVAL;             /* built already */
	if (b.memory_kib / 4 > d->max_pages || b.memory_kib / 4 > frames_free)
		return -XEN_ENOMEM;             /* the domain's own frames were taken at createdomain */
	char name[sizeof(b.name) + 1], cmdline[sizeof(b.cmdline) + 1];
	strncpy_z(name, b.name, sizeof(name));
	strncpy_z(cmdline, b.cmdline, sizeof(cmdline));
	if (name[0])
		strncpy_z(d->name, name, sizeof(d->name));
	const struct mb_module *m = &boot_info.modules[b.module];
	struct pv_build_args a = {
		.image = (const uint8_t *)mfn_to_virt(m->start >> 12) + (m->start & 4095),
		.image_len = m->end - m->start, .nr_pages = b.memory_kib / 4, .cmdline = cmdline,
	};
	return domain_build_image(d, &a);
}
