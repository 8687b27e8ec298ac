/*
 * Invariants of the XenStore library, recomputed from scratch and compared
 * with what the library keeps (used after every unit test and after every
 * fuzzer step):
 *   - the tree: every node but the root has a parent listing it exactly
 *     once, every listed child exists, and each node's owner is a known
 *     domain;
 *   - accounting: each domain's node, watch, outstanding and memory
 *     counters equal what its nodes, connections, transactions, watches and
 *     queued output add up to;
 *   - output: every queued message has a well-formed header.
 * Host only (uses snprintf for the reason text).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "xs_core.h"

/* True if all hold; else false with the first violation in why. */
bool xs_check(const struct xs_server *s, char *why, size_t n);
