/*
 * Rule: what is typed on the serial line while input is with dom0 reaches
 * the initial domain as Xen delivers it: VIRQ_CONSOLE fires, CONSOLEIO_read
 * returns the characters in the order typed, at most count at a time, each
 * once; a count of 0 reads nothing; a buffer the hypervisor cannot write is
 * -EFAULT and loses nothing; a CTRL-a (Xen's switch character) typed fewer
 * than three times in a row is passed on like any other character; input
 * is 7-bit (Xen drops the top bit of every byte received).  The
 * test script (test.spec) types the lines; this kernel echoes them.
 */
#include "console_in.h"
#include "test.h"

#define LINE_TIMEOUT_NS 30000000000ull
#define UNMAPPED ((char *)0x1000)

int main(void)
{
	events_init();
	console_in_init();
	char line[128];
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(line), line), 0);
	printf("console input: ready for a line\n");

	CHECK(console_in_wait(system_time_ns() + LINE_TIMEOUT_NS), "no VIRQ_CONSOLE within 30 s");
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(line), UNMAPPED), -XEN_EFAULT);
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0, line), 0);
	long n = console_in_line(line, sizeof(line), 3, LINE_TIMEOUT_NS);
	CHECK(n >= 0, "no line end typed within 30 s");
	printf("console input: echo \"%s\"\n", line);
	CHECK(strcmp(line, "hello, typed line 42") == 0, "typed line read as \"%s\"", line);

	printf("console input: type a line with CTRL-a in it\n");
	n = console_in_line(line, sizeof(line), 64, LINE_TIMEOUT_NS);
	CHECK(n >= 0, "no second line within 30 s");
	CHECK(n == 6 && memcmp(line, "\x01x\x01\x01yA", 6) == 0,
	      "the line \\x01x\\x01\\x01y\\xc1 read as %ld characters starting %02x", n, line[0] & 0xff);
	printf("console input: CTRL-a's passed on (%u VIRQ_CONSOLE notifications)\n", console_in_virqs);
	CHECK(console_in_virqs >= 2, "only %u VIRQ_CONSOLE notifications", console_in_virqs);
	test_pass();
}
