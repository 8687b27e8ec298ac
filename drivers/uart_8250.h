/* The 16550 UART on COM1: the hypervisor's console. */
#pragma once
#include <stddef.h>
void uart_init(void);
void uart_write(const char *s, size_t n);
