/*
 * Rule: where Umbra does less than Xen the answer is -ENOSYS (38), never a
 * wrong success: hypercall numbers Xen leaves unused or reserved (through the
 * hypercall page), numbers beyond the page and numbers with high bits set
 * (through a raw syscall; the full 64-bit rax counts), unknown sched_op,
 * console_io and callback_op commands.  xenoprof_op (31) exists in Xen 4.17
 * built with CONFIG_XENOPROF (Debian's is) and is absent otherwise: its
 * XENOPROF_init with a NULL argument is -EFAULT there, -ENOSYS here, never
 * a success.  xenpmu_op (40) is there in Xen 4.17 but the vPMU is off by
 * default, so every op is -EOPNOTSUPP (95), whatever its argument.
 */
#include "test.h"
#include "public/xenpmu.h"

static long raw_hypercall(uint64_t nr, uint64_t a1, uint64_t a2)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret), "+D"(a1), "+S"(a2)
			 : "a"(nr)
			 : "rcx", "r11", "rdx", "r10", "r8", "memory");
	return ret;
}

static void expect_enosys_page(unsigned nr)
{
	long rc = hypercall5(nr, 0, 0, 0, 0, 0);
	if (rc != -XEN_ENOSYS)
		test_fail("hypercall %u = %ld, expected -ENOSYS", nr, rc);
}

int main(void)
{
	static const unsigned unused[] = { 11, 38, 43, 44, 45, 46, 47, 50, 51, 52, 53, 54, 55 };
	for (unsigned i = 0; i < ARRAY_SIZE(unused); i++)
		expect_enosys_page(unused[i]);
	for (unsigned nr = 56; nr < 128; nr++)
		expect_enosys_page(nr);

	static const uint64_t raw[] = { 128, 1000, 0xffffffffull, (1ull << 32) | __HYPERVISOR_xen_version,
					(1ull << 63) | __HYPERVISOR_xen_version, ~0ull };
	for (unsigned i = 0; i < ARRAY_SIZE(raw); i++) {
		long rc = raw_hypercall(raw[i], 0, 0);
		if (rc != -XEN_ENOSYS)
			test_fail("raw hypercall 0x%lx = %ld, expected -ENOSYS", raw[i], rc);
	}
	/* A raw syscall with a valid number is a hypercall like the page's. */
	CHECK_EQ(raw_hypercall(__HYPERVISOR_xen_version, 0, 0), xen_version_reported());

	CHECK_EQ(HYPERVISOR_sched_op(99, NULL), -XEN_ENOSYS);
	CHECK_EQ(HYPERVISOR_sched_op(-1, NULL), -XEN_ENOSYS);

	long rc = hypercall2(__HYPERVISOR_xenoprof_op, 0, 0);
	CHECK(rc == -XEN_ENOSYS || rc == -XEN_EFAULT, "xenoprof_op(init, NULL) = %ld", rc);

	for (unsigned op = XENPMU_mode_get; op <= XENPMU_flush + 1; op++)
		CHECK_EQ(hypercall2(__HYPERVISOR_xenpmu_op, op, 0), -XEN_EOPNOTSUPP);

	char buf[16];
	CHECK_EQ(HYPERVISOR_console_io(2, sizeof(buf), buf), -XEN_ENOSYS);
	CHECK_EQ(HYPERVISOR_console_io(-1, sizeof(buf), buf), -XEN_ENOSYS);

	CHECK_EQ(HYPERVISOR_callback_op(2, buf), -XEN_ENOSYS);
	CHECK_EQ(HYPERVISOR_callback_op(-1, buf), -XEN_ENOSYS);
	printf("unimplemented calls answered -ENOSYS\n");
	test_pass();
}
