/*
 * Probing what the hypervisor does with an iret hypercall frame.
 *
 * iret_probe() issues the iret hypercall with a frame naming the given cs,
 * ss, rflags and flags word, whose rip is the instruction right after the
 * hypercall and whose rsp is the current stack.  Either the return succeeds
 * and the code there records the cs, ss and rflags it runs with, then goes
 * back to the flat guest-kernel selectors; or the return faults and the
 * guest gets the fault through its trap table (#NP, #SS, #GP and #PF are
 * caught here), whose bounce frame is recorded before execution resumes on
 * the flat selectors after the probe.  Either way the outcome says which.
 * The upcall mask is restored to its value before the probe.
 */
#pragma once
#include "guest.h"

struct iret_outcome {
	bool landed;                            /* the return succeeded */
	uint64_t cs, ss, rflags;                /* landed: what the code ran with */
	uint8_t mask;                           /* and the upcall mask it found */
	unsigned faults;                        /* faults caught (at most one expected) */
	uint64_t vector, error_code, cr2;       /* else: the fault (cr2 for #PF) */
	uint64_t frame_rip, frame_cs, frame_rsp, frame_ss;      /* and its bounce frame */
	uint64_t rip, rsp;                      /* the frame's rip and rsp, to compare */
};

/* Installs the handlers for #NP, #SS, #GP and #PF (once, after events_init()). */
void iret_probe_init(void);
struct iret_outcome iret_probe(uint64_t cs, uint64_t ss, uint64_t rflags, uint64_t flags);
/* One line describing the outcome (for the log), then the checks. */
void iret_outcome_print(const char *what, const struct iret_outcome *o);
/* Fails the test unless the return faulted once with vector(error_code), the
 * bounce frame holding the frame's rip, rsp, cs and ss (RPL of cs cleared:
 * the guest was in guest-kernel mode; ss with RPL 3 as the hypervisor made it). */
void iret_expect_fault(const char *what, const struct iret_outcome *o, uint64_t cs, uint64_t ss,
		       uint64_t vector, uint64_t error_code);
/* Fails the test unless the return succeeded onto cs and ss with RPL 3. */
void iret_expect_landed(const char *what, const struct iret_outcome *o, uint64_t cs, uint64_t ss);
