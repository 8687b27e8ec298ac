/*
 * xen_version: what hypervisor this is and what it offers.
 *
 * Umbra reports the Xen interface version it follows (4.17) with an
 * extraversion naming itself, so guests that check for Xen >= 3.0 boot.
 * get_features reports what Xen 4.17 reports a 64-bit PV domain, bit by
 * bit, where Umbra implements it: direct_mapped (PV domains are not
 * auto-translated), mmu_pt_update_preserve_ad (MMU_PT_UPDATE_PRESERVE_AD,
 * pv-mmu/mmu_update.c), highmem_assist (MMUEXT_CLEAR_PAGE and
 * MMUEXT_COPY_PAGE, pv-mmu/mmu_ext.c), gnttab_map_avail_bits
 * (GNTMAP_guest_avail bits land in PTE bits 9-11, pv-mmu/mmu_grant.c),
 * memory_op_vnode_supported (memory_op takes XENMEMF_vnode as Xen does for a
 * domain without virtual NUMA, hc_memory_reservation.c) and, for the
 * control domain, dom0.  Not writable_page_tables, which Xen too reports
 * only to auto-translated guests.
 * The fixed-size buffers are fully written, NUL-padded, never partly
 * uninitialised.  The hypervisor command line is for the privileged domain.
 */
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"
#include "multiboot.h"
#include "public/version.h"
#include "umbra_version.h"

static long put_string(uint64_t arg, const char *s, size_t size)
{
	char buf[1024];
	memset(buf, 0, size);
	strncpy_z(buf, s, size);
	return copy_to_guest(arg, buf, size);
}

static uint32_t xen_features(const struct domain *d)
{
	uint32_t f = (1u << XENFEAT_direct_mapped) | (1u << XENFEAT_mmu_pt_update_preserve_ad) |
		     (1u << XENFEAT_highmem_assist) | (1u << XENFEAT_gnttab_map_avail_bits) |
		     (1u << XENFEAT_memory_op_vnode_supported);
	if (d->privileged)
		f |= 1u << XENFEAT_dom0;
	return f;
}

/* Every answer but XENVER_version: apart, so that their buffers are not on
 * the stack of that near-null call, which guests may make often. */
static __attribute__((noinline)) long xen_version_other(int cmd, uint64_t arg)
{
	struct domain *d = current->domain;
	switch (cmd) {
	case XENVER_extraversion:
		return put_string(arg, UMBRA_EXTRAVERSION, sizeof(xen_extraversion_t));
	case XENVER_compile_info: {
		struct xen_compile_info ci;
		memset(&ci, 0, sizeof(ci));
		strncpy_z(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
		strncpy_z(ci.compile_by, "umbra", sizeof(ci.compile_by));
		strncpy_z(ci.compile_domain, "umbra", sizeof(ci.compile_domain));
		strncpy_z(ci.compile_date, __DATE__, sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, sizeof(ci));
	}
	case XENVER_capabilities:
		return put_string(arg, UMBRA_CAPABILITIES, sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return put_string(arg, "umbra", sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters: {
		struct xen_platform_parameters p = { HYPERVISOR_VIRT_START };
		return copy_to_guest(arg, &p, sizeof(p));
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;
		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -XEN_EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -XEN_EINVAL;
		fi.submap = xen_features(d);
		return copy_to_guest(arg, &fi, sizeof(fi));
	}
	case XENVER_pagesize:
		return arg ? -XEN_EINVAL : 4096;
	case XENVER_guest_handle: {
		uint8_t h[16] = { 'u', 'm', 'b', 'r', 'a' };
		h[14] = (uint8_t)(d->id >> 8);
		h[15] = (uint8_t)d->id;
		return copy_to_guest(arg, h, sizeof(h));
	}
	case XENVER_commandline:
		if (!d->privileged)
			return -XEN_EPERM;
		return put_string(arg, boot_info.cmdline, sizeof(xen_commandline_t));
	default:
		return -XEN_ENOSYS;
	}
}

long do_xen_version(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	if ((int)cmd == XENVER_version)
		return (UMBRA_XEN_MAJOR << 16) | UMBRA_XEN_MINOR;
	return xen_version_other((int)cmd, arg);
}
