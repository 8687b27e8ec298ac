/*
 * COM1 (0x3f8) polled output, 115200 8N1.  Output only: the hypervisor reads
 * no console input yet.  A '\n' is sent as "\r\n".
 */
#include "uart_8250.h"
#include "../kernel/arch/x86_64/cpu.h"

#define COM1 0x3f8

void uart_init(void)
{
	outb(COM1 + 1, 0x00);   /* no interrupts */
	outb(COM1 + 3, 0x80);   /* DLAB */
	outb(COM1 + 0, 0x01);   /* divisor 1: 115200 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);   /* 8N1 */
	outb(COM1 + 2, 0xc7);   /* FIFO on */
	outb(COM1 + 4, 0x03);
}

static void uart_putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}
