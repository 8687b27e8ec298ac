/*
 * The shell's commands: the table (name, arguments, one line of help), the
 * dispatch, and what every command shares: naming a domain (by id or by
 * name, as xl accepts either) and hypercall errors as text.
 *
 * Invariant: whatever is typed, a command either does its work or prints
 * exactly one line saying why not, and the shell goes on: an unknown
 * command, a wrong number of arguments, an id that is not a number, is out
 * of range or names no domain are all refused before any hypercall.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "d0_cmds.h"
#include "d0_shell.h"
#include "d0_store.h"
#include "domctl.h"
#include "events.h"

#define MAX_ARGS 4

static void cmd_help(int argc, char **argv);
static void cmd_time(int argc, char **argv);

static const struct d0_command commands[] = {
	{ "list", 0, 0, "", "the domains: id, name, memory, vCPUs, state, CPU time", d0_cmd_list, false },
	{ "create", 1, 1, "NAME", "build and start a domain the description marks autostart='no'", d0_cmd_create, false },
	{ "destroy", 1, 1, "ID", "destroy a domain at once (its memory returns)", d0_cmd_destroy, false },
	{ "shutdown", 1, 1, "ID", "ask a domain to power off (control/shutdown in XenStore)", d0_cmd_shutdown, false },
	{ "pause", 1, 1, "ID", "stop scheduling a domain", d0_cmd_pause, false },
	{ "unpause", 1, 1, "ID", "schedule a paused domain again", d0_cmd_unpause, false },
	{ "console", 1, 1, "ID", "type into a domain's console; CTRL-] returns", d0_cmd_console, false },
	{ "top", 0, 0, "", "CPU share per domain, once a second; any key returns", d0_cmd_top, false },
	{ "info", 0, 0, "", "hypervisor version, memory, CPUs, domains", d0_cmd_info, false },
	{ "xenstore-ls", 0, 1, "[PATH]", "the XenStore tree below PATH (default /)", d0_cmd_xenstore_ls, false },
	{ "xenstore-read", 1, 1, "PATH", "a XenStore node's value", d0_cmd_xenstore_read, false },
	{ "xenstore-write", 2, 2, "PATH VALUE", "write a XenStore node (VALUE: the rest of the line)", d0_cmd_xenstore_write, true },
	{ "poweroff", 0, 0, "", "destroy every other domain and power the machine off", d0_cmd_poweroff, false },
	{ "time", 1, MAX_ARGS - 1, "COMMAND ...", "run a command, then print its system time and TSC ticks", cmd_time, false },
	{ "help", 0, 0, "", "this list", cmd_help, false },
};

static void cmd_help(int argc, char **argv)
{
	(void)argc, (void)argv;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char use[40];
		snprintf(use, sizeof(use), "%s %s", commands[i].name, commands[i].args);
		printf("  %-28s %s\n", use, commands[i].help);
	}
	printf("  CTRL-a three times switches the serial input to the hypervisor's debug keys and back.\n");
}

static const struct d0_command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

static void run(int argc, char **argv)
{
	const struct d0_command *c = find(argv[0]);
	if (!c)
		printf("%s: unknown command (type 'help' for the list)\n", argv[0]);
	else if (argc - 1 < c->min_args || argc - 1 > c->max_args)
		printf("%s: usage: %s %s\n", c->name, c->name, c->args);
	else
		c->run(argc, argv);
}


/* Whether the next word of argv[0..argc) is a command's last argument that
 * takes the rest of the line (the command word follows any "time"s). */
static bool rest_follows(char **argv, int argc)
{
	int c = 0;
	while (c < argc && strcmp(argv[c], "time") == 0)
		c++;
	const struct d0_command *cmd = c < argc ? find(argv[c]) : NULL;
	return cmd && cmd->rest && argc - c == cmd->max_args;
}

void d0_cmd_run(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	for (char *p = line;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (argc == MAX_ARGS) {
			printf("%s: too many arguments (type 'help')\n", argv[0]);
			return;
		}
		argv[argc++] = p;
		if (rest_follows(argv, argc - 1))
			break;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = 0;
	}
	if (argc)
		run(argc, argv);
}

/* `time COMMAND`: what the command took, in system time and in TSC ticks
 * (under QEMU's -icount shift=0 the TSC counts instructions: make bench
 * measures create and destroy so). */
static void cmd_time(int argc, char **argv)
{
	uint64_t t0 = system_time_ns(), c0 = guest_rdtsc();
	run(argc - 1, argv + 1);
	uint64_t c1 = guest_rdtsc(), t1 = system_time_ns();
	printf("time: %s: %lu ns, %lu TSC ticks\n", argv[1], (unsigned long)(t1 - t0), (unsigned long)(c1 - c0));
}

static bool parse_id(const char *s, domid_t *out)
{
	unsigned long v = 0;
	if (!*s || strlen(s) > 5)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*out = (domid_t)v;
	return v < DOMID_FIRST_RESERVED;
}

void d0_domain_name(domid_t domid, const char *fallback, char out[32])
{
	char path[40], reply[64];
	uint32_t n;
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	if (d0_store_request(XS_READ, path, (uint32_t)strlen(path) + 1, reply, sizeof(reply), &n) == 0 &&
	    n > 0 && n < 32)
		memcpy(out, reply, n + 1);
	else
		snprintf(out, 32, "%s", fallback);
}

bool d0_cmd_domain(const char *cmd, const char *arg, domid_t *out, char name[32])
{
	struct umbra_domctl_getinfo_ext x;
	domid_t id;
	if (parse_id(arg, &id)) {
		if (domctl_getinfo_ext(id, &x) == 0 && x.domain == id) {
			*out = id;
			d0_domain_name(id, x.name, name);
			return true;
		}
		printf("%s: no domain %u\n", cmd, id);
		return false;
	}
	for (domid_t d = 0; domctl_getinfo_ext(d, &x) == 0; d = (domid_t)(x.domain + 1)) {
		d0_domain_name(x.domain, x.name, name);
		if (strcmp(name, arg) == 0) {
			*out = x.domain;
			return true;
		}
	}
	if (arg[0] >= '0' && arg[0] <= '9')
		printf("%s: '%s' is not a domain id (0..%u)\n", cmd, arg, DOMID_FIRST_RESERVED - 1);
	else
		printf("%s: no domain named '%s'\n", cmd, arg);
	return false;
}

const char *d0_strerror(long rc)
{
	switch (-rc) {
	case XEN_EPERM:   return "not permitted (EPERM)";
	case XEN_ENOENT:  return "no such entry (ENOENT)";
	case XEN_ESRCH:   return "no such domain (ESRCH)";
	case XEN_ENOMEM:  return "out of memory (ENOMEM)";
	case XEN_EACCES:  return "permission denied (EACCES)";
	case XEN_EFAULT:  return "bad address (EFAULT)";
	case XEN_EBUSY:   return "busy (EBUSY)";
	case XEN_EEXIST:  return "already exists (EEXIST)";
	case XEN_EINVAL:  return "invalid argument (EINVAL)";
	case XEN_ENOSPC:  return "no space left (ENOSPC)";
	case XEN_ENOSYS:  return "not implemented (ENOSYS)";
	case XEN_ENOEXEC: return "not a kernel Umbra can build (ENOEXEC)";
	default: {
		static char other[32];
		snprintf(other, sizeof(other), "error %ld", -rc);
		return other;
	}
	}
}
