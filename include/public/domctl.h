/*
 * domctl (hypercall 36): domain control for the privileged domain, in Xen
 * 4.17's argument layouts and interface version (0x15), so that a program
 * written against Xen's control interface works on Umbra.
 *
 * The envelope: cmd, interface_version, domain, then a 128-byte union.  A
 * wrong interface_version is -EACCES before anything else is looked at.
 *
 * createdomain makes an empty domain, paused, as Xen's does: no memory, its
 * vCPUs allocated but down.  Xen's toolstack then fills it from dom0
 * (memory_op, foreign mappings, hypercall_init, setvcpucontext) and
 * unpauses it; guest/toolstack/ does that on Umbra.  Umbra adds two
 * commands of its own, numbered where Xen has none (so Xen answers them
 * -ENOSYS): UMBRA_DOMCTL_build_from_module, which loads a kernel from one
 * of the hypervisor's boot modules into such a domain (for boot-time
 * wiring and tests), and UMBRA_DOMCTL_getinfo_ext for what Xen's
 * getdomaininfo does not carry (the name, privilege, ports in use, and the
 * XenStore and console pages and ports the hypervisor's builder gave the
 * domain).
 */
#pragma once
#include <stdint.h>

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015u

#define XEN_DOMCTL_createdomain     1
#define XEN_DOMCTL_destroydomain    2
#define XEN_DOMCTL_pausedomain      3
#define XEN_DOMCTL_unpausedomain    4
#define XEN_DOMCTL_getdomaininfo    5
#define XEN_DOMCTL_max_mem         11
#define XEN_DOMCTL_setvcpucontext  12
#define XEN_DOMCTL_getvcpucontext  13
#define XEN_DOMCTL_getvcpuinfo     14
#define XEN_DOMCTL_max_vcpus       15
#define XEN_DOMCTL_scheduler_op    16
#define XEN_DOMCTL_hypercall_init  22
#define UMBRA_DOMCTL_build_from_module 0x5501
#define UMBRA_DOMCTL_getinfo_ext       0x5502

typedef uint8_t xen_domain_handle_t[16];

/* createdomain flags (XEN_DOMCTL_CDF_*) */
#define XEN_DOMCTL_CDF_hvm          (1u << 0)
#define XEN_DOMCTL_CDF_hap          (1u << 1)
#define XEN_DOMCTL_CDF_s3_integrity (1u << 2)
#define XEN_DOMCTL_CDF_oos_off      (1u << 3)
#define XEN_DOMCTL_CDF_xs_domain    (1u << 4)
#define XEN_DOMCTL_CDF_iommu        (1u << 5)
#define XEN_DOMCTL_CDF_nested_virt  (1u << 6)
#define XEN_DOMCTL_CDF_vpmu         (1u << 7)
#define XEN_DOMCTL_IOMMU_no_sharept (1u << 0)
#define XEN_DOMCTL_GRANT_version_mask 0xfu
#define XEN_X86_MSR_RELAXED         (1u << 0)

struct xen_arch_domainconfig {
	uint32_t emulation_flags;       /* XEN_X86_EMU_*: 0 for a PV domain */
	uint32_t misc_flags;            /* XEN_X86_MSR_RELAXED */
};

struct xen_domctl_createdomain {
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t flags;                 /* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;       /* the highest port number the domain may use */
	int32_t max_grant_frames;       /* < 0: the hypervisor's default */
	int32_t max_maptrack_frames;    /* < 0: the hypervisor's default */
	uint32_t grant_opts;            /* low 4 bits: the highest grant-table version */
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};                                      /* 64 bytes */

/* getdomaininfo flags (XEN_DOMINF_*) */
#define XEN_DOMINF_dying      (1u << 0)
#define XEN_DOMINF_hvm_guest  (1u << 1)
#define XEN_DOMINF_shutdown   (1u << 2)
#define XEN_DOMINF_paused     (1u << 3)
#define XEN_DOMINF_blocked    (1u << 4)
#define XEN_DOMINF_running    (1u << 5)
#define XEN_DOMINF_debugged   (1u << 6)
#define XEN_DOMINF_xs_domain  (1u << 7)
#define XEN_DOMINF_hap        (1u << 8)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16
#define XEN_INVALID_MAX_VCPU_ID  (~0u)

struct xen_domctl_getdomaininfo {
	uint16_t domain;                /* out: the first domain with id >= the asked one */
	uint16_t pad1;
	uint32_t flags;                 /* XEN_DOMINF_* */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame;     /* a PV domain's: the machine frame */
	uint64_t cpu_time;              /* ns its vCPUs ran */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;           /* XEN_INVALID_MAX_VCPU_ID: no vCPUs */
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};                                      /* 112 bytes */

struct xen_domctl_max_mem {
	uint64_t max_memkb;
};

struct xen_domctl_vcpucontext {
	uint32_t vcpu;                  /* in */
	uint32_t pad;
	uint64_t ctxt;                  /* a guest address of a struct vcpu_guest_context;
	                                   setvcpucontext: 0 resets the vCPU */
};

struct xen_domctl_hypercall_init {
	uint64_t gmfn;                  /* the frame to fill (a PV domain's gmfn is its mfn) */
};

struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;                  /* in */
	uint8_t online, blocked, running;
	uint64_t cpu_time;              /* ns */
	uint32_t cpu;
};

struct xen_domctl_max_vcpus {
	uint32_t max;                   /* must be createdomain's max_vcpus */
};

#define XEN_SCHEDULER_CREDIT  5
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3

struct xen_domctl_scheduler_op {
	uint32_t sched_id;              /* in: must name the running scheduler (sysctl sched_id) */
	uint32_t cmd;                   /* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct {
			uint16_t weight;        /* putinfo: 0 leaves it */
			uint16_t cap;           /* % of one CPU, 0 = none; putinfo: 0xffff leaves it */
		} credit;
		struct {
			uint64_t vcpus;         /* per-vCPU ops: a guest array */
			uint32_t nr_vcpus;
			uint32_t padding;
		} v;
	} u;
};

struct umbra_domctl_build_from_module {
	uint32_t module;                /* boot module index holding the kernel image */
	uint32_t memory_kib;            /* at most the domain's max_mem */
	char name[32];
	char cmdline[80];
};

struct umbra_domctl_getinfo_ext {
	uint16_t domain;                /* out: the first domain with id >= the asked one */
	uint8_t privileged;
	uint8_t pad;
	uint32_t evtchn_ports_used;
	char name[32];
	uint64_t store_mfn;             /* the builder's XenStore page, 0 for the initial domain */
	uint64_t console_mfn;           /* its PV console page, likewise */
	uint32_t store_port;            /* their ports in that domain, unbound to the initial domain */
	uint32_t console_port;
};

struct xen_domctl {
	uint32_t cmd;
	uint32_t interface_version;     /* XEN_DOMCTL_INTERFACE_VERSION */
	uint16_t domain;
	uint16_t pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_hypercall_init hypercall_init;
		struct umbra_domctl_build_from_module build_from_module;
		struct umbra_domctl_getinfo_ext getinfo_ext;
		uint8_t raw[128];
	} u;
};                                      /* 144 bytes */

_Static_assert(sizeof(struct xen_domctl_createdomain) == 64, "Xen 4.17 layout");
_Static_assert(sizeof(struct xen_domctl_getdomaininfo) == 112, "Xen 4.17 layout");
_Static_assert(sizeof(struct xen_domctl_getvcpuinfo) == 24, "Xen 4.17 layout");
_Static_assert(sizeof(struct xen_domctl_vcpucontext) == 16, "Xen 4.17 layout");
_Static_assert(sizeof(struct xen_domctl) == 144, "Xen 4.17 layout");
