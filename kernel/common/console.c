/*
 * Console: formats hypervisor messages with a level and an "(UMBRA)" tag, and
 * guest output with a "(dN)" tag, line by line, so interleaved output from
 * several domains stays readable.  Guest output is buffered per domain until
 * a newline (or the buffer fills), and non-printable bytes are replaced, so a
 * guest cannot forge hypervisor lines or send terminal escapes.  What a user
 * asked for at the console (debug keys, the input switch) prints whatever
 * the level, between console_start_log_everything() and its end.
 *
 * The privileged domain's output is the exception to the buffering: it may
 * be interactive (dom0's shell prompt, the echo of what is typed), so it
 * goes out as it comes, as Xen writes its hardware domain's output
 * straight to the serial.  It is tagged at each line start and filtered
 * like any domain's (a backspace passes, for line editing).  Invariant:
 * anything else printed while such a line is open ends that line first,
 * and the rest of it is tagged again, so every line on the console still
 * starts with the tag of whoever wrote it.
 */
#include "console.h"
#include "../../drivers/uart_8250.h"

enum log_level console_level = LOG_INFO;
static unsigned print_everything;       /* debug keys and the input switch print at any loglvl */

static const char *const level_tag[] = { "(UMBRA) ERROR: ", "(UMBRA) WARN: ", "(UMBRA) ", "(UMBRA) debug: " };

void console_init(const char *cmdline)
{
	uart_init();
	for (const char *p = cmdline; p && *p; p++) {
		if (strncmp(p, "loglvl=", 7) == 0) {
			char c = p[7];
			if (c >= '0' && c <= '3')
				console_level = (enum log_level)(c - '0');
		}
	}
}

static bool direct_open;        /* a line of the privileged domain is started, not ended */

void console_write(const char *s, size_t n)
{
	if (direct_open) {
		uart_write("\n", 1);
		direct_open = false;
	}
	uart_write(s, n);
}

void console_start_log_everything(void)
{
	print_everything++;
}

void console_end_log_everything(void)
{
	print_everything--;
}

void printk(enum log_level lvl, const char *fmt, ...)
{
	char buf[512];
	if (lvl > console_level && !print_everything)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(level_tag[lvl], strlen(level_tag[lvl]));
	console_write(buf, (size_t)n);
	if (n == 0 || buf[n - 1] != '\n')
		console_write("\n", 1);
}

#define GUEST_LINE 160
#define MAX_LINEBUF 64

static struct {
	uint16_t domid;
	uint16_t len;
	bool used;
	char buf[GUEST_LINE];
} linebuf[MAX_LINEBUF];

static void write_tag(uint16_t domid)
{
	char tag[16];
	int n = snprintf(tag, sizeof(tag), "(d%u) ", domid);
	console_write(tag, (size_t)n);
}

static void flush_line(int i)
{
	write_tag(linebuf[i].domid);
	console_write(linebuf[i].buf, linebuf[i].len);
	console_write("\n", 1);
	linebuf[i].len = 0;
}

static int line_slot(uint16_t domid)
{
	int free_slot = 0;
	for (int i = 0; i < MAX_LINEBUF; i++) {
		if (linebuf[i].used && linebuf[i].domid == domid)
			return i;
		if (!linebuf[i].used)
			free_slot = i;
	}
	if (linebuf[free_slot].used && linebuf[free_slot].len)
		flush_line(free_slot);
	linebuf[free_slot].used = true;
	linebuf[free_slot].domid = domid;
	linebuf[free_slot].len = 0;
	return free_slot;
}

void console_guest_write(uint16_t domid, const char *s, size_t n)
{
	int i = line_slot(domid);
	for (size_t k = 0; k < n; k++) {
		char c = s[k];
		if (c == '\n') {
			flush_line(i);
			continue;
		}
		if (c == '\r')
			continue;
		if (c < 0x20 || c > 0x7e)
			c = '?';
		linebuf[i].buf[linebuf[i].len++] = c;
		if (linebuf[i].len == GUEST_LINE)
			flush_line(i);
	}
}

void console_guest_write_direct(uint16_t domid, const char *s, size_t n)
{
	char out[GUEST_LINE];
	size_t len = 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[k];
		if (c == '\r')
			continue;
		if (!direct_open) {
			write_tag(domid);
			direct_open = true;
		}
		if (c != '\n' && c != '\b' && (c < 0x20 || c > 0x7e))
			c = '?';
		out[len++] = c;
		if (c == '\n' || len == sizeof(out)) {
			uart_write(out, len);
			direct_open = c != '\n';
			len = 0;
		}
	}
	if (len)
		uart_write(out, len);
}

void console_guest_flush(uint16_t domid)
{
	for (int i = 0; i < MAX_LINEBUF; i++)
		if (linebuf[i].used && linebuf[i].domid == domid) {
			if (linebuf[i].len)
				flush_line(i);
			linebuf[i].used = false;
		}
}
