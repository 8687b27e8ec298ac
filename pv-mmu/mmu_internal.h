/*
 * What the files of the PV MMU model share with each other and nobody else.
 * The public interface is mmu.h; the model is explained in mmu_types.c.
 */
#pragma once
#include "mmu.h"

/* The only library functions the model uses; the kernel provides them too. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* A hot path compiled as one function: every call it makes is inlined into
   it (GCC's and Clang's flatten; a recursive call stays a call), so the
   steps of one page-table update (the entry's checks, its references, the
   write) pay no call boundaries: a third of mmu_update's cost per entry
   was prologues, epilogues and spills (docs/performance.md).  Only for
   the entry points that are such paths. */
#define MMU_HOT_PATH __attribute__((flatten))

/* Where a mapping's frame may come from: the "page owner" of a request.
   io_only (foreigndom DOMID_IO) allows I/O frames only, with d = the caller
   for the I/O permission check. */
struct mmu_pg {
	struct mmu_domain *d;
	bool io_only;
};

static inline struct mmu_frame *mmu_frame(struct mmu_env *env, uint64_t mfn)
{
	return &env->frames[mfn];
}

/* The 512 entries of a frame below nr_frames. */
static inline uint64_t *mmu_frame_ptr(struct mmu_env *env, uint64_t mfn)
{
	return env->frame_mem + mfn * MMU_ENTRIES;
}

static inline bool mmu_is_table(unsigned int t)
{
	return t >= MMU_TYPE_L1 && t <= MMU_TYPE_L4;
}

/* Types whose contents are checked before the hardware may use them. */
static inline bool mmu_is_checked_type(unsigned int t)
{
	return mmu_is_table(t) || t == MMU_TYPE_SEG_DESC;
}

/* A frame the frame table describes as RAM (not I/O memory). */
static inline bool mmu_is_ram(struct mmu_env *env, uint64_t mfn)
{
	return mfn < env->nr_frames && mmu_frame(env, mfn)->owner != DOMID_IO;
}

/* A frame d owns that is in use (not free). */
static inline bool mmu_owns(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn)
{
	return mfn < env->nr_frames && mmu_frame(env, mfn)->owner == d->domid &&
	       mmu_frame(env, mfn)->count != 0;
}

static inline bool mmu_is_xen_l4_slot(unsigned int i)
{
	return i >= HYPERVISOR_L4_FIRST && i <= HYPERVISOR_L4_LAST;
}

static inline bool mmu_vm_assist_on(const struct mmu_domain *d, unsigned int type)
{
	return (d->vm_assist >> type) & 1;
}

/* Section 2.2 of the ABI notes: a guest linear address Xen accepts in a
   hypercall (lower half, or upper half above the hypervisor's range). */
static inline bool mmu_va_ok(uint64_t va)
{
	return va < (1ull << 47) || va >= HYPERVISOR_VIRT_END;
}

static inline unsigned int mmu_va_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> (12 + 9 * (level - 1))) & (MMU_ENTRIES - 1);
}

/* mmu_types.c */
int mmu_get_page_and_type(struct mmu_env *env, struct mmu_domain *d,
                          uint64_t mfn, enum mmu_type t);
void mmu_put_page_and_type(struct mmu_env *env, uint64_t mfn);

/* mmu_flush.c */
enum mmu_scope { MMU_SCOPE_LOCAL, MMU_SCOPE_MULTI, MMU_SCOPE_ALL };
void mmu_flush_if_stale(struct mmu_env *env, const struct mmu_frame *f);
int mmu_guest_flush(struct mmu_env *env, struct mmu_domain *d,
                    enum mmu_scope scope, uint64_t mask_va, bool invlpg,
                    uint64_t va);

/* mmu_l1tf.c: may a non-present entry e stand at this level?  0 or -EINVAL. */
int mmu_l1tf_entry_ok(const struct mmu_env *env, unsigned int level, uint64_t e);

/* mmu_validate.c */
int mmu_get_entry_refs(struct mmu_env *env, struct mmu_domain *d,
                       unsigned int level, uint64_t table, uint64_t e,
                       const struct mmu_pg *pg);
void mmu_put_entry_refs(struct mmu_env *env, unsigned int level, uint64_t table,
                        uint64_t e);
int mmu_validate_table(struct mmu_env *env, struct mmu_domain *d, uint64_t mfn,
                       unsigned int level);
void mmu_devalidate_table(struct mmu_env *env, uint64_t mfn, unsigned int level);

/* mmu_update.c */
int mmu_mod_entry(struct mmu_env *env, struct mmu_domain *d, uint64_t table,
                  unsigned int idx, uint64_t val, const struct mmu_pg *pg,
                  bool preserve_ad);

/* mmu_owner.c */
int mmu_page_owner(struct mmu_env *env, struct mmu_domain *caller, domid_t fd,
                   struct mmu_pg *pg);
int mmu_table_owner(struct mmu_env *env, struct mmu_domain *caller,
                    uint32_t pfd, struct mmu_domain **pt);

/* mmu_ext.c */
int mmu_pin(struct mmu_env *env, const struct mmu_pg *pg, uint64_t mfn,
            enum mmu_type t);
void mmu_drop_pin(struct mmu_env *env, uint64_t mfn);
int mmu_new_baseptr(struct mmu_env *env, struct mmu_vcpu *v, uint64_t mfn);

/* mmu_va.c */
int mmu_walk_tables(struct mmu_env *env, struct mmu_vcpu *v, uint64_t va,
                    uint64_t *table);
int mmu_walk_to_l1(struct mmu_env *env, struct mmu_vcpu *v, uint64_t va,
                   uint64_t *l1);
void mmu_drop_ldt_frames(struct mmu_env *env, struct mmu_vcpu *v);

/* mmu_desc.c */
bool mmu_descriptor_fixup(uint64_t desc, uint64_t *out);
int mmu_validate_desc_page(struct mmu_env *env, uint64_t mfn);
void mmu_drop_gdt(struct mmu_env *env, struct mmu_vcpu *v);
