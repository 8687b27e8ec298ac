/*
 * Whole-file reads for umbra-config's inputs: descriptions and manifests
 * are small, so each is read into one buffer and parsed from memory.
 */
#pragma once

#include <stddef.h>

#define READFILE_MAX (64u << 20)        /* inputs this large fail with EFBIG */

/* A malloc'ed copy of the file, or NULL with errno set. */
char *read_file(const char *path, size_t *len);
