/*
 * XenStore's wire protocol as the library speaks it: the error names a
 * reply carries, message headers in and out, and the argument rules of
 * xenstored for splitting a payload into NUL-terminated strings.
 *
 * Errors are XS_E* codes, numbered in the order of Xen's xsd_errors table;
 * on the wire only their names travel ("ENOENT\0" in an XS_ERROR reply).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "public/io/xs_wire.h"

enum xs_err {
	XS_OK = 0,
	XS_EINVAL, XS_EACCES, XS_EEXIST, XS_EISDIR, XS_ENOENT, XS_ENOMEM,
	XS_ENOSPC, XS_EIO, XS_ENOTEMPTY, XS_ENOSYS, XS_EROFS, XS_EBUSY,
	XS_EAGAIN, XS_EISCONN, XS_E2BIG, XS_EPERM,
	XS_ERR_COUNT
};

#define XS_HDR_SIZE ((uint32_t)sizeof(struct xsd_sockmsg))

/* The name an error reply carries ("EINVAL" for anything unknown, as
   xenstored answers an error it cannot translate). */
const char *xs_err_name(int err);

/* Header from 16 raw bytes (native byte order: both ends share a page). */
void xs_hdr_decode(struct xsd_sockmsg *h, const uint8_t raw[16]);
void xs_hdr_encode(uint8_t raw[16], const struct xsd_sockmsg *h);

/* A header the server must not read further: a payload over
   XENSTORE_PAYLOAD_MAX.  (Unknown types are answered ENOSYS instead.) */
bool xs_hdr_too_long(const struct xsd_sockmsg *h);

/* xenstored's argument rules on payload p[0..n):
 *   xs_one_arg: exactly one string, its NUL the last byte (else NULL);
 *   xs_args:    the complete strings, up to max of them stored in v[];
 *               returns how many there are in all (bytes after the last
 *               NUL are not a string). */
const char *xs_one_arg(const char *p, size_t n);
unsigned int xs_args(const char *p, size_t n, const char **v, unsigned int max);
