/*
 * The core of the Xen x86_64 PV guest ABI as Umbra implements it: hypercall
 * numbers, reserved domain ids, start_info, shared_info/vcpu_info, and the
 * page-table hypercall argument layouts.  Byte-for-byte compatible with Xen's
 * public headers (see ../shared/design/xen-pv-abi.md); written for Umbra.
 *
 * Self-contained: needs only <stdint.h>.  Shared by the hypervisor, the
 * pv-mmu model, host tests and guests.
 */
#pragma once
#include <stdint.h>
#include "errno.h"
#include "arch-x86_64.h"

typedef uint16_t domid_t;
typedef uint64_t xen_pfn_t;
typedef uint64_t xen_ulong_t;
typedef uint32_t evtchn_port_t;
typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* ---- hypercall numbers ---- */
#define __HYPERVISOR_set_trap_table                 0
#define __HYPERVISOR_mmu_update                     1
#define __HYPERVISOR_set_gdt                        2
#define __HYPERVISOR_stack_switch                   3
#define __HYPERVISOR_set_callbacks                  4
#define __HYPERVISOR_fpu_taskswitch                 5
#define __HYPERVISOR_sched_op_compat                6
#define __HYPERVISOR_platform_op                    7
#define __HYPERVISOR_set_debugreg                   8
#define __HYPERVISOR_get_debugreg                   9
#define __HYPERVISOR_update_descriptor             10
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                          23
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25
#define __HYPERVISOR_mmuext_op                     26
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
#define HYPERCALL_PAGE_SLOTS                      128

/* ---- reserved domain ids ---- */
#define DOMID_FIRST_RESERVED 0x7FF0
#define DOMID_SELF           0x7FF0
#define DOMID_IO             0x7FF1
#define DOMID_XEN            0x7FF2
#define DOMID_COW            0x7FF3
#define DOMID_INVALID        0x7FF4
#define DOMID_ANY            0x7FF5
#define DOMID_IDLE           0x7FFF
#define DOMID_MASK           0x7FFF

/* ---- console_io ---- */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* ---- vm_assist ---- */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0
#define VMASST_TYPE_4gb_segments_notify  1
#define VMASST_TYPE_writable_pagetables  2
#define VMASST_TYPE_pae_extended_cr3     3
#define VMASST_TYPE_architectural_iopl   4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict          32

/* ---- mmu_update ---- */
#define MMU_NORMAL_PT_UPDATE       0
#define MMU_MACHPHYS_UPDATE        1
#define MMU_PT_UPDATE_PRESERVE_AD  2
#define MMU_PT_UPDATE_NO_TRANSLATE 3
#define MMU_UPDATE_PREEMPTED       0x80000000u

struct mmu_update {
	uint64_t ptr;   /* machine address of the entry | cmd in bits 0-2 */
	uint64_t val;
};                      /* 16 bytes */

/* ---- mmuext_op ---- */
#define MMUEXT_PIN_L1_TABLE      0
#define MMUEXT_PIN_L2_TABLE      1
#define MMUEXT_PIN_L3_TABLE      2
#define MMUEXT_PIN_L4_TABLE      3
#define MMUEXT_UNPIN_TABLE       4
#define MMUEXT_NEW_BASEPTR       5
#define MMUEXT_TLB_FLUSH_LOCAL   6
#define MMUEXT_INVLPG_LOCAL      7
#define MMUEXT_TLB_FLUSH_MULTI   8
#define MMUEXT_INVLPG_MULTI      9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE       16
#define MMUEXT_COPY_PAGE        17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER       19
#define MMUEXT_UNMARK_SUPER     20

struct mmuext_op {
	uint32_t cmd;
	uint32_t pad;
	union {
		xen_pfn_t mfn;
		uint64_t linear_addr;
	} arg1;
	union {
		uint32_t nr_ents;
		uint64_t vcpumask;      /* guest handle */
		xen_pfn_t src_mfn;
	} arg2;
};                                      /* 24 bytes */

/* ---- update_va_mapping flags ---- */
#define UVMF_NONE       0
#define UVMF_TLB_FLUSH  1
#define UVMF_INVLPG     2
#define UVMF_FLUSHTYPE_MASK 3
#define UVMF_LOCAL      0
#define UVMF_ALL        4
#define UVMF_MULTI      0       /* any other value of bits 2-63: a vCPU bitmap pointer */

/* ---- multicall ---- */
struct multicall_entry {
	uint64_t op;
	int64_t  result;
	uint64_t args[6];
};                                      /* 64 bytes */

/* ---- start of day ---- */
#define MAX_GUEST_CMDLINE 1024
#define SIF_PRIVILEGED      (1u << 0)
#define SIF_INITDOMAIN      (1u << 1)
#define SIF_MULTIBOOT_MOD   (1u << 2)
#define SIF_MOD_START_PFN   (1u << 3)
#define SIF_VIRT_P2M_4TOOLS (1u << 4)

struct start_info {
	char     magic[32];             /* "xen-3.0-x86_64" */
	uint64_t nr_pages;
	uint64_t shared_info;           /* machine address */
	uint32_t flags;
	uint32_t pad0;
	xen_pfn_t store_mfn;
	uint32_t store_evtchn;
	uint32_t pad1;
	union {
		struct { xen_pfn_t mfn; uint32_t evtchn; uint32_t pad; } domU;
		struct { uint32_t info_off; uint32_t info_size; } dom0;
	} console;
	uint64_t pt_base;               /* virtual address of the bootstrap L4 */
	uint64_t nr_pt_frames;
	uint64_t mfn_list;              /* virtual address of the p2m list */
	uint64_t mod_start;
	uint64_t mod_len;
	char     cmd_line[MAX_GUEST_CMDLINE];
	uint64_t first_p2m_pfn;
	uint64_t nr_p2m_frames;
};                                      /* 1168 bytes */

/* ---- shared_info ---- */
#define XEN_LEGACY_MAX_VCPUS 32

struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t   tsc_shift;
	uint8_t  flags;
	uint8_t  pad1[2];
};                                      /* 32 bytes */

struct arch_vcpu_info {
	uint64_t cr2;
	uint64_t pad;
};

struct vcpu_info {
	uint8_t  evtchn_upcall_pending;
	uint8_t  evtchn_upcall_mask;
	uint8_t  pad0[6];
	uint64_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};                                      /* 64 bytes */

struct arch_shared_info {
	uint64_t max_pfn;
	uint64_t pfn_to_mfn_frame_list_list;
	uint64_t nmi_reason;
	uint64_t p2m_cr3;
	uint64_t p2m_vaddr;
	uint64_t p2m_generation;
};

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	uint64_t evtchn_pending[64];
	uint64_t evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};                                      /* 3136 bytes */

/* Console ring page (io/console.h). */
struct xencons_interface {
	char     in[1024];
	char     out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
	uint8_t  connection;
};
#define XENCONSOLE_CONNECTED    0
#define XENCONSOLE_DISCONNECTED 1
