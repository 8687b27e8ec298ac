/*
 * The process calls of a newlib guest, which is one process: pid 1.
 * _exit(status) prints "exit status N" on a line of its own and powers the
 * domain off (SCHEDOP_shutdown, SHUTDOWN_poweroff) whatever the status: the
 * status is for whoever reads the console.  A signal sent to itself (raise,
 * abort) cannot be caught by anything below newlib's signal(): it prints
 * "killed by signal N" and crashes the domain (SHUTDOWN_crash).  Signal 0
 * only checks the pid; other pids are ESRCH.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "guest.h"
#include "nl.h"

#define OWN_PID 1

static void say(const char *what, int n)
{
	char line[48];
	int len = snprintf(line, sizeof(line), "%s%s %d\n", nl_console_at_line_start() ? "" : "\n", what, n);
	nl_console_write(line, (size_t)len);
}

void _exit(int status)
{
	say("exit status", status);
	guest_shutdown(SHUTDOWN_poweroff);
}

pid_t getpid(void)
{
	return OWN_PID;
}

int kill(pid_t pid, int sig)
{
	if (pid != OWN_PID) {
		errno = ESRCH;
		return -1;
	}
	if (sig == 0)
		return 0;
	say("killed by signal", sig);
	guest_shutdown(SHUTDOWN_crash);
}
