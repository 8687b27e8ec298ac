/*
 * The FEATURES note of a Xen PV kernel, read by Xen's rules, and the
 * features Umbra offers a 64-bit PV domain.
 *
 * FEATURES is a string of names separated by '|'; a name with a leading
 * '!' is required, the others are merely supported.  Only the names Xen's
 * libelf knows count (writable_page_tables, writable_descriptor_tables,
 * auto_translated_physmap, supervisor_mode_kernel, pae_pgdir_above_4gb,
 * hvm_callback_vector, dom0); an unknown supported name is ignored, an
 * unknown required one refuses the image.  Portable C, no library calls.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * Add the names in s[0, len) (up to a NUL) to *supported and, for '!'
 * names, to *required, both XENFEAT_* bitmaps.  Returns 0, or -1 when a
 * required name is unknown; that name (without '!') is then copied, NUL
 * terminated and cut to fit, into unknown[0, size).
 */
int elf_features_parse(const char *s, size_t len, uint32_t *supported, uint32_t *required,
		       char *unknown, size_t size);

/* The name of a XENFEAT_* bit the FEATURES note can carry, or NULL. */
const char *elf_feature_name(unsigned bit);

/* The XENFEAT_* bits a kernel may require: what Umbra offers this domain. */
uint32_t elf_features_offered(bool control);
