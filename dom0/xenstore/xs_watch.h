/*
 * Watches, as xenstored 4.17 keeps them.
 *
 * A watch (path, token) on a connection fires a WATCH_EVENT "path\0token\0"
 * for every change at or below its path: a write, a mkdir that created
 * the node, a permission change, a removal (a removed subtree reports its
 * top node to watches at or above it, and each removed node below to
 * watches exactly on it).  It fires once as soon as it is set.  A change
 * made in a transaction fires when, and only if, the transaction commits.
 * The special paths @introduceDomain and @releaseDomain fire when a domain
 * is introduced, and when one is released or shuts down.
 *
 * A watcher only hears of a node it may read, or whose parent it may read
 * (or, for a permission change, that it could read before).  Events whose
 * watch was given relative to the watcher's home report relative paths.
 * An event identical to one still queued for the connection is not queued
 * twice (special events excepted); an unprivileged watcher at its memory
 * quota loses the event.
 */
#pragma once
#include "xs_core.h"

int xs_watch_add(struct xs_conn *c, const char *path, uint32_t plen,
                 const char *token, uint32_t tlen, bool relative);
int xs_watch_del(struct xs_conn *c, const char *path, uint32_t plen,
                 const char *token, uint32_t tlen);
/* Remove every watch of c. */
void xs_watch_clear(struct xs_conn *c);

/* Node path[0..plen) changed (node: its perms after the change, or before
   a removal; old_perms: its perms before a permission change, or NULL).
   exact: only watches on exactly this path fire.  by: the connection whose
   request made the change (NULL: the server). */
void xs_watch_fire(struct xs_server *s, struct xs_conn *by, const char *path,
                   uint32_t plen, const struct xs_node *node,
                   const struct xs_node *old_perms, bool exact);
void xs_watch_fire_special(struct xs_server *s, int which);

/* Queue the event for watch w on c (the initial event, or a firing). */
void xs_watch_event(struct xs_conn *c, const struct xs_watch *w,
                    const char *path, uint32_t plen, struct xs_conn *by);
