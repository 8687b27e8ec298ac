/*
 * HVM domains: what the hypervisor keeps for a domain whose vCPUs run
 * under AMD SVM, and the calls between its parts.
 *
 *   hvm_domain.c   build from a PVH ELF (hvm_build), teardown, counters
 *   hvm_run.c      the run loop: events in, VMRUN, exit dispatch (svm_exit.c)
 *   svm_vmcb.c     a vCPU's VMCB in the PVH start state
 *   hvm_p2m.c      the guest-physical to machine map (nested-table format)
 *   hap.c          the nested-paging backend (hvm_paging.h)
 *   hvm_io.c       port I/O: the UART (vuart.c), PIT (vpit.c), PIC (vpic.c)
 *   hvm_hypercall.c VMMCALL hypercalls
 *   hvm_guest_mem.c guest-virtual/physical copies through the guest's tables
 *
 * Invariant: an HVM domain's guest-physical RAM is exactly the frames its
 * p2m maps, all owned by the domain (counted in d->nr_pages); everything
 * else the hypervisor holds for it (VMCB, nested tables, this struct) is a
 * hypervisor frame listed here and given back by hvm_domain_destroy.  A
 * guest request the hypervisor cannot honour crashes that domain only.
 */
#pragma once
#include "domain.h"
#include "hvm_asid.h"
#include "hvm_dev.h"

/* Exits counted by reason (hvm_exit_reason maps exit codes here). */
enum hvm_exit_kind {
	HVM_EXIT_CR, HVM_EXIT_EXCEPTION, HVM_EXIT_INTR, HVM_EXIT_VINTR, HVM_EXIT_CPUID,
	HVM_EXIT_HLT, HVM_EXIT_INVLPG, HVM_EXIT_IOIO, HVM_EXIT_MSR, HVM_EXIT_SHUTDOWN,
	HVM_EXIT_VMMCALL, HVM_EXIT_NPF, HVM_EXIT_OTHER, HVM_EXIT_KINDS
};

struct hvm_counters {
	uint64_t exits[HVM_EXIT_KINDS];
	uint64_t npf;                   /* nested page faults */
	uint64_t asid_flushes;          /* vCPU TLB flushes (a fresh ASID) */
	uint64_t full_flushes;          /* VMRUNs with TLB_CONTROL 1 */
	uint64_t irqs_injected;
	uint64_t p2m_removed;           /* present p2m entries taken away */
};

struct hvm_vcpu {
	void *vmcb;
	uint64_t vmcb_mfn;
	struct hvm_asid_vcpu asid;
	bool tick_pending;              /* the host timer fired during the last exit */
};

struct hvm_paging_ops;

struct hvm_domain {
	const struct hvm_paging_ops *paging;
	uint64_t self_mfn;              /* the frame holding this struct */
	uint64_t p2m_root;              /* mfn of the p2m's top table (0: none yet) */
	uint64_t p2m_frames;            /* table frames the p2m holds */
	uint64_t ram_pages;             /* guest-physical RAM is [0, ram_pages << 12) */
	uint64_t hypercall_gfn;         /* where the guest asked for its hypercall page */
	struct hvm_vcpu vcpu0;          /* HVM domains have one vCPU */
	struct hvm_devices dev;
	struct hvm_counters stats;
};

extern struct hvm_asid_pool hvm_asids;

/* Hypervisor frames an HVM domain of n pages needs besides the PV extras:
 * its p2m tables (one L1 per 512 pages, the upper levels), its VMCB and
 * its struct hvm_domain. */
#define HVM_EXTRA_FRAMES(n) ((n) / 512 + 8)

/* The domain of an HVM vCPU (NULL for PV). */
static inline struct hvm_domain *hvm_of(const struct domain *d) { return d->hvm; }

struct hvm_build_args {
	const char *name;
	const void *image;
	size_t image_len;
	uint64_t nr_pages;
	const char *cmdline;
	unsigned weight, cap;
};
struct domain *hvm_build(const struct hvm_build_args *a);
void hvm_domain_destroy(struct domain *d);      /* from domain_destroy */
void hvm_print_counters(const struct domain *d);

/* svm_vmcb.c */
void svm_vmcb_init(struct vcpu *v, uint64_t entry, uint64_t start_info_gpa);

/* hvm_run.c */
noreturn void hvm_run(struct vcpu *v);
void hvm_inject_exception(struct vcpu *v, unsigned vector, bool has_error, uint32_t error);
void hvm_flush_vcpu_tlb(struct vcpu *v);        /* a fresh ASID at its next VMRUN */
void hvm_timer_check(struct vcpu *v, int64_t now);
void hvm_halt(struct vcpu *v);                  /* HLT: block until an interrupt waits */
bool hvm_timer_irq_host(void);                  /* trap_from_hv: the timer during an HVM exit */
noreturn void hvm_crash(struct vcpu *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hvm_advance_rip(struct vcpu *v, unsigned len);

/* svm_exit.c */
void svm_handle_exit(struct vcpu *v);

/* hvm_hypercall.c */
void hvm_hypercall(struct vcpu *v);
void hvm_hypercall_page_fill(uint8_t *page);

/* hvm_memory.c: memory_op (decrease_reservation). */
long hvm_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg);

/* hvm_guest_mem.c: 0, or -XEN_EFAULT when some byte is not guest RAM. */
long hvm_copy_from_gpa(struct domain *d, void *dst, uint64_t gpa, size_t n);
long hvm_copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, size_t n);
long hvm_copy_from_gva(struct vcpu *v, void *dst, uint64_t gva, size_t n);
long hvm_copy_to_gva(struct vcpu *v, uint64_t gva, const void *src, size_t n);
