/*
 * Rule: guest-user mode runs only on the user page tables the guest kernel
 * registered (xen-pv-abi.md 3, 7.5): an iret to an RPL-3 cs with no user
 * base pointer crashes the domain, as in Xen (it could otherwise run user
 * code on the kernel tables, or on none).  The attacker is an extra domain
 * (the same kernel, command line "attacker"); it is crashed alone: the
 * initial domain keeps running well after the crash, the hypervisor answers
 * it, a spinning helper domain keeps running, and every frame comes back.
 */
#include "attack.h"

int main(void)
{
	if (attack_is_attacker()) {
		CHECK_EQ(mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);     /* certainly none */
		printf("attacker: iret to user mode without user page tables\n");
		__asm__ volatile("mov %%rsp, %%rax\n\t"
				 "pushq $0xe02b\n\t"
				 "pushq %%rax\n\t"
				 "pushq $0x202\n\t"
				 "pushq $0xe033\n\t"
				 "pushq %0\n\t"
				 "pushq $0\n\t"
				 "jmp hypercall_page + 23 * 32" :: "r"(pt_pfn_va(0)) : "rax", "memory");
		test_fail("the iret to user mode returned");
	}
	attack_wait_for(1);
	attack_hv_alive();
	attack_watch_others();
	test_pass();
}
