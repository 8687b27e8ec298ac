/*
 * Round-robin scheduling with timer preemption (see sched.h).
 *
 * Invariant: `current` is the vCPU whose registers are in the CPU or whose
 * frame TSS.RSP0 points at; it is NULL while idle.  A context switch saves
 * the outgoing vCPU's segment and FPU state (no domain ever sees another's
 * FPU registers), loads the incoming one's page tables,
 * segment state and RSP0, and charges the elapsed time to the outgoing vCPU
 * (the per-domain CPU time the hypervisor reports).
 */
#include "console.h"
#include "domain.h"
#include "mm.h"
#include "sched.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/desc.h"
#include "../arch/x86_64/lapic.h"
#include "../arch/x86_64/paging.h"

struct vcpu *current;
static struct vcpu *runq[MAX_DOMAINS * MAX_VCPUS_PER_DOMAIN];
static unsigned slice_ticks;
static uint64_t ran_since;

int load_seg_ds(unsigned sel);
int load_seg_es(unsigned sel);
int load_seg_fs(unsigned sel);
int load_seg_gs(unsigned sel);

void sched_add(struct vcpu *v)
{
	for (unsigned i = 0; i < ARRAY_SIZE(runq); i++)
		if (!runq[i]) {
			runq[i] = v;
			v->runnable = true;
			return;
		}
	panic("run queue full");
}

void sched_remove(struct vcpu *v)
{
	for (unsigned i = 0; i < ARRAY_SIZE(runq); i++)
		if (runq[i] == v)
			runq[i] = NULL;
	v->runnable = false;
}

static void save_state(struct vcpu *v)
{
	v->ds = read_seg_ds();
	v->es = read_seg_es();
	v->fs = read_seg_fs();
	v->gs = read_seg_gs();
	v->fs_base = rdmsr(MSR_FS_BASE);
	uint64_t active = rdmsr(MSR_GS_BASE), shadow = rdmsr(MSR_SHADOW_GS);
	v->gs_base_kernel = v->in_kernel ? active : shadow;
	v->gs_base_user = v->in_kernel ? shadow : active;
	write_cr0(read_cr0() & ~8ull);
	__asm__ volatile("fxsave %0" : "=m"(v->fpu));
}

static void load_state(struct vcpu *v)
{
	/* A selector that no longer loads becomes null rather than faulting us. */
	if (load_seg_ds(v->ds))
		load_seg_ds(0);
	if (load_seg_es(v->es))
		load_seg_es(0);
	if (load_seg_fs(v->fs))
		load_seg_fs(0);
	if (load_seg_gs(v->gs))
		load_seg_gs(0);
	wrmsr(MSR_FS_BASE, v->fs_base);
	wrmsr(MSR_GS_BASE, v->in_kernel ? v->gs_base_kernel : v->gs_base_user);
	wrmsr(MSR_SHADOW_GS, v->in_kernel ? v->gs_base_user : v->gs_base_kernel);
	write_cr3((v->in_kernel ? v->kernel_l4_mfn : v->user_l4_mfn) << PAGE_SHIFT);
	desc_set_guest_frame(&v->regs + 1);
	write_cr0(read_cr0() & ~8ull);
	__asm__ volatile("fxrstor %0" :: "m"(v->fpu));
	if (v->fpu_ts)
		write_cr0(read_cr0() | 8);
}

static struct vcpu *pick_next(struct vcpu *prev)
{
	unsigned start = 0, n = ARRAY_SIZE(runq);
	for (unsigned i = 0; i < n; i++)
		if (runq[i] == prev)
			start = i + 1;
	for (unsigned k = 0; k < n; k++) {
		struct vcpu *v = runq[(start + k) % n];
		if (v && v->runnable)
			return v;
	}
	return NULL;
}

static void account(struct vcpu *v)
{
	uint64_t now = now_ns();
	if (v)
		v->cpu_time_ns += now - ran_since;
	ran_since = now;
}

noreturn void schedule(void)
{
	struct vcpu *prev = current;
	account(prev);
	slice_ticks = 0;
	for (;;) {
		struct vcpu *next = pick_next(prev);
		if (next) {
			if (next != prev) {
				if (prev)
					save_state(prev);
				load_state(next);
				current = next;
			}
			ran_since = now_ns();
			return_to_guest(next);
		}
		if (prev) {
			save_state(prev);
			current = prev = NULL;
		}
		write_cr3(idle_l4_mfn << PAGE_SHIFT);
		cpu_halt_irqs_on();
	}
}

noreturn void sched_yield(void)
{
	schedule();
}

void sched_tick(void)
{
	if (++slice_ticks >= SCHED_SLICE_TICKS)
		schedule();
}
