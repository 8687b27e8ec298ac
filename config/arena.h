/*
 * One owner for everything a loaded description allocates.
 *
 * The description model points at many small strings and arrays; rather
 * than track each, they all come from an arena and go back with one
 * arena_free().  Allocation failure ends the program with a message
 * (out_of_memory()): a host tool has nothing better to do.
 */
#pragma once

#include <stddef.h>

struct arena {
	struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t size);      /* zeroed */
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);
_Noreturn void out_of_memory(void);
