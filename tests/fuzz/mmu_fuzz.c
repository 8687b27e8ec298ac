/*
 * libFuzzer target for the PV MMU model.
 *
 * Each input is decoded into a sequence of operations on the fake machine
 * of tests/unit/mmu (64 frames, three domains, dom0 privileged): every
 * hypercall the model serves, with frame numbers, indices, entry values,
 * addresses and foreign-domain arguments drawn from the input; frames
 * entering and leaving domains; domain teardown; and raw writes into frames
 * the guest could legitimately write (untyped or writable ones), which is
 * what a guest with writable mappings does between hypercalls.
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
 *     live L2-L4 table must have flushed the domain (XSA-286).
 * At the end every domain is torn down and every frame must be free again:
 * nothing leaks.  Any violation aborts, which libFuzzer reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"
#include "mmu_internal.h"

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t next8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint64_t next64(struct input *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)next8(in) << (8 * i);
	return v;
}

static struct fake_machine fm;
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
	switch (next8(in) % 21) {
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
	case 19: {
		/* The guest (or a builder) lays out a chain L4 -> L3 -> L2 -> L1
		   -> page mapping some address, in frames it may write, and perhaps
		   installs it as its kernel tables. */
		uint64_t chain[5], va = pick_va(in) & ((1ull << 47) - 1);
		uint64_t flags = next8(in) & 1 ? MMU_PTE_P | MMU_PTE_RW : MMU_PTE_P;

		for (int i = 0; i < 5; i++)
			chain[i] = pick_mfn(in);
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
	m->env.l1tf_safe_maddr = config & 2 ? 1ull << 30 : 0;
	for (domid_t id = 0; id < FAKE_DOMS; id++) {
		m->doms[id].io_capable = config & (4 << id);
		m->iomem[id] = config & (32 << id);
	}

	for (unsigned int i = 0; i < n; i++)
		fake_alloc(m, (domid_t)(i % FAKE_DOMS));
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
