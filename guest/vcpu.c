/* Guest vCPU helpers (vcpu.h). */
#include "events.h"
#include "pt.h"
#include "vcpu.h"

static uint8_t stacks[GUEST_MAX_VCPUS][GUEST_VCPU_STACK] __attribute__((aligned(16)));
static struct vcpu_info *moved[GUEST_MAX_VCPUS];
static struct vcpu_guest_context ctx;

extern char guest_event_stub[];
void guest_trap_table(struct trap_info *table, unsigned n);

unsigned guest_vcpu_id(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	for (unsigned id = 1; id < GUEST_MAX_VCPUS; id++)
		if (sp >= (uint64_t)stacks[id] && sp < (uint64_t)stacks[id] + GUEST_VCPU_STACK)
			return id;
	return 0;
}

struct vcpu_info *guest_vcpu_info(unsigned id)
{
	return id < GUEST_MAX_VCPUS && moved[id] ? moved[id] : &shared_info->vcpu_info[id];
}

void guest_vcpu_set_info(unsigned id, struct vcpu_info *vi)
{
	moved[id] = vi;
}

static noreturn void vcpu_main(unsigned id, guest_vcpu_fn *fn)
{
	fn(id);
	for (;;)
		HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

void guest_vcpu_context(struct vcpu_guest_context *c, unsigned id, guest_vcpu_fn *fn)
{
	memset(c, 0, sizeof(*c));
	uint64_t top = (uint64_t)stacks[id % GUEST_MAX_VCPUS] + GUEST_VCPU_STACK;
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (uint64_t)vcpu_main;
	c->user_regs.rsp = top - 8;             /* as after a call: the ABI's alignment */
	c->user_regs.rdi = id;
	c->user_regs.rsi = (uint64_t)fn;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x200;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = top;
	c->ctrlreg[3] = pt_cr3_mfn() << 12;
	c->event_callback_eip = (uint64_t)guest_event_stub;
	guest_trap_table(c->trap_ctxt, 256);
}

long guest_vcpu_start(unsigned id, guest_vcpu_fn *fn)
{
	guest_vcpu_context(&ctx, id, fn);
	long rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &ctx);
	return rc ? rc : HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
}
