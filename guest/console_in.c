/*
 * Serial input for the initial domain (see console_in.h).  Every
 * CONSOLEIO_read result is checked: a negative one or more characters than
 * asked for fails the test.  The line reader keeps what followed a line end
 * so two lines typed at once are both seen.
 */
#include "console_in.h"
#include "test.h"

evtchn_port_t console_in_port;
unsigned console_in_virqs;
static char held[256];
static size_t nheld;

void console_in_init(void)
{
	CHECK_EQ(evtchn_bind_virq(VIRQ_CONSOLE, &console_in_port), 0);
	events_mask(console_in_port);
}

bool console_in_wait(uint64_t deadline_ns)
{
	while (!events_pending(console_in_port)) {
		if (system_time_ns() >= deadline_ns)
			return false;
		evtchn_poll(&console_in_port, 1, deadline_ns);
	}
	events_clear(console_in_port);
	console_in_virqs++;
	return true;
}

long console_in_line(char *buf, size_t size, unsigned chunk, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	for (;;) {
		for (size_t i = 0; i < nheld; i++)
			if (held[i] == '\r' || held[i] == '\n') {
				CHECK(i < size, "a typed line of %lu characters does not fit %lu", i, size);
				memcpy(buf, held, i);
				buf[i] = 0;
				nheld -= i + 1;
				memmove(held, held + i + 1, nheld);
				return (long)i;
			}
		CHECK(nheld < sizeof(held), "more than %lu characters typed without a line end", sizeof(held));
		unsigned want = MIN(chunk, (unsigned)(sizeof(held) - nheld));
		long n = HYPERVISOR_console_io(CONSOLEIO_read, want, held + nheld);
		CHECK(n >= 0 && n <= (long)want, "CONSOLEIO_read of %u gave %ld", want, n);
		nheld += (size_t)n;
		if (n == 0 && !console_in_wait(deadline))
			return -1;
	}
}
