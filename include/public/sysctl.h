/*
 * sysctl (hypercall 35): system-wide control for the privileged domain, in
 * Xen 4.17's argument layouts and interface version (0x15).  The envelope:
 * cmd, interface_version, then a 128-byte union.  Order of the answers, as
 * Xen's: an unreadable argument -EFAULT, a wrong interface_version -EACCES,
 * an unprivileged caller -EPERM, a command Umbra lacks -ENOSYS.
 *
 * Umbra adds one command of its own, numbered where Xen has none (so Xen
 * answers it -ENOSYS, as for any command it lacks), as domctl.h does for
 * its own: UMBRA_SYSCTL_boot_module, which copies bytes of one of the
 * hypervisor's boot modules (module 0 the compiled system manifest or the
 * initial domain's kernel, 1..count-1 the other kernels and images) into
 * the caller's buffer, so that the control domain can build at run time
 * the domains the manifest marks not started at boot.
 */
#pragma once
#include <stdint.h>

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015u

#define XEN_SYSCTL_physinfo          3
#define XEN_SYSCTL_sched_id          4
#define XEN_SYSCTL_getdomaininfolist 6
#define UMBRA_SYSCTL_boot_module     0x5501

#define XEN_SYSCTL_PHYSCAP_hvm       (1u << 0)
#define XEN_SYSCTL_PHYSCAP_pv        (1u << 1)
#define XEN_SYSCTL_PHYSCAP_directio  (1u << 2)
#define XEN_SYSCTL_PHYSCAP_hap       (1u << 3)
#define XEN_SYSCTL_PHYSCAP_shadow    (1u << 4)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1u << 9)

struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;               /* online */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;          /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn;
	uint32_t hw_cap[8];
};                                      /* 112 bytes */

struct xen_sysctl_sched_id {
	uint32_t sched_id;              /* XEN_SCHEDULER_* */
};

struct xen_sysctl_getdomaininfolist {
	uint16_t first_domain;          /* in */
	uint32_t max_domains;           /* in: entries the buffer holds */
	uint64_t buffer;                /* in: array of struct xen_domctl_getdomaininfo */
	uint32_t num_domains;           /* out: entries written */
};                                      /* 24 bytes */

/*
 * UMBRA_SYSCTL_boot_module: copy module bytes [offset, offset + n) into
 * buffer, n = min(length, size - offset, UMBRA_BOOT_MODULE_CHUNK), and
 * report n in length, the module's size and the module count.  A read at
 * offset == size copies nothing and succeeds (the end of the module).
 * Errors, after the envelope's: a pad field not zero -EINVAL, module >=
 * count -ENOENT, offset > size -EINVAL, the buffer not writable guest
 * memory -EFAULT (checked only when n > 0).  On any error nothing is
 * written back into this record (the buffer's contents are then undefined).
 */
#define UMBRA_BOOT_MODULE_CHUNK (1u << 20)      /* bytes at most per call */

struct umbra_sysctl_boot_module {
	uint32_t module;                /* in: 0 .. count-1 */
	uint32_t pad;                   /* in: 0 */
	uint64_t offset;                /* in: the first byte to copy */
	uint64_t buffer;                /* in: guest virtual address (Xen's 64-bit guest handle) */
	uint64_t length;                /* in: the buffer's size; out: bytes copied */
	uint64_t size;                  /* out: the module's size in bytes */
	uint32_t count;                 /* out: the number of boot modules */
	uint32_t pad2;                  /* in: 0 */
};                                      /* 48 bytes */

struct xen_sysctl {
	uint32_t cmd;
	uint32_t interface_version;     /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct umbra_sysctl_boot_module boot_module;
		uint8_t raw[128];
	} u;
};                                      /* 136 bytes */

_Static_assert(sizeof(struct xen_sysctl_physinfo) == 112, "Xen 4.17 layout");
_Static_assert(sizeof(struct xen_sysctl_getdomaininfolist) == 24, "Xen 4.17 layout");
_Static_assert(sizeof(struct umbra_sysctl_boot_module) == 48, "Umbra's layout");
_Static_assert(sizeof(struct xen_sysctl) == 136, "Xen 4.17 layout");
