/*
 * vcpu_op (hypercall 24): vCPU bring-up, state, timers and per-vCPU shared
 * areas, with Xen's command numbers and argument layouts for a 64-bit
 * guest (xen-pv-abi.md 10.7 and 10.8).  vcpu_op(cmd, vcpuid, arg).
 * Self-contained: needs only <stdint.h> and arch-x86_64.h.
 */
#pragma once
#include <stdint.h>
#include "arch-x86_64.h"

#define VCPUOP_initialise                     0   /* arg: struct vcpu_guest_context */
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3
#define VCPUOP_get_runstate_info              4   /* arg: struct vcpu_runstate_info (out) */
#define VCPUOP_register_runstate_memory_area  5   /* arg: struct vcpu_register_runstate_memory_area */
#define VCPUOP_set_periodic_timer             6   /* arg: struct vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8   /* arg: struct vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info            10   /* arg: struct vcpu_register_vcpu_info */
#define VCPUOP_send_nmi                      11   /* arg: must be NULL */
#define VCPUOP_get_physid                    12   /* arg: struct vcpu_get_physid (out) */
#define VCPUOP_register_vcpu_time_memory_area 13  /* arg: struct vcpu_register_time_memory_area */

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/* With VMASST_TYPE_runstate_update_flag, set in the guest's copy of
 * state_entry_time while the hypervisor rewrites it. */
#define XEN_RUNSTATE_UPDATE (1ull << 63)

struct vcpu_runstate_info {
	int32_t  state;                 /* RUNSTATE_* */
	uint32_t pad;
	uint64_t state_entry_time;      /* system time (ns) the state was entered */
	uint64_t time[4];               /* ns spent in each state */
};                                      /* 48 bytes */

struct vcpu_register_runstate_memory_area {
	uint64_t addr;                  /* guest virtual address of a vcpu_runstate_info */
};

struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};

#define VCPU_SSHOTTMR_future (1u << 0)  /* -ETIME if the timeout has passed */

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;        /* system time */
	uint32_t flags;                 /* VCPU_SSHOTTMR_* */
	uint32_t pad;
};                                      /* 16 bytes */

struct vcpu_register_vcpu_info {
	uint64_t mfn;                   /* the frame holding the new vcpu_info */
	uint32_t offset;                /* its byte offset in the frame */
	uint32_t rsvd;
};                                      /* 16 bytes */

struct vcpu_get_physid {
	uint64_t phys_id;
};

struct vcpu_register_time_memory_area {
	uint64_t addr;                  /* guest virtual address of a vcpu_time_info */
};

/* vcpu_guest_context (arch-x86/xen-x86_64.h; 5168 bytes). */

#define VGCF_i387_valid               (1u << 0)
#define VGCF_in_kernel                (1u << 2)
#define VGCF_failsafe_disables_events (1u << 3)
#define VGCF_syscall_disables_events  (1u << 4)
#define VGCF_online                   (1u << 5)

struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code, entry_vector;
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t  saved_upcall_mask;
	uint8_t  _pad1[3];
	uint64_t rflags, rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};                                      /* 200 bytes */

struct vcpu_guest_context {
	uint8_t  fpu_ctxt[512];         /* FXSAVE image, used with VGCF_i387_valid */
	uint64_t flags;                 /* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];        /* the virtual IDT */
	uint64_t ldt_base, ldt_ents;
	uint64_t gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp;
	uint64_t ctrlreg[8];            /* [3]: kernel L4 (mfn << 12), [1]: user L4 */
	uint64_t debugreg[8];
	uint64_t event_callback_eip, failsafe_callback_eip, syscall_callback_eip;
	uint64_t vm_assist;
	uint64_t fs_base, gs_base_kernel, gs_base_user;
};                                      /* 5168 bytes */

_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs layout");
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "vcpu_guest_context layout");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, ctrlreg) == 4984, "ctrlreg offset");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, fs_base) == 5144, "fs_base offset");
