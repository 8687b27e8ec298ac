/*
 * `create NAME`: a domain the system description marks autostart='no',
 * built by dom0 itself, the way Xen's toolstack builds one
 * (guest/toolstack/ over the dombuild library the hypervisor builds its
 * boot-time domains with), then given its XenStore home and introduced,
 * its console served, its scheduling weight and cap set, and unpaused.
 *
 * The description is the boot manifest (boot module 0), the kernel and its
 * initrd (if it has one) other boot modules, all read through Umbra's
 * sysctl boot_module.  No
 * byte of the manifest is used before manifest_open() has checked all of
 * it, as the hypervisor does at boot.
 *
 * Invariant: a create either leaves a running domain that the store and
 * the console back end serve, or no domain at all (toolstack_build
 * destroys what it could not finish; a failure after it destroys the
 * domain too), and it frees every buffer it read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../config/manifest.h"
#include "d0_cmds.h"
#include "d0_console.h"
#include "d0_devices.h"
#include "d0_shell.h"
#include "d0_store.h"
#include "domctl.h"
#include "toolstack.h"

#define CHUNK      (1u << 20)
#define MODULE_MAX (1ull << 30)         /* the largest kernel or initrd a description may name */

void *d0_load_module(uint32_t module, uint64_t *size)
{
	char probe[1];
	long rc = sysctl_boot_module(module, 0, probe, 0, size);
	if (rc < 0) {
		printf("create: boot module %u: %s\n", module, d0_strerror(rc));
		return NULL;
	}
	if (*size > MODULE_MAX || *size == 0) {
		printf("create: boot module %u: %lu bytes; dom0 reads 1..%llu\n", module,
		       (unsigned long)*size, MODULE_MAX);
		return NULL;
	}
	char *buf = malloc(*size);
	if (!buf) {
		printf("create: boot module %u: no memory in dom0 for its %lu bytes\n", module,
		       (unsigned long)*size);
		return NULL;
	}
	for (uint64_t off = 0; off < *size;) {
		uint64_t again;
		uint64_t want = *size - off < CHUNK ? *size - off : CHUNK;
		rc = sysctl_boot_module(module, off, buf + off, want, &again);
		if (rc <= 0 || again != *size) {
			printf("create: boot module %u: reading at %lu: %s\n", module, (unsigned long)off,
			       rc < 0 ? d0_strerror(rc) : "it changed size");
			free(buf);
			return NULL;
		}
		off += (uint64_t)rc;
	}
	return buf;
}

/* The manifest's domain named name, if it is one to create here. */
static bool find(const struct manifest *m, const char *name, struct manifest_domain *md)
{
	for (uint32_t i = 0; manifest_domain(m, i, md); i++)
		if (strcmp(md->name, name) == 0) {
			if (!(md->flags & MANIFEST_DOMAIN_NO_AUTOSTART)) {
				printf("create: %s starts at boot; only autostart='no' domains are created here\n", name);
				return false;
			}
			if (md->type != MANIFEST_TYPE_PV || md->npcis || md->nioports || md->nirqs) {
				printf("create: %s: HVM domains and device assignment are not supported yet\n", name);
				return false;
			}
			return true;
		}
	printf("create: the system description has no domain named '%s'\n", name);
	return false;
}

static bool running(const char *name)
{
	long d = d0_domid_of(name);
	if (d >= 0)
		printf("create: a domain named %s exists already (d%ld)\n", name, d);
	return d >= 0;
}

static void build(const struct manifest_domain *md, const void *image, uint64_t image_len,
		  const void *ramdisk, uint64_t ramdisk_len)
{
	struct toolstack_domain dom = {
		.image = image, .image_len = image_len, .memory_kib = (unsigned)md->memory_kib,
		.module = ramdisk, .module_len = ramdisk_len,
		.vcpus = md->vcpus, .cmdline = md->cmdline,
	};
	struct toolstack_built b;
	long rc = toolstack_build(&dom, &b);
	if (rc) {
		printf("create: %s: building it failed: %s\n", md->name, d0_strerror(rc));
		return;
	}
	struct umbra_domctl_getinfo_ext x = {
		.domain = b.domid, .store_mfn = b.store_mfn, .console_mfn = b.console_mfn,
		.store_port = b.store_port, .console_port = b.console_port,
	};
	snprintf(x.name, sizeof(x.name), "%s", md->name);
	if ((rc = domctl_sched_put(b.domid, md->weight, md->cap)) == 0) {
		d0_store_add(&x);
		d0_console_add(&x);
		rc = toolstack_unpause(b.domid);
	}
	if (rc) {
		printf("create: %s: starting it failed: %s\n", md->name, d0_strerror(rc));
		toolstack_destroy(b.domid);
		return;
	}
	printf("Created d%u (%s): %lu KiB, %u vCPUs\n", b.domid, md->name, (unsigned long)md->memory_kib, md->vcpus);
}

void d0_cmd_create(int argc, char **argv)
{
	(void)argc;
	uint64_t size, image_len, ramdisk_len = 0;
	void *desc = d0_load_module(0, &size);
	if (!desc)
		return;
	struct manifest m;
	struct manifest_domain md;
	const char *why;
	if (manifest_open(&m, desc, size, &why))
		printf("create: the system was not booted from a description (boot module 0: %s)\n", why);
	else if (find(&m, argv[1], &md) && !running(md.name)) {
		void *image = d0_load_module(md.kernel_module, &image_len);
		void *ramdisk = image && md.ramdisk_module ? d0_load_module(md.ramdisk_module, &ramdisk_len) : NULL;
		if (image && (ramdisk || !md.ramdisk_module))
			build(&md, image, image_len, ramdisk, ramdisk_len);
		free(ramdisk);
		free(image);
	}
	free(desc);
}
