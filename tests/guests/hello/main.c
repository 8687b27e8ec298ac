/* The first PV guest: prints a greeting through console_io and passes. */
#include "test.h"

int main(void)
{
	printf("Hello from an Umbra PV guest (%s, %lu pages)\n", start_info->magic, start_info->nr_pages);
	test_pass();
}
