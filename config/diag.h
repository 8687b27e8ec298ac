/*
 * Located error messages: every problem umbra-config finds in a
 * description becomes one "file:line: message" line.
 *
 * Checks never stop at the first problem; they add to a diag and go on,
 * so the user sees every error in one run.  diag_print() sorts the
 * messages by line (stable, so messages on one line keep the order the
 * checks found them in) and writes them; the caller exits non-zero when
 * diag_count() is not 0.
 */
#pragma once

#include <stddef.h>
#include <stdio.h>

struct diag_msg;

struct diag {
	const char *file;       /* as the user named it */
	struct diag_msg *msgs;
	size_t count, cap;
};

void diag_init(struct diag *d, const char *file);
void diag_error(struct diag *d, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t diag_count(const struct diag *d);
void diag_print(struct diag *d, FILE *out);
void diag_free(struct diag *d);
