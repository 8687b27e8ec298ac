/* The guest LDT through the hypervisor's per-vCPU window (ldt.c). */
#pragma once

struct vcpu;

void ldt_rebuild(struct vcpu *v);       /* after the model changed the LDT or base pointer */
void ldt_load(const struct vcpu *v);    /* load LDTR for v (at switch-in) */
void ldt_clear(struct vcpu *v);         /* unmap the window (teardown) */
