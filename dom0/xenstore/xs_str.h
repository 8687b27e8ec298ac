/*
 * Byte-string helpers for the XenStore library, which runs freestanding:
 * the only C library functions it calls are memcpy, memmove, memset and
 * memcmp (declared here; the freestanding build check refuses any other
 * outside symbol).  Payloads are counted byte arrays that may hold NULs, so
 * everything here takes explicit lengths and never reads past them.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Length of the NUL-terminated string s (s must hold a NUL). */
size_t xs_strlen(const char *s);

/* Offset of the first NUL in p[0..n), or n if there is none. */
size_t xs_nul_at(const char *p, size_t n);

/* a[0..alen) equals the NUL-terminated b. */
bool xs_eq(const char *a, size_t alen, const char *b);

/* Decimal text of v into buf (at least 21 bytes), NUL-terminated; returns
   its length.  xs_fmt_i is the signed form. */
size_t xs_fmt_u(char *buf, uint64_t v);
size_t xs_fmt_i(char *buf, int64_t v);

/* C's atoi on the NUL-terminated s: leading blanks, a sign, decimal digits,
   stopping at the first other character; 0 if there are no digits.  Values
   beyond the int range saturate (C leaves them undefined). */
int xs_atoi(const char *s);

/* C's strtol(s, &end, 0) on the NUL-terminated s, saturating at the long
   range as strtol does: base 16 after "0x", 8 after "0", else 10.  *end is
   set to the offset of the first unused character (0 if no digits). */
int64_t xs_strtol0(const char *s, size_t *end);

/* Number of NUL bytes in p[0..n): xenstored's count of "strings". */
unsigned int xs_count_nuls(const char *p, size_t n);
