/*
 * An intrusive hash map keyed by byte strings (node paths), used for the
 * store itself and for each transaction's view of it.  Items embed a
 * struct xs_hlink whose key stays valid while the item is in the map.
 *
 * The map grows its bucket array when it gets crowded; if that allocation
 * fails it keeps working with the old array (only slower), so inserting
 * never fails.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xs_alloc.h"

struct xs_hlink {
	struct xs_hlink *next;
	const char *key;
	uint32_t klen;
	uint32_t hash;
};

struct xs_hmap {
	struct xs_hlink **b;
	uint32_t nb;                    /* buckets, a power of two */
	uint32_t count;
	const struct xs_alloc *a;
};

uint32_t xs_hash(const char *key, size_t klen);

/* False if the first bucket array cannot be allocated. */
bool xs_hmap_init(struct xs_hmap *m, const struct xs_alloc *a);
/* Frees the bucket array; the items are the caller's. */
void xs_hmap_fini(struct xs_hmap *m);

struct xs_hlink *xs_hmap_find(const struct xs_hmap *m, const char *key, size_t klen);
/* Adds l (its key and hash set by xs_hlink_set); the key must not be in m. */
void xs_hmap_add(struct xs_hmap *m, struct xs_hlink *l);
void xs_hmap_del(struct xs_hmap *m, struct xs_hlink *l);
void xs_hlink_set(struct xs_hlink *l, const char *key, size_t klen);

/* Calls fn on every item; fn may delete the item it is given. */
void xs_hmap_each(struct xs_hmap *m, void (*fn)(struct xs_hlink *l, void *arg),
                  void *arg);
