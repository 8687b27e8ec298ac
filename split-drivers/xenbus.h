/*
 * The xenbus connection states (public io/xenbus.h) and the decisions a
 * vbd back end takes from its own state and its front end's
 * (design/driver-domain.md 4.3 and 4.6), as a pure function the back-end
 * domain's loop and host tests share.  Level-triggered: the decision
 * depends only on the two states now, so coalesced watch events lose
 * nothing.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

enum xenbus_state {
	XenbusStateUnknown       = 0,
	XenbusStateInitialising  = 1,
	XenbusStateInitWait      = 2,
	XenbusStateInitialised   = 3,
	XenbusStateConnected     = 4,
	XenbusStateClosing       = 5,
	XenbusStateClosed        = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured  = 8,
};

enum vbd_back_action {
	VBD_WAIT,               /* nothing to do until a state changes */
	VBD_INIT_WAIT,          /* publish the features, go to InitWait */
	VBD_CONNECT,            /* read the front end's ring-ref, event-channel and protocol,
				 * map, bind, publish sectors/info/sector-size, go to Connected */
	VBD_CLOSING,            /* unmap and unbind (if connected), go to Closing */
	VBD_CLOSED,             /* unmap and unbind (if connected), go to Closed */
	VBD_REWAIT,             /* the front end starts again: back to InitWait */
};

/* back: the back end's own state; front: the front end's (Unknown when
 * its node is unreadable or gone).  A back end that cut a broken front end
 * off sits in Closing and is only moved on by the front end closing. */
enum vbd_back_action vbd_back_next(enum xenbus_state back, enum xenbus_state front);

/* The same for a vif back end: netback ignores a front end's Initialised
 * (3) and connects only when it is Connected (4) (design/driver-domain.md
 * 4.4); otherwise as vbd_back_next. */
enum vbd_back_action vif_back_next(enum xenbus_state back, enum xenbus_state front);

/* A state node's text as a state: false unless it is one decimal digit 0..8. */
bool xenbus_parse_state(const char *text, enum xenbus_state *out);

/* A XenStore number: 1..20 decimal digits, nothing else, at most max. */
bool xenbus_parse_u(const char *text, uint64_t max, uint64_t *out);
