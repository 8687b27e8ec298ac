/*
 * Writable page tables (mmu_ptwr.c): which faults are emulated, and that an
 * emulated store is exactly an mmu_update of the entry it writes.
 *
 * Domain 1 runs on the standard hierarchy with its own tables mapped
 * read-only in its L1: the L1 itself at L1_VA, the L2, L3 and L4 at the
 * next pages.  Instructions are placed at FAKE_GUEST_VA, where the fake
 * machine's copy_from_guest reads.
 */
#include "mmu_test.h"
#include "mmu_insn.h"
#include "public/grant_table.h"

#define L1_VA 0x1000ull         /* L1[1] maps the L1 read-only */
#define L2_VA 0x2000ull
#define L4_VA 0x4000ull
#define WRITE_FAULT (MMU_PFEC_PRESENT | MMU_PFEC_WRITE)
#define KERNEL_ONLY (MMU_PTE_US | MMU_PTE_GUEST_KERNEL)

struct tables {
	uint64_t l4, l3, l2, l1, data;
};

static struct fake_machine via_ptwr, via_update;

static int ptwr_setup(struct fake_machine *m, struct tables *t)
{
	fake_hierarchy(m, 1, &t->l4, &t->l3, &t->l2, &t->l1, &t->data);
	m->mem[t->l1][1] = fake_pte(t->l1, RO);
	m->mem[t->l1][2] = fake_pte(t->l2, RO);
	m->mem[t->l1][3] = fake_pte(t->l3, RO);
	m->mem[t->l1][4] = fake_pte(t->l4, RO);
	m->mem[t->l1][5] = fake_pte(t->data, RO);
	if (mmu_vm_assist(fake_dom(m, 1), VMASST_CMD_enable, VMASST_TYPE_writable_pagetables))
		return -1;
	return mmu_install_boot_l4(&m->env, fake_vcpu(m, 1), t->l4);
}

/* Registers for a store through rbx to addr, with rax = val. */
static struct mmu_regs regs_at(uint64_t addr, uint64_t val)
{
	struct mmu_regs r = { .rip = FAKE_GUEST_VA, .rflags = 0x202 };

	r.gpr[MMU_RBX] = addr;
	r.gpr[MMU_RAX] = val;
	return r;
}

/* Fault on cr2 with error code ec, the instruction being code[0..n) (at
   FAKE_GUEST_VA, where regs_at puts rip). */
static enum mmu_ptwr_result fault_ec(struct fake_machine *m, domid_t id, const uint8_t *code,
                                     size_t n, struct mmu_regs *r, uint64_t cr2, uint32_t ec,
                                     bool in_kernel)
{
	uint64_t fault_addr = 0;

	memcpy(m->guest_mem, code, n);
	return mmu_ptwr_fault(&m->env, fake_vcpu(m, id), r, cr2, ec, in_kernel, &fault_addr);
}

#define STORE(m, r, cr2, ...)                                                  \
	fault_ec((m), 1, (const uint8_t[]){ __VA_ARGS__ },                     \
	         sizeof((const uint8_t[]){ __VA_ARGS__ }), (r), (cr2), WRITE_FAULT, true)

/* Nothing changed: model state and registers. */
#define NOT_EMULATED(call, r)                                                  \
	do {                                                                   \
		struct mmu_regs before_ = (r);                                 \
		memcpy(&mmu_snap, m, sizeof(mmu_snap));                        \
		UNIT_CHECK_EQ(u, (call), MMU_PTWR_NOT_EMULATED);               \
		UNIT_CHECK(u, fake_same_state(m, &mmu_snap));                  \
		UNIT_CHECK(u, !memcmp(&before_, &(r), sizeof(before_)));       \
	} while (0)

TEST(ptwr_mov_writes_entry_as_mmu_update)
{
	struct tables t;
	uint64_t page = fake_alloc(m, 1), old_data_count;
	struct mmu_regs r;

	OK(ptwr_setup(m, &t));
	old_data_count = FRAME(t.data)->count;
	/* mov %rax, 0x30(%rbx): entry 6 of the L1 maps a fresh page writable */
	r = regs_at(L1_VA, fake_pte(page, RW));
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 0x30, 0x48, 0x89, 0x43, 0x30), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], fake_pte(page, RW) | KERNEL_ONLY);
	UNIT_CHECK_EQ(u, r.rip, FAKE_GUEST_VA + 4);
	UNIT_CHECK_EQ(u, FRAME(page)->type, MMU_TYPE_WRITABLE);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 1);
	/* the entry that mapped the data page read-only is cleared: its
	   reference goes */
	r = regs_at(L1_VA + 5 * 8, 0);
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 5 * 8, 0x48, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], 0);
	UNIT_CHECK_EQ(u, FRAME(t.data)->count, old_data_count - 1);
	/* no flush: as after mmu_update of an L1 entry, the guest flushes */
	UNIT_CHECK_EQ(u, m->flushes_by_kind[MMU_FLUSH_DOMAIN], 0);
}

/*
 * The rule: for every value, a store gives exactly what mmu_update of the
 * same entry gives: emulated when mmu_update succeeds, the page fault when
 * it fails, and the same model state either way.  A cmpxchg that compares
 * unequal changes no state whatever its new value.
 */
TEST(ptwr_store_never_does_what_mmu_update_refuses)
{
	struct tables t;
	uint64_t own = fake_alloc(m, 1), foreign = fake_alloc(m, 2);
	OK(ptwr_setup(m, &t));
	const uint64_t values[] = {
		fake_pte(own, RW), fake_pte(own, RO), fake_pte(own, RW | MMU_PTE_US | MMU_PTE_NX),
		fake_pte(t.l1, RO), fake_pte(t.l1, RW), fake_pte(t.l2, RW), fake_pte(t.l4, RW),
		fake_pte(foreign, RO), fake_pte(foreign, RW), fake_pte(0, RO), fake_pte(1, RW),
		fake_pte(FAKE_IO_MFN, RW), fake_pte(FAKE_FRAMES + 5, RW), fake_pte(own, RW | MMU_PTE_PCD),
		fake_pte(own, RW | MMU_PTE_PWT), fake_pte(own, RW | MMU_PTE_PAT),
		fake_pte(own, RW | (1ull << 62)), fake_pte(own, RW | MMU_PTE_G),
		fake_pte(own, 0), 0, 0xFFFFFFFFFFFFFFFEull, fake_pte(1ull << 30, 0),
	};

	m->env.cpu_l1tf_vulnerable = true;
	m->env.l1tf_safe_maddr = FAKE_FRAMES << 12;
	for (unsigned int entry = 5; entry <= 6; entry++) {
		for (size_t i = 0; i < ARRAY_LEN(values); i++) {
			struct mmu_regs r = regs_at(L1_VA + entry * 8, values[i]);
			enum mmu_ptwr_result res;
			int rc;

			fake_clone(&via_ptwr, m);
			fake_clone(&via_update, m);
			res = STORE(&via_ptwr, &r, L1_VA + entry * 8, 0x48, 0x89, 0x03);
			rc = fake_update(&via_update, 1, t.l1, entry, values[i]);
			UNIT_CHECK(u, res == (rc ? MMU_PTWR_NOT_EMULATED : MMU_PTWR_DONE));
			UNIT_CHECK(u, fake_same_state(&via_ptwr, &via_update));
			/* lock cmpxchg %rcx,(%rbx) with rax one off the entry */
			fake_clone(&via_ptwr, m);
			r = regs_at(L1_VA + entry * 8, m->mem[t.l1][entry] ^ 1);
			r.gpr[MMU_RCX] = values[i];
			res = STORE(&via_ptwr, &r, L1_VA + entry * 8, 0xf0, 0x48, 0x0f, 0xb1, 0x0b);
			UNIT_CHECK(u, res == MMU_PTWR_DONE && !(r.rflags & MMU_FL_ZF));
			UNIT_CHECK(u, fake_same_state(&via_ptwr, m));
		}
	}
	/* at least one of each, or the table above tests nothing */
	UNIT_CHECK_EQ(u, fake_update(m, 1, t.l1, 6, fake_pte(t.l1, RW)), -XEN_EBUSY);
	UNIT_CHECK_EQ(u, fake_update(m, 1, t.l1, 6, fake_pte(own, RW)), 0);
}

/* Without VMASST_TYPE_writable_pagetables a store is the guest's page
   fault, except in the initial domain (Xen's hardware domain), where Xen
   emulates it all the same. */
TEST(ptwr_needs_the_assist_unless_initial_domain)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t page = fake_alloc(m, 1);

	OK(ptwr_setup(m, &t));
	UNIT_CHECK(u, !fake_dom(m, 1)->initial);
	OK(mmu_vm_assist(fake_dom(m, 1), VMASST_CMD_disable, VMASST_TYPE_writable_pagetables));
	r = regs_at(L1_VA + 8 * 6, fake_pte(page, RW));
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 6, 0x48, 0x89, 0x03), r);
	fake_dom(m, 1)->initial = true;
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 6, 0x48, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], fake_pte(page, RW) | KERNEL_ONLY);
	fake_dom(m, 1)->initial = false;
	r = regs_at(L1_VA + 8 * 6, 0);
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 6, 0x48, 0x89, 0x03), r);
	OK(mmu_vm_assist(fake_dom(m, 1), VMASST_CMD_enable, VMASST_TYPE_writable_pagetables));
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 6, 0x48, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], 0);
}

TEST(ptwr_only_kernel_mode_write_faults_on_present_pages)
{
	struct tables t;
	const uint8_t mov[] = { 0x48, 0x89, 0x03 };
	const uint32_t bad_ec[] = { MMU_PFEC_WRITE, MMU_PFEC_PRESENT,
	                            WRITE_FAULT | MMU_PFEC_RSVD, WRITE_FAULT | MMU_PFEC_FETCH };
	struct mmu_regs r;

	OK(ptwr_setup(m, &t));
	r = regs_at(L1_VA + 8 * 6, 0);
	NOT_EMULATED(fault_ec(m, 1, mov, sizeof(mov), &r, L1_VA + 8 * 6, WRITE_FAULT, false), r);
	for (size_t i = 0; i < ARRAY_LEN(bad_ec); i++)
		NOT_EMULATED(fault_ec(m, 1, mov, sizeof(mov), &r, L1_VA + 8 * 6, bad_ec[i], true), r);
	/* the user bit is the CPU's (the guest kernel runs in ring 3): ignored */
	UNIT_CHECK_EQ(u, fault_ec(m, 1, mov, sizeof(mov), &r, L1_VA + 8 * 6,
	                          WRITE_FAULT | MMU_PFEC_USER, true), MMU_PTWR_DONE);
}

/* Xen emulates stores to L1 tables only: an L2-L4 stays a page fault, so
   does a page that is no table, and a mapping that is not read-only. */
TEST(ptwr_only_l1_tables_mapped_read_only)
{
	struct tables t;
	struct mmu_regs r;

	OK(ptwr_setup(m, &t));
	for (uint64_t va = L2_VA; va <= L4_VA; va += 0x1000) {
		r = regs_at(va, 0);
		NOT_EMULATED(STORE(m, &r, va, 0x48, 0x89, 0x03), r);
	}
	r = regs_at(5 * 0x1000, 0);                     /* the data page, read-only */
	NOT_EMULATED(STORE(m, &r, 5 * 0x1000, 0x48, 0x89, 0x03), r);
	r = regs_at(0, 0);                              /* the data page, writable */
	NOT_EMULATED(STORE(m, &r, 0, 0x48, 0x89, 0x03), r);
	r = regs_at(0x9000, 0);                         /* nothing mapped */
	NOT_EMULATED(STORE(m, &r, 0x9000, 0x48, 0x89, 0x03), r);
	r = regs_at(HYPERVISOR_VIRT_START, 0);
	NOT_EMULATED(STORE(m, &r, HYPERVISOR_VIRT_START, 0x48, 0x89, 0x03), r);
}

/* A privileged domain's read-only mapping of another domain's L1 gives it no
   way to write that table. */
TEST(ptwr_never_writes_another_domains_table)
{
	struct tables t0, t1;
	struct mmu_regs r;

	OK(ptwr_setup(m, &t1));
	fake_hierarchy(m, 0, &t0.l4, &t0.l3, &t0.l2, &t0.l1, &t0.data);
	OK(mmu_vm_assist(fake_dom(m, 0), VMASST_CMD_enable, VMASST_TYPE_writable_pagetables));
	OK(mmu_install_boot_l4(&m->env, fake_vcpu(m, 0), t0.l4));
	OK(fake_update_fd(m, 0, t0.l1, 1, fake_pte(t1.l1, RO), 1));
	r = regs_at(L1_VA, 0);
	NOT_EMULATED(fault_ec(m, 0, (const uint8_t[]){ 0x48, 0x89, 0x03 }, 3, &r, L1_VA,
	                      WRITE_FAULT, true), r);
}

TEST(ptwr_store_must_be_in_faulting_page_and_aligned)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t page = fake_alloc(m, 1);

	OK(ptwr_setup(m, &t));
	r = regs_at(L2_VA + 8 * 6, fake_pte(page, RW));         /* another page */
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 6, 0x48, 0x89, 0x03), r);
	r = regs_at(L1_VA + 8 * 6 + 4, fake_pte(page, RW));     /* 8 bytes at +4 */
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 6 + 4, 0x48, 0x89, 0x03), r);
	r = regs_at(L1_VA + 8 * 6 + 1, 0x5);                    /* 4 bytes at +1 */
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 6 + 1, 0x89, 0x03), r);
	r = regs_at(L1_VA + 4096 - 4, 0);                       /* 8 bytes across the page end */
	NOT_EMULATED(STORE(m, &r, L1_VA + 4096 - 4, 0x48, 0x89, 0x03), r);
}

/* Stores of 1, 2 and 4 bytes are merged into the entry and the result is
   checked whole: setting RW in the byte of an entry mapping a table is
   refused, on an ordinary page it is fine. */
TEST(ptwr_partial_store_is_checked_whole)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t page = fake_alloc(m, 1);

	OK(ptwr_setup(m, &t));
	r = regs_at(L1_VA + 8 * 1, 0);                          /* orb $2, (%rbx) */
	NOT_EMULATED(STORE(m, &r, L1_VA + 8, 0x80, 0x0b, 0x02), r);
	OK(fake_update(m, 1, t.l1, 6, fake_pte(page, RO)));
	r = regs_at(L1_VA + 8 * 6, 0);
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 6, 0x80, 0x0b, 0x02), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], fake_pte(page, RW) | KERNEL_ONLY);
	UNIT_CHECK_EQ(u, FRAME(page)->type, MMU_TYPE_WRITABLE);
	/* movl %eax, 4(%rbx): the upper half becomes NX alone, so the
	   kernel-only marker goes and the entry (US set) maps for user mode */
	r = regs_at(L1_VA + 8 * 6, 0x80000000u);
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 6 + 4, 0x89, 0x43, 0x04), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], fake_pte(page, RW) | MMU_PTE_US | MMU_PTE_NX);
	/* movw %ax, (%rbx): the low 16 bits, now without P: the mapping goes */
	r = regs_at(L1_VA + 8 * 6, 0);
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 6, 0x66, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][6], (fake_pte(page, 0) & ~0xFFFFull) | MMU_PTE_NX);
	UNIT_CHECK_EQ(u, FRAME(page)->type_count, 0);
}

TEST(ptwr_cmpxchg_compares_then_writes)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t page = fake_alloc(m, 1), cur;
	const uint8_t cmpxchg[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x0b };  /* lock cmpxchg %rcx,(%rbx) */

	OK(ptwr_setup(m, &t));
	cur = m->mem[t.l1][5];
	/* equal: written, ZF set */
	r = regs_at(L1_VA + 8 * 5, cur);
	r.gpr[MMU_RCX] = fake_pte(page, RW);
	UNIT_CHECK_EQ(u, fault_ec(m, 1, cmpxchg, 5, &r, L1_VA + 40, WRITE_FAULT, true), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], fake_pte(page, RW) | KERNEL_ONLY);
	UNIT_CHECK(u, r.rflags & MMU_FL_ZF);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RAX], cur);
	/* unequal: nothing written, rax loaded, ZF clear */
	r = regs_at(L1_VA + 8 * 5, cur);
	r.gpr[MMU_RCX] = fake_pte(page, RO);
	memcpy(&mmu_snap, m, sizeof(mmu_snap));
	UNIT_CHECK_EQ(u, fault_ec(m, 1, cmpxchg, 5, &r, L1_VA + 40, WRITE_FAULT, true), MMU_PTWR_DONE);
	UNIT_CHECK(u, fake_same_state(m, &mmu_snap));
	UNIT_CHECK_EQ(u, r.gpr[MMU_RAX], fake_pte(page, RW) | KERNEL_ONLY);
	UNIT_CHECK(u, !(r.rflags & MMU_FL_ZF));
	UNIT_CHECK_EQ(u, r.rip, FAKE_GUEST_VA + 5);
	/* unequal with an empty new entry: checked, nothing written */
	r = regs_at(L1_VA + 8 * 5, cur);
	r.gpr[MMU_RCX] = 0;
	memcpy(&mmu_snap, m, sizeof(mmu_snap));
	UNIT_CHECK_EQ(u, fault_ec(m, 1, cmpxchg, 5, &r, L1_VA + 40, WRITE_FAULT, true), MMU_PTWR_DONE);
	UNIT_CHECK(u, fake_same_state(m, &mmu_snap));
	/* unequal with a value mmu_update refuses: nothing written, nothing
	   checked, no fault (Xen's emulator compares before it writes) */
	r = regs_at(L1_VA + 8 * 5, cur);
	r.gpr[MMU_RCX] = fake_pte(t.l2, RW);
	memcpy(&mmu_snap, m, sizeof(mmu_snap));
	UNIT_CHECK_EQ(u, fault_ec(m, 1, cmpxchg, 5, &r, L1_VA + 40, WRITE_FAULT, true), MMU_PTWR_DONE);
	UNIT_CHECK(u, fake_same_state(m, &mmu_snap));
	UNIT_CHECK_EQ(u, r.gpr[MMU_RAX], fake_pte(page, RW) | KERNEL_ONLY);
	UNIT_CHECK(u, !(r.rflags & MMU_FL_ZF));
	/* equal with a refused value: the page fault */
	r = regs_at(L1_VA + 8 * 5, m->mem[t.l1][5]);
	r.gpr[MMU_RCX] = fake_pte(t.l2, RW);
	NOT_EMULATED(fault_ec(m, 1, cmpxchg, 5, &r, L1_VA + 40, WRITE_FAULT, true), r);
}

TEST(ptwr_cmpxchg8b_and_xchg)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t page = fake_alloc(m, 1), cur, want = fake_pte(page, RO);

	OK(ptwr_setup(m, &t));
	cur = m->mem[t.l1][5];
	/* lock cmpxchg8b (%rsi): edx:eax is compared, ecx:ebx written */
	r = regs_at(want & 0xFFFFFFFF, cur & 0xFFFFFFFF);
	r.gpr[MMU_RDX] = cur >> 32;
	r.gpr[MMU_RCX] = want >> 32;
	r.gpr[MMU_RSI] = L1_VA + 8 * 5;
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 40, 0xf0, 0x0f, 0xc7, 0x0e), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], want | KERNEL_ONLY);
	UNIT_CHECK(u, r.rflags & MMU_FL_ZF);
	/* xchg %rax, (%rsi): the old entry comes back */
	r = regs_at(0, 0);
	r.gpr[MMU_RSI] = L1_VA + 8 * 5;
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 40, 0x48, 0x87, 0x06), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RAX], want | KERNEL_ONLY);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], 0);
	UNIT_CHECK_EQ(u, FRAME(page)->count, 1);
}

/* rep stos writes one entry per fault and leaves rip on the instruction
   until the count runs out; the guest's next iteration faults again. */
TEST(ptwr_rep_stos_one_entry_per_fault)
{
	struct tables t;
	struct mmu_regs r = regs_at(0, 0);

	OK(ptwr_setup(m, &t));
	r.gpr[MMU_RDI] = L1_VA + 8 * 5;
	r.gpr[MMU_RCX] = 2;
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 40, 0xf3, 0x48, 0xab), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], 0);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RCX], 1);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RDI], L1_VA + 8 * 6);
	UNIT_CHECK_EQ(u, r.rip, FAKE_GUEST_VA);
	UNIT_CHECK_EQ(u, fault_ec(m, 1, (const uint8_t[]){ 0xf3, 0x48, 0xab }, 3, &r, L1_VA + 48,
	                          WRITE_FAULT, true), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RCX], 0);
	UNIT_CHECK_EQ(u, r.rip, FAKE_GUEST_VA + 3);
	/* backwards (DF set), without rep */
	r.rflags |= MMU_FL_DF;
	r.rip = FAKE_GUEST_VA;
	r.gpr[MMU_RDI] = L1_VA + 8 * 4;
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 4, 0x48, 0xab), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][4], 0);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RDI], L1_VA + 8 * 3);
	UNIT_CHECK_EQ(u, r.gpr[MMU_RCX], 0);
	/* a rep with nothing left to do writes nothing */
	r.rip = FAKE_GUEST_VA;
	r.gpr[MMU_RDI] = L1_VA + 8 * 3;
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 3, 0xf3, 0x48, 0xab), r);
}

/* An instruction may run across a page boundary; bytes on an unreadable
   page are the guest's fetch fault at the first of them, and an unreadable
   rip is a fetch fault at rip. */
TEST(ptwr_unreadable_instruction_is_fetch_fault)
{
	struct tables t;
	struct mmu_regs r = regs_at(L1_VA + 40, 0);
	uint64_t fault_addr = 0;
	const unsigned int at = FAKE_GUEST_BYTES / 2 - 2;       /* 2 bytes before the page end */

	OK(ptwr_setup(m, &t));
	memcpy(&m->guest_mem[at], (const uint8_t[]){ 0x48, 0x89, 0x03 }, 3);
	r.rip = FAKE_GUEST_PAGE2 - 2;
	UNIT_CHECK_EQ(u, mmu_ptwr_fault(&m->env, fake_vcpu(m, 1), &r, L1_VA + 40, WRITE_FAULT, true,
	                                &fault_addr), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, r.rip, FAKE_GUEST_PAGE2 + 1);
	m->guest_page2_unmapped = true;
	r = regs_at(L1_VA + 40, 0);
	r.rip = FAKE_GUEST_PAGE2 - 2;
	memcpy(&mmu_snap, m, sizeof(mmu_snap));
	UNIT_CHECK_EQ(u, mmu_ptwr_fault(&m->env, fake_vcpu(m, 1), &r, L1_VA + 40, WRITE_FAULT, true,
	                                &fault_addr), MMU_PTWR_FETCH_FAULT);
	UNIT_CHECK_EQ(u, fault_addr, FAKE_GUEST_PAGE2);
	UNIT_CHECK(u, fake_same_state(m, &mmu_snap));
	UNIT_CHECK_EQ(u, r.rip, FAKE_GUEST_PAGE2 - 2);
	r.rip = 0x30000;
	UNIT_CHECK_EQ(u, mmu_ptwr_fault(&m->env, fake_vcpu(m, 1), &r, L1_VA + 40, WRITE_FAULT, true,
	                                &fault_addr), MMU_PTWR_FETCH_FAULT);
	UNIT_CHECK_EQ(u, fault_addr, 0x30000);
	/* an opcode outside the set is refused, even where its bytes end */
	m->guest_mem[at + 1] = 0x90;
	r.rip = FAKE_GUEST_PAGE2 - 1;
	UNIT_CHECK_EQ(u, mmu_ptwr_fault(&m->env, fake_vcpu(m, 1), &r, L1_VA + 40, WRITE_FAULT, true,
	                                &fault_addr), MMU_PTWR_NOT_EMULATED);
}

/* The walk follows the tables as the hardware does: through a read-only
   self-map of the L2, an L1 appears as the "page" an L2 entry maps. */
TEST(ptwr_walk_follows_linear_entries)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t page = fake_alloc(m, 1);
	const uint64_t via_self_map = 1ull << 21;       /* L2 index 1, L1 index 0 */

	fake_hierarchy(m, 1, &t.l4, &t.l3, &t.l2, &t.l1, &t.data);
	m->mem[t.l2][0] = fake_pte(t.l1, RO);
	m->mem[t.l2][1] = fake_pte(t.l2, RO);
	OK(mmu_vm_assist(fake_dom(m, 1), VMASST_CMD_enable, VMASST_TYPE_writable_pagetables));
	OK(mmu_install_boot_l4(&m->env, fake_vcpu(m, 1), t.l4));
	r = regs_at(via_self_map + 8 * 7, fake_pte(page, RW));
	UNIT_CHECK_EQ(u, STORE(m, &r, via_self_map + 8 * 7, 0x48, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][7], fake_pte(page, RW) | KERNEL_ONLY);
}

/* A grant mapping's entry is an ordinary entry to a store too: it may be
   cleared (dropping the grant's references, as mmu_update does), but not
   copied to another slot, where the frame is not the domain's own. */
TEST(ptwr_treats_grant_entry_as_mmu_update_does)
{
	struct tables t;
	struct mmu_regs r;
	uint64_t granted = fake_alloc(m, 2);

	OK(ptwr_setup(m, &t));
	OK(fake_grant_map(m, 1, (t.l1 << 12) | 8 * 7, true, 2, granted, GNTMAP_host_map));
	r = regs_at(L1_VA + 8 * 8, m->mem[t.l1][7]);
	NOT_EMULATED(STORE(m, &r, L1_VA + 8 * 8, 0x48, 0x89, 0x03), r);
	r = regs_at(L1_VA + 8 * 7, 0);
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 8 * 7, 0x48, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, FRAME(granted)->count, 1);
	UNIT_CHECK_EQ(u, FRAME(granted)->type_count, 0);
	ERR(fake_grant_unmap(m, 1, (t.l1 << 12) | 8 * 7, true, granted, GNTMAP_host_map, 0),
	    XEN_EINVAL);
}

TEST(ptwr_segment_override_adds_base)
{
	struct tables t;
	struct mmu_regs r;

	OK(ptwr_setup(m, &t));
	r = regs_at(0x28, 0);                   /* mov %rax, %fs:(%rbx) */
	r.fs_base = L1_VA;
	UNIT_CHECK_EQ(u, STORE(m, &r, L1_VA + 0x28, 0x64, 0x48, 0x89, 0x03), MMU_PTWR_DONE);
	UNIT_CHECK_EQ(u, m->mem[t.l1][5], 0);
	r = regs_at(0x20, 0);                   /* mov %rax, %gs:(%rbx), gs base wrong */
	r.gs_base = L2_VA;
	NOT_EMULATED(STORE(m, &r, L1_VA + 0x20, 0x65, 0x48, 0x89, 0x03), r);
}

static const struct unit_case cases[] = {
	{ "ptwr/mov-writes-entry-as-mmu-update", ptwr_mov_writes_entry_as_mmu_update },
	{ "ptwr/store-never-does-what-mmu-update-refuses", ptwr_store_never_does_what_mmu_update_refuses },
	{ "ptwr/needs-the-assist-unless-initial-domain", ptwr_needs_the_assist_unless_initial_domain },
	{ "ptwr/only-kernel-mode-write-faults-on-present-pages",
	  ptwr_only_kernel_mode_write_faults_on_present_pages },
	{ "ptwr/only-l1-tables-mapped-read-only", ptwr_only_l1_tables_mapped_read_only },
	{ "ptwr/never-writes-another-domains-table", ptwr_never_writes_another_domains_table },
	{ "ptwr/store-must-be-in-faulting-page-and-aligned",
	  ptwr_store_must_be_in_faulting_page_and_aligned },
	{ "ptwr/partial-store-is-checked-whole", ptwr_partial_store_is_checked_whole },
	{ "ptwr/cmpxchg-compares-then-writes", ptwr_cmpxchg_compares_then_writes },
	{ "ptwr/cmpxchg8b-and-xchg", ptwr_cmpxchg8b_and_xchg },
	{ "ptwr/rep-stos-one-entry-per-fault", ptwr_rep_stos_one_entry_per_fault },
	{ "ptwr/unreadable-instruction-is-fetch-fault", ptwr_unreadable_instruction_is_fetch_fault },
	{ "ptwr/walk-follows-linear-entries", ptwr_walk_follows_linear_entries },
	{ "ptwr/treats-grant-entry-as-mmu-update-does", ptwr_treats_grant_entry_as_mmu_update_does },
	{ "ptwr/segment-override-adds-base", ptwr_segment_override_adds_base },
};

const struct mmu_suite mmu_suite_ptwr = { cases, ARRAY_LEN(cases) };
