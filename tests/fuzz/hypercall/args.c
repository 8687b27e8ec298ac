/* Argument classes (args.h). */
#include "args.h"
#include "pt.h"

uint64_t rng_state;

#define ARENA_BYTES (ARENA_PAGES * 4096)
#define HV_START 0xFFFF800000000000ull
#define HV_END   0xFFFF880000000000ull

static size_t arena_used;

void arena_reset(void)
{
	arena_used = 0;
}

void *arena_alloc(size_t len)
{
	size_t at = (arena_used + 15) & ~(size_t)15;
	if (len > ARENA_BYTES || at > ARENA_BYTES - len)
		return NULL;
	arena_used = at + len;
	uint8_t *p = T.arena + at;
	memset(p, 0, len);
	return p;
}

void *arena_random(size_t len)
{
	uint8_t *p = arena_alloc(len);
	if (!p)
		return T.arena;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t r = rnd();
		memcpy(p + i, &r, MIN(8, len - i));
	}
	return p;
}

static uint64_t page_off(void)
{
	return one_in(4) ? below(4096) : below(512) * 8;
}

/* Where len bytes (1..4096) must start to end k bytes past `boundary`,
 * 1 <= k <= len, the part before the boundary (writable) being buf's. */
static uint64_t straddle(void *buf, size_t len, uint64_t boundary)
{
	size_t k = 1 + (size_t)below(len);
	uint64_t at = boundary - (len - k);
	memmove((void *)at, buf, len - k);
	return at;
}

uint64_t g_bad_ptr(size_t len)
{
	switch (below(20)) {
	case 0: return 0;
	case 1: return below(0x10000);
	case 2: return T.guard_va + below(4096);
	case 3: return T.ro_va + below(4096);
	case 4: return T.loose_va[below(LOOSE_PAGES)] + below(4096);
	case 5: return T.pt_va[below(T.nr_pt)] + page_off();
	case 6: return T.shared_info_va + page_off();
	case 7: return T.start_info_va + page_off();
	case 8: return T.text_start + below(T.text_end - T.text_start);
	case 9: return T.stack_va - below(8192);
	case 10: return HV_START + (below(1ull << 43) & ~7ull);
	case 11: return HV_START + 8 * below(T.max_mfn + 16);        /* the M2P */
	case 12: return HV_END - 1 - below(len + 1);                 /* hypervisor into guest space */
	case 13: return HV_START - 1 - below(len + 1);               /* non-canonical into hypervisor */
	case 14: return (1ull << 47) - 1 - below(len + 1);           /* user half into non-canonical */
	case 15: return (1ull << 47) + below(1ull << 40);            /* non-canonical */
	case 16: return 0x8000000000000000ull | rnd();
	case 17: return 0 - 1 - below(len + 64);                     /* wraps past 2^64 */
	case 18: return T.grant_va ? T.grant_va + page_off() : rnd();
	default: return rnd();
	}
}

uint64_t g_ptr(void *buf, size_t len)
{
	if (!len || len > 4096)
		return one_in(8) ? g_bad_ptr(len) : (uint64_t)buf;
	switch (below(16)) {
	case 0: return straddle(buf, len, T.ro_va);            /* read-write into read-only */
	case 1: return straddle(buf, len, T.guard_va);         /* read-write into unmapped */
	case 2: return g_bad_ptr(len);
	default: return (uint64_t)buf;
	}
}

uint64_t g_int(void)
{
	switch (below(24)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 2;
	case 3: return below(16);
	case 4: return below(256);
	case 5: return below(4096);
	case 6: return 4095 + below(3);
	case 7: return 0x7fff + below(3);
	case 8: return 0xffff + below(2);
	case 9: return 0x7fffffff + below(3);
	case 10: return 0xffffffff + below(2);
	case 11: return 1ull << 47;
	case 12: return 0x7fffffffffffffffull + below(2);
	case 13: return ~0ull;
	case 14: return ~0ull - 1;
	case 15: return (uint32_t)rnd();
	case 16: return 1ull << below(64);
	case 17: return (1ull << below(64)) - 1;
	default: return rnd();
	}
}

uint64_t g_count(void)
{
	switch (below(20)) {
	case 0: return 0;
	case 1: case 2: case 3: case 4: return 1;
	case 5: case 6: case 7: case 8: return 2 + below(7);
	case 9: return below(64);
	case 10: return 63 + below(3);
	case 11: return 127 + below(3);
	case 12: return 511 + below(3);
	case 13: return 0x80000000u | below(4);         /* MMU_UPDATE_PREEMPTED */
	case 14: return 0xffffffff;
	case 15: return (1ull << 32) | below(4);        /* beyond 32 bits */
	case 16: return 0x7fffffff;
	case 17: return (uint32_t)rnd();
	default: return g_int();
	}
}

static uint64_t own_va(void)
{
	if (one_in(64))
		return VIRT_BASE + (below(T.region_pages) << 12);       /* vital pages too */
	switch (below(15)) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6: return pt_pfn_va(spare_pfn(rnd()));
	case 7: return T.ro_va;
	case 8: return T.guard_va;
	case 9: case 10: case 11: return T.loose_va[below(LOOSE_PAGES)];
	case 12: return T.pt_va[below(T.nr_pt)];
	default: return T.grant_va ? T.grant_va : T.guard_va;
	}
}

uint64_t g_va(void)
{
	uint64_t va;
	switch (below(14)) {
	case 0: case 1: case 2: case 3: case 4: case 5: va = own_va(); break;
	case 6: va = VIRT_BASE + ((T.region_pages + below(2048)) << 12); break;   /* no L1 there */
	case 7: va = below(1ull << 47) & ~4095ull; break;
	case 8: va = below(16) << 12; break;
	case 9: va = HV_START + (below(1ull << 43) & ~4095ull); break;
	case 10: va = (1ull << 47) + (below(1ull << 30) << 12); break;
	case 11: va = ~4095ull - (below(4) << 12); break;
	case 12: va = T.shared_info_va; break;
	default: va = rnd(); break;
	}
	return one_in(8) ? va + 1 + below(4095) : va;
}

uint64_t g_code_va(void)
{
	extern char guest_trap_stub_13[], guest_event_stub[];
	uint64_t va;
	switch (below(8)) {
	case 0: return 0;
	case 1: return (uint64_t)guest_trap_stub_13;
	case 2: return (uint64_t)guest_event_stub;
	case 3: return (1ull << 47) + below(1ull << 40);        /* non-canonical */
	case 4: return HV_START + below(1ull << 43);
	default: va = g_va(); break;
	}
	/* Into the middle of its own code the child would run anything, with any
	 * stack: such a jump lands on a trap stub instead. */
	return va >= T.text_start && va < T.text_end ? (uint64_t)guest_trap_stub_13 : va;
}

uint64_t g_pfn(void)
{
	switch (below(6)) {
	case 0: return below(T.nr_pages);
	case 1: return T.nr_pages + below(3);
	case 2: return ~0ull >> below(2);
	case 3: return 0;
	default: return g_int();
	}
}

uint64_t g_mfn(void)
{
	if (one_in(128))
		return own_mfn(below(T.nr_pages));                      /* vital frames too */
	switch (below(32)) {
	case 0: case 1: case 2: case 3: case 4: return own_mfn(spare_pfn(rnd()));
	case 5: case 6: case 7: return T.pt_mfn[below(T.nr_pt)];
	case 8: return one_in(2) ? T.l4_mfn : T.alt_l4_mfn;
	case 9: case 10: case 11: case 12: return T.loose_mfn[below(LOOSE_PAGES)];
	case 13: return T.ro_mfn;
	case 14: return T.guard_mfn;
	case 15: return T.grant_mfn;
	case 16: return T.shared_info_mfn;
	case 17: case 18: case 19: return below(T.max_mfn);     /* most likely another domain's or free */
	case 20: return below(0x400);                           /* below domain memory: the hypervisor's */
	case 21: return T.m2p_mfn[below(4)];
	case 22: return T.max_mfn - 1 + below(3);
	case 23: return (1ull << 40) - 1 + below(2);
	case 24: return ~0ull >> (12 + below(3));
	case 25: return 0;
	case 26: return own_mfn(below(T.nr_pages)) + 1;
	default: return own_mfn((T.arena - (uint8_t *)VIRT_BASE) / 4096 + below(ARENA_PAGES));
	}
}

/* The L1 entry mapping a page the child may lose: spare, or in the fuzz area. */
static uint64_t spare_l1_entry(void)
{
	uint64_t pfn = one_in(2) ? spare_pfn(rnd()) : (own_va() - VIRT_BASE) >> 12;
	pfn %= T.region_pages;
	return (T.l1_mfn[pfn / 512] << 12) + (pfn % 512) * 8;
}

uint64_t g_maddr(void)
{
	if (one_in(48))
		return (T.pt_mfn[below(T.nr_pt)] << 12) + below(512) * 8;  /* any entry of a live table */
	switch (below(12)) {
	case 0: case 1: case 2: case 3: case 4: return spare_l1_entry();
	case 5: return (T.l2_mfn << 12) + (pt_index(VIRT_BASE, 2) + T.region_pages / 512 + below(8)) * 8;
	case 6: return one_in(2) ? (T.l4_mfn << 12) + (256 + below(16)) * 8  /* the hypervisor's L4 slots */
			         : (T.ro_mfn << 12) + below(32) * 8;              /* the GDT's first entries */
	case 7: return (g_mfn() << 12) + below(4096);                      /* unaligned */
	case 8: return (g_mfn() << 12) + 4088;
	default: return (g_mfn() << 12) + below(512) * 8;
	}
}

uint64_t g_pte(void)
{
	static const uint64_t flags[] = {
		PT_P | PT_RW | PT_US | PT_A | PT_D, PT_P | PT_US | PT_A, PT_P, PT_P | PT_RW,
		PT_P | PT_RW | PT_A | PT_D, PT_P | PT_US | PT_A | PT_NX, 0,
	};
	uint64_t f = flags[below(ARRAY_SIZE(flags))];
	switch (below(12)) {
	case 0: f |= PT_PSE; break;
	case 1: f |= PT_G; break;
	case 2: f |= PT_PCD | PT_PWT; break;
	case 3: f |= PT_SOFT62; break;
	case 4: f |= (uint64_t)below(8) << 9; break;            /* available bits */
	case 5: f |= (uint64_t)below(1u << 11) << 52; break;    /* bits 52-62 */
	case 6: f = rnd() & 0xfff; break;
	default: break;
	}
	if (one_in(24))
		return g_int();
	return ((g_mfn() << 12) & PT_ADDR) | f;
}

uint64_t g_uvmf(void)
{
	switch (below(6)) {
	case 0: return g_bad_ptr(8) & ~3ull;                    /* a vCPU mask pointer */
	case 1: return g_int();
	default: return below(4) | (one_in(2) ? 4 : 0);
	}
}

uint32_t g_domid(void)
{
	switch (below(16)) {
	case 0: case 1: case 2: case 3: return DOMID_SELF;
	case 4: case 5: return T.self;
	case 6: case 7: return 0;
	case 8: return T.self - 1u - (uint32_t)below(4);        /* a batch-mate, or dead */
	case 9: return T.self + 1u + (uint32_t)below(4);        /* a batch-mate, or not yet created */
	case 10: case 11: return DOMID_FIRST_RESERVED + (uint32_t)below(16);
	case 12: return (uint32_t)below(64);
	case 13: return (uint32_t)rnd();
	default: return (uint16_t)rnd();
	}
}

uint16_t g_peer(void)
{
	switch (below(8)) {
	case 0: case 1: case 2: return 0;                       /* the supervisor */
	case 3: return (uint16_t)(T.self + 1);                  /* batch-mates are created in a row */
	case 4: return (uint16_t)(T.self - 1);
	case 5: return DOMID_SELF;
	case 6: return T.self;
	default: return (uint16_t)g_domid();
	}
}

uint32_t g_port(void)
{
	switch (below(10)) {
	case 0: return 0;
	case 1: case 2: case 3: return 1 + (uint32_t)below(8);
	case 4: return (uint32_t)below(1024);
	case 5: return 1023 + (uint32_t)below(2);
	case 6: return 4095 + (uint32_t)below(2);
	case 7: return 0xffffffffu;
	default: return (uint32_t)g_int();
	}
}

uint64_t g_selector(void)
{
	static const uint16_t flat[] = { 0xe033, 0xe030, 0xe02b, 0xe028, 0xe023, 0xe020, 0xe008, 0xe010 };
	switch (below(8)) {
	case 0: return 0;
	case 1: return below(4);
	case 2: case 3: return flat[below(ARRAY_SIZE(flat))];
	case 4: return (below(32) << 3) | below(4);                     /* own GDT entries */
	case 5: return (below(32) << 3) | 4 | below(4);                 /* LDT */
	case 6: return (uint16_t)rnd();
	default: return g_int();
	}
}

uint64_t g_desc(void)
{
	if (one_in(8))
		return g_int();
	uint64_t base = one_in(2) ? 0 : rnd() & 0xffffffff, limit = one_in(2) ? 0xfffff : rnd() & 0xfffff;
	uint64_t type = below(16), s = !one_in(4), dpl = below(4), p = !one_in(6);
	uint64_t l = one_in(2), db = one_in(3), g = !one_in(3);
	return (limit & 0xffff) | (base & 0xffffff) << 16 | type << 40 | s << 44 | dpl << 45 | p << 47 |
	       (limit >> 16) << 48 | (uint64_t)below(2) << 52 | l << 53 | db << 54 | g << 55 | (base >> 24) << 56;
}

uint32_t g_vcpu(void)
{
	switch (below(6)) {
	case 0: return 1;
	case 1: return 31 + (uint32_t)below(3);
	case 2: return (uint32_t)g_int();
	default: return 0;
	}
}

/*
 * AVOIDED: DR7 values that enable data breakpoints, for two reasons found
 * by this fuzzer, neither fixable here:
 *  - QEMU 7.2 TCG dies of SIGSEGV (cpu_handle_guest_debug ->
 *    gdb_set_stop_cpu, no debugger attached) when an instruction hits a
 *    data breakpoint and lands on an enabled execute breakpoint (a ret
 *    reading a watched return slot, say): the whole test machine goes;
 *  - an instruction single-stepped (TF) that hits a data breakpoint makes
 *    QEMU raise two #DB, the second at the first instruction of the
 *    hypervisor's #DB handler, on the same IST stack as the first: the
 *    guest's frame is overwritten and the hypervisor loops in its #DB
 *    entry forever with interrupts off (entry.S/traps.c/desc.c, reported,
 *    not ours to change).
 * So every value the fuzzer writes to DR7 (or its alias DR5) has the
 * enables of its data breakpoints cleared; execute breakpoints stay.
 */
uint64_t qemu_safe_dr7(uint64_t v)
{
	for (unsigned i = 0; i < 4; i++)
		if (v >> (16 + 4 * i) & 3)
			v &= ~(3ull << (2 * i));
	return v;
}
