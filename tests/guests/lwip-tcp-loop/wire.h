/*
 * A wire inside one guest between two lwIP interfaces (lwip_link's over
 * frame queues): what A sends waits in a queue until wire_deliver() hands
 * it to B, and the other way round, so the stack sees frames arrive from
 * the main loop, as from a real driver, never from inside its own send.
 * A full queue drops the frame (the send says so); every drop_every-th
 * frame sent is dropped on purpose when drop_every is set, for TCP to
 * recover from.
 */
#pragma once
#include <stdbool.h>
#include "lwip_guest.h"

#define WIRE_SLOTS 128

struct wire_queue {
	unsigned head, tail;                    /* tail - head frames waiting */
	uint16_t len[WIRE_SLOTS];
	uint8_t frame[WIRE_SLOTS][LWIP_LINK_FRAME_MAX];
};

struct wire_end {
	struct lwip_link link;
	struct netif nif;
	struct wire_queue out;                  /* frames this end sent */
	struct wire *wire;
};

struct wire {
	struct wire_end end[2];
	unsigned drop_every;                    /* 0: drop only when full */
	unsigned long sent, dropped, full;
	unsigned long refused;                  /* lwip_link_input said no */
};

/* Set up both ends (MACs 02:00:00:00:00:01 and :02) and add their
 * interfaces with addresses ip[0] and ip[1] in a /24. */
void wire_init(struct wire *w, const ip4_addr_t ip[2]);
/* Hand every frame waiting now to the other end; how many. */
unsigned wire_deliver(struct wire *w);
/* Whether a frame waits (a lwip_guest_wait condition). */
bool wire_busy(void *w);
