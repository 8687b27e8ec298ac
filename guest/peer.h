/*
 * Multi-domain test kernels built from one image (peer.c).
 *
 * A test kernel that needs further domains lists itself again as an
 * image-only boot module, module PEER_MODULE (test.spec:
 * "extra: build/tests/<kind>/<name>.elf image-only").  The initial domain
 * creates peers from it with domctl, each with its role on the command line
 * ("role arg1 arg2 ..."), and main() dispatches on is_initial_domain() and
 * peer_role().
 *
 * The control channel: before unpausing a peer, the initial domain allocates
 * the peer's first port, PEER_PORT, unbound and accepting itself (a
 * privileged alloc_unbound in another domain), and binds to it; the peer
 * finds its end at a known number without any handshake.  A peer reports
 * success by sending on PEER_PORT (peer_report_ok); a failing peer prints
 * TEST FAIL (which fails the test by itself) and never sends.
 */
#pragma once
#include "domctl.h"
#include "events.h"

#define PEER_MODULE 1
#define PEER_PORT 3      /* the first port after the builder's store (1) and console (2) ports */

bool is_initial_domain(void);

/* Initial domain side.  domctl_create returns the domctl result; the peer_*
 * calls fail the test on any error.  Created domains start paused. */
long domctl_create(unsigned module, unsigned memory_kib, const char *cmdline, domid_t *id);
domid_t peer_create(const char *cmdline, unsigned memory_kib);
/* The largest memory_kib domctl_create accepts (a multiple of 4), so the free
 * frame count is this / 4 + CREATE_EXTRA_FRAMES (the frames the hypervisor
 * keeps for a one-vCPU domain besides its memory, taken by createdomain: its
 * shared_info, vCPU and first event-channel frames).  build_from_module
 * refuses with -ENOMEM exactly when memory_kib / 4 > the frames then free,
 * before it looks at the image, so a binary search with bad_module, a boot
 * module that is not an ELF image (every accepted probe then fails cheaply
 * with -ENOEXEC, its empty domain destroyed), finds the count to the frame
 * that the largest domain can really be built with (sysctl physinfo's
 * free_pages counts the same frames, but not what one domain may take). */
#define CREATE_EXTRA_FRAMES 4
unsigned long max_creatable_kib(unsigned bad_module);
evtchn_port_t peer_connect(domid_t d);  /* our end: masked, not pending */
void peer_unpause(domid_t d);
void peer_destroy(domid_t d);
bool domain_alive(domid_t d);
/* True once the peer sent on the control channel (the pending bit is then
 * cleared); false if it died without sending or timeout_ns passed. */
bool peer_wait_report(domid_t d, evtchn_port_t local, uint64_t timeout_ns);
/* Unpause d, then fail the test unless it reports within timeout_ns. */
void peer_run(domid_t d, evtchn_port_t local, uint64_t timeout_ns, const char *who);
bool peer_wait_gone(domid_t d, uint64_t timeout_ns);
/* sysctl physinfo's free pages now (fails the test if it cannot be read). */
uint64_t free_pages_now(void);
/* Poll sysctl physinfo until its free pages are `before` again (Xen frees a
 * destroyed domain's memory when its last reference goes, not at once);
 * the last count read.  expect_free_pages_back fails the test unless they
 * come back within 5 s. */
uint64_t free_pages_back_to(uint64_t before, uint64_t timeout_ns);
void expect_free_pages_back(uint64_t before);
/* Sleep (SCHEDOP_poll on no port) until system time has advanced by ns. */
void sleep_ns(uint64_t ns);
/* A loopback channel of our own: both ends masked, neither pending. */
void loopback_pair(evtchn_port_t *a, evtchn_port_t *b);
/* Fail the test if any of our ports is pending. */
void expect_nothing_pending(void);

/* Peers built the Xen way (guest/toolstack/toolstack_peer.c).  A test kernel
 * whose test.spec says "carries: itself" has its own image linked in as data
 * (tests/guests/guests.mk); both symbols are NULL in any other kernel. */
extern const uint8_t carried_image[] __attribute__((weak));
extern const uint8_t carried_image_end[] __attribute__((weak));
struct toolstack_built;
/* Build a copy of this kernel with the toolstack (Xen's interfaces only),
 * paused, with this command line and memory; connect PEER_PORT (our end in
 * *local).  Fails the test on any error. */
domid_t toolstack_peer_create(const char *cmdline, unsigned memory_kib,
			      struct toolstack_built *t, evtchn_port_t *local);
/* Only create and load it (toolstack_create, toolstack_load): its vCPU 0
 * has no context yet (toolstack_start gives it one). */
domid_t toolstack_peer_load(const char *cmdline, unsigned memory_kib, unsigned vcpus,
			    struct toolstack_built *t);
/* A loaded peer: start vCPU 0, connect, unpause, and fail the test unless it
 * reports within 5 s; our end of the control channel. */
evtchn_port_t toolstack_peer_run(const struct toolstack_built *t);
/* Destroy it and close our end of the control channel. */
void toolstack_peer_end(domid_t d, evtchn_port_t local);

/* Peer side. */
bool peer_role(const char *role);               /* command-line word 0 */
unsigned long peer_arg(unsigned i);             /* word i as a decimal number */
noreturn void peer_report_ok(void);             /* send on PEER_PORT, power off */
noreturn void peer_report_and_block(void);      /* send on PEER_PORT, block until destroyed */
/* Step by step (peer_signal.c).  Initial domain: create a 4 MiB peer with
 * this role, connect, unpause, and wait for its first report.  Peer: map
 * shared_info with PEER_PORT masked, then wait for the initial domain's
 * sends one at a time. */
domid_t peer_start(const char *role, evtchn_port_t *local);
/* The same with more memory (pt_alloc() needs 8 MiB: peers of 4 MiB have
 * no room for its window). */
domid_t peer_start_kib(const char *role, unsigned memory_kib, evtchn_port_t *local);
void peer_begin(void);
void peer_wait_signal(void);
