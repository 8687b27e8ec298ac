/*
 * The arena behind arena.h: a list of separately allocated blocks, each
 * holding one allocation, all freed together.  Descriptions are small, so
 * simplicity beats packing.
 */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = calloc(1, sizeof *b + size);

	if (!b)
		out_of_memory();
	b->next = a->head;
	a->head = b;
	return b->data;
}

char *arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(arena_alloc(a, n), s, n);
}

void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_block *b = a->head;
		a->head = b->next;
		free(b);
	}
}

void out_of_memory(void)
{
	fputs("umbra-config: out of memory\n", stderr);
	exit(2);
}
