/*
 * Included first in every hypervisor translation unit (-include).  The
 * hypervisor is linked at a fixed address above 2^47, so code is compiled
 * position-independent (every reference RIP-relative) and every symbol is
 * hidden, so the compiler never asks for a GOT entry.
 */
#pragma GCC visibility push(hidden)
