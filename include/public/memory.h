/*
 * memory_op (hypercall 12): sub-operation numbers, flags and argument
 * layouts, as Xen's public memory.h defines them for a 64-bit guest
 * (xen-pv-abi.md 17.3).  The command word carries the sub-operation in
 * bits 0-5 and, for the reservation calls, the index of the next extent to
 * process above them (a continuation, or a caller resuming by hand).
 */
#pragma once
#include <stdint.h>
#include "xen.h"

#define XENMEM_increase_reservation       0
#define XENMEM_decrease_reservation       1
#define XENMEM_maximum_ram_page           2
#define XENMEM_current_reservation        3
#define XENMEM_maximum_reservation        4
#define XENMEM_machphys_mfn_list          5
#define XENMEM_populate_physmap           6
#define XENMEM_add_to_physmap             7
#define XENMEM_memory_map                 9
#define XENMEM_machine_memory_map        10
#define XENMEM_exchange                  11
#define XENMEM_machphys_mapping          12
#define XENMEM_set_memory_map            13
#define XENMEM_maximum_gpfn              14
#define XENMEM_remove_from_physmap       15
#define XENMEM_set_pod_target            16
#define XENMEM_get_pod_target            17
#define XENMEM_get_sharing_freed_pages   18
#define XENMEM_get_sharing_shared_pages  19
#define XENMEM_paging_op                 20
#define XENMEM_access_op                 21
#define XENMEM_sharing_op                22
#define XENMEM_add_to_physmap_batch      23
#define XENMEM_claim_pages               24
#define XENMEM_machphys_compat_mfn_list  25
#define XENMEM_get_vnumainfo             26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource          28

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1u << MEMOP_EXTENT_SHIFT) - 1)

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
#define XENMEMF_node(n)             (((n) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffu)   /* 0xff: none */
#define XENMEMF_populate_on_demand  (1u << 16)
#define XENMEMF_exact_node_request  (1u << 17)
#define XENMEMF_vnode               (1u << 18)

/* increase_reservation, decrease_reservation, populate_physmap: 32 bytes. */
struct xen_memory_reservation {
	uint64_t extent_start;          /* guest address of an array of frame numbers */
	uint64_t nr_extents;
	uint32_t extent_order;          /* an extent is 2^order pages */
	uint32_t mem_flags;             /* XENMEMF_* */
	domid_t domid;                  /* followed by 6 bytes of padding */
};

/* exchange: 72 bytes; the caller sets nr_exchanged to 0 (progress so far). */
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	uint64_t nr_exchanged;
};

/* memory_map and machine_memory_map: 16 bytes; buffer holds e820 entries. */
struct xen_memory_map {
	uint32_t nr_entries;            /* in: room in buffer; out: entries written */
	uint64_t buffer;
};

struct xen_e820_entry {
	uint64_t addr, size;
	uint32_t type;                  /* 1 = RAM */
} __attribute__((packed));

/* machphys_mfn_list: 24 bytes. */
struct xen_machphys_mfn_list {
	uint32_t max_extents;
	uint64_t extent_start;
	uint32_t nr_extents;
};

/* machphys_mapping: 24 bytes. */
struct xen_machphys_mapping {
	uint64_t v_start, v_end;
	uint64_t max_mfn;
};

_Static_assert(sizeof(struct xen_memory_reservation) == 32, "xen_memory_reservation is 32 bytes");
_Static_assert(sizeof(struct xen_memory_exchange) == 72, "xen_memory_exchange is 72 bytes");
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen_memory_map is 16 bytes");
_Static_assert(sizeof(struct xen_machphys_mfn_list) == 24, "xen_machphys_mfn_list is 24 bytes");
