/*
 * Debug keys: the table of keys, their dispatch, and the three that show
 * the machine as a whole (the key list, the run queue, memory).
 *
 * Typing CTRL-a three times gives serial input to the hypervisor
 * (console_input.c); each character is then looked up here.  The letters
 * are Xen's where Xen has a key for the same thing ('h', 'q', 'd', '0', 'r',
 * 'm'); '1'-'9' extend Xen's '0' to the other domains; 'c' (the census) is
 * Umbra's.  A handler runs in
 * the serial interrupt with interrupts off, only reads hypervisor state,
 * and prints at any log level; a key with no handler is ignored, so a
 * stream of arbitrary bytes costs one table lookup each.
 */
#include "census.h"
#include "console.h"
#include "domain.h"
#include "keyhandler.h"
#include "mm.h"
#include "sched.h"
#include "../arch/x86_64/lapic.h"

extern uint64_t frames_free_at_start;

static void key_help(unsigned char key);
static void key_runq(unsigned char key);
static void key_memory(unsigned char key);
static void key_census(unsigned char key);

static const struct keyhandler {
	unsigned char key, last;                /* the keys from key to last */
	void (*fn)(unsigned char key);
	const char *what;
} keys[] = {
	{ '0', '9', key_dump_domain_regs, "registers of every vCPU of domain 0-9" },
	{ 'c', 'c', key_census, "the hypercall census so far (a hypervisor booted with `census`)" },
	{ 'd', 'd', key_dump_running, "registers of the vCPU that was running" },
	{ 'h', 'h', key_help, "list the debug keys" },
	{ 'm', 'm', key_memory, "memory: RAM, free, the hypervisor's, the domains'" },
	{ 'q', 'q', key_dump_domains, "domains: state, pages, vCPUs" },
	{ 'r', 'r', key_runq, "the run queue" },
	{ 'v', 'v', key_dump_hvm, "HVM domains: exits, nested page faults, TLB flushes; VMCB state" },
};

void keyhandler_press(unsigned char key)
{
	for (unsigned i = 0; i < ARRAY_SIZE(keys); i++)
		if (key >= keys[i].key && key <= keys[i].last) {
			console_start_log_everything();
			keys[i].fn(key);
			console_end_log_everything();
			return;
		}
}

static void key_census(unsigned char key)
{
	log_info("'%c' pressed: hypercall census%s", key, census_on ? "" : " off (no `census` on the command line)");
	unsigned i = 0;
	struct domain *d;
	while ((d = domain_iter(&i)))
		census_print(d);
	log_info("census: end");
}

const char *key_ms(char buf[24], int64_t ns)
{
	uint64_t a = (uint64_t)(ns < 0 ? -ns : ns);
	snprintf(buf, 24, "%s%lu.%03lu", ns < 0 ? "-" : "", a / 1000000, a / 1000 % 1000);
	return buf;
}

static void key_help(unsigned char key)
{
	log_info("'%c' pressed: debug keys (type 'CTRL-a' three times to give input back to DOM0)", key);
	for (unsigned i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].last != keys[i].key)
			log_info("  '%c'-'%c'  %s", keys[i].key, keys[i].last, keys[i].what);
		else
			log_info("  '%c'      %s", keys[i].key, keys[i].what);
	}
}

static void key_runq(unsigned char key)
{
	char now[24], credit[24], ran[24];
	log_info("'%c' pressed: run queue at %s ms (slice %llu ms, credit period %llu ms); CPU0 %s", key,
		 key_ms(now, (int64_t)now_ns()), SCHED_SLICE_NS / 1000000, SCHED_PERIOD_NS / 1000000,
		 current ? "runs a vCPU" : "idle");
	unsigned i = 0, n = 0;
	struct vcpu *v;
	while ((v = sched_runq_iter(&i))) {
		n++;
		log_info("  d%uv%u %-14s credit %s ms, ran %s ms, weight %u, cap %u%%", v->domain->id, v->id,
			 vcpu_state_name(v), key_ms(credit, v->credit), key_ms(ran, (int64_t)v->cpu_time_ns),
			 v->domain->weight, v->domain->cap);
	}
	log_info("  %u vCPUs queued", n);
}

static void key_memory(unsigned char key)
{
	uint64_t xen = frames_owned_by(DOMID_XEN), domains = 0;
	unsigned i = 0;
	struct domain *d;
	while ((d = domain_iter(&i)))
		domains += frames_owned_by(d->id);
	log_info("'%c' pressed: memory in 4 KiB frames", key);
	log_info("  RAM %lu (%lu MiB), free %lu (%lu MiB), the hypervisor's %lu, the domains' %lu",
		 frames_ram, frames_ram >> 8, frames_free, frames_free >> 8, xen, domains);
	log_info("  free before the boot-time domains were built: %lu", frames_free_at_start);
}
