/* Local APIC timer and system time (lapic.c). */
#pragma once
#include <stdint.h>

#define TICK_HZ 1000

extern uint64_t tsc_khz;
extern uint64_t tsc_at_boot;
extern uint32_t time_mul;
extern int8_t time_shift;

void lapic_init(void);
void lapic_eoi(void);
uint32_t lapic_id(void);        /* this CPU's local APIC ID */
uint64_t now_ns(void);          /* nanoseconds since lapic_init */
