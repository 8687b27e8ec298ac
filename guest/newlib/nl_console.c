/*
 * The console of a newlib guest.  The initial domain (SIF_INITDOMAIN) has no
 * console ring and uses console_io, as in Xen: writes go straight to the
 * hypervisor console, reads take what CONSOLEIO_read has and otherwise wait
 * for VIRQ_CONSOLE.  Any other domain has the PV console ring its builder
 * announced in start_info (console.domU: the page, mapped in the start-of-day
 * region, and the event channel of its back end), used through cons_ring.c.
 * Output goes into the ring only while the back end says it serves it: the
 * builder sets the page's connection byte to XENCONSOLE_DISCONNECTED and the
 * back end clears it when it connects (Xen 4.21's protocol; a zeroed page,
 * as older toolstacks leave it, reads as connected).  Until then output goes
 * through console_io, so it is neither lost nor stuck in a ring nobody
 * empties.  Input always comes from the ring (none arrives before the back
 * end connects); a domain without a ring reads through console_io too,
 * which Xen refuses to unprivileged domains (EIO).
 * Waiting is SCHEDOP_poll on the port, which is kept masked so the event
 * upcall leaves its pending bit to us; the bit is cleared before the ring
 * (or console_io) is looked at for the last time before a poll, so no
 * notification is lost.
 */
#include <errno.h>
#include <stdbool.h>
#include "cons_ring.h"
#include "events.h"
#include "nl.h"
#include "pt.h"

#define CONSOLE_IO_CHUNK 65536

static volatile struct xencons_interface *ring;  /* NULL: console_io */
static evtchn_port_t ring_port, virq_port;
static char last_byte = '\n';

void nl_console_init(void)
{
	uint64_t mfn = start_info->console.domU.mfn;
	evtchn_port_t port = start_info->console.domU.evtchn;
	if ((start_info->flags & SIF_INITDOMAIN) || !mfn || !port)
		return;
	uint64_t pfn = pt_pfn(mfn);
	if (pfn >= start_info->nr_pages || pt_mfn(pfn) != mfn)
		return;                 /* not a frame of ours: no ring to use */
	ring = (volatile struct xencons_interface *)pt_pfn_va(pfn);
	ring_port = port;
	events_mask(port);
}

int nl_console_at_line_start(void)
{
	return last_byte == '\n';
}

/* Sleep until port is pending, unless ready() (looked at after clearing the
 * bit) says there is no need. */
static void wait_on(evtchn_port_t port, bool (*ready)(void))
{
	events_clear(port);
	if (!ready())
		evtchn_poll(&port, 1, 0);
}

static bool out_has_room(void)
{
	return ring->out_prod - ring->out_cons < sizeof(ring->out);
}

static bool in_has_data(void)
{
	return ring->in_prod != ring->in_cons;
}

int nl_console_write(const char *buf, size_t len)
{
	if (len)
		last_byte = buf[len - 1];
	if (!ring || ring->connection == XENCONSOLE_DISCONNECTED) {
		for (size_t n; len; buf += n, len -= n) {
			n = len < CONSOLE_IO_CHUNK ? len : CONSOLE_IO_CHUNK;
			puts_raw(buf, n);
		}
		return 0;
	}
	while (len) {
		long n = cons_ring_put(ring->out, sizeof(ring->out), &ring->out_prod, &ring->out_cons, buf, len);
		if (n < 0)
			return -1;
		if (n) {
			evtchn_send(ring_port);
			buf += n;
			len -= (size_t)n;
		} else {
			wait_on(ring_port, out_has_room);
		}
	}
	return 0;
}

ssize_t nl_console_read(char *buf, size_t len)
{
	if (!len)
		return 0;
	if (ring) {
		for (;;) {
			long n = cons_ring_get(ring->in, sizeof(ring->in), &ring->in_prod, &ring->in_cons, buf, len);
			if (n < 0) {
				errno = EIO;
				return -1;
			}
			if (n) {
				evtchn_send(ring_port);         /* the back end may wait for room */
				return n;
			}
			wait_on(ring_port, in_has_data);
		}
	}
	for (;;) {
		if (virq_port)
			events_clear(virq_port);
		long n = HYPERVISOR_console_io(CONSOLEIO_read, len < CONSOLE_IO_CHUNK ? (unsigned)len : CONSOLE_IO_CHUNK, buf);
		if (n > 0)
			return n;
		if (n < 0) {
			errno = EIO;            /* -EPERM: this domain may not read the console */
			return -1;
		}
		if (!virq_port) {
			if (evtchn_bind_virq(VIRQ_CONSOLE, &virq_port)) {
				virq_port = 0;
				errno = EIO;    /* no way to learn of input */
				return -1;
			}
			events_mask(virq_port);
			continue;               /* input may have come before the binding */
		}
		evtchn_poll(&virq_port, 1, 0);
	}
}
