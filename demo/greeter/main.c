/*
 * A demo guest: says who it is (the name comes from its command line) and
 * what the hypervisor told it at start of day, then powers off.
 */
#include "guest.h"

int main(void)
{
	const char *name = start_info->cmd_line[0] ? start_info->cmd_line : "a guest";
	uint64_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("Hello from %s: a PV domain in ring %lu, %lu pages, page tables at %lx\n",
	       name, cs & 3, start_info->nr_pages, start_info->pt_base);
	return 0;
}
