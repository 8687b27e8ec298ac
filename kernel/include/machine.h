/*
 * How the machine ends.  QEMU's isa-debug-exit device (port 0xf4) turns a
 * write of v into exit status (v << 1) | 1; tools/umbra maps those statuses
 * to its own outcomes.  Without the device the CPU halts forever.
 */
#pragma once
#include "lib.h"

enum machine_exit {
	EXIT_POWEROFF = 0x10,   /* initial domain powered off, no domain crashed: QEMU 33 */
	EXIT_CRASHED  = 0x11,   /* some domain crashed: QEMU 35 */
	EXIT_PANIC    = 0x12,   /* hypervisor panic: QEMU 37 */
	EXIT_REBOOT   = 0x13,   /* initial domain asked for a reboot: QEMU 39 */
	EXIT_BAD_CONFIG = 0x14, /* the boot was refused (manifest, or a boot-time domain
	                           that cannot be built): QEMU 41 */
};

noreturn void machine_exit(enum machine_exit code);

/* A boot that cannot go on: log "<message>: not booting", exit EXIT_BAD_CONFIG (main.c). */
noreturn void boot_refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
