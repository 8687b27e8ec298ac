/*
 * Two guests exchange Ethernet frames through the driver domain's bridge
 * (tests/systems/net-ping).  Both run this kernel, each with one
 * interface; the command line names the peer ("peer=<mac>").  Each guest:
 *
 *   - checks its netfront got the MAC its description gives (the
 *     toolstack's mac node; the command line repeats it as "mac=<mac>");
 *   - broadcasts a hello until it hears the peer (the peer may connect
 *     later), then sends one broadcast frame and one frame to a MAC no
 *     port has (02:00:00:00:00:99), which the bridge must flood;
 *   - sends NET_PINGS pings of varying length (60..1514 bytes) with up to
 *     NET_WINDOW in flight and answers the peer's; each reply must carry
 *     the sequence number of a ping in flight and its payload byte for
 *     byte;
 *   - never receives a frame with its own source address (the bridge
 *     sends nothing back out of the port it came in on);
 *   - with "with-attacker" on the command line (tests/systems/
 *     net-bad-frontend), keeps pinging from the attacker's start frame
 *     to its end frame and counts the round trips in between;
 *   - says it is done once all its pings came back and it saw the peer's
 *     broadcast and unknown-destination frames, and passes once the peer
 *     said so too and its own frames are all sent.
 * Ethernet may lose frames, and netback does (as Linux's does) when a
 * front end has posted no receive page and its queue is full, which a
 * loaded host can cause: so, as ping does, a ping not answered within
 * RESEND_NS is sent again (a late reply to the first copy is checked like
 * any other and counted), the broadcast, unknown-destination and done
 * frames are repeated until the peer's done frame shows it has what it
 * needs, and done frames are answered for LINGER_NS after.  More than
 * NET_PINGS / 10 resends fails: a bridge that loses frames for real still
 * fails the test.
 */
#include "netfront.h"
#include "test.h"
#include "vif_nodes.h"

#define NET_PINGS  300
#define NET_WINDOW 8
#define RESEND_NS  300000000ull
#define REPEAT_NS  250000000ull
#define LINGER_NS  1000000000ull
#define ETHERTYPE  0x88B5       /* IEEE local experimental */

enum { HELLO = 'H', ACK = 'h', BCAST = 'B', UNKNOWN = 'U', PING = 'P', REPLY = 'R', DONE = 'Q',
       ATTACK_START = 'S', ATTACK_SEEN = 'A', ATTACK_OVER = 'X' };

static struct netfront nf;
static uint8_t peer[6], frame[1514];
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t nobody[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t attacker[6] = { 0, 0x16, 0x3e, 0, 0x01, 0x03 };    /* net-bad-frontend's vif 3 */
static bool with_attacker;

static struct {
	bool peer_up, saw_bcast, saw_unknown, peer_done, attack_on, attack_over;
	bool said_done;
	unsigned next, replies, answered, most_in_flight, during_attack, resent, late;
	bool out[NET_PINGS];            /* ping seq (mod NET_PINGS) in flight */
	uint64_t sent_at[NET_PINGS];
} st;

static unsigned ping_len(unsigned seq)
{
	return 60 + (seq * 97) % (1514 - 60 + 1);
}

static uint8_t pattern(unsigned seq, unsigned i)
{
	return (uint8_t)(seq * 7 + i * 13 + 1);
}

static void send(const uint8_t *dst, uint8_t kind, unsigned seq, unsigned len)
{
	memcpy(frame, dst, 6);
	memcpy(frame + 6, nf.mac, 6);
	frame[12] = ETHERTYPE >> 8;
	frame[13] = ETHERTYPE & 0xff;
	frame[14] = kind;
	memcpy(frame + 15, &seq, 4);
	for (unsigned i = 19; i < len; i++)
		frame[i] = pattern(seq, i);
	CHECK(netfront_send(&nf, frame, len) == 0, "send %c %u failed: %s", kind, seq, nf.broken ? nf.broken : "?");
}

static void got(void *arg, const uint8_t *f, unsigned len)
{
	(void)arg;
	CHECK(len >= 19, "a frame of %u bytes", len);
	CHECK(memcmp(f + 6, nf.mac, 6) != 0, "our own frame (kind %c) came back to us", f[14]);
	if (f[12] != ETHERTYPE >> 8 || f[13] != (ETHERTYPE & 0xff))
		return;
	if (with_attacker && memcmp(f + 6, attacker, 6) == 0) {
		if (f[14] == ATTACK_START && !st.attack_over) {
			st.attack_on = true;
			send(attacker, ATTACK_SEEN, ATTACK_START, 60);
		}
		if (f[14] == ATTACK_OVER) {
			st.attack_on = false;
			st.attack_over = true;
			send(attacker, ATTACK_SEEN, ATTACK_OVER, 60);
		}
		return;
	}
	if (memcmp(f + 6, peer, 6) != 0)
		return;
	unsigned seq;
	memcpy(&seq, f + 15, 4);
	bool to_me = memcmp(f, nf.mac, 6) == 0;
	switch (f[14]) {
	case HELLO:
		CHECK(memcmp(f, bcast, 6) == 0, "hello not broadcast");
		send(peer, ACK, 0, 60);
		st.peer_up = true;
		break;
	case ACK:
		st.peer_up = true;
		break;
	case BCAST:
		CHECK(memcmp(f, bcast, 6) == 0, "broadcast frame with another destination");
		st.saw_bcast = true;
		break;
	case UNKNOWN:
		CHECK(memcmp(f, nobody, 6) == 0, "flooded frame with another destination");
		st.saw_unknown = true;
		break;
	case PING:
		CHECK(to_me && len == ping_len(seq), "ping %u: %u bytes, to us %d", seq, len, to_me);
		memcpy(frame, f, len);
		memcpy(frame, peer, 6);
		memcpy(frame + 6, nf.mac, 6);
		frame[14] = REPLY;
		CHECK(netfront_send(&nf, frame, len) == 0, "reply %u failed", seq);
		st.answered++;
		break;
	case REPLY:
		CHECK(to_me && seq < st.next, "reply %u for no ping sent", seq);
		CHECK(len == ping_len(seq), "reply %u: %u bytes, sent %u", seq, len, ping_len(seq));
		for (unsigned i = 19; i < len; i++)
			CHECK(f[i] == pattern(seq, i), "reply %u: byte %u is %u, sent %u", seq, i, f[i], pattern(seq, i));
		if (!st.out[seq % NET_PINGS]) {
			CHECK(st.resent > st.late, "reply %u twice, though no ping was sent again", seq);
			st.late++;              /* the answer to a copy sent again */
			break;
		}
		st.out[seq % NET_PINGS] = false;
		st.replies++;
		st.during_attack += st.attack_on;
		break;
	case DONE:
		st.peer_done = true;
		if (st.said_done)
			send(peer, DONE, 0, 60);        /* the peer may have lost ours */
		break;
	}
}

static bool more_pings(void)
{
	return st.next < NET_PINGS || (with_attacker && !st.attack_over);
}

static void poll_for(uint64_t ns)
{
	CHECK(netfront_poll(&nf, got, NULL) >= 0, "back end broken: %s", nf.broken);
	netfront_wait(&nf, system_time_ns() + ns);
	CHECK(netfront_poll(&nf, got, NULL) >= 0, "back end broken: %s", nf.broken);
}

/* The 17 characters after key on the command line, into out (18 bytes). */
static bool arg(const char *key, char *out)
{
	size_t k = strlen(key);
	for (const char *c = start_info->cmd_line; *c; c++)
		if (strncmp(c, key, k) == 0 && strlen(c + k) >= 17) {
			memcpy(out, c + k, 17);
			out[17] = 0;
			return true;
		}
	return false;
}

int main(void)
{
	events_init();
	gnttab_setup(1);
	char want[18], have[18];
	for (const char *c = start_info->cmd_line; *c && !with_attacker; c++)
		with_attacker = strncmp(c, "with-attacker", 13) == 0;
	CHECK(arg("peer=", want) && vif_parse_mac(want, peer), "no peer=<mac> on the command line");
	CHECK(netfront_open(&nf, 0, GNTTAB_FIRST_FREE_REF) == 0, "netfront_open failed");
	vif_fmt_mac(have, nf.mac);
	CHECK(arg("mac=", want) && strcmp(have, want) == 0, "netfront has MAC %s, the description gives %s", have, want);
	printf("net-ping: connected as %s\n", have);
	uint64_t deadline = system_time_ns() + 200000000000ull;
	while (!st.peer_up) {
		CHECK(system_time_ns() < deadline, "never heard the peer");
		send(bcast, HELLO, 0, 60);
		poll_for(100000000ull);
	}
	uint64_t repeat_at = 0;
	while (!(st.said_done && st.peer_done && nf.tx_in_flight == 0)) {
		uint64_t now = system_time_ns();
		CHECK(now < deadline, "timed out: %u replies, %u answered, bcast %d unknown %d peer done %d",
		      st.replies, st.answered, st.saw_bcast, st.saw_unknown, st.peer_done);
		if (!st.peer_done && now >= repeat_at) {
			send(bcast, BCAST, 0, 60);
			send(nobody, UNKNOWN, 0, 60);
			if (st.said_done)
				send(peer, DONE, 0, 60);
			repeat_at = now + REPEAT_NS;
		}
		for (unsigned seq = st.next > NET_PINGS ? st.next - NET_PINGS : 0; seq < st.next; seq++)
			if (st.out[seq % NET_PINGS] && now - st.sent_at[seq % NET_PINGS] > RESEND_NS) {
				CHECK(++st.resent <= NET_PINGS / 10, "more than %u pings lost (ping %u)", NET_PINGS / 10, seq);
				send(peer, PING, seq, ping_len(seq));
				st.sent_at[seq % NET_PINGS] = now;
			}
		while (more_pings() && st.next - st.replies < NET_WINDOW) {
			st.out[st.next % NET_PINGS] = true;
			st.sent_at[st.next % NET_PINGS] = now;
			send(peer, PING, st.next, ping_len(st.next));
			st.next++;
		}
		if (st.next - st.replies > st.most_in_flight)
			st.most_in_flight = st.next - st.replies;
		if (!st.said_done && !more_pings() && st.replies == st.next && st.saw_bcast && st.saw_unknown) {
			send(peer, DONE, 0, 60);
			st.said_done = true;
		}
		poll_for(10000000ull);
	}
	for (uint64_t end = system_time_ns() + LINGER_NS; system_time_ns() < end;)
		poll_for(10000000ull);          /* answer a done frame the peer repeats */
	printf("net-ping: %s: %u round trips with matching payloads (up to %u in flight), %u pings answered, "
	       "the peer's broadcast and unknown-destination frames arrived; %u pings sent again, %u late replies\n",
	       have, st.replies, st.most_in_flight, st.answered, st.resent, st.late);
	if (with_attacker)
		printf("net-ping: %s: %u round trips while the attacker attacked\n", have, st.during_attack);
	test_pass();
}
