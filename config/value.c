/*
 * Value parsing behind value.h.  The messages name the value as the user
 * wrote it, so that a search of the file finds it.
 */
#include "value.h"

#include <stdio.h>
#include <string.h>

#include "manifest.h"

static int digit(char c, unsigned base)
{
	unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0')
		   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
		   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
	return v < base ? (int)v : -1;
}

/* 0 ok, -1 not a number, -2 does not fit in 64 bits. */
static int parse(const char *text, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	bool big = false;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	if (!*text)
		return -1;
	for (; *text; text++) {
		int x = digit(*text, base);
		if (x < 0)
			return -1;
		if (v > (UINT64_MAX - (unsigned)x) / base)
			big = true;
		v = v * base + (unsigned)x;
	}
	*out = v;
	return big ? -2 : 0;
}

bool value_number(struct diag *d, long line, const char *what, const char *text,
		  uint64_t min, uint64_t max, bool hex, uint64_t *out)
{
	uint64_t v = 0;
	int r = parse(text, &v);

	if (r == -1) {
		diag_error(d, line, "%s '%s' is not a number", what, text);
		return false;
	}
	if (r == -2 || v < min || v > max) {
		diag_error(d, line, hex ? "%s %s is out of range (%#llx..%#llx)"
				       : "%s %s is out of range (%llu..%llu)",
			   what, text, (unsigned long long)min, (unsigned long long)max);
		return false;
	}
	*out = v;
	return true;
}

int value_choice(struct diag *d, long line, const char *what, const char *text,
		 const char *const *choices)
{
	char expected[128] = "";
	int n = 0;

	for (; choices[n]; n++)
		if (!strcmp(text, choices[n]))
			return n;
	for (int i = 0; i < n; i++)
		snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%s",
			 i == 0 ? "" : i == n - 1 ? " or " : ", ", choices[i]);
	diag_error(d, line, "unknown %s '%s' (expected %s)", what, text, expected);
	return -1;
}

bool value_memory(struct diag *d, long line, const char *text, const char *unit, uint64_t *kib)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", NULL };
	uint64_t v = 0;
	int u = unit ? value_choice(d, line, "memory unit", unit, units) : 0;
	int r = parse(text, &v);

	if (r == -1) {
		diag_error(d, line, "memory '%s' is not a number", text);
		return false;
	}
	if (u < 0)
		return false;
	if (r == -2 || v > MANIFEST_MEMORY_MAX_KIB >> (10 * u)) {
		diag_error(d, line, "memory %s %s is more than 1 TiB", text, units[u]);
		return false;
	}
	v <<= 10 * u;
	if (v % MANIFEST_PAGE_KIB) {
		diag_error(d, line, "memory %s KiB is not a whole number of 4 KiB pages", text);
		return false;
	}
	*kib = v;
	return true;
}

bool value_mac(const char *text, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		const char *p = text + 3 * i;
		int hi = digit(p[0], 16), lo = hi < 0 ? -1 : digit(p[1], 16);
		if (lo < 0 || p[2] != (i == 5 ? '\0' : ':'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

const char *value_kib_text(char buf[32], uint64_t kib)
{
	if (kib % 1024)
		snprintf(buf, 32, "%llu KiB", (unsigned long long)kib);
	else
		snprintf(buf, 32, "%llu MiB", (unsigned long long)(kib / 1024));
	return buf;
}
