/*
 * What the hypervisor keeps from the Multiboot v1 information: the command
 * line, the RAM regions and the modules.  multiboot_parse() copies it all out
 * of the loader's structures first, so that no later allocation can
 * overwrite it.
 */
#pragma once
#include <stdint.h>

#define MB_MAX_MODULES 32
#define MB_MAX_REGIONS 32
#define MB_CMDLINE     256

struct mb_module {
	uint64_t start, end;            /* physical, [start, end) */
	char cmdline[MB_CMDLINE];
};

struct mb_region {
	uint64_t start, end;            /* usable RAM, physical, whole pages */
};

struct boot_info {
	char cmdline[MB_CMDLINE];
	unsigned nr_modules, nr_regions;
	struct mb_module modules[MB_MAX_MODULES];
	struct mb_region regions[MB_MAX_REGIONS];
	uint64_t reserved_end;          /* everything below is image/modules/loader data */
	uint64_t ram_ignored;           /* bytes of RAM beyond DIRECTMAP_MAX or MB_MAX_REGIONS */
};

extern struct boot_info boot_info;

void multiboot_parse(uint32_t magic, uint64_t mbi_phys);
