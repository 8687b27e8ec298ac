/*
 * lwip-tcp-loop: Debian's lwIP (mk/lwip.mk) runs in a newlib guest over
 * the link interface netfront will implement (guest/lwip/lwip_guest.h).
 * Two lwIP interfaces, A 10.11.0.1 and B 10.11.0.2, are joined by a wire
 * inside this guest (wire.c: frame queues the main loop delivers), and
 * the guest's main loop runs the stack: frames, lwIP's timers, and sleeps
 * until the next timer (lwip_guest_wait) when nothing is on the wire.
 *
 *  - frames lwIP must refuse or drop: 13 and 1515 bytes are refused by
 *    lwip_link_input; 400 frames of random bytes and lengths (random
 *    Ethernet types, and IPv4 headers aimed at B with random contents) go
 *    into B, and the stack works on afterwards;
 *  - TCP: a client bound to A connects to a server listening on B (raw
 *    API, NO_SYS); each side sends 1 MiB of its own pattern at once (full
 *    duplex) and half-closes; each receiver checks every byte at its
 *    offset and the CRC-32 of the stream against the sender's; the server
 *    sees the client's address A (the packets crossed the wire);
 *  - the same with 256 KiB each way while the wire loses every 23rd frame:
 *    lwIP's retransmissions (fast retransmit, and the retransmission timer
 *    run from the main loop) recover every byte;
 *  - UDP echo on B port 7: datagrams of 1 to 8,000 bytes come back
 *    unchanged (the larger ones cross the wire as IPv4 fragments and are
 *    reassembled, both ways);
 *  - ICMP: an echo request crafted here is answered by B with a reply of
 *    the same identifier, sequence and data and a valid checksum;
 *  - idle: lwip_guest_wait with nothing on the wire sleeps until lwIP's
 *    next timer is due (not before, and not more than 500 ms after:
 *    a loaded host may deschedule QEMU for a while).
 * Throughput figures are printed, not checked (TCG speed varies).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/inet_chksum.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "events.h"
#include "lwip_guest.h"
#include "test.h"
#include "wire.h"

#define STALL_NS (20 * 1000000000ull)   /* no progress for this long fails */

static struct wire wire;
static ip4_addr_t addr[2];

static uint8_t pattern(uint32_t seed, size_t i)
{
	uint32_t x = ((uint32_t)i ^ seed) * 2654435761u;
	return (uint8_t)((x >> 24) + (i >> 16));
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	crc = ~crc;
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* One run of the main loop: frames on the wire, lwIP's timers, and a
 * sleep until the next timer when the wire is quiet. */
static void loop_once(void)
{
	wire_deliver(&wire);
	lwip_guest_timers();
	if (!wire_busy(&wire))
		lwip_guest_wait(wire_busy, &wire);
}

/* ---- TCP: one end of a connection, sending and receiving a stream ---- */

struct stream {
	const char *name;
	struct tcp_pcb *pcb;
	uint32_t tx_seed, rx_seed;
	size_t total;                           /* bytes each way */
	size_t queued, received;
	uint32_t tx_crc, rx_crc;
	bool fin_sent, fin_seen, closed;
	err_t error;                            /* from lwIP's error callback */
};

/* Both ends' FINs: let lwIP finish the connection alone (TIME_WAIT or the
 * last ACK), without this stream's callbacks. */
static void stream_close(struct stream *s)
{
	tcp_arg(s->pcb, NULL);
	tcp_recv(s->pcb, NULL);
	tcp_sent(s->pcb, NULL);
	tcp_err(s->pcb, NULL);
	CHECK(tcp_close(s->pcb) == ERR_OK, "%s: tcp_close", s->name);
	s->pcb = NULL;
	s->closed = true;
}

static void pump(struct stream *s)
{
	static uint8_t chunk[8192];
	while (s->pcb && s->queued < s->total) {
		size_t n = tcp_sndbuf(s->pcb);
		n = n < sizeof(chunk) ? n : sizeof(chunk);
		n = n < s->total - s->queued ? n : s->total - s->queued;
		if (n == 0)
			break;
		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern(s->tx_seed, s->queued + i);
		err_t e = tcp_write(s->pcb, chunk, (u16_t)n, TCP_WRITE_FLAG_COPY);
		if (e == ERR_MEM)
			break;                  /* queue full: the next ACK makes room */
		CHECK(e == ERR_OK, "%s: tcp_write(%zu) = %d", s->name, n, e);
		s->tx_crc = crc32(s->tx_crc, chunk, n);
		s->queued += n;
	}
	if (!s->pcb)
		return;
	if (s->queued == s->total && !s->fin_sent) {
		/* All written: FIN after the data; a half-close while the
		 * peer still sends, else the whole close. */
		s->fin_sent = true;
		if (s->fin_seen) {
			stream_close(s);
			return;
		}
		CHECK(tcp_shutdown(s->pcb, 0, 1) == ERR_OK, "%s: tcp_shutdown", s->name);
	}
	tcp_output(s->pcb);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct stream *s = arg;
	if (p == NULL) {
		CHECK(s->received == s->total, "%s: FIN after %zu bytes of %zu", s->name, s->received, s->total);
		s->fin_seen = true;
		if (s->fin_sent)
			stream_close(s);
		return ERR_OK;
	}
	CHECK(err == ERR_OK, "%s: receive error %d", s->name, err);
	for (struct pbuf *q = p; q; q = q->next) {
		const uint8_t *b = q->payload;
		for (size_t i = 0; i < q->len; i++)
			CHECK(b[i] == pattern(s->rx_seed, s->received + i), "%s: byte %zu is %#x, sent %#x",
			      s->name, s->received + i, b[i], pattern(s->rx_seed, s->received + i));
		s->rx_crc = crc32(s->rx_crc, b, q->len);
		s->received += q->len;
	}
	CHECK(s->received <= s->total, "%s: %zu bytes received of %zu sent", s->name, s->received, s->total);
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb, (void)len;
	pump(arg);
	return ERR_OK;
}

static void on_error(void *arg, err_t err)
{
	struct stream *s = arg;
	s->error = err;
	s->pcb = NULL;                          /* lwIP has freed it */
}

static void stream_attach(struct stream *s, struct tcp_pcb *pcb)
{
	s->pcb = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_error);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)pcb;
	CHECK(err == ERR_OK, "connect: %d", err);
	pump(arg);
	return ERR_OK;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct stream *s = arg;
	CHECK(err == ERR_OK && pcb, "accept: %d", err);
	CHECK(s->pcb == NULL, "a second connection accepted");
	CHECK(ip4_addr_cmp(ip_2_ip4(&pcb->remote_ip), &addr[0]) && ip4_addr_cmp(ip_2_ip4(&pcb->local_ip), &addr[1]),
	      "server: connection from %s", ip4addr_ntoa(ip_2_ip4(&pcb->remote_ip)));
	stream_attach(s, pcb);
	pump(s);
	return ERR_OK;
}

static bool stream_done(const struct stream *s)
{
	return s->received == s->total && s->closed;
}

static void run_tcp(const char *what, u16_t port, size_t total, unsigned drop_every)
{
	struct stream client = { .name = "client", .tx_seed = 0x1234, .rx_seed = 0xabcd, .total = total };
	struct stream server = { .name = "server", .tx_seed = 0xabcd, .rx_seed = 0x1234, .total = total };
	struct tcp_pcb *l = tcp_new();
	CHECK(l && tcp_bind(l, &addr[1], port) == ERR_OK, "server: tcp_bind");
	struct tcp_pcb *listener = tcp_listen(l);
	CHECK(listener, "server: tcp_listen");
	tcp_arg(listener, &server);
	tcp_accept(listener, on_accept);

	struct tcp_pcb *c = tcp_new();
	CHECK(c && tcp_bind(c, &addr[0], 0) == ERR_OK, "client: tcp_bind");
	stream_attach(&client, c);
	CHECK(tcp_connect(c, &addr[1], port, on_connected) == ERR_OK, "client: tcp_connect");

	wire.drop_every = drop_every;
	unsigned long sent0 = wire.sent, dropped0 = wire.dropped;
	uint64_t start = system_time_ns(), progress_at = start;
	size_t progress = 0;
	while (!stream_done(&client) || !stream_done(&server)) {
		CHECK(client.error == ERR_OK && server.error == ERR_OK, "%s: connection error: client %d, server %d",
		      what, client.error, server.error);
		loop_once();
		uint64_t now = system_time_ns();
		if (client.received + server.received != progress) {
			progress = client.received + server.received;
			progress_at = now;
		}
		CHECK(now - progress_at < STALL_NS, "%s: stalled: client sent %zu got %zu fin %d/%d, server sent %zu got %zu fin %d/%d",
		      what, client.queued, client.received, client.fin_sent, client.fin_seen, server.queued,
		      server.received, server.fin_sent, server.fin_seen);
	}
	uint64_t ns = system_time_ns() - start;
	wire.drop_every = 0;
	CHECK(client.rx_crc == server.tx_crc && server.rx_crc == client.tx_crc,
	      "%s: CRC-32 client got %08x of server's %08x, server got %08x of client's %08x", what,
	      client.rx_crc, server.tx_crc, server.rx_crc, client.tx_crc);
	CHECK(drop_every == 0 || wire.dropped > dropped0, "%s: the wire dropped nothing", what);
	CHECK(wire.sent - sent0 > 2 * total / TCP_MSS, "%s: %lu frames for %zu bytes each way", what,
	      wire.sent - sent0, total);
	CHECK(tcp_close(listener) == ERR_OK, "%s: tcp_close of the listener", what);
	printf("lwip-tcp-loop: %s: %zu KiB each way, CRC-32 %08x and %08x, %lu frames (%lu lost), "
	       "%llu ms, %.2f MB/s both ways together\n", what, total / 1024, server.rx_crc, client.rx_crc,
	       wire.sent - sent0, wire.dropped - dropped0, (unsigned long long)(ns / 1000000),
	       2.0 * total / 1e6 / (ns / 1e9));
}

/* ---- UDP echo ---- */

static struct pbuf *echoed;

static void echo_back(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *from, u16_t port)
{
	(void)arg;
	CHECK(udp_sendto(pcb, p, from, port) == ERR_OK, "echo: udp_sendto of %u bytes", p->tot_len);
	pbuf_free(p);
}

static void echo_received(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *from, u16_t port)
{
	(void)arg, (void)pcb;
	CHECK(ip4_addr_cmp(ip_2_ip4(from), &addr[1]) && port == 7, "echo from %s:%u", ip4addr_ntoa(ip_2_ip4(from)), port);
	CHECK(echoed == NULL, "two echoes for one datagram");
	echoed = p;
}

static void run_udp(void)
{
	static const u16_t sizes[] = { 1, 100, 1472, 1473, 4000, 8000 };
	static uint8_t buf[8000];
	struct udp_pcb *server = udp_new(), *client = udp_new();
	CHECK(server && client && udp_bind(server, &addr[1], 7) == ERR_OK && udp_bind(client, &addr[0], 0) == ERR_OK,
	      "udp_new/udp_bind");
	udp_recv(server, echo_back, NULL);
	udp_recv(client, echo_received, NULL);
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		u16_t n = sizes[k];
		struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, n, PBUF_RAM);
		CHECK(p, "pbuf_alloc(%u)", n);
		for (u16_t i = 0; i < n; i++)
			buf[i] = pattern(n, i);
		pbuf_take(p, buf, n);
		CHECK(udp_sendto(client, p, &addr[1], 7) == ERR_OK, "udp_sendto of %u bytes", n);
		pbuf_free(p);
		uint64_t start = system_time_ns();
		while (!echoed) {
			CHECK(system_time_ns() - start < STALL_NS, "no echo of a %u-byte datagram", n);
			loop_once();
		}
		CHECK(echoed->tot_len == n, "echo of %u bytes has %u", n, echoed->tot_len);
		memset(buf, 0, n);
		pbuf_copy_partial(echoed, buf, n, 0);
		for (u16_t i = 0; i < n; i++)
			CHECK(buf[i] == pattern(n, i), "echo of %u bytes: byte %u is %#x", n, i, buf[i]);
		pbuf_free(echoed);
		echoed = NULL;
	}
	udp_remove(server);
	udp_remove(client);
	printf("lwip-tcp-loop: UDP echo of 1 to 8000 bytes (fragmented past 1472) unchanged\n");
}

/* ---- frames built here: ICMP echo, and junk ---- */

static size_t ethernet_ipv4(uint8_t *f, uint8_t proto, size_t payload, uint16_t id)
{
	static const uint8_t to[6] = { 2, 0, 0, 0, 0, 2 }, from[6] = { 2, 0, 0, 0, 0, 1 };
	uint8_t *ip = f + 14;
	size_t total = 20 + payload;
	memcpy(f, to, 6);
	memcpy(f + 6, from, 6);
	f[12] = 0x08, f[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45, ip[2] = (uint8_t)(total >> 8), ip[3] = (uint8_t)total;
	ip[4] = (uint8_t)(id >> 8), ip[5] = (uint8_t)id, ip[8] = 64, ip[9] = proto;
	memcpy(ip + 12, &addr[0], 4);
	memcpy(ip + 16, &addr[1], 4);
	u16_t sum = inet_chksum(ip, 20);
	memcpy(ip + 10, &sum, 2);
	return 14 + total;
}

static void run_icmp(void)
{
	static uint8_t f[LWIP_LINK_FRAME_MAX];
	uint8_t *icmp = f + 34;
	size_t len = ethernet_ipv4(f, 1, 8 + 56, 77);
	memset(icmp, 0, 8);
	icmp[0] = 8, icmp[4] = 0x12, icmp[5] = 0x34, icmp[7] = 5;        /* echo, id 0x1234, seq 5 */
	for (unsigned i = 0; i < 56; i++)
		icmp[8 + i] = pattern(5, i);
	u16_t sum = inet_chksum(icmp, 64);
	memcpy(icmp + 2, &sum, 2);
	struct wire_queue *out = &wire.end[1].out;
	CHECK(!wire_busy(&wire), "the wire is busy before the ping");
	CHECK(lwip_link_input(&wire.end[1].nif, f, len) == 0, "lwip_link_input of an echo request");
	CHECK(out->tail - out->head == 1, "B sent %u frames for one echo request", out->tail - out->head);
	const uint8_t *r = out->frame[out->head % WIRE_SLOTS], *ri = r + 34;
	CHECK(out->len[out->head % WIRE_SLOTS] == len && r[12] == 0x08 && r[13] == 0 && r[23] == 1,
	      "B's answer is not an IPv4 ICMP frame of %zu bytes", len);
	CHECK(memcmp(r + 26, &addr[1], 4) == 0 && memcmp(r + 30, &addr[0], 4) == 0, "echo reply addresses");
	CHECK(ri[0] == 0 && ri[1] == 0 && memcmp(ri + 4, icmp + 4, 60) == 0, "echo reply type %u or contents differ", ri[0]);
	CHECK(inet_chksum(ri, 64) == 0, "echo reply checksum");
	wire_deliver(&wire);                    /* A ignores the unasked-for reply */
	printf("lwip-tcp-loop: ICMP echo request answered\n");
}

static void run_junk(void)
{
	static uint8_t f[LWIP_LINK_FRAME_MAX];
	struct netif *b = &wire.end[1].nif;
	CHECK(lwip_link_input(b, f, 13) == -1, "a 13-byte frame was taken");
	CHECK(lwip_link_input(b, f, LWIP_LINK_FRAME_MAX + 1) == -1, "a %d-byte frame was taken", LWIP_LINK_FRAME_MAX + 1);
	srand(11);
	for (unsigned k = 0; k < 400; k++) {
		size_t len = 14 + (size_t)rand() % (LWIP_LINK_FRAME_MAX - 13);
		for (size_t i = 0; i < len; i++)
			f[i] = (uint8_t)rand();
		if (k % 2 && len >= 34) {       /* an IPv4 header aimed at B, random inside */
			uint8_t keep[20];
			memcpy(keep, f + 14, 20);
			ethernet_ipv4(f, (uint8_t[]){ 1, 6, 17, keep[9] }[k / 2 % 4], len - 34, (uint16_t)k);
			memcpy(f + 14 + 4, keep + 4, k % 8 == 1 ? 4 : 0);        /* random fragment fields */
			f[14 + 2 + (k % 3)] ^= (uint8_t)(k % 5 == 0 ? keep[2] : 0);
		} else if (k % 4 == 0) {
			memset(f, 0xff, 6);
			f[12] = 0x08, f[13] = 0x06;     /* ARP, random inside */
		}
		CHECK(lwip_link_input(b, f, len) == 0, "junk frame %u of %zu bytes refused (pool exhausted?)", k, len);
		if (k % 16 == 15)
			loop_once();
	}
	for (unsigned i = 0; i < 10; i++)
		loop_once();
	printf("lwip-tcp-loop: 400 junk frames taken and dropped\n");
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

static void run_idle(void)
{
	lwip_guest_timers();
	u32_t ms = sys_timeouts_sleeptime();
	CHECK(ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE && ms <= 1000, "lwIP's next timer in %u ms", ms);
	uint64_t start = system_time_ns();
	lwip_guest_wait(never, NULL);
	uint64_t slept = system_time_ns() - start;
	CHECK(slept >= ms * 1000000ull && slept <= ms * 1000000ull + 500000000ull,
	      "lwip_guest_wait slept %llu us for a timer due in %u ms", (unsigned long long)(slept / 1000), ms);
	printf("lwip-tcp-loop: idle wait for a timer due in %u ms slept %llu ms\n", ms,
	       (unsigned long long)(slept / 1000000));
}

int main(void)
{
	CHECK_EQ(lwip_guest_init(), 0);
	IP4_ADDR(&addr[0], 10, 11, 0, 1);
	IP4_ADDR(&addr[1], 10, 11, 0, 2);
	wire_init(&wire, addr);
	run_junk();
	run_tcp("TCP", 5001, 1 << 20, 0);
	run_tcp("TCP with loss", 5002, 256 << 10, 23);
	run_udp();
	run_icmp();
	run_idle();
	CHECK(wire.full == 0 && wire.refused == 0, "the wire was full %lu times, lwIP refused %lu frames",
	      wire.full, wire.refused);
	printf("TEST PASS\n");
	return 0;
}
