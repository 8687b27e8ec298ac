/* The 16550 UART on COM1: the hypervisor's console (output polled, input by interrupt). */
#pragma once
#include <stddef.h>
void uart_init(void);
void uart_write(const char *s, size_t n);
void uart_rx_enable(void);      /* raise IRQ 4 when a character arrives */
int uart_getc(void);            /* the next received byte, or -1 when the FIFO is empty */
void uart_rx_rearm(void);       /* after a handler: a new edge if data is still waiting */
