/*
 * domctl (hypercall 36): domain control for the privileged domain.
 *
 * The command numbers are Xen's (XEN_DOMCTL_*).  The argument layouts are
 * Umbra's: in Xen they are a versioned toolstack interface, not the guest
 * ABI, and Umbra's toolstack is its own.  The envelope keeps Xen's shape:
 * cmd, interface_version, domain, then a 128-byte union.
 *
 * createdomain builds a PV domain from one of the hypervisor's boot modules
 * (Umbra has no separate memory-population and build steps); the new domain
 * starts paused, as in Xen, and the caller unpauses it.
 */
#pragma once
#include <stdint.h>

#define UMBRA_DOMCTL_INTERFACE_VERSION 0x55000001u

#define XEN_DOMCTL_createdomain   1
#define XEN_DOMCTL_destroydomain  2
#define XEN_DOMCTL_pausedomain    3
#define XEN_DOMCTL_unpausedomain  4
#define XEN_DOMCTL_getdomaininfo  5
#define XEN_DOMCTL_max_mem       11
#define XEN_DOMCTL_scheduler_op  16

struct umbra_domctl_createdomain {
	uint32_t module;                /* boot module index holding the kernel image */
	uint32_t memory_kib;            /* the domain's memory */
	uint32_t max_evtchn_ports;      /* 0: the default */
	uint32_t pad;
	char name[32];
	char cmdline[80];
};                                      /* 128 bytes */

#define XEN_DOMINF_dying    (1u << 0)
#define XEN_DOMINF_shutdown (1u << 2)
#define XEN_DOMINF_paused   (1u << 3)
#define XEN_DOMINF_blocked  (1u << 4)
#define XEN_DOMINF_running  (1u << 5)
#define XEN_DOMINF_privileged (1u << 31)      /* Umbra: the domain is privileged */
#define XEN_DOMINF_shutdownshift 16

struct umbra_domctl_getdomaininfo {
	uint16_t domain;                /* out: the first live domain with id >= the asked one */
	uint16_t pad;
	uint32_t flags;                 /* XEN_DOMINF_* */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t cpu_time;              /* ns the domain's vCPUs ran */
	uint32_t nr_online_vcpus;
	uint32_t weight;
	uint32_t cap;
	uint32_t evtchn_ports_used;
	char name[32];
};

struct umbra_domctl_max_mem {
	uint64_t max_memkb;
};

#define XEN_SCHEDULER_CREDIT 5
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1

struct umbra_domctl_scheduler_op {
	uint32_t sched_id;              /* out: XEN_SCHEDULER_CREDIT */
	uint32_t cmd;                   /* XEN_DOMCTL_SCHEDOP_* */
	uint16_t weight;                /* 1..65535 */
	uint16_t cap;                   /* % of one CPU, 0 = none */
};

struct xen_domctl {
	uint32_t cmd;
	uint32_t interface_version;
	uint16_t domain;
	uint16_t pad[3];
	union {
		struct umbra_domctl_createdomain createdomain;
		struct umbra_domctl_getdomaininfo getdomaininfo;
		struct umbra_domctl_max_mem max_mem;
		struct umbra_domctl_scheduler_op scheduler_op;
		uint8_t raw[128];
	} u;
};                                      /* 144 bytes */
