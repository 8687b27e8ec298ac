/*
 * Debug keys that show domains and vCPUs: 'q' lists every domain (state,
 * pages, event channels, vCPUs) and then, as Xen's 'q' does, raises
 * VIRQ_DEBUG on every vCPU that bound it, so guests can dump their own
 * state too; 'd' shows the registers of the vCPU the serial interrupt
 * stopped, '0'-'9' the registers of every vCPU of that domain.  A vCPU's
 * registers are its saved frame: the running one's were written there by
 * the interrupt's entry, the others' when they last left the CPU.  Apart
 * from VIRQ_DEBUG nothing here changes any state.
 */
#include "console.h"
#include "domain.h"
#include "keyhandler.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"
#include "../arch/x86_64/panic.h"

const char *vcpu_state_name(const struct vcpu *v)
{
	if (v == current)
		return "running";
	if (v->domain->state != DOM_RUNNING)
		return "shut down";
	if (!v->initialised)
		return "uninitialised";
	if (v->down)
		return "offline";
	if (v->polling)
		return "blocked (poll)";
	if (v->blocked)
		return "blocked";
	if (v->domain->pause_count)
		return "paused";
	return sched_runnable(v) ? "runnable" : "capped";
}

static const char *domain_state_name(const struct domain *d)
{
	if (d->state == DOM_SHUTDOWN)
		return shutdown_reason_name(d->shutdown_reason);
	return d->pause_count ? "paused" : "running";
}

static void dump_vcpu_regs(const struct vcpu *v)
{
	const struct cpu_regs *r = &v->regs;
	if (v->hvm) {
		hvm_dump_vcpu(v);
		return;
	}
	log_info("d%uv%u: %s, guest %s mode", v->domain->id, v->id, vcpu_state_name(v),
		 v->in_kernel ? "kernel" : "user");
	log_info("  rip %016lx  cs %04lx  rflags %08lx  rsp %016lx  ss %04lx",
		 r->rip, r->cs, r->rflags, r->rsp, r->ss);
	log_info("  cr2 %016lx  cr3 %016lx (kernel)  %016lx (user)", v->cr2,
		 v->mmu.kernel_l4 << PAGE_SHIFT, v->mmu.user_l4 << PAGE_SHIFT);
	dump_gprs(LOG_INFO, r);
}

void key_dump_domains(unsigned char key)
{
	char now[24], ran[24];
	log_info("'%c' pressed: %u domains at %s ms", key, domains_alive(), key_ms(now, (int64_t)now_ns()));
	unsigned i = 0;
	struct domain *d;
	while ((d = domain_iter(&i))) {
		log_info("d%u (%s): %s%s, %lu pages of at most %lu, %u event channels, %u vCPUs (%u up), "
			 "pause count %u", d->id, d->name, domain_state_name(d),
			 d->initial ? ", control domain" : d->privileged ? ", privileged" : "",
			 d->nr_pages, d->max_pages, evtchn_ports_in_use(d), d->nr_vcpus,
			 domain_vcpus_up(d), d->pause_count);
		for (unsigned k = 0; k < d->nr_vcpus; k++) {
			const struct vcpu *v = d->vcpus[k];
			log_info("  vCPU%u: %s, ran %s ms, upcall pending %u mask %u", v->id,
				 vcpu_state_name(v), key_ms(ran, (int64_t)v->cpu_time_ns),
				 v->vcpu_info->evtchn_upcall_pending, v->vcpu_info->evtchn_upcall_mask);
		}
	}
	i = 0;
	while ((d = domain_iter(&i)))
		for (unsigned k = 0; d->state == DOM_RUNNING && k < d->nr_vcpus; k++)
			if (d->vcpus[k]->virq_port[VIRQ_DEBUG]) {
				log_info("VIRQ_DEBUG to d%uv%u (port %u)", d->id, k, d->vcpus[k]->virq_port[VIRQ_DEBUG]);
				evtchn_send_virq(d->vcpus[k], VIRQ_DEBUG);
			}
}

void key_dump_running(unsigned char key)
{
	if (!current) {
		log_info("'%c' pressed: CPU0 was idle, no vCPU was running", key);
		return;
	}
	log_info("'%c' pressed: registers of the vCPU that was running", key);
	dump_vcpu_regs(current);
}

void key_dump_domain_regs(unsigned char key)
{
	domid_t id = (domid_t)(key - '0');
	struct domain *d = domain_by_id(id);
	if (!d) {
		log_info("'%c' pressed: there is no domain %u", key, id);
		return;
	}
	log_info("'%c' pressed: registers of d%u (%s), %u vCPUs", key, id, d->name, d->nr_vcpus);
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		dump_vcpu_regs(d->vcpus[k]);
}
