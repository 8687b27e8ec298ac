/*
 * The credit scheduler (see sched.h for the policy).
 *
 * Invariant: `current` is the vCPU whose registers are in the CPU or whose
 * frame TSS.RSP0 points at; it is NULL while idle.  Time is charged to the
 * running vCPU at every tick and every switch from the TSC, so the CPU time
 * the hypervisor reports per domain is exact to the nanosecond it measures,
 * and credit is that same time.  A context switch saves the outgoing vCPU's
 * segment and FPU state (no vCPU ever sees another's FPU registers, even in
 * its own domain) and loads the incoming one's page tables, descriptor
 * tables, then its segment and FPU state, and RSP0; between domains it also
 * drops global TLB entries.  Around a switch the outgoing vCPU's periodic
 * timer stops and the incoming one's runs (Xen's rule), and both runstates
 * change, with the guest's copies written while each vCPU's own page tables
 * are loaded.
 *
 * Every vCPU of every domain is on the run queue from its creation to its
 * domain's destruction; whether it may run is decided each time
 * (sched_runnable), so bringing a vCPU up or down, pausing or capping a
 * domain is a flag.  Timers are checked every tick (1 ms).
 */
#include "console.h"
#include "domain.h"
#include "evtchn.h"
#include "ldt.h"
#include "mm.h"
#include "pv.h"
#include "sched.h"
#include "time.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/desc.h"
#include "../arch/x86_64/lapic.h"
#include "../arch/x86_64/paging.h"
#include "../arch/x86_64/seg.h"

struct vcpu *current;
static struct vcpu *runq[MAX_DOMAINS * MAX_VCPUS_PER_DOMAIN];
static unsigned runq_len;               /* entries [0, runq_len) may be in use */
static uint64_t ran_since, slice_start, period_start;

void sched_add(struct vcpu *v)
{
	int free_slot = -1;
	for (unsigned i = 0; i < runq_len; i++) {
		if (runq[i] == v)
			return;
		if (!runq[i] && free_slot < 0)
			free_slot = (int)i;
	}
	if (free_slot < 0) {
		if (runq_len == ARRAY_SIZE(runq))
			panic("run queue full");
		free_slot = (int)runq_len++;
	}
	runq[free_slot] = v;
	v->credit = 0;
}

struct vcpu *sched_runq_iter(unsigned *i)
{
	while (*i < runq_len) {
		struct vcpu *v = runq[(*i)++];
		if (v)
			return v;
	}
	return NULL;
}

void sched_remove(struct vcpu *v)
{
	for (unsigned i = 0; i < runq_len; i++)
		if (runq[i] == v)
			runq[i] = NULL;
	while (runq_len && !runq[runq_len - 1])
		runq_len--;
}

static void save_state(struct vcpu *v)
{
	if (v->hvm) {                   /* its segments and MSRs are in its VMCB */
		write_cr0(read_cr0() & ~8ull);
		__asm__ volatile("fxsave %0" : "=m"(v->fpu));
		return;
	}
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

/* An HVM vCPU runs from the hypervisor's own tables (VMRUN switches to
 * the guest's), with null data selectors (VMRUN saves and checks them). */
static void load_hvm_state(struct vcpu *v, const struct vcpu *prev)
{
	write_cr3(idle_l4_mfn << PAGE_SHIFT);
	__asm__ volatile("mov %0, %%ds; mov %0, %%es" :: "r"(0));
	write_cr0(read_cr0() & ~8ull);
	__asm__ volatile("fxrstor %0" :: "m"(v->fpu));
	pv_debugreg_switch(prev, v);
}

/*
 * The incoming vCPU's descriptor tables go in before any of its selectors:
 * the CPU checks a selector against the live GDT and LDT, which until then
 * are the previous vCPU's.  A saved selector that no longer loads (its
 * descriptor changed since) is made null and reported through the failsafe
 * callback, once the rest of the state is in place (pv_failsafe).
 */
static void load_state(struct vcpu *v, const struct vcpu *prev)
{
	if (v->hvm) {
		load_hvm_state(v, prev);
		return;
	}
	write_cr3((v->in_kernel ? v->mmu.kernel_l4 : v->mmu.user_l4) << PAGE_SHIFT);
	/* A guest may set G in its own L1 entries: global TLB entries survive the
	 * CR3 load, so the previous vCPU's must go too (as in Xen: each vCPU,
	 * even of the same domain, sees only its own tables' translations). */
	uint64_t cr4 = (read_cr4() & ~CR4_TSD) | (v->cr4 & CR4_TSD);     /* its own TSD */
	write_cr4(cr4 & ~CR4_PGE);
	write_cr4(cr4);
	desc_set_guest_frame(&v->regs + 1);
	desc_load_guest_gdt(v);
	ldt_load(v);
	const uint16_t saved[4] = { v->ds, v->es, v->fs, v->gs };
	bool ok = seg_switch_guest(SEG_DS, v->ds);
	ok &= seg_switch_guest(SEG_ES, v->es);
	ok &= seg_switch_guest(SEG_FS, v->fs);
	ok &= seg_switch_guest(SEG_GS, v->gs);
	wrmsr(MSR_FS_BASE, v->fs_base);
	wrmsr(MSR_GS_BASE, v->in_kernel ? v->gs_base_kernel : v->gs_base_user);
	wrmsr(MSR_SHADOW_GS, v->in_kernel ? v->gs_base_user : v->gs_base_kernel);
	write_cr0(read_cr0() & ~8ull);
	__asm__ volatile("fxrstor %0" :: "m"(v->fpu));
	if (v->fpu_ts)
		write_cr0(read_cr0() | 8);
	pv_debugreg_switch(prev, v);
	if (!ok)
		pv_failsafe(v, saved);
}

/* Charge the time since the last charge to the running vCPU and its domain. */
static void charge(uint64_t now)
{
	struct vcpu *v = current;
	if (v) {
		struct domain *d = v->domain;
		uint64_t t = now - ran_since;
		v->cpu_time_ns += t;
		v->credit -= (int64_t)t;
		d->period_used += t;
		if (d->cap && d->period_used * 100 >= (uint64_t)d->cap * SCHED_PERIOD_NS)
			d->capped = true;
	}
	ran_since = now;
}

static bool wants_cpu(const struct vcpu *v)
{
	return sched_ready(v) || v == current;
}

/*
 * Hand out the time that really passed since the last refill (a period ends
 * at the first tick after it is due, so it is a little longer than
 * SCHED_PERIOD_NS) to the domains that want the CPU, by weight, each
 * domain's share split evenly among its vCPUs that want it: credit handed
 * out equals time spent, so nothing drifts toward equal shares.  A capped
 * domain's overshoot of its budget is carried into the next period.
 */
static void refill(uint64_t now)
{
	uint64_t total = 0, elapsed = now - period_start;
	unsigned it = 0;
	struct domain *d;
	while ((d = domain_iter(&it)))
		d->sched_active = 0;
	for (unsigned i = 0; i < runq_len; i++)
		if (runq[i] && wants_cpu(runq[i]) && runq[i]->domain->sched_active++ == 0)
			total += runq[i]->domain->weight;
	for (unsigned i = 0; i < runq_len; i++) {
		struct vcpu *v = runq[i];
		if (!v)
			continue;
		d = v->domain;
		if (total && wants_cpu(v))
			v->credit += (int64_t)(elapsed * d->weight / (total * d->sched_active));
		if (v->credit > (int64_t)SCHED_PERIOD_NS)
			v->credit = SCHED_PERIOD_NS;    /* no hoarding while idle */
	}
	it = 0;
	while ((d = domain_iter(&it))) {
		uint64_t budget = elapsed * d->cap / 100;
		d->period_used = d->cap && d->period_used > budget ? d->period_used - budget : 0;
		d->capped = d->cap && d->period_used * 100 >= (uint64_t)d->cap * SCHED_PERIOD_NS;
	}
	period_start = now;
}

/* The runnable vCPU with the most credit; ties go round-robin after prev;
 * a vCPU that yielded runs again only if nobody else can. */
static struct vcpu *pick_next(struct vcpu *prev)
{
	unsigned start = 0, n = runq_len;
	for (unsigned i = 0; i < n; i++)
		if (runq[i] == prev)
			start = i + 1;
	struct vcpu *best = NULL;
	for (unsigned k = 0; k < n; k++) {
		struct vcpu *v = runq[(start + k) % n];
		if (sched_runnable(v) && !v->yielded && (!best || v->credit > best->credit))
			best = v;
	}
	if (prev)
		prev->yielded = false;
	return best ? best : (sched_runnable(prev) ? prev : NULL);
}

static void check_timers(uint64_t now)
{
	timer_check_all_begin();
	for (unsigned i = 0; i < runq_len; i++) {
		struct vcpu *v = runq[i];
		if (!v || v->domain->state != DOM_RUNNING)
			continue;
		timer_check(v, (int64_t)now);
		runstate_sync(v, now);
	}
	if (now - period_start >= SCHED_PERIOD_NS)
		refill(now);
}

/* prev stops running: its periodic timer stops, its runstate changes and
 * its guest copy is written while its page tables are still loaded. */
static void switch_out(struct vcpu *prev, uint64_t now)
{
	save_state(prev);
	timer_vcpu_descheduled(prev);
	runstate_sync(prev, now);
	runstate_publish(prev);
}

noreturn void schedule(void)
{
	domain_reap_vcpus();
	struct vcpu *prev = current;
	uint64_t now = now_ns();
	charge(now);
	for (;;) {
		/* Every tick checks every timer and syncs every runstate; a
		   switch between ticks does so only when a deadline or the end
		   of the credit period may have passed. */
		if (timer_maybe_due((int64_t)now) || now - period_start >= SCHED_PERIOD_NS)
			check_timers(now);
		struct vcpu *next = pick_next(prev);
		if (next) {
			if (next != prev) {
				if (prev) {
					current = NULL;
					switch_out(prev, now);
				}
				current = next;         /* a failsafe bounce may crash it */
				load_state(next, prev);
				if (current == next) {
					runstate_sync(next, now);
					runstate_publish(next);
					timer_vcpu_scheduled(next, (int64_t)now);
					time_update_vcpu(next);
				}
			}
			slice_start = now;      /* ran_since too (charge, or the idle loop) */
			return_to_guest(next);
		}
		if (prev) {
			current = NULL;
			switch_out(prev, now);
			pv_debugreg_switch(prev, NULL);
			prev = NULL;
		}
		write_cr3(idle_l4_mfn << PAGE_SHIFT);
		cpu_halt_irqs_on();
		now = now_ns();
		ran_since = now;
	}
}

void sched_tick(void)
{
	uint64_t now = now_ns();
	charge(now);
	check_timers(now);
	struct vcpu *v = current;
	if (!sched_runnable(v) || now - slice_start >= SCHED_SLICE_NS)
		schedule();
}

void sched_idle_tick(void)
{
	check_timers(now_ns());
}

void sched_wake(struct vcpu *v)
{
	if (!v->blocked && !v->polling)
		return;
	v->blocked = false;
	v->polling = false;
	runstate_sync(v, now_ns());
}

void sched_poll_wake(struct domain *d, uint32_t port)
{
	for (unsigned k = 0; k < d->nr_vcpus; k++) {
		struct vcpu *v = d->vcpus[k];
		if (v->polling && (v->poll_any || v->poll_port == port))
			sched_wake(v);
	}
}

void sched_block(struct vcpu *v)
{
	v->blocked = true;
}

void sched_yield(struct vcpu *v)
{
	v->yielded = true;
}

