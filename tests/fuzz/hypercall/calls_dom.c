/*
 * Generators for the hypercalls between domains and with the hypervisor
 * (calls_gen.h): event channels, grant tables, scheduling and the timer,
 * the console, xen_version, domctl, sysctl.  Domain ids come from g_peer() where
 * another domain may have offered something (the supervisor, a batch-mate),
 * so that binds, maps and copies sometimes succeed.
 */
#include "calls_gen.h"
#include "public/domctl.h"
#include "public/sysctl.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/sched.h"

void gen_event_channel_op(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(8) ? g_int() : below(14);
	uint32_t *w = alloc_or_arena(24);
	switch (c->a[0]) {
	case EVTCHNOP_alloc_unbound:
	case EVTCHNOP_reset:
		w[0] = (uint16_t)g_domid() | (uint32_t)g_peer() << 16;
		break;
	case EVTCHNOP_bind_interdomain:
		w[0] = g_peer();
		w[1] = g_port();
		break;
	case EVTCHNOP_bind_virq:
		w[0] = one_in(4) ? (uint32_t)g_int() : (uint32_t)below(25);
		w[1] = g_vcpu();
		break;
	case EVTCHNOP_status:
		w[0] = (uint16_t)g_domid();
		w[1] = g_port();
		break;
	case EVTCHNOP_bind_ipi:
		w[0] = g_vcpu();
		break;
	default:                        /* close, send, unmask, bind_vcpu: port first */
		w[0] = g_port();
		w[1] = g_vcpu();
		break;
	}
	c->a[1] = g_ptr(w, 24);
}

/* A few random entries in the child's own grant table: offers to itself,
 * to the supervisor and to strangers, of its own and others' frames. */
static void scribble_grant_entries(void)
{
	if (!T.grant_va)
		return;
	struct grant_entry_v1 *g = (struct grant_entry_v1 *)T.grant_va;
	for (unsigned i = (unsigned)below(4); i; i--) {
		struct grant_entry_v1 *e = &g[below(16)];
		static const uint16_t flags[] = { GTF_permit_access, GTF_permit_access | GTF_readonly, 0,
						  GTF_accept_transfer, GTF_permit_access | GTF_sub_page };
		e->flags = one_in(8) ? (uint16_t)rnd() : flags[below(ARRAY_SIZE(flags))];
		e->domid = (uint16_t)(one_in(2) ? T.self : g_peer());
		e->frame = (uint32_t)g_mfn();
	}
}

/* A grant reference: one of the child's own scribbled entries or the
 * supervisor's offers (refs 8-11), sometimes anything. */
static uint32_t g_ref(void)
{
	return one_in(4) ? (uint32_t)g_int() : one_in(2) ? 8 + (uint32_t)below(4) : (uint32_t)below(16);
}

/* Its own page, by frame number, for the other side of a copy. */
static void own_copy_ptr(struct gnttab_copy_ptr *p)
{
	p->u.gmfn = one_in(8) ? g_mfn() : own_mfn(spare_pfn(rnd()));
	p->domid = one_in(8) ? (uint16_t)g_domid() : DOMID_SELF;
}

void gen_grant_table_op(struct call *c, unsigned depth)
{
	(void)depth;
	scribble_grant_entries();
	static const uint8_t cmds[] = { GNTTABOP_map_grant_ref, GNTTABOP_map_grant_ref, GNTTABOP_map_grant_ref,
					GNTTABOP_unmap_grant_ref, GNTTABOP_unmap_grant_ref, GNTTABOP_copy,
					GNTTABOP_copy, GNTTABOP_copy, GNTTABOP_setup_table, GNTTABOP_query_size,
					GNTTABOP_set_version, GNTTABOP_get_version, GNTTABOP_dump_table,
					GNTTABOP_transfer, GNTTABOP_unmap_and_replace, GNTTABOP_get_status_frames,
					GNTTABOP_swap_grant_ref, GNTTABOP_cache_flush };
	unsigned cmd = one_in(8) ? (unsigned)g_int() : cmds[below(ARRAY_SIZE(cmds))];
	uint64_t count = one_in(4) ? g_count() : 1 + below(3);
	unsigned n = (unsigned)MIN(count, 8);
	size_t size = 40;
	uint8_t *p = alloc_or_arena(MAX(n, 1) * size);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *s = p + i * size;
		switch (cmd) {
		case GNTTABOP_map_grant_ref: {
			struct gnttab_map_grant_ref *m = (void *)s;
			m->host_addr = one_in(4) ? g_va() : T.loose_va[below(LOOSE_PAGES)];
			m->flags = one_in(4) ? (uint32_t)rnd() : GNTMAP_host_map | (uint32_t)below(2) * GNTMAP_readonly |
				   (uint32_t)one_in(8) * GNTMAP_contains_pte | (uint32_t)one_in(4) * GNTMAP_device_map;
			m->ref = g_ref();
			m->dom = g_peer();
			break;
		}
		case GNTTABOP_unmap_grant_ref: {
			struct gnttab_unmap_grant_ref *u = (void *)s;
			u->host_addr = one_in(4) ? g_va() : T.loose_va[below(LOOSE_PAGES)];
			u->dev_bus_addr = one_in(4) ? g_int() : 0;
			u->handle = one_in(4) ? (uint32_t)g_int() : (uint32_t)below(8);
			break;
		}
		case GNTTABOP_copy: {
			/* Mostly between a page of its own and a grant offered to it. */
			struct gnttab_copy *g = (void *)s;
			g->flags = (uint16_t)(one_in(6) ? rnd() : below(4));
			struct gnttab_copy_ptr *own = one_in(2) ? &g->source : &g->dest, *other = own == &g->source ? &g->dest : &g->source;
			own_copy_ptr(own);
			other->u.ref = g_ref();
			other->domid = g_peer();
			g->flags = (uint16_t)((g->flags & ~3u) | (one_in(8) ? below(4) : other == &g->dest ? GNTCOPY_dest_gref : GNTCOPY_source_gref));
			g->source.offset = (uint16_t)(one_in(4) ? g_int() : below(2048));
			g->dest.offset = (uint16_t)(one_in(4) ? g_int() : below(2048));
			g->len = (uint16_t)(one_in(4) ? g_int() : 1 + below(2048));
			break;
		}
		case GNTTABOP_setup_table: {
			struct gnttab_setup_table *t = (void *)s;
			t->dom = (uint16_t)g_domid();
			t->nr_frames = (uint32_t)(one_in(2) ? below(4) : g_count());
			t->frame_list = g_ptr(alloc_or_arena(64 * 8), 8 * MIN(MAX(t->nr_frames, 1), 64));
			break;
		}
		case GNTTABOP_transfer: {       /* gives a frame away: a spare one mostly */
			struct gnttab_transfer *t = (void *)s;
			t->mfn = one_in(4) ? g_mfn() : own_mfn(spare_pfn(rnd()));
			t->domid = g_peer();
			t->ref = g_ref();
			break;
		}
		case GNTTABOP_unmap_and_replace: {
			struct gnttab_unmap_and_replace *u = (void *)s;
			u->host_addr = one_in(4) ? g_va() : T.loose_va[below(LOOSE_PAGES)];
			u->new_addr = one_in(4) ? g_va() : T.loose_va[below(LOOSE_PAGES)];
			u->handle = one_in(4) ? (uint32_t)g_int() : (uint32_t)below(8);
			break;
		}
		case GNTTABOP_swap_grant_ref: {
			struct gnttab_swap_grant_ref *w = (void *)s;
			w->ref_a = g_ref();
			w->ref_b = g_ref();
			break;
		}
		case GNTTABOP_cache_flush: {
			struct gnttab_cache_flush *f = (void *)s;
			f->a.dev_bus_addr = one_in(2) ? g_ref() : g_mfn() << 12;
			f->offset = (uint16_t)(one_in(4) ? g_int() : below(4096));
			f->length = (uint16_t)(one_in(4) ? g_int() : below(4097));
			f->op = (uint32_t)(one_in(4) ? g_int() : below(4) | (one_in(2) ? 1u << 31 : 0));
			break;
		}
		case GNTTABOP_get_status_frames: {
			struct gnttab_get_status_frames *g = (void *)s;
			g->nr_frames = (uint32_t)(one_in(2) ? below(4) : g_count());
			g->dom = (uint16_t)g_domid();
			g->frame_list = g_ptr(alloc_or_arena(64 * 8), 8 * MIN(MAX(g->nr_frames, 1), 64));
			break;
		}
		default: {
			uint16_t *dom = (void *)s;      /* query_size, get_version, dump_table: dom first; set_version: version */
			*dom = (uint16_t)(one_in(2) ? g_domid() : below(4));
			break;
		}
		}
	}
	c->a[0] = cmd;
	c->a[1] = g_ptr(p, MAX(n, 1) * size);
	c->a[2] = count;
}

void gen_sched_op(struct call *c, unsigned depth)
{
	(void)depth;
	/* block, and a poll without a timeout, wait for an event that may never
	 * come (the supervisor then gives up on the child): rare */
	static const uint8_t cmds[] = { SCHEDOP_yield, SCHEDOP_yield, SCHEDOP_yield, SCHEDOP_poll, SCHEDOP_poll,
					SCHEDOP_poll, SCHEDOP_remote_shutdown, SCHEDOP_shutdown, SCHEDOP_shutdown_code,
					SCHEDOP_watchdog, 7, 8 };
	c->a[0] = one_in(16) ? g_int() : cmds[below(ARRAY_SIZE(cmds))];
	if (c->a[0] == SCHEDOP_block)           /* g_int() gives 1 too often */
		c->a[0] = SCHEDOP_yield;
	if (one_in(512))
		c->a[0] = SCHEDOP_block;
	switch (c->a[0]) {
	case SCHEDOP_poll: {
		uint32_t *ports = alloc_or_arena(130 * 4);
		for (unsigned i = 0; i < 130; i++)
			ports[i] = g_port();
		struct sched_poll *p = alloc_or_arena(sizeof(*p));
		p->nr_ports = (uint32_t)(one_in(2) ? below(4) : g_count());
		p->ports = g_ptr(ports, 4 * MAX(MIN(p->nr_ports, 130), 1));
		/* Absolute times: 1 is long past, so the poll returns; 0 waits for a port. */
		p->timeout = one_in(64) ? g_int() : one_in(128) ? 0 : 1 + below(1000);
		c->a[1] = one_in(16) ? g_ptr(p, sizeof(*p)) : (uint64_t)p;
		break;
	}
	case SCHEDOP_shutdown: {
		/* A valid reason ends the child: mostly invalid ones. */
		uint32_t *reason = alloc_or_arena(4);
		*reason = (uint32_t)(one_in(16) ? below(6) : one_in(2) ? 6 + below(100) : g_int());
		if (*reason < 6 && !one_in(16))
			*reason += 6;
		c->a[1] = one_in(16) ? g_bad_ptr(4) : (uint64_t)reason;      /* not into zeros */
		break;
	}
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown *r = alloc_or_arena(sizeof(*r));
		r->domain_id = (uint16_t)g_domid();
		r->reason = (uint32_t)(one_in(2) ? below(8) : g_int());
		c->a[1] = g_ptr(r, sizeof(*r));
		break;
	}
	default:
		c->a[1] = g_ptr(arena_random(16), 16);
		break;
	}
}

void gen_set_timer_op(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(3) ? 0 : g_int();
}

/* Console output is written to the log: only dots and digits, so no fuzz
 * line can ever look like a verdict or a panic to the test runner. */
void gen_console_io(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(6) ? g_int() : one_in(6);
	uint64_t count;
	switch (below(8)) {
	case 0: count = 0; break;
	case 1: count = one_in(8) ? 4096 : 64; break;
	case 2: count = g_count(); break;
	case 3: count = one_in(8) ? 64 * 128 + below(256) : 1; break;   /* past one preemption batch */
	default: count = 1 + below(8); break;
	}
	char *buf = alloc_or_arena(4096);
	size_t fill = MIN(count, 4096);
	memset(buf, '.', fill);
	for (size_t i = 255; i < fill; i += 256)
		buf[i] = '\n';
	uint64_t p = (uint64_t)buf;
	if (one_in(4)) {
		/* Not into the image or start_info: their strings would reach the log. */
		static const uint64_t bad[] = { 0, 0x1000, 0xFFFF800000000000ull, 0xFFFF880000000000ull - 16,
						 (1ull << 47) - 8, 0x8000000000000000ull, ~0ull - 8 };
		p = one_in(2) ? T.ro_va - below(64) : bad[below(ARRAY_SIZE(bad))];
	}
	if (p == (uint64_t)buf && count > 4096 && count != 64 * 128 + 255 && !one_in(64))
		count = 4096;                   /* a huge count from a valid buffer prints megabytes */
	c->a[1] = count;
	c->a[2] = p;
}

void gen_xen_version(struct call *c, unsigned depth)
{
	(void)depth;
	c->a[0] = one_in(6) ? g_int() : below(12);
	void *buf = alloc_or_arena(1024);
	*(uint32_t *)buf = (uint32_t)(one_in(2) ? 0 : g_int());     /* get_features' submap_idx */
	c->a[1] = one_in(6) ? 0 : g_ptr(buf, 1 + below(1024));
}

void gen_domctl(struct call *c, unsigned depth)
{
	(void)depth;
	struct xen_domctl *op = alloc_or_arena(sizeof(*op));
	op->cmd = one_in(4) ? (uint32_t)g_int() : one_in(8) ? UMBRA_DOMCTL_build_from_module + (uint32_t)below(2)
								: (uint32_t)below(20);
	op->interface_version = one_in(4) ? (uint32_t)g_int() : XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = (uint16_t)g_domid();
	for (unsigned i = 0; i < sizeof(op->u.raw); i += 8)
		*(uint64_t *)&op->u.raw[i] = one_in(2) ? 0 : g_int();
	c->a[0] = g_ptr(op, sizeof(*op));
}

void gen_sysctl(struct call *c, unsigned depth)
{
	(void)depth;
	struct xen_sysctl *op = alloc_or_arena(sizeof(*op));
	op->cmd = one_in(4) ? (uint32_t)g_int() : (uint32_t)below(30);
	op->interface_version = one_in(4) ? (uint32_t)g_int() : XEN_SYSCTL_INTERFACE_VERSION;
	for (unsigned i = 0; i < sizeof(op->u.raw); i += 8)
		*(uint64_t *)&op->u.raw[i] = one_in(2) ? 0 : g_int();
	c->a[0] = g_ptr(op, sizeof(*op));
}
