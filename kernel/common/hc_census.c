/*
 * The hypercall census: which parts of the ABI a domain used, how often,
 * and what they answered.  docs/linux.md's list of what Linux asks of the
 * hypervisor is this tally, taken from real boots (tools/census turns the
 * numbers into Xen's names and checks the list against it).
 *
 * Traps are counted beside the hypercalls, by vector and by what became of
 * them (census.h): a page fault the hypervisor finished as a page-table
 * write, a #GP that was a privileged instruction it emulated (by which
 * instruction), or one passed on to the guest; a system call from user mode bounced to the guest
 * kernel counts as trap 32 (it is not a hypercall, but it costs a bounce),
 * and a TLB flush the PV MMU makes while the domain runs as trap 33, by
 * kind (mm_env.c): what a guest's page-table changes cost beyond the calls.
 *
 * The debug key 'c' prints every living domain's tally so far
 * (keyhandler.c), so a run can be cut into parts: bench/linux_census.py
 * takes the difference around each benchmark.
 *
 * The counting costs a hypervisor without `census` nothing on the hypercall
 * path: census_init() puts a counting wrapper around every handler in the
 * dispatch table at boot (hypercall.c), and only the -ENOSYS path of
 * dispatch and the per-op paths below test census_on.
 *
 * A domain's tally is one hypervisor frame of slots keyed by (hypercall,
 * sub-op); the sub-op is the command in the first argument for the calls
 * that take one there (memory_op's without its extent bits), each op's own
 * command for mmu_update and mmuext_op (whose hypercalls are not counted
 * themselves: a batch of 512 is 512 ops), and 0 for the rest.  A command
 * beyond SUB_MAX counts as SUB_MAX.  A call that continues itself
 * (-ERESTART) is counted once, when it ends; a call that ends its own
 * domain (SCHEDOP_shutdown) is not, as the tally is printed and freed
 * before it returns.
 *
 * Invariant: the tally only ever grows by what the hypervisor saw; a key
 * that finds no free slot is counted in `dropped` and reported as such, so
 * the printed list is never silently short.  The frame is the domain's
 * from census_domain_init to census_domain_report, which frees it.
 */
#include "census.h"
#include "console.h"
#include "hypercall.h"
#include "mm.h"
#include "public/xen.h"

#define SLOTS   ((PAGE_SIZE - 64) / sizeof(struct census_slot))
#define SUB_MAX 63
#define TRAPS   64                      /* keys from here on count traps, not hypercalls */
#define MEMOP_CMD_MASK 0x3f

struct census_slot {
	uint16_t key;                   /* nr * 64 + sub + 1; 0: free */
	int16_t last_error;
	uint32_t calls, errors;
};

struct census {
	uint64_t dropped;
	struct census_slot slot[SLOTS];
};

_Static_assert(sizeof(struct census) <= PAGE_SIZE, "a tally fits its frame");

bool census_on;

static uint64_t tally_mfn[MAX_DOMAINS];        /* by pool index; 0: not counted */

static struct census *tally(const struct domain *d)
{
	uint64_t mfn = tally_mfn[d->pool_index];
	return mfn ? mfn_to_virt(mfn) : NULL;
}

/* Each hypercall's counting wrapper: the domain is read before the call,
 * which may end it (its tally is then freed, and tally() finds none). */
#define HYPERCALL(nr, name, fn, doc)                                                      \
	static long counted_##name(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,    \
				   uint64_t a5)                                           \
	{                                                                                 \
		struct domain *d = current->domain;                                       \
		long rc = fn(a1, a2, a3, a4, a5);                                         \
		census_hypercall(d, nr, a1, rc);                                          \
		return rc;                                                                \
	}
#include "hypercall_table.h"
#undef HYPERCALL

static hypercall_fn *const counted[HYPERCALL_PAGE_SLOTS] = {
#define HYPERCALL(nr, name, fn, doc) [nr] = counted_##name,
#include "hypercall_table.h"
#undef HYPERCALL
};

void census_init(const char *cmdline)
{
	census_on = cmdline_has(cmdline, "census");
	if (!census_on)
		return;
	hypercall_table_replace(counted);
	log_info("census: every domain's hypercalls are counted and listed when it goes");
}

void census_domain_init(struct domain *d)
{
	tally_mfn[d->pool_index] = census_on ? frame_alloc_xen() : 0;
	if (census_on && !tally_mfn[d->pool_index])
		log_info("census: no frame for d%u's tally; it is not counted", d->id);
}

void census_op(struct domain *d, unsigned nr, uint64_t sub, long rc)
{
	struct census *c = tally(d);
	if (!c || rc == -XEN_ERESTART)
		return;
	if (rc == HYPERCALL_REGS_SET)   /* iret: the guest's registers are set, not rax */
		rc = 0;
	uint16_t key = (uint16_t)(nr * 64 + (sub < SUB_MAX ? sub : SUB_MAX) + 1);
	for (unsigned i = 0, h = key % SLOTS; i < SLOTS; i++, h = (h + 1) % SLOTS) {
		struct census_slot *s = &c->slot[h];
		if (s->key && s->key != key)
			continue;
		s->key = key;
		s->calls++;
		if (rc < 0) {
			s->errors++;
			s->last_error = (int16_t)rc;
		}
		return;
	}
	c->dropped++;
}

static bool takes_command(uint64_t nr)
{
	switch (nr) {
	case __HYPERVISOR_xen_version: case __HYPERVISOR_console_io:
	case __HYPERVISOR_grant_table_op: case __HYPERVISOR_vm_assist:
	case __HYPERVISOR_vcpu_op: case __HYPERVISOR_sched_op:
	case __HYPERVISOR_callback_op: case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_physdev_op: case __HYPERVISOR_hvm_op:
	case __HYPERVISOR_nmi_op: case __HYPERVISOR_xenpmu_op:
		return true;
	}
	return false;
}

void census_hypercall(struct domain *d, uint64_t nr, uint64_t a0, long rc)
{
	if (nr == __HYPERVISOR_mmu_update || nr == __HYPERVISOR_mmuext_op)
		return;                 /* counted per op */
	uint64_t sub = nr == __HYPERVISOR_memory_op ? (a0 & MEMOP_CMD_MASK) : takes_command(nr) ? a0 : 0;
	census_op(d, nr < 64 ? (unsigned)nr : 63, sub, rc);
}

void census_trap(struct domain *d, unsigned vector, unsigned how)
{
	census_op(d, TRAPS + (vector < TRAPS ? vector : TRAPS - 1), how, 0);
}

void census_print(const struct domain *d)
{
	const struct census *c = tally(d);
	if (!c)
		return;
	for (unsigned i = 0; i < SLOTS; i++) {
		const struct census_slot *s = &c->slot[i];
		if (!s->key)
			continue;
		unsigned nr = (s->key - 1u) / 64, sub = (s->key - 1u) % 64;
		const char *kind = nr < TRAPS ? "hypercall" : "trap";
		nr %= TRAPS;
		if (s->errors)
			log_info("census: d%u (%s): %s %u sub %u: %u calls, %u failed (last %d)",
				 d->id, d->name, kind, nr, sub, s->calls, s->errors, s->last_error);
		else
			log_info("census: d%u (%s): %s %u sub %u: %u calls", d->id, d->name, kind, nr, sub, s->calls);
	}
	if (c->dropped)
		log_info("census: d%u (%s): %lu calls not counted (the tally was full)", d->id, d->name,
			 (unsigned long)c->dropped);
}

void census_domain_report(struct domain *d)
{
	if (!tally(d))
		return;
	census_print(d);
	frame_free_xen(tally_mfn[d->pool_index]);
	tally_mfn[d->pool_index] = 0;
}
