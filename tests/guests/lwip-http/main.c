/*
 * lwip-http: a guest's TCP service reached from the host
 * (tests/systems/net-host-tcp).  lwIP over netfront (guest/lwip/
 * lwip_netfront.h) with QEMU's user-network address 10.0.2.15/24, gateway
 * 10.0.2.2: the driver domain bridges the vif to its virtio-net NIC, and
 * the launcher forwards a TCP port of the host's 127.0.0.1 to port 80 here
 * (<forward> in the description).  A minimal HTTP/1.0 server (raw API):
 *     GET /       a short page naming this guest
 *     GET /data   1 MiB (data-kib=N on the command line: N KiB): lines of
 *                 the same 64 characters
 *     else        404
 * Each answer ends with the connection closed by this side once the client
 * has acknowledged every byte; the guest then prints the time and the TSC
 * ticks (instructions under QEMU -icount shift=0) from the request to that
 * last acknowledgement (make bench's bench/net.py reads them).  After
 * "requests=N" answers with status 200 (command line; default 1) the guest
 * lets lwIP finish and passes.  A connection that starts but never sends a
 * whole request line is dropped after 10 s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/tcp.h"
#include "lwip_netfront.h"
#include "test.h"

#define HTTP_PORT  80
#define CONNS      4
#define DATA_KIB_MAX (256u << 10)
#define REQUEST_MAX 1024

static const char line64[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_\n";
/* /data is written from a block of 64 lines, up to 4 KiB a call (one call
 * per line cost lwIP's tcp_write overhead 23 times a segment). */
static char lines[64 * 64];

static struct netfront nf;
static struct lwip_netfront ln;
static unsigned answered, wanted = 1;
static size_t data_bytes = 1u << 20;   /* /data's length, a multiple of 64 */

static struct conn {
	struct tcp_pcb *pcb;
	char request[REQUEST_MAX];
	size_t got;
	char head[128];                 /* the answer: a header and a body */
	bool ok;                        /* 200, else 404 */
	size_t head_len, head_done;
	size_t body_len, body_done;     /* body_len > 0: /data's lines */
	size_t acked;                   /* bytes of the answer the client acknowledged */
	const char *body;               /* a fixed body, or NULL for /data */
	uint64_t started, asked_ns, asked_tsc;
} conns[CONNS];

static void conn_end(struct conn *c, bool abort)
{
	lwip_tcp_end(c->pcb, abort);
	memset(c, 0, sizeof(*c));
}

/* Queue what lwIP takes of the header and the body (on_sent closes the
 * connection once the client has acknowledged all of it). */
static void pump(struct conn *c)
{
	while (c->head_done < c->head_len) {
		size_t n = c->head_len - c->head_done, room = tcp_sndbuf(c->pcb);
		n = n < room ? n : room;
		if (n == 0 || tcp_write(c->pcb, c->head + c->head_done, (u16_t)n, 0) != ERR_OK)
			goto out;
		c->head_done += n;
	}
	while (c->body_done < c->body_len) {
		size_t off = c->body_done % sizeof(lines), n = c->body_len - c->body_done, room = tcp_sndbuf(c->pcb);
		const char *from = c->body ? c->body + c->body_done : lines + off;
		if (!c->body && n > sizeof(lines) - off)
			n = sizeof(lines) - off;
		n = n < room ? n : room;
		if (n == 0 || tcp_write(c->pcb, from, (u16_t)n, 0) != ERR_OK)
			goto out;
		c->body_done += n;
	}
out:
	tcp_output(c->pcb);
}

static void answer(struct conn *c)
{
	static const char page[] = "<html><body><p>Hello from an Umbra guest: lwIP over netfront, "
				   "through the driver domain's bridge and virtio-net.</p></body></html>\n";
	const char *path = c->request + 4;
	c->body = NULL;
	c->ok = true;
	if (strncmp(c->request, "GET / ", 6) == 0) {
		c->body = page;
		c->body_len = sizeof(page) - 1;
	} else if (strncmp(c->request, "GET /data ", 10) == 0) {
		c->body_len = data_bytes;
	} else {
		c->body = "not found\n";
		c->body_len = 10;
		c->ok = false;
	}
	c->head_len = (size_t)snprintf(c->head, sizeof(c->head),
				       "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
				       c->ok ? "200 OK" : "404 Not Found", c->body == page ? "text/html" : "text/plain",
				       c->body_len);
	printf("lwip-http: %.*s: %s, %zu bytes\n", (int)strcspn(path, " \r\n"), path, c->ok ? "200" : "404",
	       c->body_len);
	c->asked_ns = system_time_ns();
	c->asked_tsc = guest_rdtsc();
	pump(c);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;
	if (p == NULL || err != ERR_OK) {
		if (p)
			pbuf_free(p);
		if (!c->head_len)
			conn_end(c, true);      /* gone before it asked for anything */
		return ERR_OK;
	}
	tcp_recved(pcb, p->tot_len);
	if (!c->head_len) {
		size_t n = p->tot_len < REQUEST_MAX - 1 - c->got ? p->tot_len : REQUEST_MAX - 1 - c->got;
		pbuf_copy_partial(p, c->request + c->got, (u16_t)n, 0);
		c->got += n;
		c->request[c->got] = 0;
		if (strstr(c->request, "\r\n\r\n") || c->got == REQUEST_MAX - 1)
			answer(c);
	}
	pbuf_free(p);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct conn *c = arg;
	(void)pcb;
	c->acked += len;
	if (!c->head_len || c->acked < c->head_len + c->body_len) {
		pump(c);
		return ERR_OK;
	}
	uint64_t ns = system_time_ns() - c->asked_ns, tsc = guest_rdtsc() - c->asked_tsc;
	printf("lwip-http: %zu bytes answered and acknowledged in %llu us, %llu TSC ticks, %.2f MB/s\n",
	       c->head_len + c->body_len, (unsigned long long)(ns / 1000), (unsigned long long)tsc,
	       (c->head_len + c->body_len) / 1e6 / (ns / 1e9));
	answered += c->ok;
	conn_end(c, false);
	return ERR_OK;
}

static void on_error(void *arg, err_t err)
{
	struct conn *c = arg;
	(void)err;
	memset(c, 0, sizeof(*c));               /* lwIP has freed the pcb */
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	struct conn *c = NULL;
	for (unsigned i = 0; i < CONNS && !c; i++)
		if (!conns[i].pcb)
			c = &conns[i];
	if (!c) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	c->pcb = pcb;
	c->started = system_time_ns();
	tcp_arg(pcb, c);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_error);
	return ERR_OK;
}

static void loop_once(void)
{
	CHECK(lwip_netfront_poll(&ln) >= 0, "back end broken: %s", nf.broken);
	lwip_guest_timers();
	for (unsigned i = 0; i < CONNS; i++)
		if (conns[i].pcb && !conns[i].head_len && system_time_ns() - conns[i].started > 10000000000ull)
			conn_end(&conns[i], true);
	lwip_netfront_wait(&ln);
}

int main(void)
{
	events_init();
	gnttab_setup(1);
	const char *r = strstr(start_info->cmd_line, "requests=");
	if (r)
		wanted = (unsigned)strtoul(r + 9, NULL, 10);
	CHECK(wanted >= 1, "requests=%u", wanted);
	for (unsigned i = 0; i < 64; i++)
		memcpy(lines + 64 * i, line64, 64);
	if ((r = strstr(start_info->cmd_line, "data-kib="))) {
		unsigned long kib = strtoul(r + 9, NULL, 10);
		CHECK(kib >= 1 && kib <= DATA_KIB_MAX, "data-kib=%lu: not 1..%u", kib, DATA_KIB_MAX);
		data_bytes = kib * 1024u;
	}
	CHECK(lwip_guest_init() == 0, "lwip_guest_init");
	CHECK(netfront_open(&nf, 0, GNTTAB_FIRST_FREE_REF) == 0, "netfront_open failed");
	ip4_addr_t ip, mask, gw;
	IP4_ADDR(&ip, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	CHECK(lwip_netfront_add(&ln, &nf, &ip, &mask, &gw), "lwip_netfront_add");
	struct tcp_pcb *l = tcp_new();
	CHECK(l && tcp_bind(l, IP4_ADDR_ANY, HTTP_PORT) == ERR_OK, "tcp_bind");
	struct tcp_pcb *listener = tcp_listen(l);
	CHECK(listener, "tcp_listen");
	tcp_accept(listener, on_accept);
	printf("lwip-http: serving HTTP on 10.0.2.15 port %u (gateway 10.0.2.2)\n", HTTP_PORT);
	uint64_t deadline = system_time_ns() + 300000000000ull;
	while (answered < wanted) {
		CHECK(system_time_ns() < deadline, "%u of %u requests answered", answered, wanted);
		loop_once();
	}
	printf("lwip-http: %u request(s) answered\n", answered);
	for (uint64_t until = system_time_ns() + 2000000000ull; system_time_ns() < until;)
		loop_once();            /* lwIP sends what it still holds and the FIN */
	test_pass();
}
