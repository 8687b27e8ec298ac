/*
 * Rule: the small per-vCPU hypercalls follow Xen (xen-pv-abi.md 7.2, 7.7):
 * callback_op registers canonical addresses, refuses non-canonical ones with
 * -EINVAL and unknown types with -ENOSYS; only the NMI callback can be
 * unregistered (others -EINVAL, unknown -ENOSYS); stack_switch returns 0;
 * fpu_taskswitch(1) makes the next x87/SSE instruction raise #NM (vector 7,
 * no error code, rip at the instruction), and after fpu_taskswitch(0) in
 * the handler the instruction runs again and completes.  The virtual TS
 * belongs to the vCPU: it survives switches to another domain (an extra
 * spinner, which must itself never see #NM) and does not leak to it.
 */
#include "public/callback.h"
#include "catch.h"
#include "test.h"

static long cb_register(unsigned type, uint64_t address)
{
	struct callback_register cb = { .type = (uint16_t)type, .address = address };
	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

static long cb_unregister(unsigned type)
{
	struct callback_unregister cb = { .type = (uint16_t)type };
	return HYPERVISOR_callback_op(CALLBACKOP_unregister, &cb);
}

static void clear_ts(void)
{
	HYPERVISOR_fpu_taskswitch(0);
}

static void callback_target(void)
{
}

int main(void)
{
	uint64_t good = (uint64_t)callback_target;
	static const unsigned types[] = { CALLBACKTYPE_event, CALLBACKTYPE_failsafe, CALLBACKTYPE_syscall,
					  CALLBACKTYPE_nmi };
	for (unsigned i = 0; i < ARRAY_SIZE(types); i++) {
		CHECK_EQ(cb_register(types[i], good), 0);
		CHECK_EQ(cb_register(types[i], 0x0000800000000000ull), -XEN_EINVAL);
		CHECK_EQ(cb_register(types[i], 0xFFFF000000000000ull), -XEN_EINVAL);
	}
	CHECK_EQ(cb_register(99, good), -XEN_ENOSYS);
	CHECK_EQ(cb_register(0xffff, good), -XEN_ENOSYS);
	CHECK_EQ(cb_unregister(CALLBACKTYPE_event), -XEN_EINVAL);
	CHECK_EQ(cb_unregister(CALLBACKTYPE_failsafe), -XEN_EINVAL);
	CHECK_EQ(cb_unregister(CALLBACKTYPE_syscall), -XEN_EINVAL);
	CHECK_EQ(cb_unregister(CALLBACKTYPE_nmi), 0);
	CHECK_EQ(cb_unregister(99), -XEN_ENOSYS);
	CHECK_EQ(hypercall3(__HYPERVISOR_set_callbacks, good, good, good), 0);

	uint64_t sp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	CHECK_EQ(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, sp & ~15ull), 0);

	/* SSE under TS: #NM at the first movaps, then the handler clears TS and the sum is done. */
	static float a[4] __attribute__((aligned(16))) = { 1, 2, 3, 4 };
	static float b[4] __attribute__((aligned(16))) = { 10, 20, 30, 40 };
	struct trap_probe p;
	CHECK_EQ(catch_trap_then(7, 0, 0, clear_ts), 0);
	CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
	TRAP_PROBE(p, "", "movaps (%%rbx), %%xmm1\n\taddps (%%rsi), %%xmm1\n\tmovaps %%xmm1, (%%rbx)",
		   "b"(a), "S"(b));
	expect_probe("#NM (movaps)", &p, 7, 0, 0, 0);
	CHECK(a[0] == 11 && a[3] == 44, "addps after #NM gave %d %d", (int)a[0], (int)a[3]);

	/* x87 under TS. */
	uint16_t cw = 0;
	CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
	TRAP_PROBE(p, "", "fnstcw (%%rbx)", "b"(&cw));
	expect_probe("#NM (fnstcw)", &p, 7, 0, 0, 0);
	CHECK(cw != 0, "fnstcw stored nothing after #NM");

	/* TS set, then other domains run: still set when we come back, never set for them. */
	CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
	TRAP_PROBE(p, "", "movaps %%xmm0, %%xmm1");
	expect_probe("#NM after a context switch", &p, 7, 0, 0, 0);

	/* With TS clear, no trap. */
	catch_reset();
	__asm__ volatile("addps %%xmm1, %%xmm1" ::: "xmm1");
	CHECK_EQ(caught.count, 0);
	test_pass();
}
