/*
 * A fake machine for driving the PV MMU model on the host: 64 frames of fake
 * memory, three domains (dom0 privileged and the initial domain), two vCPUs
 * each, and callbacks that record what the model asked for (flushes,
 * released frames, bugs) so tests can check the flush logic directly --
 * under QEMU/TCG a missing flush goes unnoticed.  Shared by the unit tests and the fuzzer.
 *
 * Frame layout: 0-1 belong to the hypervisor, FAKE_IO_MFN is I/O memory, the
 * rest start free.  MFNs at or above FAKE_FRAMES are I/O memory too.
 */
#pragma once
#include <stdint.h>
#include "mmu.h"

#define FAKE_FRAMES      64
#define FAKE_DOMS        3
#define FAKE_VCPUS       2
#define FAKE_IO_MFN      (FAKE_FRAMES - 1)
#define FAKE_GUEST_BYTES 64
/* copy_from_guest reads FAKE_GUEST_BYTES here; they straddle the page
   boundary FAKE_GUEST_PAGE2, whose page a test may make unreadable */
#define FAKE_GUEST_PAGE2 0x10000ull
#define FAKE_GUEST_VA    (FAKE_GUEST_PAGE2 - FAKE_GUEST_BYTES / 2)
#define FAKE_XEN_L4(i)   ((((uint64_t)0x100 + (i)) << 12) | MMU_PTE_P | MMU_PTE_RW)

struct fake_flush {
	struct mmu_domain *d;
	enum mmu_flush_kind kind;
	uint64_t va;
	uint8_t watched_type;           /* type of fake.watch at the time */
};

struct fake_machine {
	struct mmu_env env;
	struct mmu_frame frames[FAKE_FRAMES];
	uint64_t mem[FAKE_FRAMES][MMU_ENTRIES];
	uint64_t m2p[FAKE_FRAMES];
	struct mmu_domain doms[FAKE_DOMS];
	bool alive[FAKE_DOMS];
	bool iomem[FAKE_DOMS];          /* may use I/O memory */
	struct mmu_vcpu vcpus[FAKE_DOMS][FAKE_VCPUS];
	uint8_t guest_mem[FAKE_GUEST_BYTES];
	bool guest_page2_unmapped;      /* copy_from_guest fails from FAKE_GUEST_PAGE2 on */
	/* Host grant mappings each domain holds, per frame, as a grant table
	   records them: fake_grant_map adds one, a successful fake_grant_unmap
	   or the mapper's destruction removes it (env.grant_mapped). */
	uint8_t grants[FAKE_DOMS][FAKE_FRAMES];

	/* what the model asked for */
	unsigned int nr_flushes;
	unsigned int flushes_by_kind[MMU_FLUSH_CACHE + 1];
	struct fake_flush last_flush;
	uint64_t watch;                 /* a frame whose type each flush records */
	unsigned int nr_released;
	uint64_t released[FAKE_FRAMES * 4];
	domid_t last_released_owner;    /* of the last frame released */
	unsigned int nr_bugs;
	const char *last_bug;

	struct mmu_check_tally tally[FAKE_FRAMES];
};

void fake_init(struct fake_machine *m);
struct mmu_domain *fake_dom(struct fake_machine *m, domid_t id);
struct mmu_vcpu *fake_vcpu(struct fake_machine *m, domid_t id);

/* The lowest free frame, assigned to domain id (0 when none is free). */
uint64_t fake_alloc(struct fake_machine *m, domid_t id);
/* Allocate a frame for domain id and write entries into it directly, as a
   domain builder would: fake_table(m, id, {idx, val}, {idx, val}...). */
struct fake_entry {
	unsigned int idx;
	uint64_t val;
};
uint64_t fake_table_n(struct fake_machine *m, domid_t id,
                      const struct fake_entry *e, size_t n);
#define fake_table(m, id, ...)                                                \
	fake_table_n((m), (id), (const struct fake_entry[]){ __VA_ARGS__ },   \
	             sizeof((const struct fake_entry[]){ __VA_ARGS__ }) /     \
	                     sizeof(struct fake_entry))

static inline uint64_t fake_pte(uint64_t mfn, uint64_t flags)
{
	return (mfn << 12) | flags;
}

/* Requests on behalf of domain id (through its vCPU 0). */
int fake_update(struct fake_machine *m, domid_t id, uint64_t table,
                unsigned int idx, uint64_t val);
int fake_update_fd(struct fake_machine *m, domid_t id, uint64_t table,
                   unsigned int idx, uint64_t val, uint32_t foreigndom);
int fake_ext(struct fake_machine *m, domid_t id, unsigned int cmd,
             uint64_t arg1, uint64_t arg2, domid_t foreigndom);
int fake_pin(struct fake_machine *m, domid_t id, unsigned int level, uint64_t mfn);
/* Grant mappings by domain id's vCPU 0 of granter's frame mfn, recorded in
   m->grants as the kernel's grant table would (mmu_grant_map/unmap). */
int fake_grant_map(struct fake_machine *m, domid_t id, uint64_t addr, bool contains_pte,
                   domid_t granter, uint64_t mfn, uint32_t gntmap_flags);
int fake_grant_unmap(struct fake_machine *m, domid_t id, uint64_t addr, bool contains_pte,
                     uint64_t mfn, uint32_t gntmap_flags, uint64_t new_addr);

/* A four-level hierarchy for domain id mapping one data frame at va 0 (RW):
   L4[0] -> L3[0] -> L2[0] -> L1[0] -> data.  Tables are written directly
   and not validated.  Any out pointer may be NULL. */
void fake_hierarchy(struct fake_machine *m, domid_t id, uint64_t *l4,
                    uint64_t *l3, uint64_t *l2, uint64_t *l1, uint64_t *data);

/* Every vCPU, for the checker and relinquish. */
size_t fake_vcpus(struct fake_machine *m, struct mmu_vcpu **out);
/* Run the invariant checker; 0 or -EINVAL with *failure set. */
int fake_check(struct fake_machine *m, struct mmu_check_failure *failure);
/* Relinquish domain id and make it invisible to get_domain. */
void fake_destroy(struct fake_machine *m, domid_t id);
/* Do two machines hold the same model state (frames, memory, M2P, domains
   and vCPUs)?  TLB time stamps, the remembered type of untyped frames and
   what the callbacks recorded are not compared. */
bool fake_same_state(const struct fake_machine *a, const struct fake_machine *b);
/* Make dst an independent copy of src (its env points at its own memory). */
void fake_clone(struct fake_machine *dst, const struct fake_machine *src);
/* A fresh, empty table of domain id, pinned at level. */
uint64_t fake_pinned(struct fake_machine *m, unsigned int level, domid_t id);
