/*
 * The I/O APIC: the one route from a legacy device interrupt to a vector.
 *
 * The hypervisor takes one device interrupt of its own, the serial port's
 * (ISA IRQ 4, GSI 4 on q35: ISA IRQs other than the timer keep their
 * numbers).  Its redirection entry is programmed as ISA lines are: fixed
 * delivery, edge-triggered, active high, to this CPU's local APIC.  The GSIs
 * given to domains (pirq.c) are programmed level-triggered, active high (how
 * QEMU's ACPI tables describe q35's PCI interrupt links), masked until a
 * domain binds them; pirq.c masks and unmasks them.  Every other entry stays
 * masked as the firmware left it, and the 8259 PICs stay masked
 * (lapic.c).  A machine without an I/O APIC (the version register reads all
 * ones) or with fewer inputs gets no route: the caller is told and serial
 * input stays off, the hypervisor runs on.
 */
#include "console.h"
#include "ioapic.h"
#include "lapic.h"
#include "mm.h"

#define IOAPIC_PHYS  0xFEC00000ull
#define IOREGSEL     0x00
#define IOWIN        0x10
#define IOAPIC_VER   0x01
#define IOAPIC_REDIR 0x10                       /* entry n: 0x10 + 2n (low), 0x11 + 2n (high) */
#define REDIR_MASKED (1u << 16)
#define REDIR_LEVEL  (1u << 15)

static uint32_t ioapic_read(uint32_t reg)
{
	volatile uint32_t *base = (volatile uint32_t *)(DIRECTMAP_BASE + IOAPIC_PHYS);
	base[IOREGSEL / 4] = reg;
	return base[IOWIN / 4];
}

static void ioapic_write(uint32_t reg, uint32_t val)
{
	volatile uint32_t *base = (volatile uint32_t *)(DIRECTMAP_BASE + IOAPIC_PHYS);
	base[IOREGSEL / 4] = reg;
	base[IOWIN / 4] = val;
}

bool ioapic_route_isa(unsigned gsi, uint8_t vector)
{
	uint32_t ver = ioapic_read(IOAPIC_VER);
	unsigned entries = ((ver >> 16) & 0xff) + 1;
	if (ver == 0xffffffffu || gsi >= entries) {
		log_warn("no I/O APIC input %u (version register %x): that interrupt stays off", gsi, ver);
		return false;
	}
	ioapic_write(IOAPIC_REDIR + 2 * gsi, REDIR_MASKED);
	ioapic_write(IOAPIC_REDIR + 2 * gsi + 1, lapic_id() << 24);
	ioapic_write(IOAPIC_REDIR + 2 * gsi, vector);   /* fixed, physical, active high, edge */
	return true;
}

void ioapic_route_level(unsigned gsi, uint8_t vector)
{
	ioapic_write(IOAPIC_REDIR + 2 * gsi, REDIR_MASKED);
	ioapic_write(IOAPIC_REDIR + 2 * gsi + 1, lapic_id() << 24);
	ioapic_write(IOAPIC_REDIR + 2 * gsi, REDIR_MASKED | REDIR_LEVEL | vector);
}

void ioapic_mask(unsigned gsi)
{
	ioapic_write(IOAPIC_REDIR + 2 * gsi, ioapic_read(IOAPIC_REDIR + 2 * gsi) | REDIR_MASKED);
}

void ioapic_unmask(unsigned gsi)
{
	ioapic_write(IOAPIC_REDIR + 2 * gsi, ioapic_read(IOAPIC_REDIR + 2 * gsi) & ~REDIR_MASKED);
}
