/*
 * COM1 (0x3f8), 115200 8N1: the hypervisor's console.  Output is polled (a
 * '\n' is sent as "\r\n").  Input raises the "received data available"
 * interrupt (ISA IRQ 4), which the hypervisor routes through the I/O APIC;
 * the handler reads what the FIFO holds with uart_getc().
 *
 * The IRQ line is edge-triggered at the I/O APIC, while the UART holds it
 * high for as long as its FIFO is not empty: a handler that leaves
 * characters behind (it reads a bounded number per interrupt) would never be
 * interrupted again.  uart_rx_rearm() therefore drops the interrupt enable
 * and raises it again, so a FIFO that still holds data makes a new edge.
 */
#include "uart_8250.h"
#include "../kernel/arch/x86_64/cpu.h"

#define COM1 0x3f8
#define UART_RBR 0                      /* receive buffer (read), DLAB clear */
#define UART_IER 1
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define IER_RX_DATA 0x01
#define MCR_DTR_RTS 0x03
#define MCR_OUT2    0x08                /* gates the IRQ line on PC hardware */
#define LSR_DATA    0x01
#define LSR_THRE    0x20

void uart_init(void)
{
	outb(COM1 + UART_IER, 0x00);    /* no interrupts until uart_rx_enable */
	outb(COM1 + UART_LCR, 0x80);    /* DLAB */
	outb(COM1 + 0, 0x01);           /* divisor 1: 115200 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03);    /* 8N1 */
	outb(COM1 + 2, 0xc7);           /* FIFO on, cleared */
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

static void uart_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
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

void uart_rx_enable(void)
{
	outb(COM1 + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + UART_IER, IER_RX_DATA);
}

int uart_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DATA))
		return -1;
	return inb(COM1 + UART_RBR);
}

void uart_rx_rearm(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_IER, IER_RX_DATA);
}
