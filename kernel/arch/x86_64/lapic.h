/* Local APIC timer and system time (lapic.c). */
#pragma once
#include <stdint.h>

#define TICK_HZ 100

extern uint64_t tsc_khz;
extern uint64_t tsc_at_boot;
extern uint64_t tsc_to_ns_mul;

void lapic_init(void);
void lapic_eoi(void);
uint64_t now_ns(void);          /* nanoseconds since lapic_init */
