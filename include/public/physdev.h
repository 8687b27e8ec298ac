/*
 * physdev_op (hypercall 33): Xen's numbers and x86_64 layouts for the
 * device and interrupt sub-operations a PV driver domain uses.  Written from
 * the layout facts (sizes and offsets checked against Xen 4.17's
 * public/physdev.h); the semantics Umbra gives them are in hc_physdev.c.
 */
#pragma once
#include <stdint.h>

#define PHYSDEVOP_irq_status_query   5
#define PHYSDEVOP_set_iopl           6
#define PHYSDEVOP_set_iobitmap       7
#define PHYSDEVOP_eoi               12
#define PHYSDEVOP_map_pirq          13
#define PHYSDEVOP_unmap_pirq        14
#define PHYSDEVOP_pirq_eoi_gmfn_v1  17
#define PHYSDEVOP_pirq_eoi_gmfn_v2  28

#define XENIRQSTAT_needs_eoi  (1u << 0)
#define XENIRQSTAT_shared     (1u << 1)

#define MAP_PIRQ_TYPE_MSI       0x0
#define MAP_PIRQ_TYPE_GSI       0x1
#define MAP_PIRQ_TYPE_UNKNOWN   0x2
#define MAP_PIRQ_TYPE_MSI_SEG   0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

struct physdev_irq_status_query {
	uint32_t irq;                   /* in: a PIRQ */
	uint32_t flags;                 /* out: XENIRQSTAT_* */
};                                      /* 8 bytes */

struct physdev_eoi {
	uint32_t irq;                   /* a PIRQ */
};

struct physdev_map_pirq {
	uint16_t domid;                 /* @0 */
	uint16_t pad0;
	int32_t type;                   /* @4: MAP_PIRQ_TYPE_* */
	int32_t index;                  /* @8: the GSI for MAP_PIRQ_TYPE_GSI */
	int32_t pirq;                   /* @12: in: wanted (< 0: any); out: chosen */
	int32_t bus;                    /* @16 */
	int32_t devfn;                  /* @20 */
	int32_t entry_nr;               /* @24 */
	uint32_t pad1;
	uint64_t table_base;            /* @32 */
};                                      /* 40 bytes */

struct physdev_unmap_pirq {
	uint16_t domid;                 /* @0 */
	uint16_t pad;
	int32_t pirq;                   /* @4 */
};                                      /* 8 bytes */

struct physdev_pirq_eoi_gmfn {
	uint64_t gmfn;
};

_Static_assert(sizeof(struct physdev_map_pirq) == 40, "Xen's physdev_map_pirq is 40 bytes");
_Static_assert(sizeof(struct physdev_unmap_pirq) == 8, "Xen's physdev_unmap_pirq is 8 bytes");
