/* event_channel_op (hypercall 32): the 2-level ABI, and the FIFO ABI's
 * operation layouts.  Self-contained. */
#pragma once
#include <stdint.h>

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13
#define EVTCHNOP_reset_cont      14     /* a preempted reset, continued */

#define EVTCHN_2L_NR_CHANNELS 4096

struct evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	evtchn_port_t port;                     /* out */
};                                              /* 8 bytes */

struct evtchn_bind_interdomain {
	uint16_t remote_dom;
	uint16_t pad;
	evtchn_port_t remote_port;
	evtchn_port_t local_port;               /* out */
};                                              /* 12 bytes */

struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	evtchn_port_t port;                     /* out */
};                                              /* 12 bytes */

struct evtchn_bind_pirq {
	uint32_t pirq;
#define BIND_PIRQ__WILL_SHARE 1
	uint32_t flags;                         /* BIND_PIRQ__* */
	evtchn_port_t port;                     /* out */
};                                              /* 12 bytes */

struct evtchn_bind_ipi {
	uint32_t vcpu;
	evtchn_port_t port;                     /* out */
};

struct evtchn_close { evtchn_port_t port; };
struct evtchn_send { evtchn_port_t port; };
struct evtchn_unmask { evtchn_port_t port; };
struct evtchn_reset { uint16_t dom; };

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq        3
#define EVTCHNSTAT_virq        4
#define EVTCHNSTAT_ipi         5

struct evtchn_status {
	uint16_t dom;
	uint16_t pad;
	evtchn_port_t port;
	uint32_t status;                        /* out */
	uint32_t vcpu;                          /* out */
	union {
		struct { uint16_t dom; } unbound;
		struct { uint16_t dom; uint16_t pad; evtchn_port_t port; } interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};                                              /* 24 bytes */

/* The FIFO ABI's operations. */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits;                      /* out */
	uint8_t pad[7];
};                                              /* 24 bytes */

struct evtchn_expand_array {
	uint64_t array_gfn;
};

struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority;
};

/* Virtual IRQs. */
#define VIRQ_TIMER    0
#define VIRQ_DEBUG    1
#define VIRQ_CONSOLE  2
#define VIRQ_DOM_EXC  3
#define VIRQ_XENOPROF 7                 /* per vCPU */
#define VIRQ_XENPMU  13                 /* per vCPU */
#define NR_VIRQS     24
