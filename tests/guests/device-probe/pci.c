/*
 * The device-probe guest's port and mapping helpers: configuration space
 * through 0xCF8/0xCFC as a driver would use it, port reads of 1, 2 or 4
 * bytes, and one L1 entry written with mmu_update for a chosen foreign
 * domain (DOMID_IO, as Mini-OS's ioremap does).
 */
#include "pci.h"
#include "pt.h"
#include "public/physdev.h"
#include "test.h"

uint32_t port_in(unsigned port, unsigned size)
{
	uint32_t v = 0;
	if (size == 1)
		__asm__ volatile("inb %%dx, %%al" : "+a"(v) : "d"(port));
	else if (size == 2)
		__asm__ volatile("inw %%dx, %%ax" : "+a"(v) : "d"(port));
	else
		__asm__ volatile("inl %%dx, %%eax" : "=a"(v) : "d"(port));
	return v;
}

static void port_out(unsigned port, unsigned size, uint32_t v)
{
	if (size == 1)
		__asm__ volatile("outb %%al, %%dx" :: "a"(v), "d"(port));
	else if (size == 2)
		__asm__ volatile("outw %%ax, %%dx" :: "a"(v), "d"(port));
	else
		__asm__ volatile("outl %%eax, %%dx" :: "a"(v), "d"(port));
}

static void select(unsigned dev, unsigned reg)
{
	port_out(0xcf8, 4, 0x80000000u | (dev << 11) | (reg & 0xfc));
}

uint32_t cfg_read(unsigned dev, unsigned reg, unsigned size)
{
	select(dev, reg);
	return port_in(0xcfc + (reg & 3), size);
}

void cfg_write(unsigned dev, unsigned reg, unsigned size, uint32_t value)
{
	select(dev, reg);
	port_out(0xcfc + (reg & 3), size, value);
}

long set_iopl(uint32_t iopl)
{
	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);
}

long map_frame(uint64_t va, uint64_t mfn, unsigned foreigndom)
{
	long rc = pt_ensure_l1(va);
	if (rc)
		return rc;
	return pt_update_fd(pt_entry_maddr(va, 1), (mfn << 12) | 3, foreigndom);
}
