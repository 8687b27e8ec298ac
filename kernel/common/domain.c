/*
 * Domain lifetime: create, shut down, crash, destroy.
 *
 * Invariant: once a domain is shut down none of its vCPUs runs again, and
 * domain_destroy() has the pv-mmu model drop everything the domain holds
 * (base pointers, pins, table contents, the "allocated" reference of every
 * frame it owns); each frame nobody else references goes back to the
 * allocator at once, one another domain still maps goes back when that
 * mapping does.
 * Before its frames go, the CPU leaves the domain's page tables for the
 * hypervisor's own, and a domain destroyed while running disarms its
 * hardware breakpoints (nothing else would: the next switch starts from no
 * vCPU).  When the initial (control) domain shuts down, the
 * machine goes down with it, as with Xen's dom0: the remaining domains are
 * destroyed, the free-frame count is checked against the count before any
 * domain was built, and QEMU exits with a status that says how it ended.
 */
#include "census.h"
#include "console.h"
#include "domain.h"
#include "dev_assign.h"
#include "ldt.h"
#include "hvm.h"
#include "machine.h"
#include "memop.h"
#include "mm.h"
#include "pv.h"
#include "sched.h"
#include "time.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/paging.h"

static struct domain domains[MAX_DOMAINS];
static domid_t next_domid;     /* never reused: gnttab.c names a dead granter by id */
static bool any_crashed;
uint64_t frames_free_at_start;

static const char *const reason_names[] = { "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset" };

const char *shutdown_reason_name(unsigned reason)
{
	return reason < ARRAY_SIZE(reason_names) ? reason_names[reason] : "unknown";
}

domid_t domain_take_id(domid_t want)
{
	if (want == DOMID_ANY)
		want = next_domid;
	if (want < next_domid || want >= DOMID_FIRST_RESERVED)
		return DOMID_ANY;
	next_domid = want + 1;
	return want;
}

struct domain *domain_create(const char *name, bool privileged, domid_t id)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = &domains[i];
		if (d->state != DOM_FREE)
			continue;
		memset(d, 0, sizeof(*d));
		d->id = id;
		d->state = DOM_RUNNING;
		d->privileged = privileged;
		d->weight = SCHED_WEIGHT_DEFAULT;
		strncpy_z(d->name, name, sizeof(d->name));
		d->pool_index = i;
		d->mmu = (struct mmu_domain){ .domid = d->id, .privileged = privileged, .max_vcpus = 1 };
		d->shared_info_mfn = frame_alloc_for(d, true);
		if (!d->shared_info_mfn) {
			d->state = DOM_FREE;
			return NULL;
		}
		d->shared_info = mfn_to_virt(d->shared_info_mfn);
		census_domain_init(d);
		for (unsigned k = 0; k < XEN_LEGACY_MAX_VCPUS; k++)
			d->shared_info->vcpu_info[k].evtchn_upcall_mask = 1;
		gnttab_init(d, 0);
		time_init_domain(d);
		if (domain_max_vcpus(d, 1) || evtchn_init(d, 0)) {
			domain_destroy(d);
			return NULL;
		}
		return d;
	}
	return NULL;
}

struct domain *domain_by_id(domid_t id)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].state == DOM_RUNNING && domains[i].id == id)
			return &domains[i];
	return NULL;
}

struct domain *domain_iter(unsigned *i)
{
	while (*i < MAX_DOMAINS) {
		struct domain *d = &domains[(*i)++];
		if (d->state != DOM_FREE)
			return d;
	}
	return NULL;
}

unsigned domains_alive(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		n += domains[i].state != DOM_FREE;
	return n;
}

void domain_destroy(struct domain *d)
{
	/* Invisible to domain_by_id() from here on (the pv-mmu model's rule). */
	d->state = DOM_SHUTDOWN;
	bool running = false;
	for (unsigned k = 0; k < d->nr_vcpus; k++) {
		sched_remove(d->vcpus[k]);
		if (current == d->vcpus[k]) {
			/* The next switch starts from no vCPU and clears nothing: its
			 * breakpoints must not stay armed for whoever runs next. */
			pv_debugreg_switch(current, NULL);
			current = NULL;
			running = true;
		}
	}
	/* Leave the domain's page tables before they go (only if they are the ones loaded:
	 * the control domain destroying another keeps running on its own). */
	uint64_t cr3 = read_cr3() >> PAGE_SHIFT;
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		if (cr3 == d->vcpus[k]->mmu.kernel_l4 || cr3 == d->vcpus[k]->mmu.user_l4)
			write_cr3(idle_l4_mfn << PAGE_SHIFT);
	dev_release(d);                         /* no DMA from its devices into freed frames */
	gnttab_release_mappings(d);
	evtchn_destroy(d);
	pirq_domain_destroy(d);                 /* its lines masked, no binding left */
	evtchn_send_global_virq(VIRQ_DOM_EXC);  /* the toolstack learns of it, as in Xen */
	console_guest_flush(d->id);
	census_domain_report(d);
	domain_release_vcpu_pages(d);
	hvm_domain_destroy(d);                  /* VMCBs, p2m tables: hypervisor frames */
	uint64_t held = frames_owned_by(d->id);
	struct mmu_vcpu *mv[MAX_VCPUS_PER_DOMAIN];
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		mv[k] = &d->vcpus[k]->mmu;
	mmu_domain_relinquish(&mmu_env, &d->mmu, mv, d->nr_vcpus);
	for (unsigned k = 0; k < d->nr_vcpus; k++)
		ldt_clear(d->vcpus[k]);
	gnttab_free(d);
	memop_domain_destroy(d);
	evtchn_free(d);
	domain_free_vcpus(d, running);
	uint64_t kept = frames_owned_by(d->id);
	/* The frames of vCPUs the hypervisor is still leaving count as free: they
	 * are, by the next schedule(), before any domain can ask for them. */
	log_info("d%u destroyed: %lu frames returned, %lu still mapped by others, %lu free",
		 d->id, held - kept, kept, frames_free + domain_vcpu_frames_unreaped());
	d->state = DOM_FREE;
}

static noreturn void machine_shutdown(struct domain *init, unsigned reason)
{
	unsigned i = 0;
	struct domain *d;
	while ((d = domain_iter(&i))) {
		log_info("d%u (%s) still running at shutdown: destroying it", d->id, d->name);
		domain_destroy(d);
	}
	domain_reap_vcpus();
	if (frames_free != frames_free_at_start)
		panic("frame leak: %lu frames free before domains were built, %lu now",
		      frames_free_at_start, frames_free);
	log_info("all frames returned: %lu free before domains were built, %lu now",
		 frames_free_at_start, frames_free);
	log_info("initial domain d%u shut down (%s): machine halting", init->id,
		 shutdown_reason_name(reason));
	if (any_crashed || reason == SHUTDOWN_crash)
		machine_exit(EXIT_CRASHED);
	machine_exit(reason == SHUTDOWN_reboot ? EXIT_REBOOT : EXIT_POWEROFF);
}

void domain_shutdown(struct domain *d, unsigned reason)
{
	if (d->state != DOM_RUNNING)
		return;
	d->state = DOM_SHUTDOWN;
	d->shutdown_reason = reason;
	if (reason == SHUTDOWN_crash)
		any_crashed = true;
	log_info("d%u (%s) shutdown: %s", d->id, d->name, shutdown_reason_name(reason));
	bool initial = d->initial;
	domain_destroy(d);
	if (initial)
		machine_shutdown(d, reason);
}

static void crash_log(struct domain *d, const char *fmt, va_list ap)
{
	char buf[200];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	log_warn("d%u crashed: %s", d->id, buf);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	crash_log(d, fmt, ap);
	va_end(ap);
	domain_shutdown(d, SHUTDOWN_crash);
}

noreturn void domain_crash_current(const char *fmt, ...)
{
	struct domain *d = current->domain;
	va_list ap;
	va_start(ap, fmt);
	crash_log(d, fmt, ap);
	va_end(ap);
	domain_shutdown(d, SHUTDOWN_crash);
	schedule();
}
