/* The I/O APIC (ioapic.c): the serial port's interrupt and the GSIs domains bind. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Deliver an ISA-style input (edge, active high) as vector on this CPU;
 * false (logged) when the machine has no such I/O APIC input. */
bool ioapic_route_isa(unsigned gsi, uint8_t vector);

/* A domain's GSI (pirq.c): level-triggered, active high, left masked.  The
 * caller checked gsi < IOCAP_NR_GSIS. */
void ioapic_route_level(unsigned gsi, uint8_t vector);
void ioapic_mask(unsigned gsi);
void ioapic_unmask(unsigned gsi);
