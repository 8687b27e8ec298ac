/*
 * Instruction probes: besides hypercalls, a PV guest reaches the hypervisor
 * through the instructions it emulates or reflects (privileged operations,
 * port I/O, control, debug and segment registers, software interrupts,
 * Xen's forced-emulation cpuid).  A probe writes one such instruction, from
 * a table of forms with random prefixes, registers and immediates, or one
 * of random bytes, into the child's code page, and runs it with random
 * registers and flags (fuzz_probe, excursion.S).  Probes are not
 * hypercalls and are not counted as calls.
 */
#pragma once
#include <stdbool.h>

extern volatile bool probe_active;

void run_probe(bool trace);            /* trace: print it first */
