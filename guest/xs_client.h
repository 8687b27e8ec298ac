/* A minimal XenStore client over the domain's own ring (xs_client.c). */
#pragma once
#include "guest.h"
#include "public/io/xs_wire.h"

/* One request: type, its payload (len bytes), the reply into buf (at most
 * cap - 1 bytes, NUL added); the reply's type (XS_ERROR: buf holds the
 * error name), or -1 if no reply came within timeout_ns. */
long xs_client_request(uint32_t type, const void *payload, uint32_t len, char *buf, uint32_t cap,
		       uint64_t timeout_ns);
/* The same inside transaction tx (0: none). */
long xs_client_request_tx(uint32_t tx, uint32_t type, const void *payload, uint32_t len, char *buf,
			  uint32_t cap, uint64_t timeout_ns);
/* The same for requests whose payload is one NUL-terminated path. */
long xs_client_path(uint32_t type, const char *path, char *buf, uint32_t cap);
/* XS_WRITE of value (no NUL) at path. */
long xs_client_write(const char *path, const char *value, char *buf, uint32_t cap);
/* The next watch event ("path\0token\0" into buf, at most cap bytes): its
 * payload length, or -1 if none came within timeout_ns.  Events that came
 * while a request waited for its reply are kept (up to XS_CLIENT_EVENTS)
 * and given first. */
#define XS_CLIENT_EVENTS 8
long xs_client_event(char *buf, uint32_t cap, uint64_t timeout_ns);
/* Without waiting: take every queued or arrived watch event whose token is
 * token out of the queue (others stay for xs_client_event); true if there
 * was one.  For a driver that shares the connection with other watchers. */
bool xs_client_event_take(const char *token);
