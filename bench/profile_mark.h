/*
 * Measurement windows for tools/profile (docs/performance.md): a benchmark
 * kernel brackets the loop it times with profile_open() and
 * profile_close(name, ops).  The markers are register-preserving no-ops
 * (`xchg %bx,%bx`, `xchg %cx,%cx`) that tools/profile-plugin.c recognises
 * in QEMU's translation; without the plugin they cost one instruction
 * each.  profile_close prints "PROFILE name ops" (the window's name and
 * how many operations it ran), so tools/profile can give per-operation
 * figures; it prints after the closing marker, outside the window.
 */
#pragma once
#include "guest.h"

static inline void profile_open(void)
{
	__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
}

static inline void profile_close(const char *name, unsigned ops)
{
	__asm__ volatile("xchg %%cx, %%cx" ::: "memory");
	printf("PROFILE %s %u\n", name, ops);
}
