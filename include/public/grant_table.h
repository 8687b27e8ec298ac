/* grant_table_op (hypercall 20), version 1.  Self-contained. */
#pragma once
#include <stdint.h>

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

struct grant_entry_v1 {
	uint16_t flags;
	uint16_t domid;
	uint32_t frame;
};                                              /* 8 bytes, 512 per frame */

#define GTF_invalid         0
#define GTF_permit_access   1
#define GTF_accept_transfer 2
#define GTF_type_mask       3
#define GTF_readonly        (1u << 2)
#define GTF_reading         (1u << 3)
#define GTF_writing         (1u << 4)
#define GTF_PWT             (1u << 5)
#define GTF_PCD             (1u << 6)
#define GTF_PAT             (1u << 7)
#define GTF_sub_page        (1u << 8)
/* GTF_accept_transfer entries: bits 2 and 3 mean something else. */
#define GTF_transfer_committed (1u << 2)
#define GTF_transfer_completed (1u << 3)

#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version      10
#define GNTTABOP_swap_grant_ref   11
#define GNTTABOP_cache_flush      12

#define GNTMAP_device_map      (1u << 0)
#define GNTMAP_host_map        (1u << 1)
#define GNTMAP_readonly        (1u << 2)
#define GNTMAP_application_map (1u << 3)
#define GNTMAP_contains_pte    (1u << 4)
#define GNTMAP_guest_avail_mask 0xFFFF0000u    /* copied into the PTE's bits 9-11 */

#define GNTST_okay              0
#define GNTST_general_error    -1
#define GNTST_bad_domain       -2
#define GNTST_bad_gntref       -3
#define GNTST_bad_handle       -4
#define GNTST_bad_virt_addr    -5
#define GNTST_bad_dev_addr     -6
#define GNTST_no_device_space  -7
#define GNTST_permission_denied -8
#define GNTST_bad_page         -9
#define GNTST_bad_copy_arg    -10
#define GNTST_address_too_big -11
#define GNTST_eagain          -12
#define GNTST_no_space        -13

struct gnttab_map_grant_ref {
	uint64_t host_addr;
	uint32_t flags;
	grant_ref_t ref;
	uint16_t dom;
	int16_t status;                 /* out */
	grant_handle_t handle;          /* out */
	uint64_t dev_bus_addr;          /* out */
};                                      /* 32 bytes */

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status;                 /* out */
	uint16_t pad;
};                                      /* 24 bytes */

struct gnttab_setup_table {
	uint16_t dom;
	uint16_t pad;
	uint32_t nr_frames;
	int16_t status;                 /* out */
	uint16_t pad2[3];
	uint64_t frame_list;            /* guest handle: xen_pfn_t[] */
};                                      /* 24 bytes */

#define GNTCOPY_source_gref (1u << 0)
#define GNTCOPY_dest_gref   (1u << 1)

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		uint64_t gmfn;
	} u;
	uint16_t domid;
	uint16_t offset;
	uint32_t pad;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source;  /* @0 */
	struct gnttab_copy_ptr dest;    /* @16 */
	uint16_t len;                   /* @32 */
	uint16_t flags;                 /* @34 */
	int16_t status;                 /* @36, out */
	uint16_t pad;
};                                      /* 40 bytes */

struct gnttab_query_size {
	uint16_t dom;
	uint16_t pad;
	uint32_t nr_frames;             /* out */
	uint32_t max_nr_frames;         /* out */
	int16_t status;                 /* out */
	uint16_t pad2;
};                                      /* 16 bytes */

struct gnttab_set_version {
	uint32_t version;
};

struct gnttab_get_version {
	uint16_t dom;
	uint16_t pad;
	uint32_t version;               /* out */
};

struct gnttab_unmap_and_replace {
	uint64_t host_addr;
	uint64_t new_addr;
	grant_handle_t handle;
	int16_t status;                 /* out */
	uint16_t pad;
};                                      /* 24 bytes */

struct gnttab_transfer {
	uint64_t mfn;                   /* the caller's frame to give away */
	uint16_t domid;
	uint16_t pad;
	grant_ref_t ref;                /* an accept_transfer entry of domid's */
	int16_t status;                 /* out */
	uint16_t pad2[3];
};                                      /* 24 bytes */

struct gnttab_dump_table {
	uint16_t dom;
	int16_t status;                 /* out */
};                                      /* 4 bytes */

struct gnttab_get_status_frames {
	uint32_t nr_frames;
	uint16_t dom;
	int16_t status;                 /* out */
	uint64_t frame_list;            /* guest handle: uint64_t[] */
};                                      /* 16 bytes */

struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;
	grant_ref_t ref_b;
	int16_t status;                 /* out */
	uint16_t pad;
};                                      /* 12 bytes */

#define GNTTAB_CACHE_CLEAN       (1u << 0)
#define GNTTAB_CACHE_INVAL       (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31)

struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;                /* within the page */
	uint16_t length;
	uint32_t op;                    /* GNTTAB_CACHE_* */
};                                      /* 16 bytes */
