/* xen_version (hypercall 17) and feature bits.  Self-contained. */
#pragma once
#include <stdint.h>

/* The Xen release whose guest interface these headers describe and Umbra
 * follows: 4.17, the release Umbra's tests are checked against
 * (docs/oracle.md).  XENVER_version answers major << 16 | minor. */
#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040011

#define XENVER_version      0
#define XENVER_extraversion 1
#define XENVER_compile_info 2
#define XENVER_capabilities 3
#define XENVER_changeset    4
#define XENVER_platform_parameters 5
#define XENVER_get_features 6
#define XENVER_pagesize     7
#define XENVER_guest_handle 8
#define XENVER_commandline  9
#define XENVER_build_id    10

typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};                      /* 144 bytes */

struct xen_platform_parameters {
	uint64_t virt_start;
};

struct xen_feature_info {
	uint32_t submap_idx;
	uint32_t submap;
};

#define XENFEAT_writable_page_tables       0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap    2
#define XENFEAT_supervisor_mode_kernel     3
#define XENFEAT_pae_pgdir_above_4gb        4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_highmem_assist             6
#define XENFEAT_gnttab_map_avail_bits      7
#define XENFEAT_hvm_callback_vector        8
#define XENFEAT_hvm_safe_pvclock           9
#define XENFEAT_hvm_pirqs                 10
#define XENFEAT_dom0                      11
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_direct_mapped             17
#define XENFEAT_NR_SUBMAPS 1
