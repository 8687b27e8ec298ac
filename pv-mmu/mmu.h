/*
 * The PV MMU model: the public interface.
 *
 * A PV guest writes its own page tables, but only through the operations
 * declared here, and every one of them is checked against Xen's page type and
 * reference-count model.  The model is portable C: the kernel hands it an
 * environment (struct mmu_env) with the frame table, a way to reach a frame's
 * contents and a few callbacks, and calls one function per hypercall request.
 * Host unit tests and the fuzzer call the same functions against fake memory.
 * The model itself is explained at the top of mmu_types.c; docs/pv-mmu.md
 * gives the rules and the API for readers who do not read the code.
 *
 * Contract for every function returning int: 0 on success or -XEN_E* on
 * refusal, and a refused request changed no count, type, pin or mapping
 * (validate, then commit).  Two traces are allowed: lower tables validated
 * on the way to the failure keep the bits validation adds to their entries
 * (US, the kernel marker; they grant nothing), and TLB time stamps may have
 * moved.  update_va_mapping reads a UVMF_MULTI bitmap after writing the
 * entry, and a refused unmap_and_replace has already cleared new_addr
 * (mmu_grant_unmap), as Xen does.
 *
 * Locking: the model keeps no global state, but it is not re-entrant.  The
 * kernel serialises every call that shares an mmu_env (one lock around the
 * model), and callbacks must not call back into the model.
 *
 * Self-contained: needs <stdint.h>, <stddef.h>, <stdbool.h> and the public
 * ABI headers, found with -Iinclude.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "public/xen.h"

/* ---- page-table entries (x86_64 4-level paging) ---- */
#define MMU_PTE_P            (1ull << 0)
#define MMU_PTE_RW           (1ull << 1)
#define MMU_PTE_US           (1ull << 2)
#define MMU_PTE_PWT          (1ull << 3)
#define MMU_PTE_PCD          (1ull << 4)
#define MMU_PTE_A            (1ull << 5)
#define MMU_PTE_D            (1ull << 6)
#define MMU_PTE_PSE          (1ull << 7)        /* L2/L3: superpage */
#define MMU_PTE_PAT          (1ull << 7)        /* L1: PAT index bit */
#define MMU_PTE_G            (1ull << 8)
#define MMU_PTE_AVAIL        (7ull << 9)
#define MMU_PTE_GUEST_KERNEL (1ull << 52)       /* Xen's "kernel-only" marker */
#define MMU_PTE_AVAIL_HIGH   (0x7FFull << 52)   /* bits 52-62: the guest's */
#define MMU_PTE_NX           (1ull << 63)
#define MMU_PTE_CACHE        (MMU_PTE_PWT | MMU_PTE_PCD | MMU_PTE_PAT)
#define MMU_PTE_ADDR         0x000FFFFFFFFFF000ull
#define MMU_PTE_MFN(e)       (((e) & MMU_PTE_ADDR) >> 12)

#define MMU_PAGE_SIZE        4096u
#define MMU_ENTRIES          512u
#define MMU_XEN_L4_SLOTS     (HYPERVISOR_L4_LAST - HYPERVISOR_L4_FIRST + 1)
#define MMU_NO_MFN           0          /* MFN 0 is never a domain's: "no frame" */
#define MMU_GDT_MAX_FRAMES   FIRST_RESERVED_GDT_PAGE                 /* 14 */
#define MMU_LDT_MAX_ENTRIES  8192u
#define MMU_LDT_MAX_FRAMES   (MMU_LDT_MAX_ENTRIES * 8 / MMU_PAGE_SIZE) /* 16 */

/* ---- per machine frame ---- */

/* Frame types; the values are Xen's. */
enum mmu_type {
	MMU_TYPE_NONE = 0,
	MMU_TYPE_L1 = 1,
	MMU_TYPE_L2 = 2,
	MMU_TYPE_L3 = 3,
	MMU_TYPE_L4 = 4,
	MMU_TYPE_SEG_DESC = 5,          /* GDT or LDT page */
	MMU_TYPE_SHARED = 6,            /* reserved: Umbra shares no frame copy-on-write */
	MMU_TYPE_WRITABLE = 7,
};

/* mmu_frame.flags */
#define MMU_FRAME_ALLOCATED  (1u << 0)  /* holds the "allocated to owner" reference */
#define MMU_FRAME_VALIDATED  (1u << 1)  /* contents checked for the current type */
#define MMU_FRAME_PINNED     (1u << 2)  /* holds the guest's pin (one type reference) */
#define MMU_FRAME_XEN_SHARED (1u << 3)  /* hypervisor-written page shared writable
                                           (shared_info): a permanent writable type
                                           reference, so it never becomes a table */

/*
 * One per machine frame; the kernel's frame table is an array of these
 * indexed by MFN.  The kernel initialises each entry once, to one of:
 *   free:        owner DOMID_INVALID, everything else 0;
 *   hypervisor:  owner DOMID_XEN, count 1 (never freed, never mappable);
 *   I/O memory:  owner DOMID_IO, count 1 (mappable only with iomem_allowed).
 * From then on only the model writes these fields, except kernel_link.  In
 * particular the kernel must never clear tlbflush_stamp when it recycles a
 * frame: it is how the model knows a stale TLB entry may still exist.
 */
struct mmu_frame {
	uint32_t count;                 /* general references, incl. "allocated" */
	uint32_t type_count;            /* references of the current type */
	uint64_t tlbflush_stamp;        /* env->tlb_clock when the last use ended */
	int32_t linear;                 /* XSA-240: >0 holds that many same-level
	                                   entries, <0 is the target of that many */
	uint32_t kernel_link;           /* the kernel's allocator lists; untouched */
	domid_t owner;
	uint8_t type;                   /* enum mmu_type */
	uint8_t flags;                  /* MMU_FRAME_* */
};

/* ---- domains and vCPUs (embedded in the kernel's own structures) ---- */

struct mmu_domain {
	domid_t domid;
	bool privileged;                /* may map and manage other domains' frames */
	bool initial;                   /* the initial domain (SIF_INITDOMAIN), Xen's
	                                   hardware domain: writable page tables
	                                   without the assist, mmu_ptwr.c */
	bool io_capable;                /* has I/O memory: may use cache attributes
	                                   in L1 entries and flush caches */
	uint64_t vm_assist;             /* 1 << VMASST_TYPE_*; see mmu_vm_assist() */
	unsigned int max_vcpus;         /* bits of a guest vCPU bitmap that count */
};

/* mmu_vcpu.pending: what the kernel must reload before the vCPU runs again. */
#define MMU_VCPU_RELOAD_CR3  (1u << 0)  /* kernel_l4 or user_l4 changed (or was
                                           re-installed): load CR3 afresh */
#define MMU_VCPU_RELOAD_GDT  (1u << 1)  /* gdt_frames changed: remap the GDT,
                                           flush this CPU */
#define MMU_VCPU_RELOAD_LDT  (1u << 2)  /* ldt_base/ldt_frames changed: unmap the
                                           LDT shadow pages, flush this CPU */

struct mmu_vcpu {
	struct mmu_domain *domain;
	uint64_t kernel_l4;             /* MFN of the kernel base pointer, MMU_NO_MFN */
	uint64_t user_l4;               /* MFN of the user base pointer, MMU_NO_MFN */
	uint64_t gdt_frames[MMU_GDT_MAX_FRAMES];
	unsigned int gdt_nr_frames;
	unsigned int gdt_entries;
	uint64_t ldt_base;              /* guest linear address */
	unsigned int ldt_entries;
	uint64_t ldt_frames[MMU_LDT_MAX_FRAMES];  /* typed on first use; MMU_NO_MFN */
	unsigned int pending;           /* MMU_VCPU_RELOAD_*; the kernel clears it */
};

/* ---- the environment the kernel (or a test) provides ---- */

enum mmu_flush_kind {
	MMU_FLUSH_LOCAL,                /* full TLB flush (global entries too) on this CPU */
	MMU_FLUSH_INVLPG_LOCAL,         /* invalidate va on this CPU */
	MMU_FLUSH_DOMAIN,               /* full flush on every CPU the domain's vCPUs
	                                   ran on since their last flush */
	MMU_FLUSH_INVLPG_DOMAIN,        /* invalidate va on those CPUs */
	MMU_FLUSH_ALL_CPUS,             /* full flush on every CPU (domain is NULL) */
	MMU_FLUSH_CACHE,                /* write back and invalidate caches (wbinvd) */
};

struct mmu_env {
	struct mmu_frame *frames;
	uint64_t nr_frames;

	/* The contents of the frames below nr_frames, in order: frame mfn's
	   512 entries (4096 bytes) start at frame_mem + mfn * 512 (the
	   kernel's direct map; a test's array).  A pointer, not a callback:
	   every page-table walk and entry write goes through it. */
	uint64_t *frame_mem;
	/* A live domain by id, or NULL. */
	struct mmu_domain *(*get_domain)(struct mmu_env *env, domid_t id);
	/* Carry out a flush the model has decided is needed; va only for INVLPG
	   kinds and always a guest-addressable address. */
	void (*flush)(struct mmu_env *env, struct mmu_domain *d,
	              enum mmu_flush_kind kind, uint64_t va);
	/* The frame's general count reached 0: owner is DOMID_INVALID now (it
	   was last_owner's); the kernel puts it back on its free list. */
	void (*frame_released)(struct mmu_env *env, uint64_t mfn, domid_t last_owner);
	/* Copy n bytes from the calling vCPU's address space: 0 or -XEN_EFAULT. */
	int (*copy_from_guest)(struct mmu_env *env, void *dst, uint64_t guest_va,
	                       size_t n);
	/* May d map the I/O frame mfn?  NULL: no domain has I/O memory.  A
	   domain it says yes for must be io_capable (Xen: non-empty I/O
	   capabilities relax the L1 mask), since such mappings are made
	   uncacheable with PCD/PWT (mmu_io_cache). */
	bool (*iomem_allowed)(struct mmu_env *env, struct mmu_domain *d,
	                      uint64_t mfn);
	/* Does mapper hold a host grant mapping of mfn (the grant table's
	   record, live until unmapped)?  Asked only by the invariant checker:
	   an unprivileged domain's L1 may point at another domain's frame only
	   through a grant, and a grant entry carries no mark of its own.  NULL:
	   no grant mappings exist. */
	bool (*grant_mapped)(struct mmu_env *env, struct mmu_domain *mapper,
	                     uint64_t mfn);
	/* An impossible model state (a count about to underflow): the kernel
	   panics.  The model leaves the count as it is. */
	void (*bug)(struct mmu_env *env, const char *what, uint64_t mfn);

	/* The hypervisor's entries for L4 slots 256-271 that every validated L4
	   gets; [0] (slot 256) is the read-only M2P, subject to m2p_strict. */
	uint64_t xen_l4[MMU_XEN_L4_SLOTS];
	uint64_t *m2p;                  /* writable M2P, m2p_entries long */
	uint64_t m2p_entries;
	bool cpu_has_nx;                /* NX is refused in entries when false */
	bool cpu_l1tf_vulnerable;       /* the CPU is affected by L1TF (XSA-273,
	                                   mmu_cpu_l1tf_vulnerable()): non-present
	                                   entries are checked, mmu_l1tf.c */
	uint64_t l1tf_safe_maddr;       /* then they hold 0 or an address at or
	                                   above this: nothing cacheable there */
	uint64_t tlb_clock;             /* the model's: global flushes so far */
	void *ctx;                      /* the kernel's or the test's */
};

/* ---- the CPU (mmu_l1tf.c) ---- */

/* What decides whether a CPU is affected by L1TF: the vendor, the family
   and model as CPUID leaf 1 reports them (extended fields folded in), and
   RDCL_NO (bit 0 of IA32_ARCH_CAPABILITIES, where CPUID.7.0:EDX[29] says
   the MSR exists). */
struct mmu_cpu_id {
	bool intel;                     /* "GenuineIntel" */
	unsigned int family, model;
	bool rdcl_no;
};

/* Xen 4.17's answer (spec_ctrl.c, l1tf_calculations): the value for
   env->cpu_l1tf_vulnerable. */
bool mmu_cpu_l1tf_vulnerable(const struct mmu_cpu_id *cpu);

/* ---- frames entering and leaving a domain ---- */

/* Give the free frame mfn to d, holding the "allocated" reference.  With
   xen_shared the hypervisor keeps writing the page (shared_info): it gets a
   permanent writable type so it can never become a table.  -EINVAL: mfn 0 or
   out of range; -EBUSY: not free. */
int mmu_frame_assign(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn,
                     bool xen_shared);
/* Drop d's "allocated" reference (and pin) on mfn, as decrease_reservation
   does; the frame is released when nobody else references it.  -EINVAL: not
   an allocated frame of d. */
int mmu_frame_unassign(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn);

/* ---- memory_op: frames a guest gives back (mmu_reservation.c) ---- */

/* decrease_reservation of one frame (Xen's guest_remove_page for a PV
   domain): drop d's "allocated" reference; the frame leaves d when its last
   other reference goes (a mapping, a pin, a base pointer, a grant mapping),
   and until then stays d's and cannot be handed out.  A pin is not dropped
   (XSA-252).  A frame already given back but still referenced: 0, nothing
   to do.  -EINVAL: mfn beyond the frame table; -ENXIO: not a frame d holds;
   -EBUSY: a page the hypervisor shares writable with d (shared_info, grant
   table frames), which Umbra never lets go while d lives. */
int mmu_guest_remove_page(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn);
/* exchange's first step and a grant transfer's (Xen's steal_page): take the
   frame away from d, but only when nothing but the "allocated" reference
   holds it (no mapping, pin, type or hypervisor use).  It is then owner DOMID_INVALID with count 0 and
   is NOT released: the kernel either frees it or gives it back with
   mmu_frame_assign().  -EINVAL otherwise, changing nothing. */
int mmu_frame_steal(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn);

/* ---- general and type references (mmu_types.c) ---- */

/* Take a general reference on a frame d owns: -EINVAL when out of range, not
   d's, free, or the count would overflow. */
int mmu_get_page(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn);
void mmu_put_page(struct mmu_env *env, uint64_t mfn);
/* Take a reference of type t on a frame d owns (validating the contents on
   the first one, and the tables below it recursively); -EINVAL on a type
   conflict or a wrong owner, or the validation's error.  The caller holds a
   general reference. */
int mmu_get_type(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn,
                 enum mmu_type t);
/* Drop a type reference; the last one of a table type devalidates it
   (recursively) and the frame becomes untyped. */
void mmu_put_type(struct mmu_env *env, uint64_t mfn);

/* ---- hypercalls, one request each ---- */

/* One mmu_update request (cmd = ptr & 7) on behalf of the caller. */
int mmu_update_one(struct mmu_env *env, struct mmu_domain *caller,
                   uint64_t ptr, uint64_t val, uint32_t foreigndom);

/* Whether caller may name foreigndom as the foreign domain of mmuext_op: 0,
   or what mmuext_op_one would answer for every op (-ESRCH, -EPERM).  Xen
   4.17 checks it once, before it reads the first op. */
int mmuext_foreigndom_check(struct mmu_env *env, struct mmu_domain *caller,
                            domid_t foreigndom);

/* One mmuext_op on behalf of v's domain.  After NEW_BASEPTR and
   NEW_USER_BASEPTR, v->pending has MMU_VCPU_RELOAD_CR3; after a SET_LDT that
   changed the LDT, MMU_VCPU_RELOAD_LDT. */
int mmuext_op_one(struct mmu_env *env, struct mmu_vcpu *v,
                  const struct mmuext_op *op, domid_t foreigndom);

/* update_va_mapping (pagedom DOMID_SELF) and _otherdomain: rewrite the L1
   entry for va in v's current kernel tables, then flush per flags (UVMF_*),
   only if the update succeeded.  A UVMF_MULTI bitmap that cannot be read
   gives -EFAULT after the entry was written (Xen's behaviour). */
int mmu_update_va_mapping(struct mmu_env *env, struct mmu_vcpu *v, uint64_t va,
                          uint64_t val, uint64_t flags, domid_t pagedom);

/* set_gdt: frames[] holds ceil(entries / 512) MFNs, already copied from the
   guest.  Sets MMU_VCPU_RELOAD_GDT (remap the GDT, flush this CPU). */
int mmu_set_gdt(struct mmu_env *env, struct mmu_vcpu *v, const uint64_t *frames,
                unsigned int entries);
/* update_descriptor: write one 8-byte descriptor at machine address maddr. */
int mmu_update_descriptor(struct mmu_env *env, struct mmu_domain *caller,
                          uint64_t maddr, uint64_t desc);
/* The lazy LDT: the guest touched byte offset of its LDT.  Types the LDT page
   (seg_desc, validating its descriptors) and returns its MFN in *mfn for the
   kernel's shadow mapping; the reference is dropped when the LDT or the
   kernel base pointer changes.  -EINVAL: beyond the LDT limit, or the page's
   address is not a guest address (inject #GP); -EFAULT: not mapped in the
   kernel tables, not the domain's, mapped writable somewhere, or holding a
   refused descriptor (inject #PF at ldt_base + offset). */
int mmu_ldt_fault(struct mmu_env *env, struct mmu_vcpu *v, uint64_t offset,
                  uint64_t *mfn);

/* ---- writable page tables (mmu_ptwr.c) ---- */

/* A vCPU's registers as an emulated instruction reads and changes them;
   gpr[] in the instruction encoding's order (rax, rcx, rdx, rbx, rsp, rbp,
   rsi, rdi, r8-r15).  fs_base and gs_base are the active bases. */
struct mmu_regs {
	uint64_t gpr[16];
	uint64_t rip, rflags;
	uint64_t fs_base, gs_base;
};

/* Page-fault error code bits. */
#define MMU_PFEC_PRESENT  (1u << 0)
#define MMU_PFEC_WRITE    (1u << 1)
#define MMU_PFEC_USER     (1u << 2)
#define MMU_PFEC_RSVD     (1u << 3)
#define MMU_PFEC_FETCH    (1u << 4)

enum mmu_ptwr_result {
	MMU_PTWR_NOT_EMULATED,  /* deliver the original page fault */
	MMU_PTWR_DONE,          /* written (or a cmpxchg that compared unequal):
	                           resume the guest with *r */
	MMU_PTWR_FETCH_FAULT,   /* the instruction could not be read: deliver a
	                           page fault with error MMU_PFEC_FETCH at
	                           *fault_addr */
};

/* A write fault (cr2, error_code) taken by v in guest-kernel mode (in_kernel)
   with registers r: if it is a store to one of the domain's own L1 tables
   through a read-only mapping, and the domain enabled
   VMASST_TYPE_writable_pagetables or is the initial domain, decode the
   instruction at r->rip, check the new entry exactly as mmu_update would,
   write it and advance *r (a cmpxchg that compares unequal only advances *r:
   no write, no check).  Anything else leaves every state and *r untouched. */
enum mmu_ptwr_result mmu_ptwr_fault(struct mmu_env *env, struct mmu_vcpu *v,
                                    struct mmu_regs *r, uint64_t cr2,
                                    uint32_t error_code, bool in_kernel,
                                    uint64_t *fault_addr);

/* vm_assist(cmd, type) for a 64-bit PV domain. */
int mmu_vm_assist(struct mmu_domain *d, unsigned int cmd, unsigned int type);

/* ---- grant mappings (mmu_grant.c) ---- */

/* Write a grant mapping of granter's frame mfn into v's page tables, at the
   linear address addr (or, with contains_pte, at the machine address of an
   L1 entry, 8-byte aligned), with GNTMAP_* flags (readonly, application_map,
   guest-available bits).  An entry present there is replaced and its
   references dropped, as Xen does.  -EINVAL: no validated L1 of v's domain
   there, or mfn not granter's RAM; -EBUSY: a writable grant of a table or
   descriptor frame.  The kernel's grant table has already decided the
   mapping is allowed. */
int mmu_grant_map(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr, bool contains_pte,
                  struct mmu_domain *granter, uint64_t mfn, uint32_t gntmap_flags);
/* Remove it: -EINVAL unless the entry still maps mfn, present, with the
   grant's RW bit (XSA-234).  With new_addr (a linear address; not
   with contains_pte) the entry found at new_addr is moved onto the grant's
   slot instead of leaving it empty (unmap_and_replace).  It is taken off
   new_addr before host_addr is checked: a refusal after that point leaves
   new_addr cleared and that entry's references dropped, as in Xen.
   Flushes what changed. */
int mmu_grant_unmap(struct mmu_env *env, struct mmu_vcpu *v, uint64_t addr, bool contains_pte,
                    uint64_t mfn, uint32_t gntmap_flags, uint64_t new_addr);

/* ---- the domain builder and domain teardown ---- */

/* Pin the builder's bootstrap L4 (validating the whole hierarchy) and install
   it as v's kernel base pointer, as the toolstack's PIN_L4 + NEW_BASEPTR do. */
int mmu_install_boot_l4(struct mmu_env *env, struct mmu_vcpu *v, uint64_t l4);

/* Zero a vCPU's model state (no base pointers, no GDT/LDT). */
void mmu_vcpu_init(struct mmu_vcpu *v, struct mmu_domain *d);

/* Take down everything d holds: its vCPUs' base pointers, GDT and LDT, every
   pin, every table's contents, and the "allocated" reference of every frame
   it owns.  frame_released() fires for each frame nobody else references;
   frames another domain still maps are released when that reference goes.
   Cost: one pass over the frame table plus 512 entries per table d owns. */
void mmu_domain_relinquish(struct mmu_env *env, struct mmu_domain *d,
                           struct mmu_vcpu *const *vcpus, size_t nr_vcpus);

/* ---- the invariant checker (tests, fuzzer, debug builds) ---- */

struct mmu_check_tally {                /* scratch, one per frame */
	uint32_t count, type_count;
	uint32_t linear_holds, linear_targeted;
};

struct mmu_check_failure {
	uint64_t mfn;
	const char *why;
};

/* Recompute every count from the page-table contents, pins, base pointers
   and descriptor tables of the given vCPUs (every vCPU of every domain), and
   compare with the frame table.  scratch has env->nr_frames entries.  0, or
   -XEN_EINVAL with the first broken invariant in *failure. */
int mmu_check_invariants(struct mmu_env *env, struct mmu_vcpu *const *vcpus,
                         size_t nr_vcpus, struct mmu_check_tally *scratch,
                         struct mmu_check_failure *failure);
