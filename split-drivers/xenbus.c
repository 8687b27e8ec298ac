/*
 * A vbd back end's state decisions (xenbus.h).  The table, after Linux
 * blkback's frontend_changed and the order of events in
 * design/driver-domain.md 4.6:
 *
 *   back Initialising            -> InitWait (features published)
 *   back InitWait, front 3 or 4  -> connect (Linux-style 1->3 and
 *                                   Mini-OS-style 1->4 alike)
 *   front Closing (5)            -> back Closing (disconnect)
 *   front Closed (6) or Unknown  -> back Closed (disconnect)
 *   back Closed, front Initialising (1) -> InitWait again (reconnect)
 *   anything else                -> wait
 */
#include "xenbus.h"

enum vbd_back_action vbd_back_next(enum xenbus_state back, enum xenbus_state front)
{
	if (back == XenbusStateInitialising)
		return VBD_INIT_WAIT;
	if (back == XenbusStateClosed)
		return front == XenbusStateInitialising ? VBD_REWAIT : VBD_WAIT;
	if (front == XenbusStateClosed || front == XenbusStateUnknown)
		return VBD_CLOSED;
	if (front == XenbusStateClosing)
		return back == XenbusStateClosing ? VBD_WAIT : VBD_CLOSING;
	if (back == XenbusStateInitWait &&
	    (front == XenbusStateInitialised || front == XenbusStateConnected))
		return VBD_CONNECT;
	return VBD_WAIT;
}

enum vbd_back_action vif_back_next(enum xenbus_state back, enum xenbus_state front)
{
	enum vbd_back_action a = vbd_back_next(back, front);
	return a == VBD_CONNECT && front != XenbusStateConnected ? VBD_WAIT : a;
}

bool xenbus_parse_state(const char *text, enum xenbus_state *out)
{
	if (text[0] < '0' || text[0] > '8' || text[1] != 0)
		return false;
	*out = (enum xenbus_state)(text[0] - '0');
	return true;
}

bool xenbus_parse_u(const char *text, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;
	unsigned digits = 0;
	for (; *text; text++, digits++) {
		if (*text < '0' || *text > '9' || digits == 20)
			return false;
		uint64_t d = (uint64_t)(*text - '0');
		if (n > (UINT64_MAX - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*out = n;
	return digits > 0 && n <= max;
}
