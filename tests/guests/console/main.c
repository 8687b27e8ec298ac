/*
 * Rule: console_io(CONSOLEIO_write) delivers guest text to the hypervisor
 * console, tagged "(dN)" and with unprintable bytes replaced; a write longer
 * than one hypercall batch (> 8 KiB) continues itself and still returns 0
 * with every line delivered; the count is a 32-bit value (high bits ignored).
 * CONSOLEIO_read gives the initial (privileged) domain what Xen 4.17 gives
 * its dom0 when nothing was typed: 0 characters, the buffer untouched, and
 * -E2BIG for a count above INT_MAX.
 */
#include "test.h"

#define LONG_LINES 120                  /* 120 x 100 bytes = 12000 bytes */
#define LINE_LEN 100

static char big[LONG_LINES * LINE_LEN];

int main(void)
{
	static const char esc[] = "console escape \x1b[31mred\x07 done\n";
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(esc) - 1, esc), 0);
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, "x"), 0);

	/* The count is an unsigned int: bits 32-63 of the register do not count. */
	static const char hi[] = "console count high bits ignored\n";
	CHECK_EQ(hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, (1ull << 32) | (sizeof(hi) - 1), hi), 0);

	for (unsigned i = 0; i < LONG_LINES; i++) {
		char *l = big + i * LINE_LEN;
		int n = snprintf(l, LINE_LEN, "console long write line %03u of %u", i, LONG_LINES);
		memset(l + n, i == LONG_LINES - 1 ? '$' : '.', LINE_LEN - 1 - n);
		l[LINE_LEN - 1] = '\n';
	}
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(big), big), 0);
	printf("console long write returned 0\n");

	char in[16];
	memset(in, 0x5a, sizeof(in));
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(in), in), 0);
	for (unsigned i = 0; i < sizeof(in); i++)
		CHECK(in[i] == 0x5a, "CONSOLEIO_read wrote byte %u", i);
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0x80000000u, in), -XEN_E2BIG);
	CHECK_EQ(hypercall3(__HYPERVISOR_console_io, (1ull << 32) | CONSOLEIO_read, sizeof(in), in), 0);
	test_pass();
}
