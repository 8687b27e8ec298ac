/*
 * `top`: each domain's share of the CPU, redrawn once a second as xentop
 * does (in its batch form: a new table each time, since the console passes
 * no terminal escapes), until a key is pressed.  The share is the growth of
 * the domain's cpu_time (getdomaininfo: ns its vCPUs ran) over the growth
 * of system time since the previous table, so it needs two samples: the
 * first table shows the CPU seconds only.
 *
 * Invariant: a domain's share is computed only against an earlier sample
 * of the same domain (matched by id and a cpu_time that did not go back),
 * so a domain destroyed and another created with its id is never compared
 * with its predecessor.
 */
#include <stdio.h>
#include <string.h>
#include "d0_cmds.h"
#include "d0_shell.h"
#include "domctl.h"
#include "events.h"

#define MAX_SEEN 64

static struct {
	domid_t id;
	uint64_t cpu_ns;
} seen[MAX_SEEN];
static unsigned nseen;
static uint64_t seen_at;

static bool earlier(domid_t id, uint64_t cpu_ns, uint64_t *was)
{
	for (unsigned i = 0; i < nseen; i++)
		if (seen[i].id == id && seen[i].cpu_ns <= cpu_ns) {
			*was = seen[i].cpu_ns;
			return true;
		}
	return false;
}

void d0_top_print(bool first)
{
	uint64_t now = system_time_ns();
	uint64_t free_pages = 0;
	sysctl_free_pages(&free_pages);
	printf("top: %lu MiB free; any key returns to the shell\n", (unsigned long)(free_pages / 256));
	printf("  ID NAME                 STATE  CPU(sec) CPU(%%)   MEM(KiB) VCPUS\n");
	struct xen_domctl_getdomaininfo info;
	unsigned n = 0;
	typeof(seen) next;
	for (domid_t d = 0; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1)) {
		struct umbra_domctl_getinfo_ext x;
		if (domctl_getinfo_ext(info.domain, &x) || x.domain != info.domain)
			continue;
		char name[32];
		d0_domain_name(info.domain, x.name, name);
		uint64_t was;
		char share[16] = "-";
		if (!first && now > seen_at && earlier(info.domain, info.cpu_time, &was))
			snprintf(share, sizeof(share), "%.1f", 100.0 * (double)(info.cpu_time - was) / (double)(now - seen_at));
		const char *state = info.flags & XEN_DOMINF_shutdown ? "shut" :
				    info.flags & XEN_DOMINF_paused ? "paused" :
				    info.flags & XEN_DOMINF_running ? "run" : "block";
		printf("%4u %-20.20s %-6s %9.1f %6s %10lu %5u\n", info.domain, name, state,
		       (double)info.cpu_time / 1e9, share, (unsigned long)(info.tot_pages * 4),
		       info.nr_online_vcpus);
		if (n < MAX_SEEN)
			next[n++] = (typeof(next[0])){ info.domain, info.cpu_time };
	}
	memcpy(seen, next, sizeof(next[0]) * n);
	nseen = n;
	seen_at = now;
	fflush(stdout);
}

void d0_cmd_top(int argc, char **argv)
{
	(void)argc, (void)argv;
	d0_shell_top();
}
