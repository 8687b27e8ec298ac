/*
 * Hypercall wrappers: each calls the builder-filled stub for its number in
 * the hypercall page (32 bytes per slot), with arguments in rdi, rsi, rdx,
 * r10, r8.  The argument registers count as clobbered.
 */
#pragma once
#include <stdint.h>
#include "public/xen.h"

extern char hypercall_page[4096];

static inline long hypercall5(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t rdi __asm__("rdi") = a1, rsi __asm__("rsi") = a2, rdx __asm__("rdx") = a3,
		r10 __asm__("r10") = a4, r8 __asm__("r8") = a5;
	long ret;
	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
			 : [stub] "r"(hypercall_page + nr * 32)
			 : "rcx", "r11", "r9", "memory");
	return ret;
}

#define hypercall0(nr) hypercall5(nr, 0, 0, 0, 0, 0)
#define hypercall1(nr, a) hypercall5(nr, (uint64_t)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b) hypercall5(nr, (uint64_t)(a), (uint64_t)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c) hypercall5(nr, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0)
#define hypercall4(nr, a, b, c, d) hypercall5(nr, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0)

static inline long HYPERVISOR_console_io(int cmd, unsigned count, const char *buf)
{
	return hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}
static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}
static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}
static inline long HYPERVISOR_set_trap_table(const void *table)
{
	return hypercall1(__HYPERVISOR_set_trap_table, table);
}
static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
	return hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}
static inline long HYPERVISOR_set_segment_base(unsigned which, uint64_t base)
{
	return hypercall2(__HYPERVISOR_set_segment_base, which, base);
}
static inline long HYPERVISOR_stack_switch(uint64_t ss, uint64_t sp)
{
	return hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}
static inline long HYPERVISOR_set_debugreg(int reg, uint64_t value)
{
	return hypercall2(__HYPERVISOR_set_debugreg, reg, value);
}
static inline long HYPERVISOR_get_debugreg(int reg)
{
	return hypercall1(__HYPERVISOR_get_debugreg, reg);
}
static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}
static inline long HYPERVISOR_fpu_taskswitch(int set)
{
	return hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}
static inline long HYPERVISOR_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, va, val, flags);
}
static inline long HYPERVISOR_mmu_update(const struct mmu_update *req, unsigned count,
					 unsigned *done, unsigned foreigndom)
{
	return hypercall4(__HYPERVISOR_mmu_update, req, count, done, foreigndom);
}
static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op, unsigned count,
					unsigned *done, unsigned foreigndom)
{
	return hypercall4(__HYPERVISOR_mmuext_op, op, count, done, foreigndom);
}
static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}
/* vcpuid is passed whole: only its low 32 bits name the vCPU (Xen's unsigned int). */
static inline long HYPERVISOR_vcpu_op(int cmd, uint64_t vcpuid, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpuid, arg);
}
static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
	return hypercall1(__HYPERVISOR_set_timer_op, timeout);
}
static inline long HYPERVISOR_domctl(void *op)
{
	return hypercall1(__HYPERVISOR_domctl, op);
}
static inline long HYPERVISOR_sysctl(void *op)
{
	return hypercall1(__HYPERVISOR_sysctl, op);
}
static inline long HYPERVISOR_grant_table_op(unsigned cmd, void *args, unsigned count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, args, count);
}
static inline long HYPERVISOR_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
							    domid_t dom)
{
	return hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, va, val, flags, dom);
}
static inline long HYPERVISOR_multicall(struct multicall_entry *calls, uint64_t nr)
{
	return hypercall2(__HYPERVISOR_multicall, calls, nr);
}
static inline long HYPERVISOR_set_gdt(const uint64_t *frames, unsigned entries)
{
	return hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}
static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return hypercall2(__HYPERVISOR_update_descriptor, maddr, desc);
}
static inline long HYPERVISOR_memory_op(unsigned cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}
static inline long HYPERVISOR_vm_assist(unsigned cmd, unsigned type)
{
	return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}
