/*
 * Runstate: what each vCPU is doing, since when, and for how long in total
 * (Xen's vcpu_runstate_info).
 *
 * The state follows from the scheduler's flags: running if it is the
 * current vCPU; runnable if it could run; blocked if it waits for an event
 * (blocked dominates); offline otherwise (down, paused, capped, never
 * brought up).  runstate_sync() is called wherever one of those may have
 * changed, and on every tick; a change adds the time since the last one to
 * the old state's total, so the four totals always add up to the time since
 * the vCPU was created.
 *
 * The guest's copy (VCPUOP_register_runstate_memory_area) is written, as in
 * Xen, when the vCPU is scheduled in and when it is scheduled out, through
 * whichever of its page tables is loaded then; if that fails in guest-user
 * mode it is written at the next switch to guest-kernel mode.  With
 * VMASST_TYPE_runstate_update_flag the guest sees XEN_RUNSTATE_UPDATE set
 * in state_entry_time for the whole rewrite.  Every write goes through
 * copy_to_guest, so a bad address costs the guest its copy, nothing else.
 */
#include "guest_access.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

static int state_of(const struct vcpu *v)
{
	if (v == current)
		return RUNSTATE_running;
	if (sched_runnable(v))
		return RUNSTATE_runnable;
	return v->blocked ? RUNSTATE_blocked : RUNSTATE_offline;
}

void runstate_sync(struct vcpu *v, uint64_t now)
{
	struct vcpu_runstate_info *r = &v->runstate;
	int state = state_of(v);
	if (state == r->state)
		return;
	if (now > r->state_entry_time)
		r->time[r->state] += now - r->state_entry_time;
	r->state = state;
	r->state_entry_time = now;
}

void runstate_get(const struct vcpu *v, struct vcpu_runstate_info *out)
{
	*out = v->runstate;
	uint64_t now = now_ns();
	if (now > out->state_entry_time)
		out->time[out->state] += now - out->state_entry_time;
}

static bool write_copy(struct vcpu *v)
{
	struct vcpu_runstate_info copy = v->runstate;
	uint64_t entry_at = v->runstate_area + offsetof(struct vcpu_runstate_info, state_entry_time);
	if (!(v->domain->mmu.vm_assist & (1ull << VMASST_TYPE_runstate_update_flag)))
		return copy_to_guest(v->runstate_area, &copy, sizeof(copy)) == 0;
	uint64_t flagged = copy.state_entry_time | XEN_RUNSTATE_UPDATE;
	if (copy_to_guest(entry_at, &flagged, sizeof(flagged)))
		return false;
	__asm__ volatile("" ::: "memory");
	copy.state_entry_time = flagged;
	bool ok = copy_to_guest(v->runstate_area, &copy, sizeof(copy)) == 0;
	__asm__ volatile("" ::: "memory");
	flagged &= ~XEN_RUNSTATE_UPDATE;
	ok &= copy_to_guest(entry_at, &flagged, sizeof(flagged)) == 0;
	return ok;
}

void runstate_publish(struct vcpu *v)
{
	if (!v->runstate_area)
		return;
	if (!write_copy(v) && !v->in_kernel)
		v->runstate_due = true;
}

void runstate_on_mode_switch(struct vcpu *v)
{
	if (v->runstate_due && v->runstate_area && write_copy(v))
		v->runstate_due = false;
}
