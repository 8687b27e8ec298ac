/*
 * Debug keys: what a key typed while serial input is with the hypervisor
 * does (keyhandler.c dispatches and holds the list; key_domains.c shows
 * domains, vCPUs and their registers).  Xen's letters where Xen has the
 * same key.  Every handler only reads hypervisor state and prints it.
 */
#pragma once
#include "domain.h"

void keyhandler_press(unsigned char key);      /* unknown keys do nothing, as in Xen */

void key_dump_domains(unsigned char key);       /* 'q' */
void key_dump_running(unsigned char key);       /* 'd' */
void key_dump_domain_regs(unsigned char key);   /* '0'-'9': that domain's vCPUs */
void key_dump_hvm(unsigned char key);           /* 'v': HVM counters and VMCB state (kernel/hvm/hvm_keys.c) */
void hvm_dump_vcpu(const struct vcpu *v);       /* an HVM vCPU's registers, from its VMCB */
const char *vcpu_state_name(const struct vcpu *v);
/* "12.345" for ns as milliseconds, into buf[24]. */
const char *key_ms(char buf[24], int64_t ns);
