/*
 * The in-guest wire of tests/guests/lwip-tcp-loop (wire.h).
 */
#include <string.h>
#include "test.h"
#include "wire.h"

static int wire_send(void *ctx, const void *frame, size_t len)
{
	struct wire_end *e = ctx;
	struct wire *w = e->wire;
	struct wire_queue *q = &e->out;
	CHECK(len >= 14 && len <= LWIP_LINK_FRAME_MAX, "lwIP sent a frame of %zu bytes", len);
	w->sent++;
	if (w->drop_every && w->sent % w->drop_every == 0) {
		w->dropped++;
		return 0;                       /* lost on the wire: the sender cannot know */
	}
	if (q->tail - q->head == WIRE_SLOTS) {
		w->full++;
		return -1;
	}
	unsigned slot = q->tail % WIRE_SLOTS;
	memcpy(q->frame[slot], frame, len);
	q->len[slot] = (uint16_t)len;
	q->tail++;
	return 0;
}

void wire_init(struct wire *w, const ip4_addr_t ip[2])
{
	ip4_addr_t mask, gw;
	IP4_ADDR(&mask, 255, 255, 255, 0);
	ip4_addr_set_zero(&gw);
	memset(w, 0, sizeof(*w));
	for (unsigned i = 0; i < 2; i++) {
		struct wire_end *e = &w->end[i];
		e->wire = w;
		e->link = (struct lwip_link){ .send = wire_send, .ctx = e, .mac = { 2, 0, 0, 0, 0, (uint8_t)(i + 1) } };
		CHECK(lwip_link_add(&e->nif, &e->link, &ip[i], &mask, &gw) == &e->nif, "lwip_link_add %u", i);
	}
}

unsigned wire_deliver(struct wire *w)
{
	unsigned n = 0;
	for (unsigned i = 0; i < 2; i++) {
		struct wire_queue *q = &w->end[i].out;
		struct netif *to = &w->end[1 - i].nif;
		for (unsigned stop = q->tail; q->head != stop; q->head++, n++) {
			unsigned slot = q->head % WIRE_SLOTS;
			if (lwip_link_input(to, q->frame[slot], q->len[slot]) != 0)
				w->refused++;
		}
	}
	return n;
}

bool wire_busy(void *p)
{
	struct wire *w = p;
	return w->end[0].out.head != w->end[0].out.tail || w->end[1].out.head != w->end[1].out.tail;
}
