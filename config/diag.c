/*
 * The diagnostics list behind diag.h.  Messages are formatted when they
 * are reported and kept until diag_print(), which orders them by line so
 * that the output reads top to bottom like the file, whichever check
 * found each problem.  A message that repeats the one just reported, for
 * the same line, is dropped.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct diag_msg {
	long line;
	size_t seq;
	char *text;
};

void diag_init(struct diag *d, const char *file)
{
	*d = (struct diag){ .file = file };
}

void diag_error(struct diag *d, long line, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		out_of_memory();
	va_end(ap);
	if (d->count && d->msgs[d->count - 1].line == line && !strcmp(d->msgs[d->count - 1].text, text)) {
		free(text);     /* libxml2 can report one problem several times */
		return;
	}
	if (d->count == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->msgs = realloc(d->msgs, d->cap * sizeof *d->msgs);
		if (!d->msgs)
			out_of_memory();
	}
	d->msgs[d->count] = (struct diag_msg){ line, d->count, text };
	d->count++;
}

size_t diag_count(const struct diag *d)
{
	return d->count;
}

static int by_line(const void *a, const void *b)
{
	const struct diag_msg *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_print(struct diag *d, FILE *out)
{
	if (d->count)
		qsort(d->msgs, d->count, sizeof *d->msgs, by_line);
	for (size_t i = 0; i < d->count; i++)
		fprintf(out, "%s:%ld: %s\n", d->file, d->msgs[i].line, d->msgs[i].text);
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->msgs[i].text);
	free(d->msgs);
	*d = (struct diag){ 0 };
}
