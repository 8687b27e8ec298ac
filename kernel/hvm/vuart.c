/*
 * A 16550 UART on COM1, as an HVM guest's console.
 *
 * Transmission is instantaneous: every byte written to THR goes at once to
 * the hypervisor console as the domain's output (tagged "(dN) " like a PV
 * domain's console_io lines), and LSR always reports THR empty and the
 * transmitter idle, so a polling driver never waits.  Nothing is ever
 * received (no input is routed to HVM guests yet): LSR.DR stays clear and
 * RBR reads 0.  The divisor latch, LCR, MCR, IER and the scratch register
 * read back what was written; IIR reports a THR-empty interrupt condition
 * when IER enables it (cleared by reading IIR or writing THR, the 16550's
 * rule), otherwise "none pending".  The UART's IRQ line (4) is not wired
 * to the PIC: a guest that waits for its interrupt waits forever, which
 * the documentation states.
 */
#include "console.h"
#include "domain.h"
#include "hvm_dev.h"

enum { UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3, UART_MCR = 4,
       UART_LSR = 5, UART_MSR = 6, UART_SCR = 7 };
#define LCR_DLAB 0x80
#define IER_THRI 0x02

uint8_t vuart_read(struct domain *d, struct vuart *u, unsigned reg)
{
	(void)d;
	bool dlab = u->lcr & LCR_DLAB;
	switch (reg & 7) {
	case UART_RBR_THR:
		return dlab ? u->dll : 0;
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR_FCR: {
		uint8_t fifo = (u->fcr & 1) ? 0xC0 : 0;
		if ((u->ier & IER_THRI) && u->thri_pending) {
			u->thri_pending = false;
			return fifo | 0x02;
		}
		return fifo | 0x01;
	}
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return 0x60;                    /* THRE | TEMT */
	case UART_MSR:
		return 0xB0;                    /* DCD, DSR, CTS */
	default:
		return u->scr;
	}
}

void vuart_write(struct domain *d, struct vuart *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;
	switch (reg & 7) {
	case UART_RBR_THR:
		if (dlab) {
			u->dll = v;
		} else {
			char c = (char)v;
			console_guest_write(d->id, &c, 1);
			u->thri_pending = true;
		}
		break;
	case UART_IER:
		if (dlab)
			u->dlm = v;
		else
			u->ier = v & 0x0F;
		if (u->ier & IER_THRI)
			u->thri_pending = true;
		break;
	case UART_IIR_FCR:
		u->fcr = v & 0xC9;
		break;
	case UART_LCR:
		u->lcr = v;
		break;
	case UART_MCR:
		u->mcr = v & 0x1F;
		break;
	case UART_SCR:
		u->scr = v;
		break;
	default:
		break;                          /* LSR and MSR writes: factory test, ignored */
	}
}
