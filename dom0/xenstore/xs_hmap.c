/*
 * Intrusive string-keyed hash map (see xs_hmap.h).  Invariant: every item
 * is in the bucket its hash selects, and count is the number of items.
 */
#include "xs_hmap.h"
#include "xs_str.h"

#define FIRST_BUCKETS 64u

uint32_t xs_hash(const char *key, size_t klen)
{
	uint32_t h = 2166136261u;       /* FNV-1a */

	for (size_t i = 0; i < klen; i++) {
		h ^= (uint8_t)key[i];
		h *= 16777619u;
	}
	return h;
}

bool xs_hmap_init(struct xs_hmap *m, const struct xs_alloc *a)
{
	m->a = a;
	m->count = 0;
	m->nb = FIRST_BUCKETS;
	m->b = xs_mem_get(a, m->nb * sizeof(*m->b));
	if (!m->b)
		return false;
	memset(m->b, 0, m->nb * sizeof(*m->b));
	return true;
}

void xs_hmap_fini(struct xs_hmap *m)
{
	xs_mem_put(m->a, m->b, m->nb * sizeof(*m->b));
	m->b = NULL;
}

void xs_hlink_set(struct xs_hlink *l, const char *key, size_t klen)
{
	l->key = key;
	l->klen = (uint32_t)klen;
	l->hash = xs_hash(key, klen);
}

struct xs_hlink *xs_hmap_find(const struct xs_hmap *m, const char *key, size_t klen)
{
	uint32_t h = xs_hash(key, klen);

	for (struct xs_hlink *l = m->b[h & (m->nb - 1)]; l; l = l->next)
		if (l->hash == h && l->klen == klen && !memcmp(l->key, key, klen))
			return l;
	return NULL;
}

static void grow(struct xs_hmap *m)
{
	uint32_t nb = m->nb * 2;
	struct xs_hlink **b = xs_mem_get(m->a, nb * sizeof(*b));

	if (!b)
		return;
	memset(b, 0, nb * sizeof(*b));
	for (uint32_t i = 0; i < m->nb; i++) {
		struct xs_hlink *l = m->b[i], *next;

		for (; l; l = next) {
			next = l->next;
			l->next = b[l->hash & (nb - 1)];
			b[l->hash & (nb - 1)] = l;
		}
	}
	xs_mem_put(m->a, m->b, m->nb * sizeof(*m->b));
	m->b = b;
	m->nb = nb;
}

void xs_hmap_add(struct xs_hmap *m, struct xs_hlink *l)
{
	struct xs_hlink **head;

	if (m->count >= 2 * m->nb && m->nb < (1u << 24))
		grow(m);
	head = &m->b[l->hash & (m->nb - 1)];
	l->next = *head;
	*head = l;
	m->count++;
}

void xs_hmap_del(struct xs_hmap *m, struct xs_hlink *l)
{
	struct xs_hlink **pp = &m->b[l->hash & (m->nb - 1)];

	while (*pp != l)
		pp = &(*pp)->next;
	*pp = l->next;
	m->count--;
}

void xs_hmap_each(struct xs_hmap *m, void (*fn)(struct xs_hlink *l, void *arg),
                  void *arg)
{
	for (uint32_t i = 0; i < m->nb; i++) {
		struct xs_hlink *l = m->b[i], *next;

		for (; l; l = next) {
			next = l->next;
			fn(l, arg);
		}
	}
}
