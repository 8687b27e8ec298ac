/*
 * Guest side of vCPUs (vcpu_op).
 *
 * guest_vcpu_context() fills a vcpu_guest_context that starts fn(id) in
 * guest-kernel mode on vCPU id's own stack, sharing everything else with
 * the caller: its kernel page tables (ctrlreg[3] from the emulated mov
 * %cr3), the runtime's trap table and event callback, events masked until
 * the vCPU unmasks them.  guest_vcpu_start() hands that to
 * VCPUOP_initialise and brings the vCPU up.  A vCPU that returns from fn
 * takes itself down.
 *
 * Which vCPU is running is known from the stack in use (guest_vcpu_id), so
 * the event upcall finds its own vcpu_info: the slot in shared_info, or
 * wherever guest_vcpu_set_info() says VCPUOP_register_vcpu_info moved it.
 */
#pragma once
#include "guest.h"
#include "public/vcpu.h"

#define GUEST_MAX_VCPUS 8
#define GUEST_VCPU_STACK 16384

typedef void guest_vcpu_fn(unsigned id);

unsigned guest_vcpu_id(void);
void guest_vcpu_context(struct vcpu_guest_context *c, unsigned id, guest_vcpu_fn *fn);
long guest_vcpu_start(unsigned id, guest_vcpu_fn *fn);          /* initialise + up */
struct vcpu_info *guest_vcpu_info(unsigned id);
void guest_vcpu_set_info(unsigned id, struct vcpu_info *vi);
