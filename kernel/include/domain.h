/*
 * Domains and vCPUs.
 *
 * A vCPU's struct cpu_regs is where its guest state lives while it does not
 * run, and where the CPU writes it on every entry (entry.S): the hypervisor
 * is event-driven and keeps nothing on its stack for a guest.  A domain is
 * either running (its vCPUs may be scheduled), or shut down (no vCPU runs
 * again; domain_destroy() then reclaims every frame it holds).  Domains and
 * vCPUs come from fixed pools; domain ids are handed out in increasing order
 * and not reused while the hypervisor runs, as in Xen.
 */
#pragma once
#include "lib.h"
#include "public/xen.h"
#include "public/sched.h"
#include "evtchn.h"
#include "gnttab.h"
#include "../../pv-mmu/mmu.h"
#include "../arch/x86_64/regs.h"

#define MAX_DOMAINS 64
#define MAX_VCPUS_PER_DOMAIN 1

struct domain;

struct vcpu {
	struct cpu_regs regs;                   /* must stay 16-byte aligned */
	struct domain *domain;
	unsigned id;
	unsigned slot;                          /* pool index: its LDT window */
	uint32_t ldt_live_entries;              /* descriptors the LDT window really maps */
	bool in_kernel;                         /* guest-kernel (vs guest-user) mode */
	bool blocked;                           /* SCHEDOP_block or poll: waits for an event */
	bool polling;                           /* blocked in SCHEDOP_poll on poll_ports */
	bool capped;                            /* used up its cap for this period */
	bool yielded;                           /* let others run first at the next choice */
	int64_t credit;                         /* ns of CPU time it may still use */
	uint64_t period_used;                   /* ns run in the current period */
	uint64_t timer_deadline;                /* set_timer_op, system time ns; 0 = none */
	uint64_t poll_deadline;
	unsigned nr_poll_ports;
	uint32_t poll_ports[128];
	uint32_t virq_port[NR_VIRQS];           /* 0 = not bound */
	struct mmu_vcpu mmu;                    /* base pointers, GDT, LDT (pv-mmu) */
	struct trap_info trap_ctxt[256];
	uint64_t event_callback, failsafe_callback, syscall_callback;
	uint64_t syscall32_callback, sysenter_callback;     /* kept; sysenter is #UD on AMD */
	uint16_t callback_flags[8];             /* CALLBACKF_* per CALLBACKTYPE_* */
	uint64_t kernel_sp, kernel_ss;
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	uint16_t ds, es, fs, gs;
	bool fpu_ts;                            /* virtual CR0.TS */
	uint64_t dr[4], dr6, dr7;               /* virtual debug registers (pv_debugreg.c) */
	unsigned iopl;                          /* virtual IOPL, 0-3 (physdev_op set_iopl) */
	uint64_t iobmp;                         /* I/O bitmap in guest memory (set_iobitmap) */
	uint32_t iobmp_ports;                   /* ports it covers */
	uint8_t fpu[512] __attribute__((aligned(16)));  /* FXSAVE image, private to the vCPU */
	uint64_t cr2;                           /* virtual CR2 */
	uint64_t cpu_time_ns;                   /* time spent running */
	struct vcpu_info *vcpu_info;            /* in the domain's shared_info */
} __attribute__((aligned(16)));

enum domain_state { DOM_FREE = 0, DOM_RUNNING, DOM_SHUTDOWN };

struct domain {
	domid_t id;
	enum domain_state state;
	bool privileged;                        /* SIF_PRIVILEGED */
	bool initial;                           /* the control domain built at boot */
	unsigned shutdown_reason;
	char name[32];
	uint64_t shared_info_mfn;
	struct shared_info *shared_info;
	uint64_t nr_pages, max_pages;           /* Xen's tot_pages and max_pages */
	uint64_t e820_mfn;                      /* XENMEM_set_memory_map's table: a held run */
	unsigned e820_order, nr_e820;           /* of 2^e820_order frames; 0 entries: none */
	struct mmu_domain mmu;                  /* privilege, vm_assist (pv-mmu) */
	unsigned weight, cap;                   /* credit scheduler: share, % of a CPU (0 = none) */
	unsigned pause_count;                   /* domctl pause: no vCPU runs while non-zero */
	struct vcpu *vcpus[MAX_VCPUS_PER_DOMAIN];
	unsigned nr_vcpus;
	struct evtchn_table evtchn;
	struct gnttab gnttab;
};

extern struct vcpu *current;

struct domain *domain_create(const char *name, bool privileged);
struct domain *domain_by_id(domid_t id);
void domain_shutdown(struct domain *d, unsigned reason);
noreturn void domain_crash_current(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void domain_crash(struct domain *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void domain_destroy(struct domain *d);
unsigned domains_alive(void);
struct domain *domain_iter(unsigned *i);        /* next live domain from pool index *i */
const char *shutdown_reason_name(unsigned reason);
