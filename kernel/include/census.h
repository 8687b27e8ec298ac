/*
 * The hypercall census (hc_census.c): with `census` on the hypervisor's
 * command line, every domain's hypercalls are tallied by number and
 * sub-op, with their failures, and its traps by vector and outcome, and the tally is printed when the domain
 * goes.  Off by default: then no frame is taken and a hypercall pays one
 * test of census_on.
 */
#pragma once
#include "domain.h"

extern bool census_on;

void census_init(const char *cmdline);
void census_domain_init(struct domain *d);      /* a frame for the tally, if census_on */
/* One hypercall nr with these arguments returned rc (the sub-op is read
   from the first argument for the calls that take a command there). */
void census_hypercall(struct domain *d, uint64_t nr, uint64_t a0, long rc);
/* One op of a batch (mmu_update's command, mmuext_op's cmd). */
void census_op(struct domain *d, unsigned nr, uint64_t sub, long rc);
/* What became of a trap from a guest: passed on to the guest's own handler
   (a bounce), finished by the hypervisor (a page-table write), a software
   interrupt through the guest's gate, or a privileged instruction the
   hypervisor emulated (CENSUS_PRIV_OP + its enum priv_op, pv_decode.h). */
enum census_trap_how { CENSUS_BOUNCED, CENSUS_HANDLED, CENSUS_INT_N, CENSUS_PRIV_OP };
#define CENSUS_SYSCALL 32                       /* the vector a user-mode syscall counts as */
#define CENSUS_FLUSH   33                       /* a TLB flush the PV MMU asked for, by its kind
                                                   (enum mmu_flush_kind), counted as a trap */
void census_trap(struct domain *d, unsigned vector, unsigned how);
void census_print(const struct domain *d);      /* its tally so far, one line per key */
void census_domain_report(struct domain *d);    /* print the tally and free it */
