/*
 * Which hypercall, and how often (calls.h).  Every number implemented has a
 * generator that knows what it reads (calls_mm.c, calls_cpu.c,
 * calls_dom.c), so that most requests get past the first check and reach
 * the interesting ones; the weights make the page-table, grant and event
 * paths, where most of the hypervisor's state lives, the most frequent.
 * The rest of the hypercall page's slots, and numbers far beyond it, get
 * random arguments; so do nested multicalls.
 */
#include "calls_gen.h"

static void gen_multicall(struct call *c, unsigned depth)
{
	uint64_t count = one_in(8) ? g_count() : below(9);
	unsigned n = (unsigned)MIN(count, 16);
	struct multicall_entry *e = alloc_or_arena(MAX(n, 1) * sizeof(*e));
	for (unsigned i = 0; i < n; i++) {
		struct call sub = { 0 };
		if (depth)
			sub.nr = 13;            /* nested: random arguments */
		else
			do      /* an iret in a batch reads the live stack as its frame: rarely */
				gen_call(&sub, depth + 1);
			while (sub.nr == 23 && !one_in(64));
		e[i].op = sub.nr;
		e[i].result = (int64_t)rnd();
		memcpy(e[i].args, sub.a, sizeof(e[i].args));
	}
	c->a[0] = g_ptr(e, MAX(n, 1) * sizeof(*e));
	c->a[1] = count;
}

static void gen_random(struct call *c, unsigned depth)
{
	(void)depth;
	for (unsigned i = 0; i < 6; i++)
		c->a[i] = one_in(2) ? g_int() : g_bad_ptr(64);
}

static const struct {
	uint8_t nr, weight;
	gen_fn *gen;
} calls[] = {
	{ 0, 2, gen_set_trap_table }, { 1, 12, gen_mmu_update }, { 2, 4, gen_set_gdt },
	{ 3, 2, gen_stack_switch }, { 4, 1, gen_set_callbacks }, { 5, 2, gen_fpu_taskswitch },
	{ 8, 3, gen_set_debugreg }, { 9, 1, gen_set_debugreg }, { 33, 3, gen_physdev_op },
	{ 24, 6, gen_vcpu_op },
	{ 10, 6, gen_update_descriptor }, { 12, 4, gen_memory_op }, { 13, 6, gen_multicall },
	{ 14, 10, gen_update_va_mapping }, { 15, 2, gen_set_timer_op }, { 17, 4, gen_xen_version },
	{ 18, 2, gen_console_io }, { 20, 10, gen_grant_table_op }, { 21, 2, gen_vm_assist },
	{ 22, 3, gen_update_va_mapping }, { 23, 1, gen_iret }, { 25, 3, gen_set_segment_base },
	{ 26, 12, gen_mmuext_op }, { 29, 3, gen_sched_op }, { 30, 2, gen_callback_op },
	{ 32, 10, gen_event_channel_op }, { 35, 1, gen_sysctl }, { 36, 1, gen_domctl },
	{ 128, 4, gen_random },         /* any slot of the hypercall page, implemented or not */
};

void gen_call(struct call *c, unsigned depth)
{
	unsigned total = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(calls); i++)
		total += calls[i].weight;
	unsigned r = (unsigned)below(total), i = 0;
	while (r >= calls[i].weight)
		r -= calls[i++].weight;
	for (unsigned k = 0; k < 6; k++)
		c->a[k] = g_int();
	c->nr = calls[i].nr;
	if (c->nr == 128)       /* an iret reads the live stack as its frame: rarely */
		do
			c->nr = one_in(16) ? g_int() : below(128);
		while (c->nr == 23 && !one_in(64));
	calls[i].gen(c, depth);
}
