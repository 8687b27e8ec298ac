/*
 * Domain lifecycle in the store: introduce, release, shutdown and
 * destruction (the public functions are declared in xs_server.h).
 *
 * Introducing a domain maps its ring page, binds an event channel to the
 * port it left unbound for the store, marks the page connected, resets the
 * ring's indices and anything the connection held (as xenstored does on
 * every INTRODUCE), and fires @introduceDomain.  Introducing a domain
 * already introduced only rebinds its event channel (and resets).
 * Releasing one drops its watches first (so it hears nothing of its own
 * removal), closes its connection, removes every node it owns, forgets it,
 * and fires @releaseDomain.
 */
#pragma once
#include "xs_core.h"

/* XS_RESUME: the domain runs again after a shutdown. */
int xs_intro_resume(struct xs_server *s, uint32_t domid);
/* XS_SET_TARGET: domid may act for target as if it were target. */
int xs_intro_set_target(struct xs_server *s, uint32_t domid, uint32_t target);
