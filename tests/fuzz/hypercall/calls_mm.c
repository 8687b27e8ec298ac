/*
 * Generators for the memory and page-table hypercalls (calls_gen.h):
 * mmu_update, mmuext_op, update_va_mapping(_otherdomain), set_gdt,
 * update_descriptor, vm_assist, memory_op (reservations and exchanges
 * included: frames leave and join the domain).  Requests name the child's own
 * tables and frames mostly (args.c), so that they reach the model's checks
 * past the ownership test, and sometimes everything else.
 */
#include "calls_gen.h"
#include "public/memory.h"

static uint64_t g_foreigndom(void)
{
	switch (below(8)) {
	case 0: return g_domid();
	case 1: return (uint64_t)(g_domid() + 1) << 16 | DOMID_SELF;     /* a page-table owner */
	case 2: return g_int();
	default: return DOMID_SELF;
	}
}

/* mmu_update's and mmuext_op's arguments: requests, count, done counter, foreign domain. */
static void batch_args(struct call *c, void *reqs, size_t len, uint64_t count)
{
	uint32_t *done = alloc_or_arena(4);
	c->a[0] = g_ptr(reqs, len);
	c->a[1] = count;
	c->a[2] = one_in(4) ? 0 : g_ptr(done, 4);
	c->a[3] = g_foreigndom();
}

void gen_mmu_update(struct call *c, unsigned depth)
{
	(void)depth;
	uint64_t count = g_count();
	unsigned n = (unsigned)MIN(count, 16);
	struct mmu_update *u = alloc_or_arena(MAX(n, 1) * sizeof(*u));
	for (unsigned i = 0; i < n; i++) {
		unsigned cmd = one_in(8) ? (unsigned)below(8) : (unsigned)below(4);
		u[i].ptr = (g_maddr() & ~7ull) | cmd;
		u[i].val = cmd == MMU_MACHPHYS_UPDATE ? g_pfn() : g_pte();
	}
	batch_args(c, u, MAX(n, 1) * sizeof(*u), count);
}

void gen_mmuext_op(struct call *c, unsigned depth)
{
	(void)depth;
	uint64_t count = g_count();
	unsigned n = (unsigned)MIN(count, 8);
	struct mmuext_op *op = alloc_or_arena(MAX(n, 1) * sizeof(*op));
	for (unsigned i = 0; i < n; i++) {
		op[i].cmd = one_in(10) ? (uint32_t)g_int() : (uint32_t)below(21);
		switch (op[i].cmd) {
		case MMUEXT_INVLPG_LOCAL: case MMUEXT_INVLPG_MULTI: case MMUEXT_INVLPG_ALL:
			op[i].arg1.linear_addr = g_va();
			break;
		case MMUEXT_SET_LDT:
			op[i].arg1.linear_addr = one_in(2) ? T.ro_va : g_va();
			break;
		case MMUEXT_NEW_BASEPTR: case MMUEXT_NEW_USER_BASEPTR:
			/* most other tables would not map the child's code: mostly its two L4s */
			op[i].arg1.mfn = one_in(8) ? g_mfn() : one_in(2) ? T.alt_l4_mfn : T.l4_mfn;
			break;
		default:
			op[i].arg1.mfn = g_mfn();
			break;
		}
		switch (op[i].cmd) {
		case MMUEXT_SET_LDT:
			op[i].arg2.nr_ents = (uint32_t)(one_in(2) ? below(1024) : g_count());
			break;
		case MMUEXT_TLB_FLUSH_MULTI: case MMUEXT_INVLPG_MULTI: {
			uint64_t *mask = alloc_or_arena(8);
			*mask = g_int();
			op[i].arg2.vcpumask = g_ptr(mask, 8);
			break;
		}
		default:
			op[i].arg2.src_mfn = one_in(4) ? g_int() : g_mfn();
			break;
		}
	}
	batch_args(c, op, MAX(n, 1) * sizeof(*op), count);
}

void gen_update_va_mapping(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = g_va();
	c->a[1] = g_pte();
	c->a[2] = g_uvmf();
	c->a[3] = g_domid();            /* update_va_mapping_otherdomain's domain */
}

void gen_set_gdt(struct call *c, unsigned depth)
{
	(void)depth;
	uint64_t *frames = alloc_or_arena(16 * 8);
	for (unsigned i = 0; i < 16; i++)
		frames[i] = g_mfn();
	c->a[0] = g_ptr(frames, 16 * 8);
	switch (below(5)) {
	case 0: c->a[1] = 0; break;
	case 1: c->a[1] = 1 + below(512); break;
	case 2: c->a[1] = 1 + below(14 * 512); break;
	case 3: c->a[1] = 14 * 512 + below(2); break;
	default: c->a[1] = g_int(); break;
	}
}

void gen_update_descriptor(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = g_maddr();
	c->a[1] = g_desc();
}

void gen_vm_assist(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(4) ? g_int() : below(3);
	c->a[1] = one_in(4) ? g_int() : one_in(6) ? 32 : below(6);
}

/* A reservation: frames of its own (spare ones mostly: giving away its code
 * or stack ends the child), counts, orders, flags, domains. */
static void g_reservation(struct xen_memory_reservation *r)
{
	uint64_t count = one_in(4) ? g_count() : 1 + below(4);
	uint64_t *frames = alloc_or_arena(16 * 8);
	for (unsigned i = 0; i < 16; i++)
		frames[i] = one_in(4) ? g_mfn() : own_mfn(spare_pfn(rnd()));
	r->extent_start = g_ptr(frames, 8 * MAX(MIN(count, 16), 1));
	r->nr_extents = count;
	r->extent_order = (uint32_t)(one_in(4) ? g_int() : one_in(4) ? below(10) : 0);
	r->mem_flags = (uint32_t)(one_in(4) ? g_int() : 0);
	r->domid = (uint16_t)(one_in(4) ? g_domid() : DOMID_SELF);
}

void gen_memory_op(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(4) ? g_int() : below(32) | (one_in(8) ? rnd() << 6 : 0);
	switch (c->a[0] & 63) {
	case XENMEM_increase_reservation: case XENMEM_decrease_reservation: case XENMEM_populate_physmap: {
		struct xen_memory_reservation *r = alloc_or_arena(sizeof(*r));
		g_reservation(r);
		c->a[1] = g_ptr(r, sizeof(*r));
		return;
	}
	case XENMEM_exchange: {
		struct xen_memory_exchange *x = alloc_or_arena(sizeof(*x));
		g_reservation(&x->in);
		g_reservation(&x->out);
		x->nr_exchanged = one_in(4) ? g_int() : 0;
		c->a[1] = g_ptr(x, sizeof(*x));
		return;
	}
	case XENMEM_memory_map: case XENMEM_machine_memory_map: case XENMEM_machphys_mfn_list: {
		struct { uint32_t n, pad; uint64_t buffer; uint32_t out; } *m = alloc_or_arena(sizeof(*m));
		void *buf = alloc_or_arena(256);
		m->n = (uint32_t)g_count();
		m->buffer = g_ptr(buf, 20 * MAX(MIN(m->n, 12), 1));
		c->a[1] = g_ptr(m, sizeof(*m));
		return;
	}
	}
	if (one_in(2)) {
		uint16_t *dom = alloc_or_arena(8);
		*dom = (uint16_t)g_domid();
		c->a[1] = g_ptr(dom, 2);
	} else {
		c->a[1] = g_ptr(arena_random(64), 64);
	}
}
