/*
 * Rule: port I/O, cli and sti follow Xen's virtual I/O privilege
 * (xen-pv-abi.md 8.2, 17.4): the guest kernel counts as CPL 1, so with the
 * virtual IOPL below 1 each is #GP(0); PHYSDEVOP_set_iopl (0-3, -EINVAL
 * above) raises it, and then cli and sti are no-ops (they do not touch the
 * upcall mask) and a port the domain holds no permission for reads as all
 * ones and ignores writes (the PC's COM1 ports are the hypervisor's
 * console; Xen denies them to every domain, dom0 included).  in of 8 and 16
 * bits keeps the rest of %rax, of 32 bits clears the upper half; rep insb
 * fills guest memory, moving %rdi and counting %rcx down, and a bad
 * destination is the guest's #PF.  PHYSDEVOP_set_iobitmap allows exactly the
 * ports its bitmap clears.
 */
#include "catch.h"
#include "events.h"
#include "test.h"

#define PHYSDEVOP_set_iopl     6
#define PHYSDEVOP_set_iobitmap 7
#define COM1_LCR 0x3fb

static long set_iopl(uint32_t iopl)
{
	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);
}

static bool gp0(void)
{
	return caught.count == 1 && caught.vector == 13 && caught.error_code == 0;
}

static void denied(void)
{
	CHECK_EQ(set_iopl(0), 0);
	uint8_t v;
	CHECK_EQ(catch_trap(13, 1, 0), 0);      /* in %dx / cli / sti: 1 byte */
	__asm__ volatile("inb %%dx, %0" : "=a"(v) : "d"(COM1_LCR));
	CHECK(gp0(), "in with IOPL 0 was not #GP(0)");
	catch_reset();
	__asm__ volatile("cli");
	CHECK(gp0(), "cli with IOPL 0 was not #GP(0)");
	catch_reset();
	__asm__ volatile("sti");
	CHECK(gp0(), "sti with IOPL 0 was not #GP(0)");
	CHECK_EQ(catch_trap(13, 2, 0), 0);      /* out imm8 */
	__asm__ volatile("outb %0, $0x80" :: "a"((uint8_t)0));
	CHECK(gp0(), "out with IOPL 0 was not #GP(0)");
	printf("IOPL 0: in, out, cli, sti are #GP(0)\n");
}

static void allowed(void)
{
	CHECK_EQ(set_iopl(4), -XEN_EINVAL);
	CHECK_EQ(set_iopl(1), 0);
	catch_reset();
	uint64_t rax = 0x1122334455667788ull;
	__asm__ volatile("inb %%dx, %%al" : "+a"(rax) : "d"(COM1_LCR));
	CHECK_EQ(rax, 0x11223344556677ffull);
	rax = 0x1122334455667788ull;
	__asm__ volatile("inw %%dx, %%ax" : "+a"(rax) : "d"(COM1_LCR));
	CHECK_EQ(rax, 0x112233445566ffffull);
	rax = 0x1122334455667788ull;
	__asm__ volatile("inl %%dx, %%eax" : "+a"(rax) : "d"(0x3f8));
	CHECK_EQ(rax, 0xffffffffull);
	__asm__ volatile("outb %%al, %%dx" :: "a"(0x55), "d"(0x3ff));
	uint8_t scratch;
	__asm__ volatile("inb %%dx, %0" : "=a"(scratch) : "d"(0x3ff));
	CHECK_EQ(scratch, 0xff);                /* the write went nowhere */
	uint8_t mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
	__asm__ volatile("cli");
	CHECK_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, mask);
	__asm__ volatile("sti");
	CHECK_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, mask);
	CHECK_EQ(caught.count, 0);

	static uint8_t buf[16];
	memset(buf, 0, sizeof(buf));
	uint64_t rdi = (uint64_t)buf, rcx = 8;
	__asm__ volatile("rep insb" : "+D"(rdi), "+c"(rcx) : "d"(COM1_LCR) : "memory");
	CHECK_EQ(rcx, 0);
	CHECK_EQ(rdi, (uint64_t)buf + 8);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(buf[i], i < 8 ? 0xff : 0);
	CHECK_EQ(catch_trap(14, 1, 0), 0);      /* resume after the 1-byte insb */
	rdi = 0x1000;                           /* unmapped */
	rcx = 1;
	uint64_t ins_rip;
	__asm__ volatile("lea 1f(%%rip), %2\n1: insb\n" : "+D"(rdi), "+c"(rcx), "=&r"(ins_rip) : "d"(COM1_LCR) : "memory");
	printf("insb to an unmapped page: vector %lu, cr2 0x%lx, rip 0x%lx (insb at 0x%lx)\n",
	       caught.vector, caught.cr2, caught.rip, ins_rip);
	CHECK_EQ(caught.vector, 14);
	CHECK_EQ(caught.cr2, 0x1000);
	CHECK_EQ(caught.error_code & 2, 2);     /* a write */
	printf("IOPL 1: unowned ports read all ones, writes dropped, cli/sti no-ops, rep insb fills memory\n");
}

static void bitmap(void)
{
	CHECK_EQ(set_iopl(0), 0);
	static uint8_t bits[0x400 / 8 + 1];     /* Xen reads the byte after the last port's too */
	memset(bits, 0xff, sizeof(bits));
	bits[COM1_LCR / 8] &= (uint8_t)~(1u << (COM1_LCR % 8));
	struct { uint64_t bitmap; uint32_t nr_ports, pad; } b = { (uint64_t)bits, 0x400, 0 };
	CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &b), 0);
	CHECK_EQ(catch_trap(13, 1, 0), 0);
	uint8_t v = 0;
	__asm__ volatile("inb %%dx, %0" : "=a"(v) : "d"(COM1_LCR));
	CHECK_EQ(caught.count, 0);
	CHECK_EQ(v, 0xff);
	__asm__ volatile("inb %%dx, %0" : "=a"(v) : "d"(COM1_LCR - 1));
	CHECK(gp0(), "a port the bitmap denies was allowed");
	CHECK_EQ(catch_trap(13, 2, 0), 0);      /* inw: 66 ed */
	__asm__ volatile("inw %%dx, %%ax" : "=a"(v) : "d"(COM1_LCR));   /* covers 0x3fc too: denied */
	CHECK(gp0(), "a 16-bit access half outside the allowed port was allowed");
	printf("the I/O bitmap allows exactly its clear bits\n");
}

int main(void)
{
	events_init();
	denied();
	allowed();
	bitmap();
	test_pass();
}
