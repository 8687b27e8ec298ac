/*
 * A demo guest serving a web page (newlib and lwIP).  Its interface is a
 * vif on the driver domain's bridge, whose virtio-net NIC leads to QEMU's
 * user network; the launcher forwards a port of the host's 127.0.0.1 to
 * port 80 here (<forward> in config/examples/demo.xml) and prints which,
 * so `curl http://127.0.0.1:PORT/` on the host reaches this guest.  The
 * address is QEMU's guest address, 10.0.2.15/24, gateway 10.0.2.2.
 *
 * HTTP/1.0 with lwIP's raw API: GET / answers a short page saying who
 * this guest is (its name and domain ID from XenStore) and how many pages
 * it has served; anything else is 404.  Each answer fits lwIP's send
 * buffer, is written at once and the connection closed; a connection that
 * sends no whole request within 10 s is dropped.  It serves until the
 * domain is destroyed.
 */
#include <stdio.h>
#include <string.h>
#include "lwip/tcp.h"
#include "lwip_netfront.h"
#include "xs_client.h"

#define CONNS       4
#define REQUEST_MAX 512
#define IDLE_NS     10000000000ull

static struct netfront nf;
static struct lwip_netfront ln;
static char name[64] = "?", domid[8] = "?";
static unsigned long served;

static struct conn {
	struct tcp_pcb *pcb;
	char request[REQUEST_MAX];
	size_t got;
	uint64_t started;
} conns[CONNS];

/* End c's connection and free c: ERR_ABRT if it was aborted (what a
 * callback of lwIP's must then return), else ERR_OK. */
static err_t conn_end(struct conn *c, bool abort)
{
	err_t rc = lwip_tcp_end(c->pcb, abort);
	memset(c, 0, sizeof(*c));
	return rc;
}

static err_t answer(struct conn *c)
{
	static char reply[1024];
	char body[512];
	bool found = strncmp(c->request, "GET / ", 6) == 0;
	int n = found ? snprintf(body, sizeof(body),
				 "<html><body><h1>Hello from %s</h1>\n"
				 "<p>Domain %s of the Umbra hypervisor: a PV guest serving this page with lwIP over "
				 "netfront, through the driver domain's bridge and virtio-net.  Page %lu served.</p>\n"
				 "</body></html>\n", name, domid, served + 1)
		      : snprintf(body, sizeof(body), "not found\n");
	int len = snprintf(reply, sizeof(reply), "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s",
			   found ? "200 OK" : "404 Not Found", found ? "text/html" : "text/plain", n, body);
	served += found;
	printf("web: %.*s: %s\n", (int)strcspn(c->request, "\r\n"), c->request, found ? "200" : "404");
	fflush(stdout);
	return conn_end(c, tcp_write(c->pcb, reply, (u16_t)len, TCP_WRITE_FLAG_COPY) != ERR_OK);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;
	if (p == NULL || err != ERR_OK) {
		if (p)
			pbuf_free(p);
		return conn_end(c, true);       /* gone before it asked for anything */
	}
	tcp_recved(pcb, p->tot_len);
	size_t n = p->tot_len < REQUEST_MAX - 1 - c->got ? p->tot_len : REQUEST_MAX - 1 - c->got;
	pbuf_copy_partial(p, c->request + c->got, (u16_t)n, 0);
	pbuf_free(p);
	c->got += n;
	c->request[c->got] = 0;
	if (strstr(c->request, "\r\n\r\n") || c->got == REQUEST_MAX - 1)
		return answer(c);
	return ERR_OK;
}

static void on_error(void *arg, err_t err)
{
	(void)err;
	memset(arg, 0, sizeof(struct conn));    /* lwIP has freed the pcb */
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < CONNS; i++)
		if (!conns[i].pcb) {
			conns[i].pcb = pcb;
			conns[i].started = system_time_ns();
			tcp_arg(pcb, &conns[i]);
			tcp_recv(pcb, on_recv);
			tcp_err(pcb, on_error);
			return ERR_OK;
		}
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* A key of our XenStore home into out, if it can be read. */
static void home_key(const char *key, char *out, uint32_t cap)
{
	char buf[64];
	if (xs_client_path(XS_READ, key, buf, sizeof(buf)) == XS_READ)
		snprintf(out, cap, "%s", buf);
}

int main(void)
{
	ip4_addr_t ip, mask, gw;
	IP4_ADDR(&ip, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	struct tcp_pcb *l;
	if (lwip_guest_init() || netfront_open(&nf, 0, GNTTAB_FIRST_FREE_REF) ||
	    !lwip_netfront_add(&ln, &nf, &ip, &mask, &gw) || !(l = tcp_new()) || tcp_bind(l, IP4_ADDR_ANY, 80)) {
		printf("web: no network (see the lines above)\n");
		return 1;
	}
	home_key("name", name, sizeof(name));   /* the store answers once netfront found it */
	home_key("domid", domid, sizeof(domid));
	struct tcp_pcb *listener = tcp_listen(l);
	tcp_accept(listener, on_accept);
	printf("web: %s (d%s) serving HTTP on 10.0.2.15 port 80; from the host: curl http://127.0.0.1:PORT/ "
	       "(PORT: tools/umbra's line 'forwards to 10.0.2.15:80')\n", name, domid);
	fflush(stdout);
	for (;;) {
		if (lwip_netfront_poll(&ln) < 0) {
			printf("web: the back end broke the protocol: %s\n", nf.broken);
			return 1;
		}
		lwip_guest_timers();
		for (unsigned i = 0; i < CONNS; i++)
			if (conns[i].pcb && system_time_ns() - conns[i].started > IDLE_NS)
				conn_end(&conns[i], true);
		lwip_netfront_wait(&ln);
	}
}
