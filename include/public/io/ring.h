/* The shared I/O ring of Xen's split drivers (public io/ring.h), as a
 * layout: a 64-byte header of four free-running 32-bit indices, then the
 * slots (xen-pv-abi.md 12.1).  Each protocol (blkif.h, ...) declares its
 * own slot union and the number of slots that fit; the accounting and
 * notification rules are in split-drivers/ring.h.  Self-contained.
 *
 *   req_prod  @0   requests produced (frontend)
 *   req_event @4   notify the back end when req_prod passes it (back end)
 *   rsp_prod  @8   responses produced (back end)
 *   rsp_event @12  notify the front end when rsp_prod passes it (front end)
 *   pvt       @16  protocol-private (4 bytes), then 44 bytes of padding
 *   slots     @64
 */
#pragma once
#include <stdint.h>

typedef uint32_t RING_IDX;

struct xen_sring_hdr {
	RING_IDX req_prod, req_event;
	RING_IDX rsp_prod, rsp_event;
	uint8_t pvt[4];
	uint8_t pad[44];
};

/* The largest power of two <= n (n >= 1, at most 4096 counted). */
#define XEN_RING_POW2_FLOOR(n)                                                 \
	((n) >= 4096 ? 4096u : (n) >= 2048 ? 2048u : (n) >= 1024 ? 1024u :     \
	 (n) >= 512 ? 512u : (n) >= 256 ? 256u : (n) >= 128 ? 128u :           \
	 (n) >= 64 ? 64u : (n) >= 32 ? 32u : (n) >= 16 ? 16u : (n) >= 8 ? 8u : \
	 (n) >= 4 ? 4u : (n) >= 2 ? 2u : 1u)

/* Slots of a ring of `bytes` bytes whose slots are `entry` bytes: the
 * largest power of two that fits after the header (Xen's __CONST_RING_SIZE). */
#define XEN_RING_SLOTS(bytes, entry) XEN_RING_POW2_FLOOR(((bytes) - 64u) / (entry))

_Static_assert(sizeof(struct xen_sring_hdr) == 64, "ring header is 64 bytes");
