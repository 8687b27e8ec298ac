/*
 * A XenStore node as one immutable record: its path, permissions, value
 * (any bytes) and the names of its children (NUL-separated, in the order
 * they were created, which is the order DIRECTORY lists them).  Changing a
 * node means building a new record and swapping it in, so a reader never
 * sees a half-made node and a transaction can keep its own copy.
 *
 * Permissions are xenstored's: the first entry names the owner and, with
 * its bits, what every unlisted domain may do; later entries grant listed
 * domains their own bits.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xs_alloc.h"
#include "xs_hmap.h"

#define XS_PERM_NONE   0x00
#define XS_PERM_READ   0x01
#define XS_PERM_WRITE  0x02
#define XS_PERM_OWNER  0x08             /* internal: may change permissions */
#define XS_PERM_IGNORE 0x10             /* internal: entry names a dead domain */

#define XS_NO_GENERATION UINT64_MAX     /* "did not exist" in transactions */

/* How xenstored sizes a node for its quotas: a 24-byte record header and
   8 bytes per permission, plus the value and the child names. */
#define XS_NODE_HDR_BYTES  24u
#define XS_NODE_PERM_BYTES 8u

struct xs_perm {
	uint32_t id;                    /* domain id */
	uint32_t bits;                  /* XS_PERM_* */
};

struct xs_node {
	struct xs_hlink link;           /* keyed by path */
	uint64_t generation;            /* store generation of the last change */
	uint32_t plen, nperms, vlen, clen;
	struct xs_perm *perms;          /* nperms >= 1 */
	char *path;                     /* NUL-terminated */
	char *value;
	char *children;
};

struct xs_node_parts {
	const char *path;
	uint32_t plen;
	const struct xs_perm *perms;
	uint32_t nperms;
	const char *value;
	uint32_t vlen;
	const char *children;
	uint32_t clen;
};

/* A new record from parts (copied), generation 0; NULL if out of memory. */
struct xs_node *xs_node_new(const struct xs_alloc *a, const struct xs_node_parts *p);
void xs_node_free(const struct xs_alloc *a, struct xs_node *n);
/* The parts of n, for building a changed copy. */
void xs_node_parts_of(const struct xs_node *n, struct xs_node_parts *p);

/* The record size xenstored's entry-size quota looks at. */
uint32_t xs_node_entry_bytes(const struct xs_node *n);
/* What the node costs its owner in the memory quota (path included). */
uint32_t xs_node_mem_bytes(const struct xs_node *n);

/* Offset of child name[0..len) in n's list, or n->clen if absent. */
uint32_t xs_node_child_at(const struct xs_node *n, const char *name, uint32_t len);

/* Copies of n with a child added at the end / removed; NULL if out of memory. */
struct xs_node *xs_node_add_child(const struct xs_alloc *a, const struct xs_node *n,
                                  const char *name, uint32_t len);
struct xs_node *xs_node_del_child(const struct xs_alloc *a, const struct xs_node *n,
                                  uint32_t at);
