/*
 * Byte-string helpers (see xs_str.h): lengths, comparisons, decimal text
 * and the two number parsers whose exact C behaviour xenstored's answers
 * depend on (atoi for domain ids, strtol with base 0 for permission ids).
 * Invariant: no function reads past the bytes it is given.
 */
#include "xs_str.h"

size_t xs_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t xs_nul_at(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++)
		;
	return i;
}

bool xs_eq(const char *a, size_t alen, const char *b)
{
	size_t blen = xs_strlen(b);

	return alen == blen && !memcmp(a, b, alen);
}

size_t xs_fmt_u(char *buf, uint64_t v)
{
	char tmp[21];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return n;
}

size_t xs_fmt_i(char *buf, int64_t v)
{
	if (v >= 0)
		return xs_fmt_u(buf, (uint64_t)v);
	buf[0] = '-';
	return 1 + xs_fmt_u(buf + 1, 0 - (uint64_t)v);
}

static bool is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Digits of base at s; saturates at limit (the magnitude's maximum). */
static uint64_t parse_digits(const char *s, unsigned int base, uint64_t limit,
                             size_t *used)
{
	uint64_t v = 0;
	size_t i = 0;
	int d;

	while ((d = digit_value(s[i])) < (int)base) {
		if (v > (limit - (uint64_t)d) / base)
			v = limit;
		else
			v = v * base + (uint64_t)d;
		i++;
	}
	*used = i;
	return v;
}

/* Skip leading blanks and a sign; returns the offset after them. */
static size_t skip_sign(const char *s, bool *neg)
{
	size_t i = 0;

	while (is_blank(s[i]))
		i++;
	*neg = s[i] == '-';
	if (s[i] == '+' || s[i] == '-')
		i++;
	return i;
}

int xs_atoi(const char *s)
{
	bool neg;
	size_t i = skip_sign(s, &neg), used;
	uint64_t v;

	v = parse_digits(s + i, 10, neg ? 0x80000000u : 0x7fffffffu, &used);
	return neg ? (int)(0 - (int64_t)v) : (int)v;
}

int64_t xs_strtol0(const char *s, size_t *end)
{
	bool neg;
	size_t i = skip_sign(s, &neg), used;
	unsigned int base = 10;
	uint64_t v;

	if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
	    digit_value(s[i + 2]) < 16) {
		base = 16;
		i += 2;
	} else if (s[i] == '0') {
		base = 8;
	}
	v = parse_digits(s + i, base, neg ? (1ull << 63) : (1ull << 63) - 1, &used);
	*end = used ? i + used : 0;
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

unsigned int xs_count_nuls(const char *p, size_t n)
{
	unsigned int c = 0;

	for (size_t i = 0; i < n; i++)
		c += !p[i];
	return c;
}
