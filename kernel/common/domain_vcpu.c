/*
 * A domain's vCPUs: creating them with the state Xen gives a new PV vCPU,
 * and giving back what they hold when the domain is destroyed.
 *
 * A new vCPU is offline and uninitialised (the domain builder gives vCPU 0
 * its registers and brings it up), has its vcpu_info in
 * shared_info with events masked, the architectural FPU and debug register
 * reset values, and Xen's 100 Hz periodic timer.  Every vCPU is on the run
 * queue from creation; sched_runnable() decides whether it runs.
 *
 * Invariant: a vCPU's two frames (its struct, its virtual IDT) and the
 * references it holds on guest frames (a vcpu_info moved into a guest page)
 * are given back exactly once.  The references go with the domain's other
 * guest-frame references, before the pv-mmu model takes the domain apart;
 * the frames go at once, except when the destroyed domain is the one that
 * was running: then the hypervisor may still be on its way out through one
 * of those vCPUs, and the frames wait in the graveyard until the next
 * schedule() (or the final frame count), when nothing can point at them.
 */
#include "console.h"
#include "domain.h"
#include "mm.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

static struct vcpu *graveyard;

static struct vcpu *vcpu_create(struct domain *d, unsigned id)
{
	uint64_t mfn = frame_alloc_xen(), trap_mfn = mfn ? frame_alloc_xen() : 0;
	if (!trap_mfn) {
		if (mfn)
			frame_free_xen(mfn);
		return NULL;
	}
	struct vcpu *v = mfn_to_virt(mfn);              /* zeroed */
	v->mfn = mfn;
	v->trap_mfn = trap_mfn;
	v->trap_ctxt = mfn_to_virt(trap_mfn);
	v->domain = d;
	v->id = id;
	v->slot = d->pool_index * MAX_VCPUS_PER_DOMAIN + id;
	v->in_kernel = true;
	v->down = true;
	v->vcpu_info = &d->shared_info->vcpu_info[id];
	v->fpu[0] = 0x7f;                       /* FCW 0x037f: x87 defaults */
	v->fpu[1] = 0x03;
	v->fpu[24] = 0x80;                      /* MXCSR 0x1f80: SSE exceptions masked */
	v->fpu[25] = 0x1f;
	v->dr6 = 0xffff0ff0;                    /* debug registers at their reset values */
	v->dr7 = 0x400;
	v->periodic_period = TIMER_PERIODIC_DEFAULT_NS;
	v->runstate.state = RUNSTATE_offline;
	v->runstate.state_entry_time = now_ns();
	mmu_vcpu_init(&v->mmu, &d->mmu);
	d->vcpus[id] = v;
	sched_add(v);
	return v;
}

int domain_max_vcpus(struct domain *d, unsigned n)
{
	if (n < 1 || n > MAX_VCPUS_PER_DOMAIN || n < d->nr_vcpus)
		return -XEN_EINVAL;
	for (unsigned id = d->nr_vcpus; id < n; id++) {
		if (!vcpu_create(d, id))
			return -XEN_ENOMEM;
		d->nr_vcpus = id + 1;
	}
	d->mmu.max_vcpus = n;
	return 0;
}

struct vcpu *domain_vcpu(struct domain *d, uint64_t id)
{
	return id < d->nr_vcpus ? d->vcpus[id] : NULL;
}

unsigned domain_vcpus_up(const struct domain *d)
{
	unsigned n = 0;
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		n += !d->vcpus[k]->down;
	return n;
}

void domain_release_vcpu_pages(struct domain *d)
{
	for (unsigned k = 0; k < d->nr_vcpus; k++) {
		struct vcpu *v = d->vcpus[k];
		if (!v->vcpu_info_mfn)
			continue;
		v->vcpu_info = &d->shared_info->vcpu_info[k];
		mmu_put_type(&mmu_env, v->vcpu_info_mfn);
		mmu_put_page(&mmu_env, v->vcpu_info_mfn);
		v->vcpu_info_mfn = 0;
	}
}

static void vcpu_free(struct vcpu *v)
{
	uint64_t trap_mfn = v->trap_mfn;
	frame_free_xen(v->mfn);                 /* v is gone from here on */
	frame_free_xen(trap_mfn);
}

void domain_free_vcpus(struct domain *d, bool running)
{
	for (unsigned k = 0; k < d->nr_vcpus; k++) {
		struct vcpu *v = d->vcpus[k];
		d->vcpus[k] = NULL;
		if (running) {
			v->graveyard_next = graveyard;
			graveyard = v;
		} else {
			vcpu_free(v);
		}
	}
	d->nr_vcpus = 0;
}

uint64_t domain_vcpu_frames_unreaped(void)
{
	uint64_t n = 0;
	for (struct vcpu *v = graveyard; v; v = v->graveyard_next)
		n += 2;
	return n;
}

void domain_reap_vcpus(void)
{
	while (graveyard) {
		struct vcpu *v = graveyard;
		graveyard = v->graveyard_next;
		vcpu_free(v);
	}
}
