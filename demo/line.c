/*
 * Reading what is typed into a demo guest's console (dom0's shell:
 * `console ID`) a line at a time, from newlib's stdin.
 */
#include <stdio.h>
#include "line.h"

bool demo_read_line(char *line, size_t cap)
{
	size_t len = 0;
	for (int c; (c = getchar()) != EOF;) {
		if (c != '\r' && c != '\n') {
			if (len < cap - 1)
				line[len++] = (char)c;
		} else if (len) {
			line[len] = 0;
			return true;
		}
	}
	return false;
}
