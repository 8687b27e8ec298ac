/* dom0's toolstack shell on the serial console (d0_shell.c, d0_cmd*.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "guest.h"

/* Print the banner and the first prompt. */
void d0_shell_start(void);
/* Characters typed (CONSOLEIO_read): edit, run, or pass to a console. */
void d0_shell_input(const char *buf, size_t n);
/* Before asynchronous output (a guest's console line, a store message):
 * end the prompt's line.  After the event loop's round: show it again. */
void d0_shell_hide(void);
void d0_shell_show(void);
/* The system time (ns) the shell wants to be woken at (top), 0 for none;
 * and the wake-up itself. */
uint64_t d0_shell_deadline(void);
void d0_shell_tick(void);
/* After domains came or went: leave a console whose domain is gone. */
void d0_shell_sync(void);

/* ---- between the shell and its commands ---- */

/* Run one command line (d0_cmd.c); console and top switch the shell's
 * mode through the calls below. */
void d0_cmd_run(char *line);
/* Enter console mode for domid / top mode (d0_shell.c). */
void d0_shell_console(domid_t domid, const char *name);
void d0_shell_top(void);
/* One line of top (d0_cmd_top.c): sample and print the table. */
void d0_top_print(bool first);
/* A domain named by id or by name, as typed; false (the reason printed,
 * prefixed with cmd) if there is none. */
bool d0_cmd_domain(const char *cmd, const char *arg, domid_t *out, char name[32]);
/* A domain's name: its XenStore name (/local/domain/N/name, which the
 * toolstack writes) or else the hypervisor's (fallback). */
void d0_domain_name(domid_t domid, const char *fallback, char out[32]);
/* A hypercall's -XEN_E* as text. */
const char *d0_strerror(long rc);
