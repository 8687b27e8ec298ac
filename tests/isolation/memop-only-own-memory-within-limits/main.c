/*
 * Rule: an unprivileged domain's memory_op reaches only its own memory and
 * stays within its limits (docs/domains.md "Memory"; Xen's XSM_TARGET and
 * max_order rules).  The same kernel runs twice: the initial domain is the
 * victim (attack_victim: its pages carry a pattern it checks afterwards);
 * the extra, unprivileged domain
 *   - gives back none of the victim's frames, hypervisor frames, a free
 *     frame, I/O memory or frames past RAM (decrease_reservation stops at
 *     the first extent: 0 done), nor exchanges them (-EINVAL);
 *   - names the victim in every call that takes a domain: 0 extents,
 *     -EPERM for the reservation queries, exchange, set_memory_map, the
 *     PoD target, vNUMA, claims, machine_memory_map and acquire_resource;
 *   - never holds more than max_pages (it starts at its maximum): increase
 *     and populate stop there, exchange keeps the count;
 *   - uses no extent order above 9 (Xen's limit for a domU): 0 extents,
 *     exchange -EPERM, while order 1 works.
 */
#include "attack.h"
#include "public/memory.h"

static uint64_t foreign[256];

static long mop(unsigned cmd, void *arg)
{
	return HYPERVISOR_memory_op(cmd, arg);
}

static long resv(unsigned cmd, uint64_t *l, uint64_t n, unsigned order, domid_t dom)
{
	struct xen_memory_reservation r = { (uint64_t)l, n, order, 0, dom };
	return mop(cmd, &r);
}

static long query(unsigned op, domid_t d)
{
	return mop(op, &d);
}

static long exchange(uint64_t *in, uint64_t nin, unsigned oin, uint64_t *out, uint64_t nout, unsigned oout,
		     domid_t dom)
{
	struct xen_memory_exchange x = { { (uint64_t)in, nin, oin, 0, dom }, { (uint64_t)out, nout, oout, 0, dom }, 0 };
	return mop(XENMEM_exchange, &x);
}

static void not_mine(const char *what, uint64_t mfn)
{
	uint64_t l = mfn, o = 0x10;
	expect_rc(what, resv(XENMEM_decrease_reservation, &l, 1, 0, DOMID_SELF), 0);
	expect_rc(what, exchange(&l, 1, 0, &o, 1, 0, DOMID_SELF), -XEN_EINVAL);
}

int main(void)
{
	if (!attack_is_attacker())
		attack_victim(1);
	CHECK(!(start_info->flags & SIF_PRIVILEGED), "the attacker is privileged");
	pt_init();
	long ram = mop(XENMEM_maximum_ram_page, NULL);
	long c0 = query(XENMEM_current_reservation, DOMID_SELF);
	expect_rc("maximum_reservation", query(XENMEM_maximum_reservation, DOMID_SELF), c0);

	/* Frames that are not its own. */
	unsigned n = attack_find_foreign(foreign, ARRAY_SIZE(foreign));
	CHECK(n == ARRAY_SIZE(foreign), "only %u frames of the victim found", n);
	for (unsigned i = 0; i < n; i++)
		not_mine("the victim's frame", foreign[i]);
	for (uint64_t mfn = 0; mfn < 0x200; mfn += 5)
		not_mine("a hypervisor frame", mfn);
	not_mine("a free frame", (uint64_t)ram - 1);
	not_mine("I/O memory", 0xFEE00);
	not_mine("past RAM", (uint64_t)ram);
	not_mine("frame 2^40", 1ull << 40);
	printf("refused as documented: frames not its own\n");

	/* The victim, named. */
	uint64_t l[4] = { foreign[0], foreign[1], 0, 0 }, o[2] = { 0x10, 0x11 };
	expect_rc("decrease naming the victim", resv(XENMEM_decrease_reservation, l, 2, 0, 0), 0);
	expect_rc("increase for the victim", resv(XENMEM_increase_reservation, l, 2, 0, 0), 0);
	expect_rc("populate for the victim", resv(XENMEM_populate_physmap, o, 2, 0, 0), 0);
	expect_rc("exchange for the victim", exchange(l, 2, 0, o, 2, 0, 0), -XEN_EPERM);
	expect_rc("current_reservation of the victim", query(XENMEM_current_reservation, 0), -XEN_EPERM);
	expect_rc("maximum_reservation of the victim", query(XENMEM_maximum_reservation, 0), -XEN_EPERM);
	expect_rc("maximum_gpfn of the victim", query(XENMEM_maximum_gpfn, 0), -XEN_EPERM);
	expect_rc("current_reservation of no domain", query(XENMEM_current_reservation, 0x7FEF), -XEN_ESRCH);
	struct { domid_t domid; struct xen_memory_map map; } fm = { 0, { 0, 0 } };
	expect_rc("set_memory_map of the victim", mop(XENMEM_set_memory_map, &fm), -XEN_EPERM);
	struct xen_memory_map mm = { 0, 0 };
	expect_rc("machine_memory_map", mop(XENMEM_machine_memory_map, &mm), -XEN_EPERM);
	static union { uint64_t q[8]; uint16_t h[32]; } z;
	memset(&z, 0, sizeof(z));
	z.h[16] = 0;                                            /* pod_target.domid */
	expect_rc("set_pod_target of the victim", mop(XENMEM_set_pod_target, &z), -XEN_EPERM);
	memset(&z, 0, sizeof(z));
	expect_rc("get_vnumainfo of the victim", mop(XENMEM_get_vnumainfo, &z), -XEN_EPERM);
	expect_rc("claim for the victim", mop(XENMEM_claim_pages, &z), -XEN_EPERM);
	expect_rc("acquire_resource of the victim", mop(XENMEM_acquire_resource, &z), -XEN_EPERM);
	z.h[0] = 1;
	expect_rc("acquire_resource of oneself", mop(XENMEM_acquire_resource, &z), -XEN_EPERM);
	expect_rc("add_to_physmap (not translated)", mop(XENMEM_add_to_physmap, &z), -XEN_EACCES);
	printf("refused as documented: the victim named\n");

	/* max_pages: it starts at its maximum. */
	expect_rc("increase at max_pages", resv(XENMEM_increase_reservation, l, 1, 0, DOMID_SELF), 0);
	o[0] = 0x100;
	expect_rc("populate at max_pages", resv(XENMEM_populate_physmap, o, 1, 0, DOMID_SELF), 0);
	l[0] = pt_mfn(pt_alloc());
	l[1] = pt_mfn(pt_alloc());
	expect_rc("give back two", resv(XENMEM_decrease_reservation, l, 2, 0, DOMID_SELF), 2);
	expect_rc("take three: two fit", resv(XENMEM_increase_reservation, l, 3, 0, DOMID_SELF), 2);
	expect_rc("reservation at max again", query(XENMEM_current_reservation, DOMID_SELF), c0);
	o[0] = 0x20;
	expect_rc("exchange at max_pages", exchange(l, 2, 0, o, 1, 1, DOMID_SELF), 0);
	expect_rc("reservation unchanged", query(XENMEM_current_reservation, DOMID_SELF), c0);

	/* Extent orders. */
	l[0] = o[0];
	expect_rc("decrease of order 10", resv(XENMEM_decrease_reservation, l, 1, 10, DOMID_SELF), 0);
	expect_rc("increase of order 10", resv(XENMEM_increase_reservation, l, 1, 10, DOMID_SELF), 0);
	expect_rc("populate of order 10", resv(XENMEM_populate_physmap, l, 1, 10, DOMID_SELF), 0);
	expect_rc("exchange to order 10", exchange(l, 1, 1, o, 1, 10, DOMID_SELF), -XEN_EPERM);
	expect_rc("decrease of the order-1 extent", resv(XENMEM_decrease_reservation, l, 1, 1, DOMID_SELF), 1);
	expect_rc("increase of order 1", resv(XENMEM_increase_reservation, l, 1, 1, DOMID_SELF), 1);
	expect_rc("reservation at max", query(XENMEM_current_reservation, DOMID_SELF), c0);
	printf("refused as documented: beyond max_pages and order 9\n");
	attack_hv_alive();
	test_pass();
}
