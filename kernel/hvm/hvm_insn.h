/* Instruction lengths for intercepted instructions (hvm_insn.c). */
#pragma once
#include <stdint.h>

struct vcpu;
/* Length of the instruction at the guest's CS:RIP if, after prefixes, it
 * is opcode[0..n); 0 otherwise. */
unsigned hvm_insn_len(struct vcpu *v, const uint8_t *opcode, unsigned n);

#define INSN_CPUID   ((const uint8_t[]){ 0x0F, 0xA2 }), 2
#define INSN_RDMSR   ((const uint8_t[]){ 0x0F, 0x32 }), 2
#define INSN_WRMSR   ((const uint8_t[]){ 0x0F, 0x30 }), 2
#define INSN_INVD    ((const uint8_t[]){ 0x0F, 0x08 }), 2
#define INSN_HLT     ((const uint8_t[]){ 0xF4 }), 1
#define INSN_VMMCALL ((const uint8_t[]){ 0x0F, 0x01, 0xD9 }), 3
