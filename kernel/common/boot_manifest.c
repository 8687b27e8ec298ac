/*
 * Boot from a manifest: Multiboot module 0 is the compiled XML system
 * description (config/manifest.h), modules 1..N the kernels it names.
 *
 * Nothing in the manifest is used before manifest_open() has checked all of
 * it (magic, version, size, CRC, every offset and count).  A manifest that
 * fails, or asks for something this hypervisor cannot do, stops the boot
 * with one clear line and exit status EXIT_BAD_CONFIG, before any domain
 * exists.  A domain gets all the vCPUs its description names, as in Xen:
 * vCPU 0 runs, the others wait offline for VCPUOP_initialise and up.
 * HVM domains (kernel/hvm/) run with paging='hap' on a CPU with SVM, one
 * vCPU each; paging='shadow' is refused until the shadow engine is
 * integrated.  Device permissions (PCI functions, I/O ports, IRQs) are given to the
 * domain right after it is built, before anything runs (dev_assign.c);
 * each disk is reported as served from its image file (its back-end
 * domain is given the virtio-blk function tools/umbra attaches for it) or
 * from a RAM disk in its back end (nothing read from or kept in the image),
 * and interfaces as bridged between guests only.  Domains are
 * built in manifest order: the control domain first, then driver domains,
 * then guests.  A domain marked not started at boot (autostart='no',
 * MANIFEST_DOMAIN_NO_AUTOSTART) is checked like the others, so a manifest
 * this hypervisor cannot run still fails before anything exists, but it is
 * not built and its memory is not asked for now: the control domain
 * creates it later from the manifest and its kernel, which it reads through
 * UMBRA_SYSCTL_boot_module (hc_sysctl_module.c).  Boot modules live below
 * the boot allocator's mark and are never freed (frame.c), so that kernel
 * stays readable for as long as the machine runs.
 */
#include "boot_manifest.h"
#include "console.h"
#include "dev_assign.h"
#include "domain_build.h"
#include "evtchn.h"
#include "hvm.h"
#include "svm.h"
#include "machine.h"
#include "../../config/manifest.h"
#include "mm.h"
#include "multiboot.h"

static const char *const role_names[] = { "control", "driver", "guest" };

bool boot_manifest_present(const void *module0, size_t len)
{
	return len >= 4 && memcmp(module0, MANIFEST_MAGIC, 4) == 0;
}

static const void *module_ptr(unsigned i)
{
	const struct mb_module *m = &boot_info.modules[i];
	return (const uint8_t *)mfn_to_virt(m->start >> PAGE_SHIFT) + (m->start & (PAGE_SIZE - 1));
}

/* event_channels is Xen's max_evtchn_port (xl's max_event_channels): ports
 * 1..N usable, port 0 reserved; the 2-level ABI ends at port 4095. */
static uint32_t event_ports(uint32_t event_channels)
{
	return MIN(event_channels + 1, EVTCHN_MAX_PORTS);
}

/* Everything is checked before the first domain is built. */
static void check_domain(const struct manifest_domain *md)
{
	if (md->type == MANIFEST_TYPE_HVM && md->paging == MANIFEST_PAGING_SHADOW)
		boot_refuse("boot manifest: domain %s: paging='shadow' is not built yet "
			    "(shadow page tables are not integrated; paging='hap' runs)", md->name);
	if (md->type == MANIFEST_TYPE_HVM && !svm_available)
		boot_refuse("boot manifest: domain %s: type='hvm' needs AMD SVM, which this CPU does not offer",
			    md->name);
	if (md->type == MANIFEST_TYPE_HVM && md->vcpus != 1)
		boot_refuse("boot manifest: domain %s: an HVM domain has one vCPU in this build, not %u",
			    md->name, md->vcpus);
	if (md->kernel_module >= boot_info.nr_modules)
		boot_refuse("boot manifest: domain %s: kernel is module %u but only %u modules were loaded",
			    md->name, md->kernel_module, boot_info.nr_modules - 1);
	if (md->ramdisk_module >= boot_info.nr_modules)
		boot_refuse("boot manifest: domain %s: initrd is module %u but only %u modules were loaded",
			    md->name, md->ramdisk_module, boot_info.nr_modules - 1);
}

/* An HVM domain from the same arguments: its kernel, memory, command line, share. */
static struct domain *build_hvm(const struct pv_build_args *pv)
{
	struct hvm_build_args a = {
		.name = pv->name, .image = pv->image, .image_len = pv->image_len,
		.nr_pages = pv->nr_pages, .cmdline = pv->cmdline, .weight = pv->weight, .cap = pv->cap,
	};
	return hvm_build(&a);
}

void build_from_manifest(void)
{
	const struct mb_module *m0 = &boot_info.modules[0];
	struct manifest m;
	const char *why;
	if (manifest_open(&m, module_ptr(0), m0->end - m0->start, &why))
		boot_refuse("boot manifest: rejected: %s", why);
	uint32_t n = manifest_domain_count(&m);
	struct manifest_domain md;
	uint64_t pages = 0;
	for (uint32_t i = 0; i < n; i++) {
		manifest_domain(&m, i, &md);
		check_domain(&md);
		if (!(md.flags & MANIFEST_DOMAIN_NO_AUTOSTART))
			pages += md.memory_kib / 4 + DOMAIN_EXTRA_FRAMES + 2 * (md.vcpus - 1) +
				 (md.type == MANIFEST_TYPE_HVM ? HVM_EXTRA_FRAMES(md.memory_kib / 4) : 0);
	}
	if (pages > frames_free)
		boot_refuse("boot manifest: the domains need %lu KiB, the hypervisor has %lu KiB free",
			    pages * 4, frames_free * 4);
	log_info("boot manifest: %u domains, machine %lu MiB", n, m.machine_kib >> 10);
	for (uint32_t i = 0; i < n; i++) {
		manifest_domain(&m, i, &md);
		if (md.flags & MANIFEST_DOMAIN_NO_AUTOSTART) {
			log_info("domain %s: not started at boot (autostart='no'); the control domain may create it",
				 md.name);
			continue;
		}
		for (uint32_t k = 0; k < md.ndisks; k++) {
			struct manifest_disk disk;
			uint8_t slot;
			manifest_disk(&m, i, k, &disk);
			if (manifest_disk_device(&m, i, k, &slot))
				log_info("domain %s: disk %s: served from its image file through the back end's "
					 "virtio-blk 0000:00:%02x.0", md.name, disk.target, slot);
			else
				log_warn("domain %s: disk %s: its back end has no virtio-blk for it (no <hostdev> for "
					 "its slot): served from a RAM disk, the image file is not read and nothing "
					 "written is kept", md.name, disk.target);
		}
		if (md.nnics)
			log_info("domain %s: %u interfaces: served by their back-end domain's netback and bridge "
				 "(with its virtio-net NIC when it was given one)", md.name, md.nnics);
		const struct mb_module *km = &boot_info.modules[md.kernel_module];
		const struct mb_module *rd = &boot_info.modules[md.ramdisk_module];
		struct pv_build_args a = {
			.name = md.name, .image = module_ptr(md.kernel_module),
			.image_len = km->end - km->start, .nr_pages = md.memory_kib / 4,
			.module = md.ramdisk_module ? module_ptr(md.ramdisk_module) : NULL,
			.module_len = md.ramdisk_module ? rd->end - rd->start : 0,
			.cmdline = md.cmdline, .initial = i == 0,
			.privileged = md.role == MANIFEST_ROLE_CONTROL,
			.max_evtchn_ports = event_ports(md.event_channels), .max_grant_frames = md.grant_frames,
			.weight = md.weight, .cap = md.cap,
		};
		log_info("building %s domain %s (%u vCPUs)", role_names[md.role], md.name, md.vcpus);
		struct domain *d = md.type == MANIFEST_TYPE_HVM ? build_hvm(&a) : domain_build_pv(&a);
		if (!d)
			boot_refuse("boot manifest: domain %s could not be built", md.name);
		if (domain_max_vcpus(d, md.vcpus))
			boot_refuse("boot manifest: domain %s: no memory for its %u vCPUs", md.name, md.vcpus);
		dev_assign(d, &m, i, &md);
	}
}
