/*
 * Rule: VCPUOP_initialise gives a vCPU only page tables and a GDT the
 * pv-mmu model validated for the caller's own domain, exactly as
 * NEW_BASEPTR and set_gdt would (xen-pv-abi.md 9.12): ctrlreg[3] (kernel
 * L4) and ctrlreg[1] (user L4) naming another domain's frame, a hypervisor
 * frame, a frame past RAM, MFN 0, one of the caller's live L1-L3 tables, a
 * page it maps writable, its shared_info or a frame whose entries do not
 * validate as an L4, and GDT frames of another domain or mapped writable,
 * are all refused with -EINVAL, the vCPU stays uninitialised, and no
 * reference is left behind: a valid L4 named together with a bad user L4
 * or a bad GDT ends untyped again, the writable page stays writable, and at
 * halt every frame comes back (test.spec).  A valid context then works.
 */
#include "attack.h"
#include "events.h"
#include "vcpu.h"

static struct vcpu_guest_context good, c;
static volatile bool ran;

static void report(unsigned id)
{
	(void)id;
	ran = true;
}

static void refused(const char *what, uint64_t mfn)
{
	long rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &c);
	CHECK(rc == -XEN_EINVAL, "%s (frame %lx): %ld (%s), expected -EINVAL", what, mfn, rc, xen_errname(rc));
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
	c = good;
}

int main(void)
{
	events_init();
	pt_init();
	guest_vcpu_context(&good, 1, report);
	c = good;
	uint64_t foreign[4];
	CHECK(attack_find_foreign(foreign, ARRAY_SIZE(foreign)) == ARRAY_SIZE(foreign), "no frames of the other domain");
	uint64_t data = pt_alloc(), junk = pt_mfn(pt_alloc());
	CHECK_EQ(pt_map(data, PT_P | PT_RW | PT_A), 0);
	/* Not a valid L4: a writable entry pointing at the writably mapped page as an L3. */
	CHECK_EQ(pt_update(pt_maddr(junk, 3), (pt_mfn(data) << 12) | PT_UPPER), 0);
	const struct { const char *what; uint64_t mfn; } bad[] = {
		{ "another domain's frame", foreign[0] }, { "another domain's frame", foreign[3] },
		{ "a hypervisor frame", 0x100 }, { "a frame past RAM", 1ull << 30 },
		{ "the live L1", pt_table_mfn(VIRT_BASE, 1) }, { "the live L2", pt_table_mfn(VIRT_BASE, 2) },
		{ "the live L3", pt_table_mfn(VIRT_BASE, 3) }, { "a writably mapped page", pt_mfn(data) },
		{ "shared_info", start_info->shared_info >> 12 }, { "an invalid L4", junk },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		c.ctrlreg[3] = bad[i].mfn << 12;
		refused(bad[i].what, bad[i].mfn);
		c.ctrlreg[1] = bad[i].mfn << 12;
		refused(bad[i].what, bad[i].mfn);
	}
	c.ctrlreg[3] = 0;
	refused("MFN 0", 0);
	c.ctrlreg[1] = 0xfff;                   /* flags only: names MFN 0 */
	refused("a user L4 of MFN 0", 0);

	/* A valid L4 named with a bad user L4, or with a bad GDT, keeps no reference. */
	uint64_t fresh = pt_mfn(pt_alloc());
	for (unsigned i = 0; i < 3; i++) {
		c.ctrlreg[3] = fresh << 12;
		if (i == 0)
			c.ctrlreg[1] = foreign[1] << 12;
		else {
			c.gdt_ents = 1;
			c.gdt_frames[0] = i == 1 ? foreign[2] : pt_mfn(data);
		}
		refused(i ? "a bad GDT frame beside a valid L4" : "a bad user L4 beside a valid L4", fresh);
		expect_untyped("the valid L4 of a refused context", fresh);
	}
	*(volatile uint64_t *)pt_pfn_va(data) = 1;      /* still writable */
	expect_untyped("the invalid L4", junk);
	attack_hv_alive();
	printf("every foreign or invalid table refused; nothing kept a reference\n");

	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &good), 0);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
	while (!ran)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	test_pass();
}
