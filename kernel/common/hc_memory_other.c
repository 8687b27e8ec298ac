/*
 * memory_op: the memory maps, and Xen 4.17's answers for every other
 * sub-operation a PV guest may issue (docs/domains.md "Memory").
 *
 * memory_map returns the table set_memory_map stored for the domain (a
 * guest may set its own, a privileged one any domain's; at most 1024
 * entries); a domain without one gets -ENOSYS, as Xen's dom0 and every
 * domain built without a toolstack-provided map do.  machine_memory_map
 * (privileged) lists the RAM the hypervisor was given.
 *
 * The rest exist in Xen for translated (HVM/PVH) guests, device models,
 * NUMA, paging, sharing or claims.  For a PV guest Xen checks the argument
 * and the domain it names and then refuses; Umbra performs the same checks
 * in the same order and gives the same errors (the order of checks decides
 * which error a bad argument gets).  Where Xen would go on and do something
 * for a privileged caller that Umbra does not offer (a memory claim, a
 * resource mapping, mem_access on another domain) the answer is -ENOSYS,
 * never a success.
 *
 * Invariant: the stored map is copied in whole and checked before it
 * replaces the old one; nothing here changes any other state.
 */
#include "guest_access.h"
#include "memop.h"
#include "mm.h"
#include "multiboot.h"

#define E820_MAX 1024                   /* Xen's E820MAX */
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4

struct foreign_memory_map {             /* set_memory_map: 24 bytes */
	domid_t domid;
	struct xen_memory_map map;
};

struct add_to_physmap {                 /* 24 bytes */
	domid_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx, gpfn;
};

struct add_to_physmap_batch {           /* 32 bytes */
	domid_t domid;
	uint16_t space, size, foreign_domid;
	uint64_t idxs, gpfns, errs;
};

struct remove_from_physmap {            /* 16 bytes */
	domid_t domid;
	uint64_t gpfn;
};

struct pod_target {                     /* 40 bytes */
	uint64_t target_pages, tot_pages, pod_cache_pages, pod_entries;
	domid_t domid;
};

struct mem_access_op {                  /* 40 bytes */
	uint8_t op, access;
	domid_t domid;
	uint32_t nr;
	uint64_t pfn, pfn_list, access_list;
	uint32_t altp2m_idx;
};

struct vnuma_topology_info {            /* 40 bytes */
	domid_t domid;
	uint16_t pad;
	uint32_t nr_vnodes, nr_vcpus, nr_vmemranges;
	uint64_t vdistance, vcpu_to_vnode, vmemrange;
};

struct reserved_device_memory_map {     /* 24 bytes */
	uint32_t flags, nr_entries;
	uint64_t buffer;
	uint32_t dev;
};

struct mem_acquire_resource {           /* 32 bytes */
	domid_t domid;
	uint16_t type;
	uint32_t id, nr_frames, flags;
	uint64_t frame, frame_list;
};

static long memory_map(uint64_t arg)
{
	struct xen_memory_map m;
	struct domain *d = current->domain;
	if (copy_from_guest(&m, arg, sizeof(m)))
		return -XEN_EFAULT;
	if (!d->nr_e820)
		return -XEN_ENOSYS;
	m.nr_entries = MIN(m.nr_entries, d->nr_e820);
	if (copy_to_guest(m.buffer, mfn_to_virt(d->e820_mfn), m.nr_entries * sizeof(struct xen_e820_entry)) ||
	    copy_to_guest(arg, &m, sizeof(m)))
		return -XEN_EFAULT;
	return 0;
}

static long set_memory_map(uint64_t arg)
{
	struct foreign_memory_map f;
	if (copy_from_guest(&f, arg, sizeof(f)))
		return -XEN_EFAULT;
	if (f.map.nr_entries > E820_MAX)
		return -XEN_EINVAL;
	struct domain *d = memop_domain(f.domid);
	if (!d)
		return -XEN_ESRCH;
	if (!memop_may_target(current->domain, d))
		return -XEN_EPERM;
	uint64_t bytes = (uint64_t)f.map.nr_entries * sizeof(struct xen_e820_entry);
	unsigned order = 0;
	while (((uint64_t)PAGE_SIZE << order) < bytes)
		order++;
	uint64_t mfn = frame_take_run(order, max_mfn);
	if (!mfn)
		return -XEN_ENOMEM;
	if (copy_from_guest(mfn_to_virt(mfn), f.map.buffer, bytes)) {
		frame_drop_run(mfn, order);
		return -XEN_EFAULT;
	}
	memop_domain_destroy(d);
	d->e820_mfn = mfn;
	d->e820_order = order;
	d->nr_e820 = f.map.nr_entries;
	return 0;
}

void memop_domain_destroy(struct domain *d)
{
	if (d->e820_mfn)
		frame_drop_run(d->e820_mfn, d->e820_order);
	d->e820_mfn = 0;
	d->nr_e820 = 0;
}

/* Xen lists the host's E820 map; Umbra's is the RAM it was given. */
static long machine_memory_map(uint64_t arg)
{
	struct xen_memory_map m;
	if (!current->domain->privileged)
		return -XEN_EPERM;
	if (copy_from_guest(&m, arg, sizeof(m)))
		return -XEN_EFAULT;
	unsigned n = boot_info.nr_regions;
	if (m.buffer) {
		if (m.nr_entries < n + 1)
			return -XEN_EINVAL;
		for (unsigned i = 0; i < n; i++) {
			const struct mb_region *r = &boot_info.regions[i];
			struct xen_e820_entry e = { r->start, r->end - r->start, 1 };
			if (copy_to_guest(m.buffer + i * sizeof(e), &e, sizeof(e)))
				return -XEN_EFAULT;
		}
	}
	m.nr_entries = n;
	return copy_to_guest(arg, &m, sizeof(m)) ? -XEN_EFAULT : 0;
}

/* rcu_lock_remote_domain_by_id: another live domain, named by its id. */
static long remote_domain(domid_t id)
{
	struct domain *d = domain_by_id(id);
	if (!d)
		return -XEN_ESRCH;
	if (d == current->domain || !current->domain->privileged)
		return -XEN_EPERM;      /* not remote; Xen's XSM_DM_PRIV */
	return 0;
}

/* A domain an argument names (DOMID_SELF or any live id), which the caller
   may act on (itself, or any when privileged; privileged_only: Xen's
   XSM_PRIV): 0, -ESRCH or -EPERM, in Xen's order. */
static long target(domid_t id, bool privileged_only)
{
	struct domain *d = memop_domain(id);
	if (!d)
		return -XEN_ESRCH;
	if (privileged_only ? !current->domain->privileged : !memop_may_target(current->domain, d))
		return -XEN_EPERM;
	return 0;
}

static long add_to_physmap(uint64_t start, uint64_t arg)
{
	struct add_to_physmap a;
	if (start != (uint16_t)start)
		return -XEN_EDOM;
	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	if (a.space == XENMAPSPACE_gmfn_foreign)
		return -XEN_ENOSYS;
	return memop_domain(a.domid) ? -XEN_EACCES : -XEN_ESRCH;      /* a PV domain is not translated */
}

static long add_to_physmap_batch(uint64_t start, uint64_t arg)
{
	struct add_to_physmap_batch b;
	if (start != (uint16_t)start)
		return -XEN_EDOM;
	if (copy_from_guest(&b, arg, sizeof(b)))
		return -XEN_EFAULT;
	if (b.space == XENMAPSPACE_gmfn_range)
		return -XEN_EOPNOTSUPP;
	return memop_domain(b.domid) ? -XEN_EACCES : -XEN_ESRCH;
}

static long claim_pages(uint64_t arg)
{
	struct xen_memory_reservation r;
	if (copy_from_guest(&r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (r.extent_start || r.extent_order || r.mem_flags)
		return -XEN_EINVAL;
	struct domain *d = domain_by_id(r.domid);
	if (!d)
		return -XEN_EINVAL;
	if (!current->domain->privileged)
		return -XEN_EPERM;
	if (!r.nr_extents)
		return 0;               /* no claim to cancel */
	if (r.nr_extents <= d->nr_pages || r.nr_extents > d->max_pages)
		return -XEN_EINVAL;
	return -XEN_ENOSYS;             /* Umbra keeps no claims */
}

static long reserved_device_memory_map(uint64_t arg)
{
	struct reserved_device_memory_map m;
	if (copy_from_guest(&m, arg, sizeof(m)) || !memop_array_ok(m.buffer, 0, m.nr_entries - 1ull))
		return -XEN_EFAULT;
	if (m.flags & ~1u)
		return -XEN_EINVAL;
	m.nr_entries = 0;               /* no IOMMU, so no reserved regions */
	return copy_to_guest(arg, &m, sizeof(m)) ? -XEN_EFAULT : 0;
}

long memop_other(uint64_t cmd, uint64_t arg)
{
	unsigned op = cmd & MEMOP_CMD_MASK;
	uint64_t start = cmd >> MEMOP_EXTENT_SHIFT;
	union {
		struct remove_from_physmap rfp;
		struct pod_target pod;
		struct mem_access_op access;
		struct vnuma_topology_info vnuma;
		struct mem_acquire_resource acq;
	} u;
	long rc;
	switch (op) {                   /* the common sub-operations */
	case XENMEM_add_to_physmap:
		return add_to_physmap(start, arg);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(start, arg);
	case XENMEM_remove_from_physmap:
		if (start)
			return -XEN_EINVAL;
		if (copy_from_guest(&u.rfp, arg, sizeof(u.rfp)))
			return -XEN_EFAULT;
		return memop_domain(u.rfp.domid) ? -XEN_EACCES : -XEN_ESRCH;
	case XENMEM_access_op:
		if (copy_from_guest(&u.access, arg, sizeof(u.access)))
			return -XEN_EFAULT;
		rc = remote_domain(u.access.domid);
		return rc ? rc : -XEN_EOPNOTSUPP;       /* a PV domain has no p2m to restrict */
	case XENMEM_claim_pages:
		return start ? -XEN_EINVAL : claim_pages(arg);
	case XENMEM_get_vnumainfo:
		if (start)
			return -XEN_EINVAL;
		if (copy_from_guest(&u.vnuma, arg, sizeof(u.vnuma)))
			return -XEN_EFAULT;
		if (u.vnuma.pad)
			return -XEN_EINVAL;
		rc = target(u.vnuma.domid, false);
		return rc ? rc : -XEN_EOPNOTSUPP;       /* no virtual NUMA */
	case XENMEM_reserved_device_memory_map:
		return start ? -XEN_EINVAL : reserved_device_memory_map(arg);
	case XENMEM_acquire_resource:
		if (copy_from_guest(&u.acq, arg, sizeof(u.acq)))
			return -XEN_EFAULT;
		if (u.acq.flags)
			return -XEN_EINVAL;
		rc = remote_domain(u.acq.domid);
		return rc ? rc : -XEN_ENOSYS;           /* no resource mapping in Umbra */
	}
	switch (cmd) {                  /* the x86 ones: any start index makes them unknown */
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_set_memory_map:
		return set_memory_map(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_set_pod_target:
	case XENMEM_get_pod_target:
		if (copy_from_guest(&u.pod, arg, sizeof(u.pod)))
			return -XEN_EFAULT;
		rc = target(u.pod.domid, true);
		return rc ? rc : -XEN_EINVAL;           /* populate-on-demand is for HVM */
	case XENMEM_get_sharing_freed_pages:
	case XENMEM_get_sharing_shared_pages:
		return 0;                               /* nothing is shared */
	case XENMEM_machphys_compat_mfn_list:
		return -XEN_EOPNOTSUPP;                 /* no 32-bit M2P for a 64-bit guest */
	}
	return -XEN_ENOSYS;
}
