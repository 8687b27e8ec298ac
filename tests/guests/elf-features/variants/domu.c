/*
 * The body of every elf-features variant: if the builder accepted the
 * variant's FEATURES note, say so (with the variant's name, its command
 * line) and power off.  Refused variants never get here.
 */
#include "test.h"

int main(void)
{
	printf("elf-features variant %s: built and running\n", start_info->cmd_line);
	return 0;
}
