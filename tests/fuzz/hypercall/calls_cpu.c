/*
 * Generators for the hypercalls on a vCPU's CPU state (calls_gen.h): the
 * trap table, callbacks, kernel stack, virtual CR0.TS, iret frames,
 * segment bases and the user %gs selector, debug registers, the I/O
 * privilege level and bitmap, and vcpu_op (its vCPU's context, timers,
 * runstate and time areas, where its vcpu_info lives, NMIs).  Handler addresses come from g_code_va(),
 * which keeps them off the middle of the child's own code.
 */
#include "calls_gen.h"
#include "public/callback.h"
#include "public/vcpu.h"

void gen_set_trap_table(struct call *c, unsigned depth)
{
	(void)depth;
	if (one_in(16))
		return;                         /* NULL: clear the whole table */
	unsigned n = 1 + (unsigned)below(6);
	struct trap_info *t = alloc_or_arena((n + 1) * sizeof(*t));
	for (unsigned i = 0; i < n; i++) {
		extern char guest_trap_stub_6[], guest_trap_stub_13[], guest_trap_stub_14[];
		static char *const stubs[] = { guest_trap_stub_6, guest_trap_stub_13, guest_trap_stub_14 };
		t[i].vector = (uint8_t)(one_in(2) ? below(32) : rnd());
		t[i].flags = (uint8_t)rnd();
		t[i].cs = (uint16_t)g_selector();
		t[i].address = one_in(2) ? (uint64_t)stubs[below(3)] : g_code_va();
	}
	c->a[0] = g_ptr(t, (n + 1) * sizeof(*t));
}

void gen_set_callbacks(struct call *c, unsigned depth)
{
	(void)depth;
	extern char guest_event_stub[];
	c->a[0] = one_in(2) ? (uint64_t)guest_event_stub : g_code_va();
	c->a[1] = g_code_va();
	c->a[2] = g_code_va();
}

void gen_callback_op(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(6) ? g_int() : below(2);
	struct callback_register *cb = alloc_or_arena(sizeof(*cb));
	cb->type = (uint16_t)(one_in(4) ? g_int() : below(8));
	cb->flags = (uint16_t)(one_in(4) ? g_int() : below(2));
	extern char guest_event_stub[];
	cb->address = cb->type == CALLBACKTYPE_event && one_in(2) ? (uint64_t)guest_event_stub : g_code_va();
	c->a[1] = g_ptr(cb, sizeof(*cb));
}

void gen_stack_switch(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = g_selector();
	c->a[1] = one_in(2) ? (uint64_t)T.arena + ARENA_PAGES * 4096 - 16 * below(8) : g_bad_ptr(64);
}

void gen_fpu_taskswitch(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(2) ? below(2) : g_int();
}

void gen_iret(struct call *c, unsigned depth)
{
	(void)depth;
	struct iret_context *f = alloc_or_arena(sizeof(*f));
	f->rax = g_int();
	f->r11 = g_int();
	f->rcx = g_int();
	f->flags = one_in(2) ? 0 : one_in(2) ? VGCF_in_syscall : g_int();
	f->rip = g_code_va();
	f->cs = one_in(8) ? g_selector() : FLAT_KERNEL_CS & ~3ull;     /* RPL 3: user mode */
	f->rflags = one_in(4) ? g_int() : 0x202 | (one_in(8) ? 0x100 : 0);     /* sometimes TF */
	f->rsp = g_va();
	f->ss = g_selector();
	c->a[0] = (uint64_t)f;
	c->a[1] = !one_in(256);         /* not returning here mostly ends the child */
	c->iret = true;           /* fuzz_iret: return here (rip, rsp fixed) or not */
}

void gen_set_segment_base(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(8) ? g_int() : below(4);
	c->a[1] = one_in(2) ? g_va() : g_int();
	if (c->a[0] == SEGBASE_GS_USER_SEL && one_in(2))
		c->a[1] = g_selector();
}

void gen_set_debugreg(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(8) ? g_int() : below(8);
	if (c->a[0] < 4)        /* its code: the same addresses the next domain runs */
		c->a[1] = one_in(4) ? T.text_start + below(T.text_end - T.text_start) : one_in(2) ? g_va() : g_bad_ptr(1);
	else if (one_in(3))
		c->a[1] = g_int();
	else            /* DR7-like: enables, conditions and lengths, sometimes GD */
		c->a[1] = (rnd() & 0xffff00ffull) | (one_in(8) ? 0x2000 : 0) | 0x400;
	if ((c->a[0] & 0xffffffff) == 7 || (c->a[0] & 0xffffffff) == 5)
		c->a[1] = qemu_safe_dr7(c->a[1]);
}

void gen_physdev_op(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(6) ? g_int() : one_in(2) ? 6 : 7;
	struct { uint64_t bitmap; uint32_t nr_ports, pad; } *b = alloc_or_arena(sizeof(*b));
	if (c->a[0] == 6) {
		*(uint32_t *)b = (uint32_t)(one_in(4) ? g_int() : below(4));
	} else {
		uint8_t *bits = arena_random(8192);
		b->bitmap = g_ptr(bits, 8192);
		b->nr_ports = (uint32_t)(one_in(2) ? 65536 - below(2) : one_in(2) ? g_count() : below(65537));
	}
	c->a[1] = g_ptr(b, sizeof(*b));
}

/* A context for VCPUOP_initialise: mostly its own start-of-day state, with
 * some fields from the classes. */
static void g_vcpu_context(struct vcpu_guest_context *g)
{
	uint8_t *raw = (uint8_t *)g;
	for (unsigned i = 0; one_in(2) && i < 8; i++)
		raw[below(sizeof(*g))] = (uint8_t)rnd();
	g->flags = one_in(4) ? g_int() : VGCF_in_kernel | VGCF_online;
	g->user_regs.rip = g_code_va();
	g->user_regs.rsp = one_in(2) ? (uint64_t)T.arena + 4096 : g_va();
	g->user_regs.cs = (uint16_t)(one_in(2) ? FLAT_KERNEL_CS : g_selector());
	g->user_regs.ss = (uint16_t)(one_in(2) ? FLAT_KERNEL_SS : g_selector());
	g->user_regs.rflags = one_in(2) ? 0x202 : g_int();
	g->ldt_base = one_in(2) ? 0 : g_va();
	g->ldt_ents = one_in(2) ? 0 : g_count();
	g->gdt_frames[0] = g_mfn();
	g->gdt_ents = one_in(2) ? 0 : g_count();
	g->kernel_ss = g_selector();
	g->kernel_sp = g_va();
	g->ctrlreg[3] = (one_in(2) ? T.alt_l4_mfn : g_mfn()) << 12;
	g->ctrlreg[1] = one_in(2) ? 0 : g_mfn() << 12;
	g->debugreg[7] = qemu_safe_dr7(g->debugreg[7]);
	g->event_callback_eip = g_code_va();
	g->failsafe_callback_eip = g_code_va();
	g->syscall_callback_eip = g_code_va();
	g->fs_base = g_va();
}

void gen_vcpu_op(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(8) ? g_int() : below(14);
	c->a[1] = g_vcpu();
	void *arg;
	size_t len = 16;
	switch (c->a[0]) {
	case VCPUOP_initialise:
		arg = alloc_or_arena(len = sizeof(struct vcpu_guest_context));
		g_vcpu_context(arg);
		break;
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_register_vcpu_time_memory_area: {
		uint64_t *addr = arg = alloc_or_arena(8);
		*addr = one_in(2) ? g_ptr(alloc_or_arena(48), 48) : g_va();
		break;
	}
	case VCPUOP_set_periodic_timer: {
		uint64_t *period = arg = alloc_or_arena(8);
		*period = one_in(2) ? 1000000 * (1 + below(20)) : g_int();
		break;
	}
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer *t = arg = alloc_or_arena(sizeof(*t));
		t->timeout_abs_ns = one_in(2) ? 1 + below(1000) : g_int();
		t->flags = (uint32_t)(one_in(4) ? g_int() : below(2));
		break;
	}
	case VCPUOP_register_vcpu_info: {
		/* where the hypervisor will write this vCPU's event state from now
		 * on: the runtime's event code then looks in the wrong place, and
		 * the child ends in an upcall loop, so its own vCPU rarely */
		if (!c->a[1] && !one_in(8))
			c->a[1] = 1 + below(3);
		struct vcpu_register_vcpu_info *r = arg = alloc_or_arena(sizeof(*r));
		r->mfn = one_in(2) ? own_mfn(spare_pfn(rnd())) : g_mfn();
		r->offset = (uint32_t)(one_in(2) ? 64 * below(64) : one_in(2) ? 4096 - 64 + below(64) : g_int());
		r->rsvd = (uint32_t)(one_in(4) ? g_int() : 0);
		break;
	}
	case VCPUOP_down:               /* its only vCPU down: nothing runs it again */
		if (!c->a[1] && !one_in(16))
			c->a[1] = 1 + below(3);
		arg = NULL;
		break;
	case VCPUOP_send_nmi:
		arg = NULL;
		break;
	default:
		arg = arena_random(64);
		break;
	}
	c->a[2] = arg ? g_ptr(arg, len) : (one_in(4) ? g_bad_ptr(8) : 0);
}
