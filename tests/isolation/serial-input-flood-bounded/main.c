/*
 * Rule: a flood of serial input costs the hypervisor bounded memory and
 * time and never stalls the input path.  While dom0 does not read, its
 * buffer keeps the first 128 characters typed (Xen's SERIAL_RX_SIZE), in
 * order, and drops the rest (the hypervisor logs how many); a flood of
 * bytes that are no debug key, typed while the keys have input, does
 * nothing; and afterwards a typed line arrives whole.  The script
 * (test.spec) types 4000 characters, switches to the debug keys, types
 * 1280 control characters, presses 'q' (which raises VIRQ_DEBUG, this kernel's sign that
 * the floods are over) and switches back.
 */
#include "console_in.h"
#include "test.h"

#define KEPT 128
#define SCRIPT_TIMEOUT_NS 100000000000ull

int main(void)
{
	events_init();
	console_in_init();
	evtchn_port_t debug;
	CHECK_EQ(evtchn_bind_virq(VIRQ_DEBUG, &debug), 0);
	events_mask(debug);
	printf("flood: ready, not reading\n");

	uint64_t deadline = system_time_ns() + SCRIPT_TIMEOUT_NS;
	while (!events_pending(debug) && system_time_ns() < deadline)
		evtchn_poll(&debug, 1, deadline);
	CHECK(events_pending(debug), "no VIRQ_DEBUG ('q') within 100 s");
	CHECK(events_pending(console_in_port), "the flood raised no VIRQ_CONSOLE");

	static char kept[4 * KEPT];
	unsigned total = 0;
	long n;
	while ((n = HYPERVISOR_console_io(CONSOLEIO_read, 64, kept + total)) > 0) {
		CHECK(n <= 64, "CONSOLEIO_read of 64 gave %ld", n);
		total += (unsigned)n;
		CHECK(total <= KEPT, "more than %u characters kept", KEPT);
	}
	CHECK_EQ(n, 0);
	printf("flood: kept %u characters\n", total);
	CHECK_EQ(total, KEPT);
	for (unsigned i = 0; i < KEPT; i++)
		CHECK(kept[i] == (char)('0' + i % 10), "kept character %u is %02x, typed %c", i,
		      kept[i] & 0xff, '0' + i % 10);

	printf("flood: type a line\n");
	char line[64];
	CHECK(console_in_line(line, sizeof(line), 16, SCRIPT_TIMEOUT_NS) >= 0, "no line within 100 s");
	printf("flood: read \"%s\"\n", line);
	CHECK(strcmp(line, "after the flood") == 0, "the line after the flood read as \"%s\"", line);
	test_pass();
}
