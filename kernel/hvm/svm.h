/*
 * AMD SVM: the VMCB layout, intercept bits and exit codes Umbra uses, and
 * the CPU-level operations (svm_cpu.c, svm_entry.S).
 *
 * The VMCB is one zeroed 4 KiB page per HVM vCPU, reached here through
 * byte offsets (AMD APM vol. 2 ch. 15; the offsets are those of Xen's
 * struct vmcb_struct): a field is read and written with the vmcb_r64/vmcb_w64 family,
 * never through a C struct whose padding could drift.  Invariant: every
 * VMCB handed to VMRUN has the VMRUN intercept, a non-zero ASID, EFER.SVME
 * and the shared I/O and MSR permission maps (svm_vmcb.c builds it so and
 * the exit handlers never clear them).
 */
#pragma once
#include "lib.h"

/* Control area. */
#define VMCB_CR_INTERCEPTS      0x000   /* bits 0-15 reads, 16-31 writes */
#define VMCB_EXC_INTERCEPTS     0x008
#define VMCB_INTERCEPTS1        0x00C
#define VMCB_INTERCEPTS2        0x010
#define VMCB_IOPM_BASE          0x040
#define VMCB_MSRPM_BASE         0x048
#define VMCB_TSC_OFFSET         0x050
#define VMCB_ASID               0x058
#define VMCB_TLB_CONTROL        0x05C
#define VMCB_VINTR              0x060
#define VMCB_INT_STATE          0x068
#define VMCB_EXITCODE           0x070
#define VMCB_EXITINFO1          0x078
#define VMCB_EXITINFO2          0x080
#define VMCB_EXITINTINFO        0x088
#define VMCB_NP_CONTROL         0x090
#define VMCB_EVENTINJ           0x0A8
#define VMCB_N_CR3              0x0B0
#define VMCB_CLEAN              0x0C0
/* State-save area. */
#define VMCB_ES                 0x400
#define VMCB_CS                 0x410
#define VMCB_SS                 0x420
#define VMCB_DS                 0x430
#define VMCB_FS                 0x440
#define VMCB_GS                 0x450
#define VMCB_GDTR               0x460
#define VMCB_LDTR               0x470
#define VMCB_IDTR               0x480
#define VMCB_TR                 0x490
#define VMCB_CPL                0x4CB
#define VMCB_EFER               0x4D0
#define VMCB_CR4                0x548
#define VMCB_CR3                0x550
#define VMCB_CR0                0x558
#define VMCB_DR7                0x560
#define VMCB_DR6                0x568
#define VMCB_RFLAGS             0x570
#define VMCB_RIP                0x578
#define VMCB_RSP                0x5D8
#define VMCB_RAX                0x5F8
#define VMCB_CR2                0x640
#define VMCB_G_PAT              0x668

/* General intercepts 1 (VMCB_INTERCEPTS1). */
#define SVM_INT1_INTR           (1u << 0)
#define SVM_INT1_NMI            (1u << 1)
#define SVM_INT1_SMI            (1u << 2)
#define SVM_INT1_INIT           (1u << 3)
#define SVM_INT1_VINTR          (1u << 4)
#define SVM_INT1_CPUID          (1u << 18)
#define SVM_INT1_INVD           (1u << 22)
#define SVM_INT1_HLT            (1u << 24)
#define SVM_INT1_INVLPG         (1u << 25)
#define SVM_INT1_INVLPGA        (1u << 26)
#define SVM_INT1_IOIO           (1u << 27)
#define SVM_INT1_MSR            (1u << 28)
#define SVM_INT1_TASK_SWITCH    (1u << 29)
#define SVM_INT1_SHUTDOWN       (1u << 31)
/* General intercepts 2 (VMCB_INTERCEPTS2): VMRUN through XSETBV. */
#define SVM_INT2_SVM_INSNS      0x007Fu /* VMRUN, VMMCALL, VMLOAD, VMSAVE, STGI, CLGI, SKINIT */
#define SVM_INT2_MONITOR_XSETBV 0x3C00u /* MONITOR, MWAIT, MWAIT-conditional, XSETBV */

/* Exit codes (VMCB_EXITCODE). */
#define SVM_EXIT_CR0_WRITE      0x010
#define SVM_EXIT_CR4_WRITE      0x014
#define SVM_EXIT_EXCP_BASE      0x040
#define SVM_EXIT_INTR           0x060
#define SVM_EXIT_NMI            0x061
#define SVM_EXIT_VINTR          0x064
#define SVM_EXIT_CPUID          0x072
#define SVM_EXIT_HLT            0x078
#define SVM_EXIT_INVLPG         0x079
#define SVM_EXIT_IOIO           0x07B
#define SVM_EXIT_MSR            0x07C
#define SVM_EXIT_SHUTDOWN       0x07F
#define SVM_EXIT_VMMCALL        0x081
#define SVM_EXIT_NPF            0x400
#define SVM_EXIT_INVALID        (~0ull)

/* EVENTINJ / EXITINTINFO. */
#define SVM_EVT_VALID           (1u << 31)
#define SVM_EVT_ERR_VALID       (1u << 11)
#define SVM_EVT_TYPE_INTR       (0u << 8)
#define SVM_EVT_TYPE_EXC        (3u << 8)

/* V_INTR control (VMCB_VINTR). */
#define SVM_VINTR_IRQ           (1ull << 8)
#define SVM_VINTR_IGN_TPR       (1ull << 20)
#define SVM_VINTR_MASKING       (1ull << 24)

#define SVM_TLB_FLUSH_NONE      0
#define SVM_TLB_FLUSH_ALL       1

#define EFER_SVME               (1ull << 12)
#define MSR_VM_CR               0xC0010114
#define MSR_VM_HSAVE_PA         0xC0010117

static inline uint64_t vmcb_r64(const void *vmcb, unsigned off) { return *(const uint64_t *)((const uint8_t *)vmcb + off); }
static inline uint32_t vmcb_r32(const void *vmcb, unsigned off) { return *(const uint32_t *)((const uint8_t *)vmcb + off); }
static inline void vmcb_w64(void *vmcb, unsigned off, uint64_t v) { *(uint64_t *)((uint8_t *)vmcb + off) = v; }
static inline void vmcb_w32(void *vmcb, unsigned off, uint32_t v) { *(uint32_t *)((uint8_t *)vmcb + off) = v; }
static inline void vmcb_w8(void *vmcb, unsigned off, uint8_t v) { *((uint8_t *)vmcb + off) = v; }
/* A segment slot: selector, 12-bit attributes, limit, base. */
static inline void vmcb_wseg(void *vmcb, unsigned off, uint16_t sel, uint16_t attr, uint32_t limit, uint64_t base)
{
	uint8_t *p = (uint8_t *)vmcb + off;
	*(uint16_t *)p = sel;
	*(uint16_t *)(p + 2) = attr;
	*(uint32_t *)(p + 4) = limit;
	*(uint64_t *)(p + 8) = base;
}

/* svm_cpu.c: SVM on this CPU; the shared permission maps. */
extern bool svm_available;
extern uint64_t svm_iopm_pa, svm_msrpm_pa;
void svm_init(void);

/* svm_entry.S: load the guest's registers (regs; RAX, RSP, RIP live in the
 * VMCB), VMSAVE the host, VMLOAD+VMRUN the guest, VMSAVE it, VMLOAD the
 * host, save the guest's registers back, open GIF and interrupts for the
 * host's pending interrupts, and return with interrupts off. */
struct cpu_regs;
void svm_vmrun(struct cpu_regs *regs, uint64_t vmcb_pa, uint64_t host_vmcb_pa);
/* Restart the hypervisor stack and call hvm_run(v); never returns. */
struct vcpu;
noreturn void svm_enter_fresh_stack(struct vcpu *v);
