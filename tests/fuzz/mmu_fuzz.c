/*
 * libFuzzer target for the PV MMU model.
 *
 * Each input is decoded into a sequence of operations on the fake machine
 * of tests/unit/mmu (64 frames, three domains, dom0 privileged): every
 * hypercall the model serves, with frame numbers, indices, entry values,
 * addresses and foreign-domain arguments drawn from the input; frames
 * entering and leaving domains; domain teardown; and raw writes into frames
 * the guest could legitimately write (untyped or writable ones), which is
 * what a guest with writable mappings does between hypercalls; and write
 * faults on the writable-page-table path (mmu_ptwr_fault), with
 * instruction bytes and registers from the input.
 *
 * After every operation:
 *   - mmu_check_invariants() recomputes every count from the page-table
 *     contents and compares (no writable mapping of a table, counts exact,
 *     ownership, linear tables one level deep, released tables untyped...);
 *   - the model must not have reported a bug (a count underflow);
 *   - a TLB oracle, independent of the model's time stamps: a frame seen in
 *     use with one type that now has another type, or a frame seen mapped
 *     that now belongs to another domain, must have been covered by a global
 *     flush since it was seen; and an operation that changed an entry of a
 *     live L2-L4 table must have flushed the domain (XSA-286);
 *   - a write fault: the decoder reads no more than it was given, and what
 *     the path did is exactly what mmu_update of the entry it changed does
 *     on a copy of the machine taken before (an emulated store never gets
 *     what mmu_update would refuse); a fault it did not emulate changed no
 *     state and no register.
 * At the end every domain is torn down and every frame must be free again:
 * nothing leaks.  Any violation aborts, which libFuzzer reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"
#include "fuzz_input.h"
#include "mmu_insn.h"
#include "mmu_internal.h"

static struct fake_machine fm, twin;
static domid_t cur;                     /* the domain the current op runs for */

/* Mostly a frame of the current domain (so that tables can be built), else
   any frame, else one outside the frame table. */
static uint64_t pick_mfn(struct input *in)
{
	static const uint64_t odd[] = { FAKE_FRAMES, 1000, 1ull << 40, ~0ull >> 12 };
	uint8_t b = next8(in);
	unsigned int n = 0, want;

	if (b >= 0xF0)
		return odd[b % 4];
	if (b >= 0x80)
		return b % FAKE_FRAMES;
	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++)
		n += fm.frames[mfn].owner == cur;
	if (!n)
		return b % FAKE_FRAMES;
	want = b % n;
	for (uint64_t mfn = 0;; mfn++)
		if (fm.frames[mfn].owner == cur && want-- == 0)
			return mfn;
}

/* A frame of the current domain in use as a table (of type t, or of any
   table type for 0); else any frame. */
static uint64_t pick_typed(struct input *in, unsigned int t)
{
	uint8_t b = next8(in);
	unsigned int n = 0, want;

	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++) {
		const struct mmu_frame *f = &fm.frames[mfn];

		n += f->owner == cur && f->type_count && f->type >= MMU_TYPE_L1 &&
		     f->type <= MMU_TYPE_L4 && (!t || f->type == t);
	}
	if (!n)
		return b % FAKE_FRAMES;
	want = b % n;
	for (uint64_t mfn = 0;; mfn++) {
		const struct mmu_frame *f = &fm.frames[mfn];

		if (f->owner == cur && f->type_count && f->type >= MMU_TYPE_L1 &&
		    f->type <= MMU_TYPE_L4 && (!t || f->type == t) && want-- == 0)
			return mfn;
	}
}

static unsigned int pick_index(struct input *in)
{
	static const unsigned int idx[] = { 0, 1, 2, 3, 5, 255, 256, 257, 271, 272, 511 };
	uint8_t b = next8(in);

	return b < 0xC0 ? idx[b % 11] : (unsigned int)((b * 7u) % MMU_ENTRIES);
}

static uint64_t pick_pte(struct input *in)
{
	uint64_t mfn = pick_mfn(in);
	uint8_t f = next8(in);
	uint64_t e = mfn << 12;

	if (f & 0x01) e |= MMU_PTE_P;
	if (f & 0x02) e |= MMU_PTE_RW;
	if (f & 0x04) e |= MMU_PTE_US;
	if (f & 0x08) e |= MMU_PTE_A | MMU_PTE_D;
	if (f & 0x10) e |= MMU_PTE_PSE;
	if (f & 0x20) e |= MMU_PTE_G | MMU_PTE_AVAIL;
	if (f & 0x40) e |= MMU_PTE_PCD;
	if (f & 0x80) e |= (uint64_t)(next8(in) & 0xE1) << 56;    /* NX, bit 62, ... */
	return e;
}

static uint64_t chain_va;               /* where the last chain maps (op 19) */

static uint64_t pick_va(struct input *in)
{
	static const unsigned int idx[] = { 0, 1, 2, 3, 5, 256, 257, 511 };
	uint64_t va = 0;

	if (next8(in) % 2)
		return chain_va + (next8(in) % 2) * MMU_PAGE_SIZE;

	for (unsigned int level = 4; level >= 1; level--)
		va |= (uint64_t)idx[next8(in) % 8] << (12 + 9 * (level - 1));
	if (va >> 47)
		va |= 0xFFFF000000000000ull;            /* canonical upper half */
	return va | (next8(in) & 1 ? 0x8 : 0);
}

static domid_t pick_fd(struct input *in)
{
	static const domid_t fd[] = { DOMID_SELF, DOMID_SELF, DOMID_SELF, 0, 1, 2,
	                              DOMID_IO, DOMID_XEN, 9 };

	return fd[next8(in) % 9];
}

static uint64_t pick_desc(struct input *in)
{
	static const uint64_t desc[] = {
		0, 0x00af9b000000ffffull, 0x00cff3000000ffffull, 0x0000890000000067ull,
		0x00008e0000080000ull, 0x00008c0000101000ull, 0x00008ce008001000ull,
		0x0000ec00e0331000ull, 0x00008c0100101000ull,
	};
	uint8_t b = next8(in);

	return b < 0xF0 ? desc[b % 9] : next64(in);
}

static bool stale_typed[FAKE_FRAMES], stale_mapped[FAKE_FRAMES];
static uint8_t stale_type[FAKE_FRAMES];

static void fail(const char *what, uint64_t mfn)
{
	fprintf(stderr, "mmu fuzz: %s (mfn %llu)\n", what, (unsigned long long)mfn);
	abort();
}

/* A write by the guest itself, through a writable mapping, or by a builder:
   possible only for frames of the domain that are untyped or writable. */
static void raw_write(struct fake_machine *m, domid_t id, uint64_t mfn,
                      unsigned int idx, uint64_t val)
{
	if (mfn < FAKE_FRAMES && m->frames[mfn].owner == id &&
	    (m->frames[mfn].type_count == 0 || m->frames[mfn].type == MMU_TYPE_WRITABLE))
		m->mem[mfn][idx] = val;
}

/* Instruction templates the fuzzer may start from (the rest of the bytes
   and every operand come from the input). */
static const uint8_t insn_templates[][6] = {
	{ 0x48, 0x89, 0x03 }, { 0x89, 0x43, 0x04 }, { 0x66, 0x89, 0x03 }, { 0x88, 0x23 },
	{ 0xf0, 0x48, 0x0f, 0xb1, 0x0b }, { 0xf0, 0x0f, 0xc7, 0x0e }, { 0x48, 0x87, 0x03 },
	{ 0xf3, 0x48, 0xab }, { 0x80, 0x0b, 0x02 }, { 0xf0, 0x48, 0x0f, 0xba, 0x2b, 0x01 },
	{ 0x48, 0x0f, 0xb3, 0x0b }, { 0x48, 0xff, 0x03 }, { 0xf0, 0x48, 0x0f, 0xc1, 0x03 },
	{ 0x48, 0xc7, 0x03 }, { 0x64, 0x48, 0x89, 0x03 }, { 0x48, 0x89, 0x05 },
};

/* The decoder on up to 15 bytes: never a length past what it was given. */
static void check_decoder(const uint8_t *b, unsigned int n)
{
	struct mmu_insn insn;

	if (mmu_insn_decode(b, n, &insn) == MMU_DECODE_OK &&
	    (insn.len > n || insn.len > MMU_INSN_MAX_LEN ||
	     (insn.size != 1 && insn.size != 2 && insn.size != 4 && insn.size != 8)))
		fail("decoder accepted a malformed instruction", insn.len);
}

/* The entry a write fault changed, if any: at most one, in an L1 of id. */
static bool changed_entry(struct fake_machine *m, struct fake_machine *before, domid_t id,
                          uint64_t *maddr, uint64_t *val)
{
	bool found = false;

	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++) {
		for (unsigned int i = 0; i < MMU_ENTRIES; i++) {
			if (m->mem[mfn][i] == before->mem[mfn][i])
				continue;
			if (found || m->frames[mfn].type != MMU_TYPE_L1 || m->frames[mfn].owner != id)
				fail("write fault changed more than one L1 entry", mfn);
			found = true;
			*maddr = (mfn << 12) | i * 8ull;
			*val = m->mem[mfn][i];
		}
	}
	return found;
}

/* The want-th address (counting from 0, wrapping) whose L1 entry in v's
   kernel tables maps an L1 table read-only: where a store is emulated.
   Searches a bounded number of entries; false when it found none. */
static bool find_l1_view(struct fake_machine *m, struct mmu_vcpu *v, unsigned int want,
                         uint64_t *va)
{
	uint64_t found[64];
	unsigned int n = 0, budget = 1 << 14;
	const uint64_t *l4;

	if (v->kernel_l4 == MMU_NO_MFN || v->kernel_l4 >= FAKE_FRAMES)
		return false;
	l4 = m->mem[v->kernel_l4];
	for (unsigned int i4 = 0; i4 < MMU_ENTRIES && n < 64; i4++) {
		if (mmu_is_xen_l4_slot(i4) || !(l4[i4] & MMU_PTE_P) || MMU_PTE_MFN(l4[i4]) >= FAKE_FRAMES)
			continue;
		const uint64_t *l3 = m->mem[MMU_PTE_MFN(l4[i4])];
		for (unsigned int i3 = 0; i3 < MMU_ENTRIES && n < 64 && budget; i3++, budget--) {
			if (!(l3[i3] & MMU_PTE_P) || MMU_PTE_MFN(l3[i3]) >= FAKE_FRAMES)
				continue;
			const uint64_t *l2 = m->mem[MMU_PTE_MFN(l3[i3])];
			for (unsigned int i2 = 0; i2 < MMU_ENTRIES && n < 64 && budget; i2++, budget--) {
				if (!(l2[i2] & MMU_PTE_P) || MMU_PTE_MFN(l2[i2]) >= FAKE_FRAMES)
					continue;
				const uint64_t *l1 = m->mem[MMU_PTE_MFN(l2[i2])];
				for (unsigned int i1 = 0; i1 < MMU_ENTRIES && n < 64 && budget;
				     i1++, budget--) {
					uint64_t e = l1[i1], t = MMU_PTE_MFN(e);

					if ((e & (MMU_PTE_P | MMU_PTE_RW)) != MMU_PTE_P ||
					    t >= FAKE_FRAMES || m->frames[t].type != MMU_TYPE_L1)
						continue;
					found[n] = (uint64_t)i4 << 39 | (uint64_t)i3 << 30 |
					           (uint64_t)i2 << 21 | (uint64_t)i1 << 12;
					if (i4 >= 256)
						found[n] |= 0xFFFF000000000000ull;
					n++;
				}
			}
		}
	}
	if (!n)
		return false;
	*va = found[want % n];
	return true;
}

/* Kernel tables for v, built by the guest in four unused frames of id:
   an L1 that maps itself read-only at *va (and other frames as the input
   says), installed as v's kernel base pointer.  False when id has no four
   unused frames or the install is refused. */
static bool fresh_view(struct fake_machine *m, struct input *in, domid_t id,
                       struct mmu_vcpu *v, uint64_t *va)
{
	uint64_t t[4];
	unsigned int n = 0, i1 = next8(in) % 8;

	for (uint64_t mfn = 2; mfn < FAKE_FRAMES && n < 4; mfn++)
		if (m->frames[mfn].owner == id && m->frames[mfn].count == 1 &&
		    !m->frames[mfn].type_count)
			t[n++] = mfn;
	if (n < 4)
		return false;
	for (unsigned int i = 0; i < 4; i++)
		memset(m->mem[t[i]], 0, sizeof(m->mem[0]));
	*va = pick_va(in) & ((1ull << 47) - 1) & ~(uint64_t)0x1FFFFF;
	for (unsigned int level = 4; level > 1; level--)
		m->mem[t[4 - level]][mmu_va_index(*va, level)] =
			t[5 - level] << 12 | MMU_PTE_P | MMU_PTE_RW | MMU_PTE_US;
	*va += (uint64_t)i1 << 12;
	for (unsigned int i = 0; i < 8; i++)
		m->mem[t[3]][i] = i == i1 ? t[3] << 12 | MMU_PTE_P : next8(in) % 2 ? pick_pte(in) : 0;
	return mmu_install_boot_l4(&m->env, v, t[0]) == 0;
}

/* A write fault by v at an address the input picks, usually one where the
   path applies, with registers pointing into that page. */
static void write_fault(struct fake_machine *m, struct input *in, domid_t id,
                        struct mmu_vcpu *v)
{
	uint64_t page;

	switch (next8(in) % 4) {
	case 0:
		if (fresh_view(m, in, id, v, &page))
			break;
		/* fall through */
	case 1:
		if (find_l1_view(m, v, next8(in), &page))
			break;
		/* fall through */
	default:
		page = next8(in) & 1 ? chain_va + (next8(in) % 2) * MMU_PAGE_SIZE : pick_va(in);
	}
	page &= ~(uint64_t)(MMU_PAGE_SIZE - 1);
	uint64_t cr2 = page + (next8(in) % 64) * 8 + (next8(in) % 8 == 0 ? next8(in) % 8 : 0);
	uint32_t ec = next8(in) % 8 != 7 ? MMU_PFEC_PRESENT | MMU_PFEC_WRITE : next8(in) % 32;
	bool in_kernel = next8(in) % 8 != 7;
	struct mmu_regs r = { .rflags = next64(in) };
	struct mmu_regs saved;
	uint64_t fault_addr = 0, maddr, val;
	unsigned int n = next8(in) % (FAKE_GUEST_BYTES + 1);
	uint8_t t = next8(in);
	enum mmu_ptwr_result res;

	for (unsigned int i = 0; i < FAKE_GUEST_BYTES; i++)
		m->guest_mem[i] = next8(in);
	if (t < 0x80)
		memcpy(m->guest_mem, insn_templates[t % 16], sizeof(insn_templates[0]));
	check_decoder(m->guest_mem, n < MMU_INSN_MAX_LEN ? n : MMU_INSN_MAX_LEN);
	r.rip = FAKE_GUEST_VA + (next8(in) % 8 == 7 ? next8(in) % FAKE_GUEST_BYTES : 0);
	m->guest_page2_unmapped = next8(in) % 4 == 3;
	for (unsigned int i = 0; i < 16; i++)
		r.gpr[i] = next8(in) % 4 != 3 ? cr2 - (next8(in) % 4) * 8 : next64(in);
	r.gpr[MMU_RCX] = next8(in) % 4;
	r.fs_base = next8(in) % 4 ? 0 : page;
	r.gs_base = next64(in);
	saved = r;
	fake_clone(&twin, m);
	res = mmu_ptwr_fault(&m->env, v, &r, cr2, ec, in_kernel, &fault_addr);
	if (res != MMU_PTWR_DONE) {
		if (!fake_same_state(m, &twin) || memcmp(&r, &saved, sizeof(r)))
			fail("write fault not emulated, but something changed", 0);
		if (res == MMU_PTWR_FETCH_FAULT &&
		    (fault_addr < saved.rip || fault_addr > saved.rip + MMU_INSN_MAX_LEN))
			fail("fetch fault outside the instruction", fault_addr);
		return;
	}
	if (!in_kernel || (ec & 0x1B) != 3)
		fail("emulated a fault that was not a kernel write", ec);
	if (changed_entry(m, &twin, id, &maddr, &val) &&
	    mmu_update_one(&twin.env, &twin.doms[id], maddr, val, DOMID_SELF))
		fail("an emulated store did what mmu_update refuses", maddr >> 12);
	if (!fake_same_state(m, &twin))
		fail("an emulated store differs from mmu_update of its entry", 0);
}

/* One operation; the caller is a live domain's vCPU. */
static void run_op(struct fake_machine *m, struct input *in)
{
	domid_t id = next8(in) % FAKE_DOMS;
	struct mmu_vcpu *v = &m->vcpus[id][next8(in) % 4 == 3];
	struct mmu_domain *d = &m->doms[id];
	struct mmu_env *env = &m->env;
	struct mmuext_op op;
	uint64_t mfn, frames[3];

	if (!m->alive[id])
		return;
	cur = id;
	switch (next8(in) % 22) {
	case 0: {
		uint64_t table = pick_mfn(in);
		unsigned int idx = pick_index(in);
		uint32_t pfd = next8(in) % 8 == 0 ? next8(in) % 4 : 0;

		mmu_update_one(env, d, (table << 12) | idx * 8ull, pick_pte(in),
		               pfd << 16 | pick_fd(in));
		break;
	}
	case 1:
		mfn = pick_mfn(in);
		mmu_update_one(env, d, (mfn << 12) | (pick_index(in) * 8ull) | (next8(in) & 7),
		               pick_pte(in), pick_fd(in));
		break;
	case 2:
		op = (struct mmuext_op){ .cmd = MMUEXT_PIN_L1_TABLE + next8(in) % 4 };
		op.arg1.mfn = pick_mfn(in);
		mmuext_op_one(env, v, &op, pick_fd(in));
		break;
	case 3:
		op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE };
		op.arg1.mfn = pick_mfn(in);
		mmuext_op_one(env, v, &op, pick_fd(in));
		break;
	case 4:
	case 5:
		op = (struct mmuext_op){ .cmd = next8(in) & 1 ? MMUEXT_NEW_BASEPTR
		                                             : MMUEXT_NEW_USER_BASEPTR };
		op.arg1.mfn = next8(in) & 1 ? MMU_NO_MFN : pick_mfn(in);
		mmuext_op_one(env, v, &op, next8(in) % 8 ? DOMID_SELF : pick_fd(in));
		break;
	case 6:
		op = (struct mmuext_op){ .cmd = next8(in) % 22 };
		op.arg1.linear_addr = pick_va(in);
		op.arg2.vcpumask = next8(in) & 1 ? FAKE_GUEST_VA : pick_mfn(in);
		m->guest_mem[0] = next8(in);
		mmuext_op_one(env, v, &op, next8(in) % 8 ? DOMID_SELF : pick_fd(in));
		break;
	case 7:
		op = (struct mmuext_op){ .cmd = MMUEXT_SET_LDT };
		op.arg1.linear_addr = pick_va(in) & ~0xFFFull;
		op.arg2.nr_ents = next8(in) * 40u;
		mmuext_op_one(env, v, &op, DOMID_SELF);
		break;
	case 8:
		op = (struct mmuext_op){ .cmd = next8(in) & 1 ? MMUEXT_COPY_PAGE : MMUEXT_CLEAR_PAGE };
		op.arg1.mfn = pick_mfn(in);
		op.arg2.src_mfn = pick_mfn(in);
		mmuext_op_one(env, v, &op, pick_fd(in));
		break;
	case 9: {
		uint64_t va = pick_va(in), val = pick_pte(in);
		uint64_t flags = next8(in) % 8;

		if (flags >= 4)
			flags = (flags & 3) | (flags == 7 ? FAKE_GUEST_VA : UVMF_ALL);
		mmu_update_va_mapping(env, v, va, val, flags, pick_fd(in));
		break;
	}
	case 10:
		for (int i = 0; i < 3; i++)
			frames[i] = pick_mfn(in);
		mmu_set_gdt(env, v, frames, next8(in) * 6u);
		break;
	case 11:
		mfn = pick_mfn(in);
		mmu_update_descriptor(env, d, (mfn << 12) | pick_index(in) * 8ull |
		                      (next8(in) % 16 == 0 ? 4 : 0), pick_desc(in));
		break;
	case 12:
		if (!mmu_ldt_fault(env, v, next8(in) * 64ull, &mfn) &&
		    m->frames[mfn].type != MMU_TYPE_SEG_DESC)
			fail("LDT page is not a descriptor page", mfn);
		break;
	case 13:
		mmu_frame_assign(env, d, pick_mfn(in), next8(in) % 8 == 0);
		break;
	case 14:
		mmu_frame_unassign(env, d, pick_mfn(in));
		break;
	case 15:
		mmu_vm_assist(d, next8(in) & 1, next8(in) & 1 ? VMASST_TYPE_m2p_strict
		                                              : next8(in) % 40);
		break;
	case 16:
		if (id != 0 && next8(in) % 4 == 0)
			fake_destroy(m, id);
		break;
	case 17:
		mfn = pick_mfn(in);
		raw_write(m, id, mfn, pick_index(in), next8(in) & 1 ? pick_pte(in) : pick_desc(in));
		break;
	case 18:
		mmu_install_boot_l4(env, v, pick_mfn(in));
		break;
	case 20: {
		/* An entry of a live table of the domain pointing at another live
		   table (same level: a linear entry, or any level), read-only or
		   not: the moves that build recursive structures. */
		uint64_t table = pick_typed(in, 0), target = pick_typed(in, 0);

		if (next8(in) & 1 && table < FAKE_FRAMES)
			target = pick_typed(in, m->frames[table].type);
		mmu_update_one(env, d, (table << 12) | pick_index(in) * 8ull,
		               target << 12 | MMU_PTE_P | (next8(in) % 4 == 0 ? MMU_PTE_RW : 0),
		               DOMID_SELF);
		break;
	}
	case 21:
		write_fault(m, in, id, v);
		break;
	case 19: {
		/* The guest (or a builder) lays out a chain L4 -> L3 -> L2 -> L1
		   -> page mapping some address, in frames it may write, and perhaps
		   installs it as its kernel tables. */
		uint64_t chain[5], va = pick_va(in) & ((1ull << 47) - 1);
		uint64_t flags = next8(in) & 1 ? MMU_PTE_P | MMU_PTE_RW : MMU_PTE_P;

		for (int i = 0; i < 5; i++)
			chain[i] = pick_mfn(in);
		if (next8(in) % 4 == 0) {
			chain[4] = chain[3];            /* the L1 maps itself */
			flags = MMU_PTE_P;
		}
		for (unsigned int level = 4; level >= 1; level--)
			raw_write(m, id, chain[4 - level], mmu_va_index(va, level),
			          chain[5 - level] << 12 | flags | MMU_PTE_US);
		chain_va = va;
		if (next8(in) & 1)
			mmu_install_boot_l4(env, v, chain[0]);
		break;
	}
	}
}

/* A checksum of the guest entries of every live L2-L4 table. */
static void upper_sums(struct fake_machine *m, uint64_t *sum)
{
	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++) {
		const struct mmu_frame *f = &m->frames[mfn];

		sum[mfn] = 0;
		if (!f->type_count || f->type < MMU_TYPE_L2 || f->type > MMU_TYPE_L4)
			continue;
		for (unsigned int i = 0; i < MMU_ENTRIES; i++)
			if (f->type != MMU_TYPE_L4 || i < HYPERVISOR_L4_FIRST || i > HYPERVISOR_L4_LAST)
				sum[mfn] = sum[mfn] * 31 + m->mem[mfn][i] + 1;
	}
}

/* XSA-286: a live L2-L4 table whose entries changed needs a flush of its
   domain's TLBs (or of every CPU) within the same operation. */
static void check_upper_flush(struct fake_machine *m, const uint64_t *sum,
                              const struct mmu_frame *before, unsigned int flushes)
{
	uint64_t now[FAKE_FRAMES];

	if (m->flushes_by_kind[MMU_FLUSH_DOMAIN] + m->flushes_by_kind[MMU_FLUSH_ALL_CPUS] != flushes)
		return;
	upper_sums(m, now);
	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++)
		if (sum[mfn] && now[mfn] && m->frames[mfn].type == before[mfn].type &&
		    sum[mfn] != now[mfn])
			fail("L2-L4 entry changed without a TLB flush (XSA-286)", mfn);
}

/* The TLB oracle (see the top of the file). */
static void check_flushes(struct fake_machine *m, const struct mmu_frame *before,
                          bool flushed)
{
	for (uint64_t mfn = 0; mfn < FAKE_FRAMES; mfn++) {
		const struct mmu_frame *f = &m->frames[mfn];

		if (flushed) {
			stale_typed[mfn] = false;
			stale_mapped[mfn] = false;
		}
		if (f->type_count && stale_typed[mfn] && f->type != stale_type[mfn])
			fail("type change without a TLB flush", mfn);
		if (f->owner != before[mfn].owner && f->owner < DOMID_FIRST_RESERVED &&
		    stale_mapped[mfn])
			fail("frame handed to a new owner without a TLB flush", mfn);
		if (f->type_count) {
			stale_typed[mfn] = true;
			stale_type[mfn] = f->type;
		}
		if (f->count > 1 || f->type_count)
			stale_mapped[mfn] = true;
	}
}

static void check_state(struct fake_machine *m)
{
	struct mmu_check_failure failure;

	if (m->nr_bugs)
		fail(m->last_bug, 0);
	if (fake_check(m, &failure))
		fail(failure.why, failure.mfn);
}

/* The machine's configuration, then a few frames for each domain. */
static void populate(struct fake_machine *m, struct input *in)
{
	uint8_t config = next8(in);
	unsigned int n = 8 + next8(in) % 32;

	m->env.cpu_has_nx = !(config & 1);
	m->env.cpu_l1tf_vulnerable = config & 2;
	m->env.l1tf_safe_maddr = 1ull << 30;
	for (domid_t id = 0; id < FAKE_DOMS; id++) {
		m->iomem[id] = config & (32 << id);
		/* as the hypervisor keeps it: I/O memory makes a domain io_capable */
		m->doms[id].io_capable = (config & (4 << id)) || m->iomem[id];
	}

	for (unsigned int i = 0; i < n; i++)
		fake_alloc(m, (domid_t)(i % FAKE_DOMS));
	for (domid_t id = 0; id < FAKE_DOMS; id++)
		mmu_vm_assist(&m->doms[id], VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct fake_machine *m = &fm;
	struct mmu_frame before[FAKE_FRAMES];
	uint64_t sums[FAKE_FRAMES];
	unsigned int ops = 0;

	fake_init(m);
	memset(stale_typed, 0, sizeof(stale_typed));
	memset(stale_mapped, 0, sizeof(stale_mapped));
	chain_va = 0;
	populate(m, &in);
	check_flushes(m, m->frames, true);
	while (in.n && ops++ < 200) {
		unsigned int global = m->flushes_by_kind[MMU_FLUSH_ALL_CPUS];
		unsigned int wide = global + m->flushes_by_kind[MMU_FLUSH_DOMAIN];

		memcpy(before, m->frames, sizeof(before));
		upper_sums(m, sums);
		run_op(m, &in);
		check_state(m);
		check_flushes(m, before, m->flushes_by_kind[MMU_FLUSH_ALL_CPUS] != global);
		check_upper_flush(m, sums, before, wide);
	}
	for (domid_t id = 0; id < FAKE_DOMS; id++)
		if (m->alive[id])
			fake_destroy(m, id);
	check_state(m);
	for (uint64_t mfn = 2; mfn < FAKE_IO_MFN; mfn++)
		if (m->frames[mfn].count || m->frames[mfn].owner != DOMID_INVALID)
			fail("frame leaked after every domain was destroyed", mfn);
	return 0;
}
