/*
 * dom0's toolstack shell: the "umbra>" prompt on the serial console, as
 * dom0 reads it through console_io (CONSOLEIO_read, woken by VIRQ_CONSOLE).
 * The serial line does not echo, so the shell does: printable characters
 * are echoed and kept, backspace/DEL erases, CTRL-c drops the line, Enter
 * (CR or LF; the LF of a CR LF pair is swallowed) runs it (d0_cmd.c).
 *
 * Three modes: the prompt; a domain's console (`console ID`), where every
 * character typed goes into that domain's PV console ring unseen by the
 * shell until CTRL-] (0x1d) brings the prompt back, as with `xl console`;
 * and `top`, which redraws once a second until any key is pressed.
 *
 * Invariant: the prompt and the line being typed are on screen exactly
 * when `shown` is set; whatever prints asynchronously (a guest's console
 * line, a store message) first calls d0_shell_hide, and the event loop
 * draws the prompt again afterwards, so typed input is never lost among
 * other output.
 */
#include <stdio.h>
#include <string.h>
#include "d0_console.h"
#include "d0_shell.h"
#include "events.h"

#define LINE_MAX     200
#define CTRL_C       0x03
#define CTRL_RBRACKET 0x1d
#define TOP_PERIOD_NS 1000000000ull

static enum { SHELL, CONSOLE, TOP } mode;
static char line[LINE_MAX + 1];
static size_t len;
static bool shown, after_cr;
static domid_t console_dom;
static uint64_t top_next;

/* Echo and prompt go out with the next fflush: d0_shell_input flushes once
 * per batch of typed characters, so echoing costs a hypercall per batch,
 * not per key, and a paste is read as fast as it comes. */
static void put(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

void d0_shell_start(void)
{
	printf("Umbra dom0 shell: type 'help' for the commands.\n");
	d0_shell_show();
}

void d0_shell_hide(void)
{
	if (shown)
		put("\n", 1);
	shown = false;
}

void d0_shell_show(void)
{
	if (mode != SHELL || shown)
		return;
	put("umbra> ", 7);
	put(line, len);
	fflush(stdout);
	shown = true;
}

void d0_shell_console(domid_t domid, const char *name)
{
	printf("Connected to d%u (%s)'s console; CTRL-] returns to the shell.\n", domid, name);
	fflush(stdout);
	mode = CONSOLE;
	console_dom = domid;
}

void d0_shell_top(void)
{
	mode = TOP;
	d0_top_print(true);
	top_next = system_time_ns() + TOP_PERIOD_NS;
}

static void back_to_prompt(const char *why)
{
	printf("%s\n", why);
	mode = SHELL;
	d0_shell_show();
}

static void enter(void)
{
	put("\n", 1);
	shown = false;
	line[len] = 0;
	len = 0;
	d0_cmd_run(line);
}

static void edit(char c)
{
	if (c == '\r' || c == '\n') {
		bool lf_of_crlf = c == '\n' && after_cr;
		after_cr = c == '\r';
		if (!lf_of_crlf)
			enter();
		return;
	}
	after_cr = false;
	if (c == 0x7f || c == '\b') {
		if (len) {
			len--;
			put("\b \b", 3);
		}
	} else if (c == CTRL_C) {
		put("^C\n", 3);
		shown = false;
		len = 0;
	} else if (c >= 0x20 && c < 0x7f && len < LINE_MAX) {
		line[len++] = c;
		put(&c, 1);
	}
}

void d0_shell_input(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (mode == CONSOLE) {
			size_t k = i;
			while (k < n && buf[k] != CTRL_RBRACKET)
				k++;
			bool gone = k > i && d0_console_input(console_dom, buf + i, k - i) < 0;
			i = k;
			if (gone)
				back_to_prompt("The domain's console is gone; back in the shell.");
			else if (k < n)
				back_to_prompt("Back in the shell.");
		} else if (mode == TOP) {
			back_to_prompt("(top ended)");
		} else {
			d0_shell_show();
			edit(buf[i]);
		}
		d0_shell_show();
	}
	fflush(stdout);
}

uint64_t d0_shell_deadline(void)
{
	return mode == TOP ? top_next : 0;
}

void d0_shell_tick(void)
{
	if (mode != TOP || system_time_ns() < top_next)
		return;
	d0_top_print(false);
	top_next = system_time_ns() + TOP_PERIOD_NS;
}

void d0_shell_sync(void)
{
	if (mode == CONSOLE && !d0_console_serves(console_dom))
		back_to_prompt("The domain is gone; back in the shell.");
}
