/* Reading and writing keys of a device directory in XenStore (xb_dir.c),
 * for the split-device front ends (blkfront, netfront). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define XB_TIMEOUT 5000000000ull

/* dir/key into out (at most cap - 1 bytes); false if unreadable. */
bool xb_read(const char *dir, const char *key, char *out, unsigned cap);
/* dir/key as a strictly decimal number. */
bool xb_read_u(const char *dir, const char *key, uint64_t *v);
/* The same, strictly decimal and at most max. */
bool xb_read_max(const char *dir, const char *key, uint64_t max, uint64_t *v);
bool xb_write(const char *dir, const char *key, const char *value);
bool xb_write_u(const char *dir, const char *key, uint64_t v);
