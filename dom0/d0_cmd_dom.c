/*
 * The shell's domain commands, with xl's names and output shapes: list,
 * destroy, shutdown, pause, unpause, console, info, and poweroff.
 *
 * Everything goes through the hypervisor's domctl and sysctl (the
 * privileged domain's interface), and the hypervisor's answer is shown:
 * the shell checks what was typed, never what the hypervisor allows.  One
 * exception keeps the shell alive: commands that would stop dom0 itself
 * (destroy, pause or console of domain 0) are refused here, with a line.
 * `shutdown` asks the way xl asks a PV domain: "poweroff" written to the
 * domain's control/shutdown node, which its PV control driver watches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "d0_cmds.h"
#include "d0_console.h"
#include "d0_shell.h"
#include "d0_store.h"
#include "domctl.h"
#include "hypercall.h"
#include "public/version.h"

static char state_char(uint32_t flags, uint32_t bit, char c)
{
	return flags & bit ? c : '-';
}

void d0_cmd_list(int argc, char **argv)
{
	(void)argc, (void)argv;
	struct xen_domctl_getdomaininfo info;
	printf("Name                                        ID   Mem VCPUs      State   Time(s)\n");
	for (domid_t d = 0; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1)) {
		struct umbra_domctl_getinfo_ext x;
		if (domctl_getinfo_ext(info.domain, &x) || x.domain != info.domain)
			continue;       /* gone in between */
		char name[32];
		d0_domain_name(info.domain, x.name, name);
		uint32_t f = info.flags;
		bool crashed = (f & XEN_DOMINF_shutdown) &&
			       ((f >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) == SHUTDOWN_crash;
		printf("%-40s %5u %5lu %5u     %c%c%c%c%c%c  %8.1f\n", name, info.domain,
		       (unsigned long)(info.tot_pages * 4 / 1024), info.nr_online_vcpus,
		       state_char(f, XEN_DOMINF_running, 'r'), state_char(f, XEN_DOMINF_blocked, 'b'),
		       state_char(f, XEN_DOMINF_paused, 'p'),
		       (f & XEN_DOMINF_shutdown) && !crashed ? 's' : '-', crashed ? 'c' : '-',
		       state_char(f, XEN_DOMINF_dying, 'd'), (double)info.cpu_time / 1e9);
	}
}

/* A domain other than dom0, named by argv[1]. */
static bool other_domain(char **argv, domid_t *d, char name[32])
{
	if (!d0_cmd_domain(argv[0], argv[1], d, name))
		return false;
	if (*d == 0) {
		printf("%s: domain 0 is this shell's own domain\n", argv[0]);
		return false;
	}
	return true;
}

static void simple(char **argv, uint32_t cmd, const char *done)
{
	domid_t d;
	char name[32];
	if (!other_domain(argv, &d, name))
		return;
	struct xen_domctl op;
	memset(&op, 0, sizeof(op));
	long rc = domctl(cmd, d, &op);
	if (rc)
		printf("%s: d%u (%s): %s\n", argv[0], d, name, d0_strerror(rc));
	else
		printf("%s d%u (%s)\n", done, d, name);
}

void d0_cmd_destroy(int argc, char **argv)
{
	(void)argc;
	simple(argv, XEN_DOMCTL_destroydomain, "Destroyed");
}

void d0_cmd_pause(int argc, char **argv)
{
	(void)argc;
	simple(argv, XEN_DOMCTL_pausedomain, "Paused");
}

void d0_cmd_unpause(int argc, char **argv)
{
	(void)argc;
	simple(argv, XEN_DOMCTL_unpausedomain, "Unpaused");
}

void d0_cmd_shutdown(int argc, char **argv)
{
	(void)argc;
	domid_t d;
	char name[32], path[64], reply[64];
	uint32_t rlen;
	if (!other_domain(argv, &d, name))
		return;
	int n = snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", d);
	char msg[96];
	memcpy(msg, path, (size_t)n + 1);
	memcpy(msg + n + 1, "poweroff", 8);
	if (d0_store_request(XS_WRITE, msg, (uint32_t)n + 1 + 8, reply, sizeof(reply), &rlen))
		printf("shutdown: d%u (%s): writing %s failed: %s\n", d, name, path, reply);
	else
		printf("Asked d%u (%s) to power off (%s = poweroff)\n", d, name, path);
}

void d0_cmd_console(int argc, char **argv)
{
	(void)argc;
	domid_t d;
	char name[32];
	if (!other_domain(argv, &d, name))
		return;
	if (!d0_console_serves(d)) {
		printf("console: d%u (%s) has no PV console dom0 serves\n", d, name);
		return;
	}
	d0_shell_console(d, name);
}

void d0_cmd_info(int argc, char **argv)
{
	(void)argc, (void)argv;
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	char extra[16] = "", caps[1024] = "";
	HYPERVISOR_xen_version(XENVER_extraversion, extra);
	HYPERVISOR_xen_version(XENVER_capabilities, caps);
	extra[sizeof(extra) - 1] = caps[sizeof(caps) - 1] = 0;
	struct xen_sysctl op;
	memset(&op, 0, sizeof(op));
	long rc = sysctl(XEN_SYSCTL_physinfo, &op);
	if (rc) {
		printf("info: physinfo: %s\n", d0_strerror(rc));
		return;
	}
	const struct xen_sysctl_physinfo *p = &op.u.physinfo;
	struct xen_domctl_getdomaininfo info;
	unsigned doms = 0;
	for (domid_t d = 0; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1))
		doms++;
	printf("hypervisor             : Umbra (Xen %ld.%ld PV ABI)\n", ver >> 16, ver & 0xffff);
	printf("xen_major              : %ld\n", ver >> 16);
	printf("xen_minor              : %ld\n", ver & 0xffff);
	printf("xen_extra              : %s\n", extra);
	printf("xen_caps               : %s\n", caps);
	printf("nr_cpus                : %u\n", p->nr_cpus);
	printf("total_memory           : %lu\n", (unsigned long)(p->total_pages / 256));
	printf("free_memory            : %lu\n", (unsigned long)(p->free_pages / 256));
	printf("free_pages             : %lu\n", (unsigned long)p->free_pages);
	printf("domains                : %u\n", doms);
}

void d0_cmd_poweroff(int argc, char **argv)
{
	(void)argc, (void)argv;
	struct xen_domctl_getdomaininfo info;
	for (domid_t d = 1; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1)) {
		struct xen_domctl op;
		memset(&op, 0, sizeof(op));
		long rc = domctl(XEN_DOMCTL_destroydomain, info.domain, &op);
		if (rc)
			printf("poweroff: destroying d%u: %s\n", info.domain, d0_strerror(rc));
	}
	printf("dom0: powering off\n");
	exit(0);
}
