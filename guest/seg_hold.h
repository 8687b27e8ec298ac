/*
 * Holding selectors across context switches between domains.
 *
 * The initial domain and each peer it starts (peer.h: one image, a role on
 * the command line, 8 MiB so that pt_alloc() works) first install their own descriptor tables, then call
 * seg_hold_initial() or seg_hold_peer() with the four selectors they hold.
 * Each registers the recording failsafe callback (failsafe.h) and loads its
 * selectors; then, for `rounds` rounds, the initial domain sends to each
 * peer in turn and waits (SCHEDOP_poll) for its answer, while the peer waits
 * for the send and answers, so the CPU goes back and forth between the
 * initial domain and every peer.  After each switch every domain checks that
 * its selectors read back unchanged and that no failsafe callback came, and
 * fails the test otherwise.  A peer prints "peer ROLE: ... held across N
 * switches" before its last answer and powers off; the initial domain
 * returns once every peer is gone.
 */
#pragma once
#include "seg.h"

void seg_hold_initial(const char *const roles[], unsigned n_roles, unsigned rounds, struct segs mine);
noreturn void seg_hold_peer(const char *role, unsigned rounds, struct segs mine);
