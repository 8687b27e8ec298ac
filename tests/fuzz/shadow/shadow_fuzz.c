/*
 * libFuzzer target for the shadow page-table engine (pv-mmu/shadow_*.c).
 *
 * Each input is a small guest's life on the fake machine of
 * tests/unit/shadow (a pool of 14-61 pages, two vCPUs): stores of random
 * entries at random levels into its page tables (through the emulator when
 * the frame has a shadow, as the hardware would force; straight into memory
 * otherwise, as a writable mapping or DMA would), page faults at random
 * addresses with random access kinds on either vCPU, CR3 loads among four
 * top tables and paging off, CR0.WP and EFER.NXE changes, INVLPG, and p2m
 * changes (a gfn turned read-only, MMIO, or back to RAM).
 *
 * After every operation:
 *   - sf_check: every translation of every shadow tree, walked as the
 *     hardware would, against a reference walk of the guest tables plus the
 *     p2m -- a shadow may be missing or less permissive, never more, never
 *     another frame -- and no frame with a shadow mapped writable anywhere,
 *     and the pool's accounting exact;
 *   - a fault's verdict agrees with the reference walk: a guest fault only
 *     when the guest's tables forbid the access, MMIO only for a gfn that
 *     is not RAM, a crash only for a guest table outside RAM, emulation
 *     only of a write to a page table, to read-only RAM or under CR0.WP=0;
 *     and after FIXED the hardware walk allows the access (no fault loop).
 * A refused CR3 load or a CRASH verdict ends the life there, as the
 * kernel would crash the domain.  At the end the vCPUs and the domain are torn down: no pool page in use,
 * every pool frame zero.  Any violation aborts, which libFuzzer reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_input.h"
#include "shadow_fake.h"

static struct sf_machine fm;
static bool nxe = true, wp = true;
static bool crashed;                    /* the kernel would crash the domain now */

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "shadow fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static void check(const char *after)
{
	const char *bad = sf_check(&fm);

	if (bad)
		die(after, bad);
}

/* Mostly one of the 20 gfns that make up the guest's tables and data. */
static uint64_t pick_gfn(struct input *in)
{
	uint8_t b = next8(in);

	if (b >= 0xF8)
		return b & 1 ? SF_GFNS - 1 : 5000;
	return b % 20;
}

static unsigned int pick_slot(struct input *in)
{
	static const unsigned int slots[] = { 0, 1, 2, 511 };
	uint8_t b = next8(in);

	return b < 0xF0 ? slots[b % 4] : next8(in) | ((b & 1u) << 8);
}

static uint64_t pick_va(struct input *in)
{
	uint64_t va = next8(in) & 0xFFF;

	for (unsigned int l = 1; l <= 4; l++)
		va |= (uint64_t)pick_slot(in) << (12 + 9 * (l - 1));
	if (va & (1ull << 47))
		va |= 0xFFFF000000000000ull;
	return va;
}

static uint64_t pick_entry(struct input *in)
{
	uint8_t f = next8(in), extra = next8(in);
	uint64_t e = sf_pte(pick_gfn(in), 0);

	if (f & 1) e |= G_P;
	if (f & 2) e |= G_RW;
	if (f & 4) e |= G_US;
	if (f & 8) e |= G_A;
	if (f & 16) e |= G_D;
	if ((f & 0x60) == 0x60) e |= G_PS;
	if (f & 0x80) e |= G_NX;
	if (extra >= 0xF0) e |= 1ull << (40 + extra % 12);      /* a reserved address bit */
	if (f % 3 == 0) e |= G_P | G_A;
	return e;
}

static void set_mode(unsigned int i, uint64_t l4, bool paging)
{
	struct shadow_cr3_out out;
	uint64_t cr0 = (wp ? SHADOW_CR0_WP : 0) | (paging ? SHADOW_CR0_PG : 0) | 1;
	uint64_t efer = (SF_EFER & ~SHADOW_EFER_NXE) | (nxe ? SHADOW_EFER_NXE : 0);
	int r = shadow_set_cr3(&fm.v[i], cr0, l4 << 12, SF_CR4, efer, &out);

	if (r == 0 && out.flush < SHADOW_FLUSH_VCPU)
		die("a CR3 load did not ask for a flush", NULL);
	if (r && !(paging && (l4 >= SF_GFNS || fm.p2m_type[l4] == SHADOW_P2M_NONE)))
		die("a CR3 load of RAM was refused", NULL);
	crashed |= r != 0;
}

/* The guest stores value (bytes wide) at gpa, as the hardware lets it. */
static void guest_store(unsigned int i, uint64_t gpa, uint64_t value, unsigned int bytes)
{
	uint64_t gfn = gpa >> 12, mfn = fm.p2m_mfn[gfn % SF_GFNS];
	enum shadow_flush f;

	if (gfn >= SF_GFNS || fm.p2m_type[gfn] != SHADOW_P2M_RAM)
		return;
	if (shadow_frame_is_table(&fm.d, mfn)) {
		if (shadow_emulate_write(&fm.v[i], gpa, value, bytes, &f))
			die("an emulated store to a page table was refused", NULL);
		return;
	}
	for (unsigned int b = 0; b < bytes; b++)
		((uint8_t *)fm.mem[mfn])[(gpa & 0xFFF) + b] = (uint8_t)(value >> (8 * b));
}

static void fault(struct input *in, unsigned int i)
{
	static const uint32_t kinds[] = { 0, SHADOW_PFEC_WRITE, SHADOW_PFEC_USER,
		SHADOW_PFEC_WRITE | SHADOW_PFEC_USER, SHADOW_PFEC_FETCH,
		SHADOW_PFEC_FETCH | SHADOW_PFEC_USER };
	uint32_t access = kinds[next8(in) % 6];
	uint64_t va = pick_va(in), gfn = 0;
	enum sf_ref ref = sf_ref_access(&fm, i, va, access, &gfn);
	struct shadow_fault_out out;
	struct sf_hw hw;

	if (!fm.v[i].root)
		return;
	shadow_page_fault(&fm.v[i], va, access, &out);
	switch (out.result) {
	case SHADOW_GUEST_FAULT:
		if (ref != SF_REF_FAULT)
			die("a guest fault the guest tables do not give", NULL);
		break;
	case SHADOW_CRASH:
		if (ref != SF_REF_BAD_TABLE)
			die("a crash without a guest table outside RAM", NULL);
		crashed = true;
		break;
	case SHADOW_MMIO:
		if (ref != SF_REF_OK || (gfn < SF_GFNS && fm.p2m_type[gfn] != SHADOW_P2M_NONE))
			die("MMIO for RAM", NULL);
		break;
	case SHADOW_EMULATE:
		if (ref != SF_REF_OK || !(access & SHADOW_PFEC_WRITE))
			die("emulation of an access that is not an allowed write", NULL);
		if (fm.p2m_type[gfn] == SHADOW_P2M_RAM && (wp || (access & SHADOW_PFEC_USER)) &&
		    !shadow_frame_is_table(&fm.d, fm.p2m_mfn[gfn]))
			die("emulation of a write the shadow could have allowed", NULL);
		guest_store(i, out.gpa & ~7ull, pick_entry(in), 8);
		break;
	case SHADOW_FIXED:
		hw = sf_hw_walk(&fm, i, va);
		if (ref != SF_REF_OK)
			die("fixed a fault the guest tables give", NULL);
		if (!hw.present || ((access & SHADOW_PFEC_WRITE) && !hw.rw) ||
		    ((access & SHADOW_PFEC_USER) && !hw.us) ||
		    ((access & SHADOW_PFEC_FETCH) && hw.nx))
			die("fixed, but the shadow still faults", NULL);
		break;
	}
}

static void p2m_change(struct input *in)
{
	uint64_t gfn = next8(in) % 20;
	uint8_t b = next8(in);

	fm.p2m_type[gfn] = b < 0x60 ? SHADOW_P2M_RAM_RO : b < 0x80 ? SHADOW_P2M_NONE : SHADOW_P2M_RAM;
	if (shadow_p2m_changed(&fm.d) != SHADOW_FLUSH_DOMAIN)
		die("a p2m change did not flush", NULL);
}

static void step(struct input *in)
{
	uint8_t op = next8(in);
	unsigned int i = op >> 7;
	uint64_t gpa, width;

	switch (op % 8) {
	case 0:
	case 1:
		gpa = (pick_gfn(in) << 12) | (pick_slot(in) * 8);
		width = 8 >> (next8(in) % 4 == 3 ? next8(in) % 4 : 0);
		guest_store(i, gpa + (next8(in) % (8 / width)) * width, pick_entry(in),
		            (unsigned int)width);
		break;
	case 2:
	case 3:
	case 4:
		fault(in, i);
		break;
	case 5:
		set_mode(i, next8(in) >= 0xF8 ? pick_gfn(in) : next8(in) % 4, next8(in) >= 0x10);
		break;
	case 6:
		shadow_invlpg(&fm.v[i], pick_va(in));
		break;
	case 7:
		if (next8(in) < 0x40) {
			p2m_change(in);
		} else {
			nxe = next8(in) & 1, wp = next8(in) & 1;
			for (unsigned int k = 0; k < SF_VCPUS; k++)
				set_mode(k, SH_MFN(fm.v[k].cr3), fm.v[k].mode != SHADOW_MODE_UNPAGED);
		}
		break;
	}
}

/* The guest's starting tables, so that faults find whole chains: four top
   tables (gfns 0-3) sharing two L3s (4, 5) and two L2s (6, 7); each L2 has
   two L1s (8, 9) and a 2 MiB page at gfn 0, and the L1s map data (10-19)
   and the tables themselves, writable, clean or dirty. */
static void seed_tables(void)
{
	for (uint64_t l4 = 0; l4 < 4; l4++)
		for (unsigned int s = 0; s < 2; s++)
			sf_gmem(&fm, l4)[s * 511] = sf_pte(4 + s, G_TABLE);
	for (unsigned int s = 0; s < 2; s++) {
		sf_gmem(&fm, 4 + s)[s] = sf_pte(6, G_TABLE);
		sf_gmem(&fm, 4 + s)[2] = sf_pte(7, G_TABLE);
	}
	for (uint64_t l2 = 6; l2 < 8; l2++) {
		sf_gmem(&fm, l2)[0] = sf_pte(8, G_TABLE);
		sf_gmem(&fm, l2)[1] = sf_pte(0, G_PAGE | G_PS);
		sf_gmem(&fm, l2)[2] = sf_pte(9, G_TABLE & ~(l2 & 1 ? G_US : 0));
	}
	for (uint64_t l1 = 8; l1 < 10; l1++)
		for (unsigned int s = 0; s < 4; s++)
			sf_gmem(&fm, l1)[s] = sf_pte((l1 * 7 + s * 3) % 20,
			                             s & 1 ? G_PAGE : G_TABLE);
	sf_gmem(&fm, 8)[511] = sf_pte(19, G_PAGE | G_NX);
}

/* The input, then bytes of a generator seeded from it: every run plays a
   whole life even while libFuzzer's inputs are still short. */
static uint8_t program[2048];

static struct input expand(const uint8_t *data, size_t size)
{
	uint64_t x = 0x9E3779B97F4A7C15ull ^ size;
	size_t n = size < sizeof(program) ? size : sizeof(program);

	for (size_t i = 0; i < size; i++)
		x = (x ^ data[i]) * 0x100000001B3ull;
	memcpy(program, data, n);
	for (size_t i = n; i < sizeof(program); i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		program[i] = (uint8_t)(x >> 24);
	}
	return (struct input){ program, sizeof(program) };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = expand(data, size);

	sf_init(&fm, SHADOW_POOL_MIN(SF_VCPUS) + next8(&in) % 48);
	nxe = wp = true;
	crashed = false;
	seed_tables();
	set_mode(0, 0, true);
	set_mode(1, 1, true);
	for (unsigned int n = 0; in.n && n < 200 && !crashed; n++) {
		step(&in);
		check("after a step");
	}
	for (unsigned int k = 0; k < SF_VCPUS; k++)
		shadow_vcpu_teardown(&fm.v[k]);
	check("after the vCPUs went");
	shadow_domain_teardown(&fm.d);
	if (fm.d.stats.pages_in_use)
		die("pool pages still in use after teardown", NULL);
	for (unsigned int p = 0; p < SF_POOL_MAX; p++)
		for (unsigned int s = 0; s < 512; s++)
			if (fm.mem[SF_POOL_MFN + p][s])
				die("a pool frame not zero after teardown", NULL);
	return 0;
}
