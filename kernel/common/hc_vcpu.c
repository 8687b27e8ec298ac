/*
 * vcpu_op (hypercall 24): a domain's control of its own vCPUs, as Xen 4.17's
 * do_vcpu_op and x86 arch_do_vcpu_op answer a 64-bit PV guest.
 *
 * Rule: the vCPU named is always one of the caller's own domain (there is no
 * way to name another domain's), and an id beyond the domain's vCPUs is
 * -ENOENT before anything else.  Arguments are copied in once and checked
 * before use.  In Xen's words and codes:
 *   initialise       once (-EEXIST), context checked (vcpu_context.c);
 *   up               only an initialised vCPU (-EINVAL);
 *   down             the last vCPU up going down powers the domain off;
 *   is_up            1 or 0;
 *   get_runstate_info, register_runstate_memory_area (a guest address:
 *                    -EFAULT outside guest space; written at once, then on
 *                    every switch in and out; 0 unregisters);
 *   set_periodic_timer (1 ms to 2^62-1 ns, else -EINVAL), stop_periodic_timer;
 *   set_singleshot_timer, stop_singleshot_timer (own vCPU only, -EINVAL;
 *                    VCPU_SSHOTTMR_future with a passed deadline: -ETIME);
 *   register_vcpu_info (own or offline vCPU, once, -EINVAL; 8-byte aligned,
 *                    not crossing its page, -ENXIO; a frame of the domain
 *                    that can be typed writable, -EINVAL): the vcpu_info,
 *                    with its event state, moves there, and every selector
 *                    bit and upcall_pending are set so nothing is lost;
 *   send_nmi         (argument must be NULL, -EINVAL);
 *   register_vcpu_time_memory_area (as the runstate area);
 *   get_physid       -EINVAL (only a pinned hardware-domain vCPU has one);
 * anything else -ENOSYS.
 */
#include "evtchn.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "sched.h"
#include "time.h"
#include "../arch/x86_64/lapic.h"

#define STIME_DELTA_MAX (~0ull >> 2)    /* Xen's longest timer period */

static long down(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool others_up = false;
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		others_up |= k != v->id && !d->vcpus[k]->down;
	if (!others_up) {
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	}
	v->down = true;
	runstate_sync(v, now_ns());
	return 0;
}

static long up(struct vcpu *v)
{
	if (!v->initialised)
		return -XEN_EINVAL;
	v->down = false;
	runstate_sync(v, now_ns());
	return 0;
}

static long register_vcpu_info(struct vcpu *v, const struct vcpu_register_vcpu_info *r)
{
	struct mmu_domain *md = &v->domain->mmu;
	if (r->offset > PAGE_SIZE - sizeof(struct vcpu_info) || (r->offset & 7))
		return -XEN_ENXIO;
	if (v->vcpu_info_mfn)
		return -XEN_EINVAL;
	if (v != current && !v->down)
		return -XEN_EINVAL;
	if (mmu_get_page(&mmu_env, md, r->mfn))
		return -XEN_EINVAL;
	if (mmu_get_type(&mmu_env, md, r->mfn, MMU_TYPE_WRITABLE)) {
		mmu_put_page(&mmu_env, r->mfn);
		return -XEN_EINVAL;
	}
	struct vcpu_info *vi = (struct vcpu_info *)((uint8_t *)mfn_to_virt(r->mfn) + r->offset);
	memmove(vi, v->vcpu_info, sizeof(*vi));        /* it may overlap the old one */
	v->vcpu_info = vi;
	v->vcpu_info_mfn = r->mfn;
	__atomic_store_n(&vi->evtchn_pending_sel, ~0ull, __ATOMIC_SEQ_CST);
	evtchn_mark_vcpu_pending(v);
	return 0;
}

static long register_runstate_area(struct vcpu *v, uint64_t addr)
{
	if (!guest_addr_ok(addr))
		return -XEN_EFAULT;
	v->runstate_area = addr;
	struct vcpu_runstate_info now;
	if (v == current)
		now = v->runstate;
	else
		runstate_get(v, &now);
	if (addr)
		copy_to_guest(addr, &now, sizeof(now));         /* a failure is the guest's loss */
	return 0;
}

static long set_singleshot(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_singleshot_timer t;
	if (v != current)
		return -XEN_EINVAL;
	if (copy_from_guest(&t, arg, sizeof(t)))
		return -XEN_EFAULT;
	if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < now_ns())
		return -XEN_ETIME;
	timer_set_singleshot(v, (int64_t)t.timeout_abs_ns);
	return 0;
}

static long send_nmi(struct vcpu *v, uint64_t arg)
{
	if (arg)
		return -XEN_EINVAL;
	if (!v->nmi_pending) {
		v->nmi_pending = true;
		sched_wake(v);
	}
	return 0;
}

long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct vcpu *v = domain_vcpu(current->domain, (uint32_t)vcpuid);
	if (!v)
		return -XEN_ENOENT;
	union {
		struct vcpu_runstate_info runstate;
		struct vcpu_register_runstate_memory_area area;
		struct vcpu_set_periodic_timer periodic;
		struct vcpu_register_vcpu_info info;
		struct vcpu_register_time_memory_area time;
	} u;
	switch ((int)cmd) {
	case VCPUOP_initialise:
		return vcpu_initialise(v, arg);
	case VCPUOP_up:
		return up(v);
	case VCPUOP_down:
		return down(v);
	case VCPUOP_is_up:
		return !v->down;
	case VCPUOP_get_runstate_info:
		runstate_get(v, &u.runstate);
		return copy_to_guest(arg, &u.runstate, sizeof(u.runstate)) ? -XEN_EFAULT : 0;
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(&u.area, arg, sizeof(u.area)))
			return -XEN_EFAULT;
		return register_runstate_area(v, u.area.addr);
	case VCPUOP_set_periodic_timer:
		if (copy_from_guest(&u.periodic, arg, sizeof(u.periodic)))
			return -XEN_EFAULT;
		if (u.periodic.period_ns < 1000000 || u.periodic.period_ns > STIME_DELTA_MAX)
			return -XEN_EINVAL;
		timer_set_periodic(v, u.periodic.period_ns);
		return 0;
	case VCPUOP_stop_periodic_timer:
		timer_set_periodic(v, 0);
		return 0;
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(v, arg);
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -XEN_EINVAL;
		timer_stop_singleshot(v);
		return 0;
	case VCPUOP_register_vcpu_info:
		if (copy_from_guest(&u.info, arg, sizeof(u.info)))
			return -XEN_EFAULT;
		return register_vcpu_info(v, &u.info);
	case VCPUOP_send_nmi:
		return send_nmi(v, arg);
	case VCPUOP_register_vcpu_time_memory_area:
		if (copy_from_guest(&u.time, arg, sizeof(u.time)))
			return -XEN_EFAULT;
		if (!guest_addr_ok(u.time.addr))
			return -XEN_EFAULT;
		v->time_area = u.time.addr;
		time_update_vcpu(v);
		return 0;
	case VCPUOP_get_physid:
		return -XEN_EINVAL;
	default:
		return -XEN_ENOSYS;
	}
}
