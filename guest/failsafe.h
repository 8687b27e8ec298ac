/*
 * Catching the failsafe callback in test kernels.
 *
 * The hypervisor enters a vCPU's failsafe callback when it switches the vCPU
 * back in and cannot reload one of its saved data selectors (xen-pv-abi.md
 * 7.4).  failsafe_catch() registers failsafe_entry (failsafe_entry.S) with
 * callback_op and the given flags (0 or CALLBACKF_mask_events);
 * failsafe_catch_legacy() registers it with set_callbacks, together with the
 * runtime's event callback (no flags).  The entry copies the 11-slot frame
 * into `failsafe_seen`, with where it was and the upcall mask the callback
 * found on entry and the value of `failsafe_tag` then (a test sets it where
 * it means the switch to happen, to tell an earlier one apart), counts the
 * entry, and goes back to the interrupted code through the iret hypercall
 * with every register as it was (rcx and r11 from the frame); the selectors
 * stay as the hypervisor left them.
 */
#pragma once
#include "guest.h"

struct failsafe_frame {
	uint64_t rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss;
};

struct failsafe_seen {
	unsigned count;
	uint64_t at;                    /* the frame's address: rsp on entry */
	unsigned mask_on_entry;         /* evtchn_upcall_mask (needs events_init) */
	unsigned tag;                   /* failsafe_tag on entry */
	struct failsafe_frame f;
};

extern volatile struct failsafe_seen failsafe_seen;
extern volatile unsigned failsafe_tag;

long failsafe_catch(uint16_t flags);
long failsafe_catch_legacy(void);
void failsafe_reset(void);
