/*
 * Rule (XSA-213): an iret inside a multicall ends the batch (xen-pv-abi.md
 * 4.4, 7.5): once iret has set the guest's state, no further entry may run
 * in that context.  The guest issues a multicall by hand with an iret frame
 * on its stack: entry 0 (xen_version) runs, entry 1 (iret) resumes the guest
 * at the frame's rip with the frame's rax, rcx, r11 and rsp, and entries 2
 * and 3 (an M2P update and a mapping) never run: their results keep their
 * sentinels and their effects are absent.
 */
#include "attack.h"
#include "public/version.h"

#define SENTINEL 0x5e5e5e5e

int main(void)
{
	uint64_t data = pt_alloc(), own = pt_mfn(7);
	long version = xen_version_reported();
	static struct multicall_entry m[4];
	m[0] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .result = SENTINEL, .args = { XENVER_version } };
	m[1] = (struct multicall_entry){ .op = __HYPERVISOR_iret, .result = SENTINEL };
	static struct mmu_update machphys;
	static unsigned done = 77;
	machphys = (struct mmu_update){ (own << 12) | MMU_MACHPHYS_UPDATE, 0x999 };
	m[2] = (struct multicall_entry){ .op = __HYPERVISOR_mmu_update, .result = SENTINEL,
					 .args = { (uint64_t)&machphys, 1, (uint64_t)&done, DOMID_SELF } };
	m[3] = (struct multicall_entry){ .op = __HYPERVISOR_update_va_mapping, .result = SENTINEL,
					 .args = { pt_probe_va(), (pt_mfn(data) << 12) | PT_P, UVMF_INVLPG } };

	uint64_t rax, rcx, rsp_before, rsp_after;
	register uint64_t r11 __asm__("r11");
	/* iret frame, lowest first: rax, r11, rcx, flags, rip, cs, rflags, rsp, ss (xen-pv-abi.md 7.5). */
	__asm__ volatile("mov %%rsp, %[before]\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq $0xe02b\n\t"            /* ss */
			 "pushq %[before]\n\t"          /* rsp */
			 "pushq $0x2\n\t"               /* rflags: IF clear, events stay masked */
			 "pushq $0xe030\n\t"            /* cs, RPL 0: stay in guest-kernel mode */
			 "pushq %%rax\n\t"              /* rip */
			 "pushq $0\n\t"                 /* flags */
			 "pushq $0x1c1c\n\t"            /* rcx */
			 "pushq $0x1111\n\t"            /* r11 */
			 "pushq $0xa5a5\n\t"            /* rax */
			 "mov $13, %%eax\n\t"           /* multicall, issued directly */
			 "syscall\n"
			 "1:\n\t"
			 "mov %%rsp, %[after]"
			 : "=a"(rax), "=c"(rcx), "=r"(r11), [before] "=&r"(rsp_before), [after] "=&r"(rsp_after)
			 : "D"(m), "S"(4ull)
			 : "rdx", "r8", "r9", "r10", "memory");
	printf("after the multicall: rax 0x%lx rcx 0x%lx r11 0x%lx\n", rax, rcx, r11);
	CHECK_EQ(rax, 0xa5a5);
	CHECK_EQ(rcx, 0x1c1c);
	CHECK_EQ(r11, 0x1111);
	CHECK_EQ(rsp_after, rsp_before);
	CHECK_EQ(m[0].result, version);
	CHECK_EQ(m[2].result, SENTINEL);
	CHECK_EQ(m[3].result, SENTINEL);
	CHECK_EQ(done, 77);
	CHECK_EQ(M2P[own], 7);
	CHECK(!(pt_entry(pt_probe_va(), 1) & PT_P), "an entry after the iret ran: the probe address is mapped");
	printf("refused as documented: no multicall entry ran after the iret\n");
	attack_hv_alive();
	test_pass();
}
