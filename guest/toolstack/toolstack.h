/*
 * Building domains from a privileged guest, the way Xen's toolstack
 * (libxl over libxc's xc_dom_*) does it, through Xen's interfaces only:
 *
 *   domctl createdomain, max_vcpus, max_mem;
 *   event_channel_op alloc_unbound in the new domain: its XenStore and
 *     console ports (1 and 2), with this domain as the back end;
 *   memory_op populate_physmap on the new domain (its frames, M2P set);
 *   mmu_update with foreigndom = the new domain: its frames mapped into
 *     this domain's page tables, as Xen's privcmd maps them;
 *   the domain builder library (dombuild/) writes the p2m list, the image,
 *     the page tables, start_info and the console page through those
 *     mappings, and domctl hypercall_init has the hypervisor write the
 *     hypercall page;
 *   grant_table_op setup_table naming the new domain, and its grant
 *     entries 0 and 1 written through a mapping: the console and xenstore
 *     pages granted to this domain, their back end, as libxc seeds them;
 *   shared_info zeroed with every upcall masked, as libxc leaves it;
 *   every mapping dropped, then mmuext_op PIN_L4_TABLE with foreigndom
 *     (the hypervisor validates every table the builder wrote);
 *   domctl setvcpucontext for vCPU 0.
 * The domain is left paused; the caller connects to it and unpauses it
 * (domctl unpausedomain), and destroys it with domctl destroydomain.
 *
 * Written against the freestanding runtime (guest/); it uses nothing of it
 * but hypercall wrappers and the page-table helpers (pt.h), so dom0's
 * newlib build can take it as it is.
 */
#pragma once
#include "guest.h"
#include "public/event_channel.h"
#include "public/vcpu.h"
#include "dombuild.h"

struct toolstack_domain {
	const void *image;              /* a Xen PV kernel (ELF) */
	size_t image_len;
	const void *module;             /* its initial ramdisk; module_len 0: none */
	size_t module_len;
	unsigned memory_kib;            /* a multiple of 4 */
	unsigned vcpus;                 /* max_vcpus; vCPU 0 starts, the guest brings up the rest */
	const char *cmdline;
};

struct toolstack_built {
	domid_t domid;
	uint64_t nr_pages;
	uint64_t store_mfn, console_mfn;
	evtchn_port_t store_port, console_port;
	uint64_t l4_mfn, start_info_mfn;
	struct dombuild_start start;    /* where vCPU 0 starts */
};

/* Create and build a domain, paused.  0, or the first failing step's
 * -XEN_E* (the half-built domain is destroyed, nothing stays mapped). */
long toolstack_build(const struct toolstack_domain *dom, struct toolstack_built *out);

/* The same in its three steps, for callers that act in between (tests):
 * create (createdomain, max_vcpus, max_mem, the two service ports; out->domid
 * is DOMID_INVALID until createdomain succeeds), load (memory, image, page
 * tables, start_info, hypercall page, shared_info, the L4 pinned; nothing
 * stays mapped), start (vCPU 0's context).  Each
 * returns 0 or -XEN_E* and leaves the domain to the caller. */
long toolstack_create(const struct toolstack_domain *dom, struct toolstack_built *out);
long toolstack_load(const struct toolstack_domain *dom, struct toolstack_built *out);
long toolstack_start(const struct toolstack_built *built);
/* vCPU 0's start-of-day context for a loaded domain (what toolstack_start
 * passes to setvcpucontext); valid until the next call. */
const struct vcpu_guest_context *toolstack_vcpu0(const struct toolstack_built *built);

/* domctl unpausedomain / destroydomain. */
long toolstack_unpause(domid_t domid);
long toolstack_destroy(domid_t domid);

/* ---- the builder's environment (toolstack_map.c) ---- */

struct dombuild_env;
/* An environment for domid: populate_physmap, foreign mappings in a window
 * of this domain's own page tables (a few slots, kept as a cache), and
 * domctl hypercall_init.  toolstack_unmap_all() drops every mapping it
 * made (and flushes them from the TLB). */
void toolstack_env(struct dombuild_env *env, domid_t domid);
void toolstack_unmap_all(void);
/* One frame of domid mapped writable in the window until toolstack_unmap
 * (the window holds TOOLSTACK_SLOTS at once); NULL if the hypervisor
 * refuses the mapping. */
#define TOOLSTACK_SLOTS 16
void *toolstack_map(domid_t domid, uint64_t mfn);
void toolstack_unmap(void *page);
