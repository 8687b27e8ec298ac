/* The guest LDT through the hypervisor's per-vCPU window (ldt.c). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

void ldt_rebuild(struct vcpu *v);       /* after the model changed the LDT or base pointer */
void ldt_load(const struct vcpu *v);    /* load LDTR for v (at switch-in) */
void ldt_clear(struct vcpu *v);         /* unmap the window (teardown) */
/* A #PF at va: is it in v's window?  Then map the page there if the model
 * now types it (0: retry the access) or answer the model's refusal. */
bool ldt_in_window(const struct vcpu *v, uint64_t va);
int ldt_map_on_fault(struct vcpu *v, uint64_t va);
/* The guest's descriptor read at va faulted: map the page, or give the
 * guest Xen's #PF at ldt_base + offset (#GP when that is no guest address). */
void ldt_guest_fault(struct vcpu *v, uint64_t va, uint64_t error_code);
