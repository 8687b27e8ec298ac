/*
 * hvm-hello: a 64-bit HVM guest (tests/systems/hvm-hello) that got itself
 * into long mode with its own page tables (guest/hvm/head.S), prints
 * through the emulated UART, checks the machine it sees (long mode and
 * paging on, Xen's CPUID signature, no SVM offered to it, its start info
 * and command line, hypercalls answered, a console_io write long enough to
 * be continued) and powers off with
 * SCHEDOP_shutdown.
 */
#include "hvm_guest.h"

#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define XEN_ENOSYS 38

void hvm_main(const char *cmdline, const struct hvm_start_info *si)
{
	uint32_t r[4];
	printf("hvm-hello: hello from a 64-bit HVM guest, command line \"%s\"\n", cmdline);
	if (!(read_cr0() & 0x80000000u) || !(rdmsr(0xC0000080) & (1u << 10)))
		hvm_fail("not in long mode with paging (cr0 %lx)", read_cr0());
	if (rdmsr(0xC0000080) & (1u << 12))
		hvm_fail("EFER.SVME is visible to the guest");
	cpuid(0x80000001, 0, r);
	if (r[2] & (1u << 2))
		hvm_fail("CPUID offers SVM to the guest");
	if (!hvm_has_hypercalls())
		hvm_fail("no hypercall page (CPUID 0x40000002)");
	if (si->version != 1 || si->memmap_entries != 1)
		hvm_fail("start info version %u with %u memory-map entries", si->version, si->memmap_entries);
	long v = hvm_hypercall(__HYPERVISOR_xen_version, 0, 0, 0);
	if (v != ((4 << 16) | 17))
		hvm_fail("xen_version answered %lx", v);
	long bad = hvm_hypercall(127, 0, 0, 0);
	if (bad != -XEN_ENOSYS)
		hvm_fail("hypercall 127 answered %ld, not -ENOSYS", bad);
	printf("hvm-hello: long mode, Xen %ld.%ld, cr3 %lx\n", v >> 16, v & 0xffff, read_cr3());
	static char text[120 * 96];             /* more than one batch: the call continues */
	size_t len = 0;
	for (int i = 0; i < 120; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "hvm-hello: console_io line %03d of 120 %40s\n",
					i + 1, "through VMMCALL");
	long rc = hvm_hypercall(__HYPERVISOR_console_io, 0, len, (uint64_t)(uintptr_t)text);
	if (rc != 0 || len <= 8192)
		hvm_fail("console_io write of %zu bytes answered %ld", len, rc);
	printf("TEST PASS\n");
}
