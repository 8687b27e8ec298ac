/* A line typed into a demo guest's console (demo/line.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* The next non-empty line typed, without its end, into line (at most cap - 1
 * characters kept, the rest of a longer line dropped); a line ends at CR or
 * LF, since a serial terminal sends CR for Enter.  False at end of input. */
bool demo_read_line(char *line, size_t cap);
