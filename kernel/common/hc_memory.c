/*
 * memory_op: the sub-operations a PV kernel needs to learn its memory.  The
 * reservation queries name a domain; another domain than the caller needs
 * privilege.  Everything that would change a domain's memory (increase,
 * decrease, populate, exchange) answers -ENOSYS in this build.
 */
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"

#define XENMEM_maximum_ram_page     2
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4
#define XENMEM_memory_map           9
#define XENMEM_machphys_mapping    12

struct xen_memory_map {
	uint32_t nr_entries;
	uint32_t pad;
	uint64_t buffer;
};

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

struct xen_machphys_mapping {
	uint64_t v_start, v_end, max_mfn;
};

static long reservation(uint64_t arg, bool maximum)
{
	domid_t id;
	if (copy_from_guest(&id, arg, sizeof(id)))
		return -XEN_EFAULT;
	struct domain *d = current->domain;
	if (id != DOMID_SELF && id != d->id) {
		if (!d->privileged)
			return -XEN_EPERM;
		if (!(d = domain_by_id(id)))
			return -XEN_ESRCH;
	}
	return (long)(maximum ? d->max_pages : d->nr_pages);
}

long do_memory_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	switch (cmd & 63) {
	case XENMEM_maximum_ram_page:
		return (long)(max_mfn - 1);
	case XENMEM_current_reservation:
		return reservation(arg, false);
	case XENMEM_maximum_reservation:
		return reservation(arg, true);
	case XENMEM_memory_map: {
		struct xen_memory_map map;
		if (copy_from_guest(&map, arg, sizeof(map)))
			return -XEN_EFAULT;
		if (map.nr_entries < 1)
			return -XEN_EINVAL;
		struct e820_entry ram = { 0, current->domain->nr_pages << 12, 1 };
		map.nr_entries = 1;
		if (copy_to_guest(map.buffer, &ram, sizeof(ram)) || copy_to_guest(arg, &map, sizeof(map)))
			return -XEN_EFAULT;
		return 0;
	}
	case XENMEM_machphys_mapping: {
		struct xen_machphys_mapping m = { MACH2PHYS_VIRT_START,
						  MACH2PHYS_VIRT_START + max_mfn * 8, max_mfn - 1 };
		return copy_to_guest(arg, &m, sizeof(m));
	}
	default:
		return -XEN_ENOSYS;
	}
}
