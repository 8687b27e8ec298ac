/*
 * lwip-net-tcp: TCP between two guests through the driver domain
 * (tests/systems/net-tcp-guests).  Both run this kernel with lwIP over
 * their netfront (guest/lwip/lwip_netfront.h); the command line says which
 * end each is:
 *     ip=10.0.0.1 serve                 listen on port 5001
 *     ip=10.0.0.2 connect=10.0.0.1      connect to it (again until it answers)
 * and, optionally, send-kib=N recv-kib=M: the KiB this end sends and the
 * KiB it expects from its peer (default 4096 each; make bench's
 * bench/net/guests.xml sends one way only).
 * Once connected each end sends its bytes of its own pattern and then the
 * Adler-32 of those bytes (4 bytes, big-endian) at once (full duplex), and
 * half-closes.  Each receiver checks every byte at its offset, the trailer
 * against the Adler-32 it computed over what it received, and the FIN
 * right after it; the server checks the connection came from the client's
 * address.  Throughput is printed, not checked (TCG speed varies), with
 * the time and the TSC ticks (instructions under QEMU -icount shift=0)
 * from the connection to the last byte and FIN received.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/tcp.h"
#include "lwip_netfront.h"
#include "test.h"

#define TCP_KIB_DEFAULT 4096u
#define TCP_KIB_MAX (256u << 10)
#define TCP_PORT  5001
#define STALL_NS  (30 * 1000000000ull)          /* no progress for this long fails */

static struct netfront nf;
static struct lwip_netfront ln;
static ip4_addr_t me, peer;
static bool serving;
static size_t tx_total, rx_total;      /* stream bytes before each trailer */

struct adler { uint32_t a, b; };

/* Adler-32 with the modulo taken once per 5552 bytes (the most that
 * cannot overflow 32 bits), so checking costs a few instructions a byte. */
static void adler_add(struct adler *s, const uint8_t *p, size_t n)
{
	while (n) {
		size_t k = n < 5552 ? n : 5552;
		n -= k;
		for (; k >= 4; k -= 4, p += 4) {
			s->b += 4 * s->a + 4u * p[0] + 3u * p[1] + 2u * p[2] + p[3];
			s->a += (uint32_t)p[0] + p[1] + p[2] + p[3];
		}
		for (; k; k--) {
			s->a += *p++;
			s->b += s->a;
		}
		s->a %= 65521u;
		s->b %= 65521u;
	}
}

static uint32_t adler_value(const struct adler *s)
{
	return s->b << 16 | s->a;
}

/* Each end's pattern: byte i of the stream is table[i % PERIOD] xor the
 * period's number, so a byte out of place (lost, repeated, reordered)
 * shows, and making or checking it is a table look-up. */
#define PERIOD 65521u                   /* prime: periods do not line up with segments */

static uint8_t tx_table[PERIOD], rx_table[PERIOD];

static void table_fill(uint8_t *t, uint32_t seed)
{
	for (uint32_t i = 0; i < PERIOD; i++)
		t[i] = (uint8_t)((i ^ seed) * 2654435761u >> 24);
}

/* The pattern from stream offset at, n bytes, is made into out (make) or
 * compared with in; the first byte that differs, or n.  Eight bytes a
 * step within a period, byte by byte at its end and to find a difference. */
static size_t pattern_run(const uint8_t *t, size_t at, uint8_t *out, const uint8_t *in, size_t n)
{
	size_t i = 0, j = at % PERIOD;
	uint8_t round = (uint8_t)(at / PERIOD);
	while (i < n) {
		size_t k = n - i < PERIOD - j ? n - i : PERIOD - j, w = 0;
		uint64_t x = 0x0101010101010101ull * round, v, got;
		for (; w + 8 <= k; w += 8) {
			memcpy(&v, t + j + w, 8);
			v ^= x;
			if (out) {
				memcpy(out + i + w, &v, 8);
				continue;
			}
			memcpy(&got, in + i + w, 8);
			if (got != v)
				break;
		}
		for (; w < k; w++) {
			uint8_t c = t[j + w] ^ round;
			if (out)
				out[i + w] = c;
			else if (in[i + w] != c)
				return i + w;
		}
		i += k;
		j += k;
		if (j == PERIOD)
			j = 0, round++;
	}
	return n;
}

static struct end {
	struct tcp_pcb *pcb;
	size_t queued, received;                /* stream bytes, trailer included */
	struct adler tx_sum, rx_sum;
	uint8_t trailer[4];                     /* what the peer sent after its data */
	bool fin_sent, fin_seen, closed;
	err_t error;
	uint64_t start_ns, start_tsc, fin_ns, fin_tsc;  /* connected; the peer's FIN seen */
} e;

static void end_close(void)
{
	tcp_arg(e.pcb, NULL);
	tcp_recv(e.pcb, NULL);
	tcp_sent(e.pcb, NULL);
	tcp_err(e.pcb, NULL);
	CHECK(tcp_close(e.pcb) == ERR_OK, "tcp_close");
	e.pcb = NULL;
	e.closed = true;
}

/* Queue as much of the stream as lwIP takes; FIN after the trailer. */
static void pump(void)
{
	static uint8_t chunk[8192];
	while (e.pcb && e.queued < tx_total + 4) {
		size_t n = tcp_sndbuf(e.pcb), left = tx_total + 4 - e.queued;
		n = n < sizeof(chunk) ? n : sizeof(chunk);
		n = n < left ? n : left;
		if (n == 0)
			break;
		size_t data = e.queued < tx_total ? tx_total - e.queued : 0;
		data = data < n ? data : n;
		pattern_run(tx_table, e.queued, chunk, NULL, data);
		adler_add(&e.tx_sum, chunk, data);
		for (size_t i = data; i < n; i++)
			chunk[i] = (uint8_t)(adler_value(&e.tx_sum) >> (8 * (3 - (e.queued + i - tx_total))));
		err_t err = tcp_write(e.pcb, chunk, (u16_t)n, TCP_WRITE_FLAG_COPY);
		if (err == ERR_MEM)
			break;                  /* queue full: the next ACK makes room */
		CHECK(err == ERR_OK, "tcp_write(%zu) = %d", n, err);
		e.queued += n;
	}
	if (!e.pcb)
		return;
	if (e.queued == tx_total + 4 && !e.fin_sent) {
		e.fin_sent = true;
		if (e.fin_seen) {
			end_close();
			return;
		}
		CHECK(tcp_shutdown(e.pcb, 0, 1) == ERR_OK, "tcp_shutdown");
	}
	tcp_output(e.pcb);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	(void)arg;
	if (p == NULL) {
		CHECK(e.received == rx_total + 4, "FIN after %zu bytes of %zu", e.received, rx_total + 4);
		e.fin_seen = true;
		e.fin_ns = system_time_ns();
		e.fin_tsc = guest_rdtsc();
		if (e.fin_sent)
			end_close();
		return ERR_OK;
	}
	CHECK(err == ERR_OK, "receive error %d", err);
	CHECK(e.received + p->tot_len <= rx_total + 4, "%zu bytes received, %zu sent", e.received + p->tot_len,
	      rx_total + 4);
	for (struct pbuf *q = p; q; q = q->next) {
		const uint8_t *b = q->payload;
		size_t data = e.received < rx_total ? rx_total - e.received : 0;
		data = data < q->len ? data : q->len;
		size_t bad = pattern_run(rx_table, e.received, NULL, b, data);
		if (bad < data) {
			uint8_t want;
			pattern_run(rx_table, e.received + bad, &want, NULL, 1);
			CHECK(false, "byte %zu is %#x, sent %#x", e.received + bad, b[bad], want);
		}
		adler_add(&e.rx_sum, b, data);
		for (size_t i = data; i < q->len; i++)
			e.trailer[e.received + i - rx_total] = b[i];
		e.received += q->len;
	}
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)arg, (void)pcb, (void)len;
	pump();
	return ERR_OK;
}

static void on_error(void *arg, err_t err)
{
	(void)arg;
	e.error = err;
	e.pcb = NULL;                           /* lwIP has freed it */
}

static void attach(struct tcp_pcb *pcb)
{
	e.pcb = pcb;
	e.start_ns = system_time_ns();
	e.start_tsc = guest_rdtsc();
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_error);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg, (void)pcb;
	CHECK(err == ERR_OK, "connect: %d", err);
	e.start_ns = system_time_ns();
	e.start_tsc = guest_rdtsc();
	pump();
	return ERR_OK;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	CHECK(err == ERR_OK && pcb, "accept: %d", err);
	CHECK(e.pcb == NULL && !e.closed, "a second connection accepted");
	CHECK(ip4_addr_cmp(ip_2_ip4(&pcb->remote_ip), &peer), "connection from %s",
	      ip4addr_ntoa(ip_2_ip4(&pcb->remote_ip)));
	attach(pcb);
	pump();
	return ERR_OK;
}

static void loop_once(void)
{
	CHECK(lwip_netfront_poll(&ln) >= 0, "back end broken: %s", nf.broken);
	lwip_guest_timers();
	lwip_netfront_wait(&ln);
}

static void connect_once(void)
{
	struct tcp_pcb *c = tcp_new();
	CHECK(c, "tcp_new");
	e.error = ERR_OK;
	attach(c);
	CHECK(tcp_connect(c, &peer, TCP_PORT, on_connected) == ERR_OK, "tcp_connect");
}

/* The value after key on the command line, up to a blank. */
static bool arg(const char *key, char *out, size_t size)
{
	const char *c = strstr(start_info->cmd_line, key);
	if (!c)
		return false;
	c += strlen(key);
	size_t n = strcspn(c, " ");
	if (n == 0 || n >= size)
		return false;
	memcpy(out, c, n);
	out[n] = 0;
	return true;
}

/* key=N on the command line, in KiB (0..TCP_KIB_MAX), else the default; as bytes. */
static size_t kib_arg(const char *key)
{
	char v[16];
	if (!arg(key, v, sizeof(v)))
		return TCP_KIB_DEFAULT * 1024u;
	char *end;
	unsigned long kib = strtoul(v, &end, 10);
	CHECK(*end == 0 && kib <= TCP_KIB_MAX, "%s%s: not 0..%u KiB", key, v, TCP_KIB_MAX);
	return kib * 1024u;
}

int main(void)
{
	char ip[16], to[16] = "";
	events_init();
	gnttab_setup(1);
	serving = strstr(start_info->cmd_line, "serve") != NULL;
	CHECK(arg("ip=", ip, sizeof(ip)) && ip4addr_aton(ip, &me), "no ip=<address> on the command line");
	CHECK(arg(serving ? "peer=" : "connect=", to, sizeof(to)) && ip4addr_aton(to, &peer),
	      "no peer=/connect=<address> on the command line");
	tx_total = kib_arg("send-kib=");
	rx_total = kib_arg("recv-kib=");
	CHECK(lwip_guest_init() == 0, "lwip_guest_init");
	CHECK(netfront_open(&nf, 0, GNTTAB_FIRST_FREE_REF) == 0, "netfront_open failed");
	ip4_addr_t mask, gw;
	IP4_ADDR(&mask, 255, 255, 255, 0);
	ip4_addr_set_zero(&gw);
	CHECK(lwip_netfront_add(&ln, &nf, &me, &mask, &gw), "lwip_netfront_add");
	table_fill(tx_table, serving ? 0xabcd : 0x1234);
	table_fill(rx_table, serving ? 0x1234 : 0xabcd);
	if (serving) {
		struct tcp_pcb *l = tcp_new();
		CHECK(l && tcp_bind(l, &me, TCP_PORT) == ERR_OK, "tcp_bind");
		struct tcp_pcb *listener = tcp_listen(l);
		CHECK(listener, "tcp_listen");
		tcp_accept(listener, on_accept);
		printf("lwip-net-tcp: %s listening on port %u\n", ip, TCP_PORT);
	} else {
		connect_once();
	}
	uint64_t progress_at = system_time_ns(), deadline = progress_at + 200000000000ull;
	size_t progress = 0;
	while (!(e.closed && e.received == rx_total + 4)) {
		if (e.error != ERR_OK) {
			/* The server is not up yet (reset or no answer): again. */
			CHECK(!serving && e.queued == 0 && system_time_ns() < deadline, "connection error %d after %zu bytes",
			      e.error, e.received);
			connect_once();
		}
		loop_once();
		uint64_t now = system_time_ns();
		if (e.received + e.queued != progress)
			progress = e.received + e.queued, progress_at = now;
		CHECK(e.queued == 0 || now - progress_at < STALL_NS, "stalled: sent %zu got %zu fin %d/%d", e.queued,
		      e.received, e.fin_sent, e.fin_seen);
	}
	uint64_t ns = system_time_ns() - e.start_ns, rx_ns = e.fin_ns - e.start_ns;
	uint32_t want = adler_value(&e.rx_sum);
	uint32_t got = (uint32_t)e.trailer[0] << 24 | (uint32_t)e.trailer[1] << 16 | (uint32_t)e.trailer[2] << 8 |
		       e.trailer[3];
	CHECK(got == want, "the peer's Adler-32 is %08x, the bytes received sum to %08x", got, want);
	printf("lwip-net-tcp: %s: %zu KiB sent and %zu KiB received with %s, Adler-32 %08x received and %08x sent "
	       "match, %llu ms in all, %.2f MB/s sent; received in %llu us, %llu TSC ticks, %.2f MB/s "
	       "(%lu frames netfront refused)\n",
	       serving ? "server" : "client", tx_total / 1024, rx_total / 1024, to, want, adler_value(&e.tx_sum),
	       (unsigned long long)(ns / 1000000), tx_total / 1e6 / (ns / 1e9), (unsigned long long)(rx_ns / 1000),
	       (unsigned long long)(e.fin_tsc - e.start_tsc), rx_total / 1e6 / (rx_ns / 1e9), ln.tx_dropped);
	/* Let lwIP answer the peer's last segments (its FIN's ACK) before powering off. */
	for (uint64_t until = system_time_ns() + 500000000ull; system_time_ns() < until;)
		loop_once();
	test_pass();
}
