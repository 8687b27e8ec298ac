/* The I/O APIC (ioapic.c): routes the hypervisor's one device interrupt. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Deliver an ISA-style input (edge, active high) as vector on this CPU;
 * false (logged) when the machine has no such I/O APIC input. */
bool ioapic_route_isa(unsigned gsi, uint8_t vector);
