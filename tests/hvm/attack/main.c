/*
 * HVM attack guest for tests/isolation/hvm-*; the command line picks the
 * attack:
 *
 *   outside-ram      read guest-physical addresses past the end of its RAM,
 *                    then the local APIC's page (no device is emulated
 *                    there): the first nested page fault must crash this
 *                    domain alone
 *   triple-fault     an empty IDT, then an exception: the CPU shuts the
 *                    guest down, which must crash this domain alone
 *   bogus-vmmcall    VMMCALL with hypercall numbers and sub-commands Umbra
 *                    does not have, and arguments pointing nowhere: each
 *                    must come back as Xen's error code, nothing else
 *
 * An attack that is survived, or an answer that differs, prints TEST FAIL.
 */
#include "hvm_guest.h"

#define XEN_EPERM 1
#define XEN_EFAULT 14
#define XEN_EINVAL 22
#define XEN_ENOSYS 38

static long vmmcall(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
	long rc;
	__asm__ volatile("vmmcall" : "=a"(rc), "+D"(a1), "+S"(a2), "+d"(a3) : "a"(nr)
			 : "rcx", "r8", "r9", "r10", "r11", "memory");
	return rc;
}

static void expect(const char *what, long got, long want)
{
	printf("hvm-attack: %s -> %ld\n", what, got);
	if (got != want)
		hvm_fail("%s answered %ld, expected %ld", what, got, want);
}

static void bogus_vmmcall(void)
{
	uint32_t reason = 0;
	expect("hypercall 128", vmmcall(128, 0, 0, 0), -XEN_ENOSYS);
	expect("hypercall 0xffffffff", vmmcall(0xffffffffull, 0, 0, 0), -XEN_ENOSYS);
	expect("hypercall 1 << 40", vmmcall(1ull << 40, 0, 0, 0), -XEN_ENOSYS);
	expect("hypercall 23 (iret)", vmmcall(23, 0, 0, 0), -XEN_ENOSYS);
	expect("hypercall 1 (mmu_update)", vmmcall(1, 0, 0, 0), -XEN_ENOSYS);
	expect("sched_op 99", vmmcall(29, 99, 0, 0), -XEN_ENOSYS);
	expect("sched_op shutdown, argument unmapped", vmmcall(29, 2, 0x7fff00000000ull, 0), -XEN_EFAULT);
	expect("sched_op shutdown, argument non-canonical", vmmcall(29, 2, 0x8000000000000000ull, 0), -XEN_EFAULT);
	reason = 77;
	expect("sched_op shutdown, reason 77", vmmcall(29, 2, (uint64_t)(uintptr_t)&reason, 0), -XEN_EINVAL);
	expect("console_io write from past RAM", vmmcall(18, 0, 64, 0x3ff00000ull), -XEN_EFAULT);
	expect("console_io read", vmmcall(18, 1, 16, 0x200000), -XEN_ENOSYS);
	expect("xen_version 99", vmmcall(17, 99, 0, 0), -XEN_ENOSYS);
	printf("TEST PASS\n");
}

void hvm_main(const char *cmdline, const struct hvm_start_info *si)
{
	const struct { uint64_t addr, size; uint32_t type; } *map = (const void *)(uintptr_t)si->memmap_paddr;
	uint64_t end = map[0].size;
	if (!memcmp(cmdline, "outside-ram", 12)) {
		printf("hvm-attack: reading guest-physical %lx, past the end of RAM\n", end + 0x1000);
		volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)(end + 0x1000);
		uint64_t v = *p;
		volatile uint32_t *apic = (volatile uint32_t *)0xFEE00030ull;
		hvm_fail("read %lx past RAM and lived (apic version %x)", v, *apic);
	}
	if (!memcmp(cmdline, "triple-fault", 13)) {
		struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = { 0, 0 };
		printf("hvm-attack: empty IDT, then ud2\n");
		__asm__ volatile("lidt %0; ud2" :: "m"(none));
		hvm_fail("survived a triple fault");
	}
	if (!memcmp(cmdline, "bogus-vmmcall", 14)) {
		bogus_vmmcall();
		return;
	}
	hvm_fail("unknown attack '%s'", cmdline);
}
