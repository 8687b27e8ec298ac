/* blkif: Xen's block-device ring protocol (public io/blkif.h), byte for
 * byte (xen-pv-abi.md 14).  One ring page of 32 slots of 112 bytes, each a
 * request or its response; sectors are always 512-byte units.
 * Self-contained. */
#pragma once
#include <stdint.h>
#include "public/io/ring.h"

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

#define BLKIF_OP_READ            0
#define BLKIF_OP_WRITE           1
#define BLKIF_OP_WRITE_BARRIER   2      /* only if the back end says feature-barrier */
#define BLKIF_OP_FLUSH_DISKCACHE 3      /* only if the back end says feature-flush-cache */
#define BLKIF_OP_RESERVED_1      4
#define BLKIF_OP_DISCARD         5
#define BLKIF_OP_INDIRECT        6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_SECTOR_SIZE        512u
#define BLKIF_SECTORS_PER_PAGE   8u     /* first_sect/last_sect range over 0..7 */

#define BLKIF_RSP_EOPNOTSUPP   (-2)
#define BLKIF_RSP_ERROR        (-1)
#define BLKIF_RSP_OKAY           0

/* Bits of the back end's `info` node. */
#define VDISK_CDROM     0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY  0x4

struct blkif_request_segment {
	uint32_t gref;          /* a 4 KiB data frame granted by the front end */
	uint8_t first_sect;     /* first 512-byte sector of the frame moved, inclusive */
	uint8_t last_sect;      /* last one, inclusive */
	uint8_t pad[2];
};

struct blkif_request {
	uint8_t operation;      /* BLKIF_OP_* */
	uint8_t nr_segments;
	blkif_vdev_t handle;
	uint8_t pad[4];
	uint64_t id;            /* echoed in the response */
	blkif_sector_t sector_number;
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkif_response {
	uint64_t id;
	uint8_t operation;
	uint8_t pad;
	int16_t status;         /* BLKIF_RSP_* */
	uint8_t pad2[4];
};

union blkif_sring_entry {
	struct blkif_request req;
	struct blkif_response rsp;
};

#define BLKIF_RING_SLOTS XEN_RING_SLOTS(4096u, sizeof(union blkif_sring_entry))

struct blkif_sring {
	struct xen_sring_hdr hdr;
	union blkif_sring_entry ring[BLKIF_RING_SLOTS];
};

_Static_assert(sizeof(struct blkif_request_segment) == 8, "segment is 8 bytes");
_Static_assert(sizeof(struct blkif_request) == 112, "blkif_request is 112 bytes");
_Static_assert(__builtin_offsetof(struct blkif_request, id) == 8, "id at 8");
_Static_assert(__builtin_offsetof(struct blkif_request, sector_number) == 16, "sector at 16");
_Static_assert(__builtin_offsetof(struct blkif_request, seg) == 24, "segments at 24");
_Static_assert(sizeof(struct blkif_response) == 16, "blkif_response is 16 bytes");
_Static_assert(__builtin_offsetof(struct blkif_response, status) == 10, "status at 10");
_Static_assert(BLKIF_RING_SLOTS == 32, "a one-page blkif ring has 32 slots");
_Static_assert(sizeof(struct blkif_sring) <= 4096, "the ring fits one page");
