/*
 * dom0's console back end: Xen's PV console (struct xencons_interface) of
 * every other domain, as xenconsoled serves it.  Each domain's console page
 * (getinfo_ext, as the builder made it) is mapped into a page slot, its
 * console port bound, the page marked XENCONSOLE_CONNECTED and the domain
 * signalled; from then on what the domain writes into the out ring is
 * taken (guest/cons_ring.c: the guest's index read once and checked, a
 * corrupt ring is dropped, never trusted) and printed line by line, tagged
 * with the domain's id and name, non-printable bytes replaced, a line
 * longer than LINE_MAX split.  When the domain is gone its last partial
 * line is printed and the slot gets its own frame back.
 *
 * Input typed at the shell after `console ID` goes into that domain's in
 * ring (what does not fit is dropped: the guest is not reading) and the
 * domain is signalled.
 *
 * Invariant: a served domain's page is mapped and its port bound exactly
 * while it is in cons[] with used set.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "cons_ring.h"
#include "d0_console.h"
#include "d0_map.h"
#include "d0_shell.h"
#include "domctl.h"
#include "events.h"

#define MAX_DOMS 32
#define LINE_MAX 200

static struct {
	bool used, broken;
	uint16_t domid;
	char name[32];
	volatile struct xencons_interface *page;
	uint32_t port;
	char line[LINE_MAX + 1];
	size_t len;
} cons[MAX_DOMS];

static void flush_line(unsigned i)
{
	cons[i].line[cons[i].len] = 0;
	d0_shell_hide();
	printf("d%u (%s): %s\n", cons[i].domid, cons[i].name, cons[i].line);
	cons[i].len = 0;
}

static void take(unsigned i)
{
	char buf[256];
	long n;
	while (!cons[i].broken &&
	       (n = cons_ring_get(cons[i].page->out, sizeof(cons[i].page->out), &cons[i].page->out_prod,
				  &cons[i].page->out_cons, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			d0_shell_hide();
			printf("console: d%u's ring indices are corrupt; no longer served\n", cons[i].domid);
			cons[i].broken = true;
			break;
		}
		evtchn_send(cons[i].port);
		for (long k = 0; k < n; k++) {
			char c = buf[k];
			if (c == '\n' || cons[i].len == LINE_MAX) {
				flush_line(i);
				if (c == '\n')
					continue;
			}
			if (c != '\r')
				cons[i].line[cons[i].len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '?';
		}
	}
}

static bool alive(uint16_t domid)
{
	struct xen_domctl_getdomaininfo info;
	return domctl_getinfo(domid, &info) == 0 && info.domain == domid;
}

void d0_console_add(const struct umbra_domctl_getinfo_ext *x)
{
	unsigned i = 0;
	while (i < MAX_DOMS && cons[i].used)
		i++;
	if (i == MAX_DOMS)
		return;
	volatile struct xencons_interface *page = d0_map_foreign(x->domain, x->console_mfn);
	evtchn_port_t port;
	if (!page)
		return;
	if (evtchn_bind_interdomain(x->domain, x->console_port, &port)) {
		d0_unmap_foreign((void *)page);
		return;
	}
	events_mask(port);
	cons[i] = (typeof(cons[i])){ .used = true, .domid = x->domain, .page = page, .port = port };
	snprintf(cons[i].name, sizeof(cons[i].name), "%s", x->name);
	page->connection = XENCONSOLE_CONNECTED;
	evtchn_send(port);
	take(i);
}

void d0_console_sync(void)
{
	for (unsigned i = 0; i < MAX_DOMS; i++)
		if (cons[i].used && !alive(cons[i].domid)) {
			take(i);                /* what it wrote before it went */
			if (cons[i].len)
				flush_line(i);
			evtchn_close(cons[i].port);
			d0_unmap_foreign((void *)cons[i].page);
			cons[i].used = false;
		}
	struct xen_domctl_getdomaininfo info;
	for (domid_t d = 1; domctl_getinfo(d, &info) == 0; d = (domid_t)(info.domain + 1)) {
		struct umbra_domctl_getinfo_ext x;
		if (domctl_getinfo_ext(info.domain, &x) || x.domain != info.domain || !x.console_mfn)
			continue;
		bool served = false;
		for (unsigned i = 0; i < MAX_DOMS; i++)
			served |= cons[i].used && cons[i].domid == x.domain;
		if (!served)
			d0_console_add(&x);
	}
}

unsigned d0_console_ports(uint32_t *ports, unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < MAX_DOMS && n < max; i++)
		if (cons[i].used && !cons[i].broken)
			ports[n++] = cons[i].port;
	return n;
}

void d0_console_serve(uint32_t p)
{
	for (unsigned i = 0; i < MAX_DOMS; i++)
		if (cons[i].used && cons[i].port == p)
			take(i);
}

bool d0_console_serves(uint16_t domid)
{
	for (unsigned i = 0; i < MAX_DOMS; i++)
		if (cons[i].used && !cons[i].broken && cons[i].domid == domid)
			return true;
	return false;
}

long d0_console_input(uint16_t domid, const char *buf, size_t n)
{
	for (unsigned i = 0; i < MAX_DOMS; i++)
		if (cons[i].used && !cons[i].broken && cons[i].domid == domid) {
			long put = cons_ring_put(cons[i].page->in, sizeof(cons[i].page->in), &cons[i].page->in_prod,
						 &cons[i].page->in_cons, buf, n);
			if (put < 0) {
				d0_shell_hide();
				printf("console: d%u's ring indices are corrupt; no longer served\n", domid);
				cons[i].broken = true;
				return -1;
			}
			evtchn_send(cons[i].port);
			return put;
		}
	return -1;
}
