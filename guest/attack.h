/*
 * The attack-test harness (tests/isolation/): checking that a refused
 * request got the documented error and that nothing changed afterwards.
 *
 * expect_rc() fails the test unless a hypercall returned exactly the
 * expected value, naming both errors.  After an attack, a test proves that
 * nothing changed: frame contents (frame_save / expect_frame_same, through a
 * read-only view; expect_table_same ignores the accessed and dirty bits the
 * CPU sets in live tables), frame types (expect_typed: a writable mapping of
 * a page-table or descriptor frame is refused with -EBUSY; expect_untyped:
 * it succeeds for ordinary memory), that the hypervisor still answers
 * (attack_hv_alive) and, with a spinning helper domain in test.spec, that
 * another domain still runs (attack_watch_others prints "watching other
 * domains" and spins until the hypervisor charged the other domains 100 ms
 * of CPU time;
 * the spec then expects the helper's "spinner progress" after that line).
 *
 * Attacks that need an unprivileged domain (the initial domain is
 * privileged) run the same kernel a second time as an extra domain with the
 * command line "attacker" (test.spec: "extra: build/tests/isolation/NAME.elf
 * attacker"); attack_is_attacker() tells the two apart, and the initial
 * domain, the victim, waits with attack_wait_for() until the attacker ended
 * before it checks its own frames.
 */
#pragma once
#include "pt.h"
#include "test.h"

const char *xen_errname(long rc);
void expect_rc(const char *what, long got, long want);
/* A *pdone the hypervisor cannot access (mmu_update, mmuext_op): Umbra fails
   the call with -EFAULT, Xen ignores the counter (and returns the batch's
   result, 0 here); either way nothing is written there. */
void expect_done_counter_refused(const char *what, long got);

void attack_hv_alive(void);
void attack_watch_others(void);

/* Read-only view of an own frame (mapped at pt_view_va()). */
const volatile uint64_t *frame_view(uint64_t mfn);
/* Read-only view of another domain's frame (privileged: update_va_mapping_otherdomain). */
const volatile uint64_t *foreign_view(domid_t dom, uint64_t mfn);
void frame_save(uint64_t mfn, uint64_t saved[512]);
void expect_frame_same(const char *what, uint64_t mfn, const uint64_t saved[512]);
/* The same for a live page table, whose A and D bits the CPU may set. */
void expect_table_same(const char *what, uint64_t mfn, const uint64_t saved[512]);
void expect_typed(const char *what, uint64_t mfn);
void expect_untyped(const char *what, uint64_t mfn);
/* Fails the test unless L4 mfn holds the hypervisor's slots 256-271 as L4
   ref_mfn does (its copy in ref[]), A and D aside, from slot `first` on.
   A slot may instead map each L4 onto itself in both: Xen's linear
   page-table slot (258) is such a self-map. */
void expect_hv_slots(const char *what, uint64_t mfn, unsigned first, uint64_t ref_mfn, const uint64_t ref[512]);

/* The live tables that translate VIRT_BASE, by level (mfn[4] is the current
   L4), with their contents: live_tables_check() fails the test unless each
   is unchanged (A/D aside) and still typed. */
struct live_tables {
	uint64_t mfn[5];
	uint64_t saved[5][512];
};
void live_tables_save(struct live_tables *lt);
void live_tables_check(const char *what, const struct live_tables *lt);

/*
 * Every request that names a frame, aimed at one the caller does not own:
 * mappings by update_va_mapping and by mmu_update of an L1 entry, read-only
 * and writable (map_err: -EBUSY for RAM, -EPERM for memory that is not
 * RAM), and, all -EINVAL, pins at each level, unpin, CLEAR_PAGE, COPY_PAGE
 * to and from it, NEW_BASEPTR, NEW_USER_BASEPTR (where MFN 0 means "none"),
 * set_gdt, update_descriptor, mmu_update of an entry inside it and
 * MMU_MACHPHYS_UPDATE of it.  Fails the
 * test on the first other answer; checks the probe address stayed unmapped
 * and the base pointer unchanged.
 */
void attack_frame_not_mine(const char *what, uint64_t mfn, long map_err);

/*
 * Frames of the hypervisor's read-only M2P mapping (L4 slot 256): its L3
 * (level 3), the L2 and L1 on the way to M2P page `page` (levels 2, 1), or
 * that M2P page itself (level 0, also where a 2 MiB page maps it, as in
 * Xen; level 1 then fails the test).  Read through a temporary read-only
 * self-map of the L4: the M2P's tables carry US, so a guest can read them
 * (never write them).
 */
uint64_t hv_m2p_table(unsigned level, unsigned page);

/* A fresh, empty descriptor page installed as the GDT (entries 0-511); its MFN. */
uint64_t attack_fresh_gdt(void);
static inline uint64_t gdt_maddr(uint64_t mfn, unsigned entry)
{
	return (mfn << 12) + 8 * entry;
}
/* lar: the access rights of the live descriptor for sel, if the CPU lets CPL 3 see it. */
static inline bool desc_lar(uint16_t sel, uint32_t *ar)
{
	uint32_t v = 0;
	uint8_t ok;
	__asm__ volatile("lar %k2, %0; setz %1" : "=r"(v), "=q"(ok) : "r"((uint32_t)sel) : "cc");
	*ar = v;
	return ok;
}

bool attack_is_attacker(void);
void attack_wait_for(domid_t id);
/* Up to max MFNs of other domains (a valid M2P entry, not in our p2m). */
unsigned attack_find_foreign(uint64_t *out, unsigned max);
/*
 * The victim's side: fill every spare page of the start-of-day region with
 * a pattern, remember the page tables, wait until the attacker domain ended,
 * then check that the pattern and the tables are intact and pass.
 */
noreturn void attack_victim(domid_t attacker);
