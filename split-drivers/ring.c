/*
 * Shared-ring accounting and notification (ring.h).  Our own formulation
 * of the rules of Xen's public io/ring.h: counting with 32-bit wrapping
 * differences, push-and-check-notify, final check before sleeping.
 */
#include "ring.h"

static RING_IDX load(const RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(RING_IDX *p, RING_IDX v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

void ring_front_init(struct ring_front *f, struct xen_sring_hdr *sh, uint32_t slots)
{
	uint8_t *h = (uint8_t *)sh;
	for (unsigned i = 0; i < sizeof(*sh); i++)
		h[i] = 0;
	sh->req_event = 1;
	sh->rsp_event = 1;
	f->sh = sh;
	f->slots = slots;
	f->req_prod_pvt = 0;
	f->rsp_cons = 0;
}

void ring_back_init(struct ring_back *b, struct xen_sring_hdr *sh, uint32_t slots)
{
	b->sh = sh;
	b->slots = slots;
	b->rsp_prod_pvt = 0;
	b->req_cons = 0;
}

uint32_t ring_front_free(const struct ring_front *f)
{
	return f->slots - (f->req_prod_pvt - f->rsp_cons);
}

/* Publish new as the producer index at *prod; notify if it passed *event. */
static bool push(RING_IDX *prod, const RING_IDX *event, RING_IDX new)
{
	RING_IDX old = *prod;
	store(prod, new);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return (RING_IDX)(new - load(event)) < (RING_IDX)(new - old);
}

bool ring_front_push(struct ring_front *f)
{
	return push(&f->sh->req_prod, &f->sh->req_event, f->req_prod_pvt);
}

int ring_front_responses(const struct ring_front *f, RING_IDX *prod)
{
	*prod = load(&f->sh->rsp_prod);
	RING_IDX n = *prod - f->rsp_cons;
	if (n > f->slots || (RING_IDX)(f->req_prod_pvt - f->rsp_cons) < n)
		return -1;
	return (int)n;
}

bool ring_front_final_check(struct ring_front *f)
{
	RING_IDX prod;
	if (ring_front_responses(f, &prod) != 0)
		return true;
	store(&f->sh->rsp_event, f->rsp_cons + 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ring_front_responses(f, &prod) != 0;
}

int ring_back_requests(const struct ring_back *b, RING_IDX *prod)
{
	*prod = load(&b->sh->req_prod);
	if ((RING_IDX)(*prod - b->rsp_prod_pvt) > b->slots)
		return -1;
	RING_IDX ready = *prod - b->req_cons;
	if (ready > b->slots)           /* req_prod moved back behind what we took */
		return -1;
	RING_IDX room = b->slots - (b->req_cons - b->rsp_prod_pvt);
	return (int)(ready < room ? ready : room);
}

bool ring_back_push(struct ring_back *b)
{
	return push(&b->sh->rsp_prod, &b->sh->rsp_event, b->rsp_prod_pvt);
}

bool ring_back_final_check(struct ring_back *b)
{
	RING_IDX prod;
	if (ring_back_requests(b, &prod) != 0)
		return true;
	store(&b->sh->req_event, b->req_cons + 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ring_back_requests(b, &prod) != 0;
}
