/*
 * The per-hypercall argument generators, shared by calls.c (which picks
 * the call) and calls_mm.c, calls_cpu.c and calls_dom.c (which fill its
 * arguments).  Each generator knows the layout of what its call reads
 * (xen-pv-abi.md) and builds it in the arena from the classes in args.c.
 */
#pragma once
#include "args.h"
#include "calls.h"
#include "pt.h"

typedef void gen_fn(struct call *c, unsigned depth);

/* len zeroed bytes in the arena, or its start when it is full. */
static inline void *alloc_or_arena(size_t len)
{
	void *p = arena_alloc(len);
	return p ? p : T.arena;
}

gen_fn gen_mmu_update, gen_mmuext_op, gen_update_va_mapping, gen_set_gdt, gen_update_descriptor,
	gen_vm_assist, gen_memory_op;
gen_fn gen_set_trap_table, gen_set_callbacks, gen_callback_op, gen_stack_switch, gen_fpu_taskswitch,
	gen_iret, gen_set_segment_base, gen_set_debugreg, gen_physdev_op, gen_vcpu_op;
gen_fn gen_event_channel_op, gen_grant_table_op, gen_sched_op, gen_set_timer_op, gen_console_io,
	gen_xen_version, gen_domctl, gen_sysctl;
