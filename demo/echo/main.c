/*
 * A demo guest (newlib): says who it is (its name is its command line) and
 * what the hypervisor told it at start of day, then answers every line
 * typed into its console (dom0's shell: `console ID`; demo/line.c) until
 * it reads "quit" and powers off.
 */
#include <stdio.h>
#include <string.h>
#include "../line.h"
#include "guest.h"

int main(void)
{
	const char *name = start_info->cmd_line[0] ? start_info->cmd_line : "a guest";
	uint64_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("Hello from %s: a PV domain in ring %lu, %lu pages, page tables at %lx\n",
	       name, cs & 3, start_info->nr_pages, start_info->pt_base);
	printf("%s: type a line at me ('quit' powers me off)\n", name);
	fflush(stdout);
	char line[128];
	while (demo_read_line(line, sizeof(line))) {
		if (strcmp(line, "quit") == 0)
			break;
		printf("%s heard: %s\n", name, line);
		fflush(stdout);
	}
	printf("%s: powering off\n", name);
	return 0;
}
