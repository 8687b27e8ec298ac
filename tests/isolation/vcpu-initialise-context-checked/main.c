/*
 * Rule: VCPUOP_initialise takes nothing from a vcpu_guest_context that could
 * later fault the hypervisor in ring 0 or reach outside the guest (Xen 4.17's
 * arch_set_info_guest checks for a 64-bit PV vCPU): a non-canonical rip,
 * rsp, kernel_sp, segment base, callback or trap-table address, an LDT base
 * that is non-canonical (with entries), in hypervisor space, or not page
 * aligned, more than 8192 LDT entries, more GDT entries than the 14 frames
 * below Xen's reserved area hold, DR6 or DR7 beyond 32 bits, a breakpoint
 * address in hypervisor space, or guest-user mode without a user L4: each
 * is -EINVAL, and an unreadable context -EFAULT.  A refused context leaves
 * the vCPU uninitialised (up: -EINVAL), so a good one is taken afterwards.
 * An MXCSR with reserved bits (which would make fxrstor fault in ring 0) is
 * accepted with them masked off by the CPU's MXCSR_MASK: the vCPU runs and
 * reads exactly the masked value; code and stack selectors get RPL 3.
 */
#include "events.h"
#include "test.h"
#include "vcpu.h"

#define NONCANON 0x0000800000000000ull
#define HV_ADDR  0xffff800000001000ull

static struct vcpu_guest_context good, c;
static volatile uint32_t seen_mxcsr;
static volatile uint16_t seen_cs, seen_ss;
static volatile bool ran;

static long initialise(struct vcpu_guest_context *ctx)
{
	return HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, ctx);
}

static void refused(const char *what)
{
	long rc = initialise(&c);
	CHECK(rc == -XEN_EINVAL, "%s: %ld, expected -EINVAL", what, rc);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
	c = good;
}

static void report(unsigned id)
{
	(void)id;
	uint32_t m;
	uint16_t cs, ss;
	__asm__ volatile("stmxcsr %0" : "=m"(m));
	__asm__ volatile("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
	seen_mxcsr = m;
	seen_cs = cs;
	seen_ss = ss;
	ran = true;
}

static uint32_t cpu_mxcsr_mask(void)
{
	static uint8_t area[512] __attribute__((aligned(16)));
	__asm__ volatile("fxsave %0" : "=m"(area));
	uint32_t mask;
	memcpy(&mask, area + 28, sizeof(mask));
	return mask ? mask : 0xffbf;
}

int main(void)
{
	events_init();
	guest_vcpu_context(&good, 1, report);
	c = good;

	uint64_t *const canonical_fields[] = {
		&c.user_regs.rip, &c.user_regs.rsp, &c.kernel_sp, &c.fs_base, &c.gs_base_kernel, &c.gs_base_user,
		&c.event_callback_eip, &c.syscall_callback_eip, &c.failsafe_callback_eip, &c.trap_ctxt[13].address,
		&c.trap_ctxt[255].address,
	};
	static const uint64_t noncanonical[] = { NONCANON, 0x7fffffffffffffffull, 0x8000000000000000ull,
						 0xffff7fffffffffffull };
	for (unsigned i = 0; i < ARRAY_SIZE(canonical_fields); i++)
		for (unsigned k = 0; k < ARRAY_SIZE(noncanonical); k++) {
			*canonical_fields[i] = noncanonical[k];
			refused("a non-canonical address");
		}
	c.ldt_ents = 1, c.ldt_base = NONCANON;
	refused("a non-canonical LDT base");
	c.ldt_ents = 0, c.ldt_base = HV_ADDR;
	refused("an LDT base in hypervisor space (no entries)");
	c.ldt_ents = 16, c.ldt_base = HV_ADDR;
	refused("an LDT base in hypervisor space");
	c.ldt_ents = 16, c.ldt_base = 0x10000800;
	refused("an LDT base not page aligned");
	c.ldt_ents = 8193, c.ldt_base = 0x10000000;
	refused("8193 LDT entries");
	c.ldt_ents = ~0ull;
	refused("2^64-1 LDT entries");
	c.gdt_ents = 14 * 512 + 1;
	refused("GDT entries over the reserved area");
	c.gdt_ents = ~0ull;
	refused("2^64-1 GDT entries");
	c.debugreg[7] = 1ull << 32;
	refused("DR7 beyond 32 bits");
	c.debugreg[6] = 1ull << 40;
	refused("DR6 beyond 32 bits");
	for (unsigned i = 0; i < 4; i++) {
		c.debugreg[i] = HV_ADDR;
		refused("a breakpoint in hypervisor space");
		c.debugreg[i] = NONCANON;
		refused("a non-canonical breakpoint");
	}
	c.flags &= ~(uint64_t)VGCF_in_kernel;
	c.ctrlreg[1] = 0;
	refused("guest-user mode without a user L4");
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, (void *)HV_ADDR), -XEN_EFAULT);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, (void *)NONCANON), -XEN_EFAULT);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	printf("every bad context refused; vCPU 1 still uninitialised\n");

	/* Reserved MXCSR bits are masked; RPL 0 selectors become RPL 3. */
	c.flags |= VGCF_i387_valid;
	memset(c.fpu_ctxt, 0, sizeof(c.fpu_ctxt));
	c.fpu_ctxt[0] = 0x7f, c.fpu_ctxt[1] = 0x03;
	uint32_t bad_mxcsr = 0xffffffff;
	memcpy(c.fpu_ctxt + 24, &bad_mxcsr, sizeof(bad_mxcsr));
	c.user_regs.cs = FLAT_KERNEL_CS & ~3;
	c.user_regs.ss = FLAT_KERNEL_SS & ~3;
	c.kernel_ss = FLAT_KERNEL_SS & ~3;
	CHECK_EQ(initialise(&c), 0);
	CHECK_EQ(initialise(&c), -XEN_EEXIST);
	CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
	while (!ran)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	uint32_t want = bad_mxcsr & cpu_mxcsr_mask();
	printf("vCPU 1 ran: MXCSR %x (CPU mask %x), cs %x, ss %x\n", seen_mxcsr, cpu_mxcsr_mask(), seen_cs, seen_ss);
	CHECK(seen_mxcsr == want, "vCPU 1's MXCSR %x, expected %x", seen_mxcsr, want);
	CHECK(seen_cs == FLAT_KERNEL_CS && seen_ss == FLAT_KERNEL_SS, "vCPU 1's selectors %x %x", seen_cs, seen_ss);
	test_pass();
}
