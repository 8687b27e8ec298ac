/*
 * Turning the text of attributes and elements into values.
 *
 * The schema treats every value as text, so this is where a value's
 * spelling is judged: each function either produces the value or adds
 * one located message saying what is wrong with the text as written, and
 * reports which by its return value.  Callers skip the checks that would
 * depend on a value that did not parse, so one mistake gives one message.
 *
 * Numbers are decimal, or hexadecimal with a 0x prefix, and never
 * negative; a number too large for 64 bits is simply out of range.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

bool value_number(struct diag *d, long line, const char *what, const char *text,
		  uint64_t min, uint64_t max, bool hex, uint64_t *out);

/* choices is NULL-terminated; returns the index of text in it, or -1. */
int value_choice(struct diag *d, long line, const char *what, const char *text,
		 const char *const *choices);

/* <memory unit=UNIT>TEXT</memory>, in KiB, a whole number of pages. */
bool value_memory(struct diag *d, long line, const char *text, const char *unit, uint64_t *kib);

/* "xx:xx:xx:xx:xx:xx" in hex digits of either case. */
bool value_mac(const char *text, uint8_t mac[6]);

/* Memory for messages: "16 MiB", or "1028 KiB" when not whole MiB. */
const char *value_kib_text(char buf[32], uint64_t kib);
