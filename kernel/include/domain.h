/*
 * Domains and vCPUs.
 *
 * A vCPU's struct cpu_regs is where its guest state lives while it does not
 * run, and where the CPU writes it on every entry (entry.S): the hypervisor
 * is event-driven and keeps nothing on its stack for a guest.  A domain is
 * either running (its vCPUs may be scheduled), or shut down (no vCPU runs
 * again; domain_destroy() then reclaims every frame it holds).  Domains come
 * from a fixed pool; domain ids are handed out in increasing order and not
 * reused while the hypervisor runs, as in Xen.
 *
 * A domain has max_vcpus vCPUs from its creation on, as in Xen (1 to
 * MAX_VCPUS_PER_DOMAIN, the vcpu_info slots of shared_info): vCPU 0 is built
 * running, the others exist offline and uninitialised until the guest gives
 * them a context (VCPUOP_initialise) and brings them up (VCPUOP_up).  Each
 * vCPU lives in two hypervisor frames (its struct and its virtual IDT),
 * taken when the domain gets its vCPUs and given back when it is destroyed.
 */
#pragma once
#include "lib.h"
#include "public/xen.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "evtchn.h"
#include "gnttab.h"
#include "iocap.h"
#include "pirq.h"
#include "../../pv-mmu/mmu.h"
#include "../arch/x86_64/regs.h"

#define MAX_DOMAINS 64
#define MAX_VCPUS_PER_DOMAIN XEN_LEGACY_MAX_VCPUS    /* 32 */
#define VCPU_TRAP_VECTORS 256
/* Hypervisor-kept frames a domain needs besides its memory: shared_info, its
 * first vCPU's two frames, its first page of event channels. */
#define DOMAIN_EXTRA_FRAMES 4

struct domain;
struct hvm_vcpu;
struct hvm_domain;

struct vcpu {
	struct cpu_regs regs;                   /* must stay 16-byte aligned */
	struct domain *domain;
	unsigned id;
	unsigned slot;                          /* pool index: its LDT window */
	uint64_t mfn, trap_mfn;                 /* the frames holding it and trap_ctxt */
	struct vcpu *graveyard_next;            /* destroyed, frames not yet given back */
	uint32_t ldt_live_entries;              /* descriptors the LDT window really maps */
	bool initialised;                       /* has a context (built, or VCPUOP_initialise) */
	bool down;                              /* offline: VCPUOP_down, or never brought up */
	bool in_kernel;                         /* guest-kernel (vs guest-user) mode */
	bool blocked;                           /* SCHEDOP_block or poll: waits for an event */
	bool polling;                           /* blocked in SCHEDOP_poll */
	bool poll_any;                          /* woken by any port of the domain (not one) */
	bool yielded;                           /* let others run first at the next choice */
	bool nmi_pending, nmi_masked;           /* VCPUOP_send_nmi; masked until iret */
	bool sshot_armed;                       /* singleshot timer (set_timer_op, VCPUOP) */
	bool periodic_armed;                    /* periodic timer running (only while scheduled) */
	bool runstate_due;                      /* the runstate area write to redo in kernel mode */
	uint32_t poll_port;                     /* the one port polled (!poll_any) */
	int64_t credit;                         /* ns of CPU time it may still use */
	int64_t sshot_deadline;                 /* system time ns */
	uint64_t periodic_period;               /* ns; 0 = stopped (Xen's PV default: 10 ms) */
	int64_t periodic_last, periodic_next;
	uint64_t poll_deadline;                 /* system time ns; 0 = none */
	uint32_t virq_port[NR_VIRQS];           /* 0 = not bound */
	struct vcpu_runstate_info runstate;     /* kept by sched_runstate.c */
	uint64_t runstate_area;                 /* guest copy (VCPUOP_register_runstate_memory_area) */
	uint64_t time_area;                     /* guest copy of vcpu_time_info (VCPUOP 13) */
	struct mmu_vcpu mmu;                    /* base pointers, GDT, LDT (pv-mmu) */
	struct trap_info *trap_ctxt;            /* VCPU_TRAP_VECTORS entries, its own frame */
	uint64_t event_callback, failsafe_callback, syscall_callback;
	uint64_t syscall32_callback, sysenter_callback;     /* kept; sysenter is #UD on AMD */
	uint16_t callback_flags[8];             /* CALLBACKF_* per CALLBACKTYPE_* */
	uint64_t kernel_sp, kernel_ss;
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	uint16_t ds, es, fs, gs;
	bool fpu_ts;                            /* virtual CR0.TS */
	uint64_t cr4;                           /* the guest's own CR4 bits (pv_priv.c) */
	uint64_t mcg_status;                    /* virtual MCG_STATUS (pv_msr.c) */
	uint64_t dr[4], dr6, dr7;               /* virtual debug registers (pv_debugreg.c) */
	unsigned iopl;                          /* virtual IOPL, 0-3 (physdev_op set_iopl) */
	uint64_t iobmp;                         /* I/O bitmap in guest memory (set_iobitmap) */
	uint32_t iobmp_ports;                   /* ports it covers */
	uint8_t fpu[512] __attribute__((aligned(16)));  /* FXSAVE image, private to the vCPU */
	uint64_t cr2;                           /* virtual CR2 */
	uint64_t cpu_time_ns;                   /* time spent running */
	struct vcpu_info *vcpu_info;            /* in shared_info, or where the guest moved it */
	uint64_t vcpu_info_mfn;                 /* the guest frame holding it; 0: shared_info */
	struct hvm_vcpu *hvm;                   /* an HVM vCPU's SVM state; NULL: PV */
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct vcpu) <= 4096, "a vCPU fits its frame");

enum domain_state { DOM_FREE = 0, DOM_RUNNING, DOM_SHUTDOWN };

struct domain {
	domid_t id;
	unsigned pool_index;                    /* its place in the domain pool */
	enum domain_state state;
	bool privileged;                        /* SIF_PRIVILEGED */
	bool initial;                           /* the control domain built at boot */
	unsigned shutdown_reason;
	char name[32];
	uint8_t handle[16];                     /* the toolstack's (createdomain, getdomaininfo) */
	uint64_t shared_info_mfn;
	uint64_t store_mfn, console_mfn;        /* the builder's XenStore and console pages (not dom0) */
	uint32_t store_port, console_port;      /* their unbound ports, remote end the initial domain */
	struct shared_info *shared_info;
	uint64_t nr_pages, max_pages;           /* Xen's tot_pages and max_pages */
	uint64_t e820_mfn;                      /* XENMEM_set_memory_map's table: a held run */
	unsigned e820_order, nr_e820;           /* of 2^e820_order frames; 0 entries: none */
	struct mmu_domain mmu;                  /* privilege, vm_assist (pv-mmu) */
	unsigned weight, cap;                   /* credit scheduler: share, % of a CPU (0 = none) */
	uint64_t period_used;                   /* ns its vCPUs ran in the current period */
	bool capped;                            /* used up its cap for this period */
	unsigned sched_active;                  /* scratch: its vCPUs that want the CPU */
	unsigned pause_count;                   /* domctl pause: no vCPU runs while non-zero */
	bool creation_finished;                 /* Xen's: unpaused by the toolstack once (or
	                                           built at boot); no longer being built */
	struct vcpu *vcpus[MAX_VCPUS_PER_DOMAIN];
	unsigned nr_vcpus;
	struct evtchn_table evtchn;
	struct gnttab gnttab;
	struct iocap io;                        /* device permissions (iocap.c) */
	struct pirq_table pirq;                 /* PIRQ -> GSI, bindings (pirq.c) */
	struct hvm_domain *hvm;                 /* an HVM domain's state (kernel/hvm/); NULL: PV */
};

extern struct vcpu *current;

/* Domain ids are never reused (gnttab.c names a dead granter by its id):
 * domain_take_id gives want (DOMID_ANY: the next unused id) if no domain
 * ever had it, else DOMID_ANY (Xen's 0x7ff5).  domain_create makes a domain with an id so
 * taken; NULL if no slot or no memory (the id stays used). */
domid_t domain_take_id(domid_t want);
struct domain *domain_create(const char *name, bool privileged, domid_t id);
/* Give d vCPUs 1..n-1, offline (Xen's max_vcpus): 0, -EINVAL for n outside
 * 1..MAX_VCPUS_PER_DOMAIN or below what d has, -ENOMEM. */
int domain_max_vcpus(struct domain *d, unsigned n);
struct vcpu *domain_vcpu(struct domain *d, uint64_t id);       /* NULL if none */
unsigned domain_vcpus_up(const struct domain *d);
/* Teardown (domain_vcpu.c): drop the vCPUs' references on guest frames; give
 * back their own frames (later, at domain_reap_vcpus(), when the domain was
 * the one running). */
void domain_release_vcpu_pages(struct domain *d);
void domain_free_vcpus(struct domain *d, bool running);
void domain_reap_vcpus(void);
uint64_t domain_vcpu_frames_unreaped(void);     /* frames domain_reap_vcpus() will give back */
/* VCPUOP_initialise (vcpu_context.c): v's first state from a vcpu_guest_context. */
long vcpu_initialise(struct vcpu *v, uint64_t arg);
/* The same from a context the hypervisor holds (checked, then taken;
 * selectors in *c get their RPL fixed): 0 or -XEN_E*, v untouched on failure. */
long vcpu_set_context(struct vcpu *v, struct vcpu_guest_context *c);
/* v's state as a vcpu_guest_context (vcpu_context_get.c); v not running. */
void vcpu_get_context(const struct vcpu *v, struct vcpu_guest_context *c);
struct domain *domain_by_id(domid_t id);
void domain_shutdown(struct domain *d, unsigned reason);
noreturn void domain_crash_current(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void domain_crash(struct domain *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void domain_destroy(struct domain *d);
unsigned domains_alive(void);
struct domain *domain_iter(unsigned *i);        /* next live domain from pool index *i */
const char *shutdown_reason_name(unsigned reason);
