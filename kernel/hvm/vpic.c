/*
 * An 8259A programmable interrupt controller, as an HVM guest sees one.
 *
 * Enough of the chip for a guest that programs it the usual way: the
 * initialisation sequence (ICW1 on the command port, then ICW2 = the
 * vector base, ICW3, and ICW4 when ICW1 asked for it), the mask register
 * (OCW1), non-specific and specific EOI (OCW2) and the IRR/ISR read select
 * (OCW3).  Fixed priority, IRQ 0 highest; edge-triggered.  An IRQ raised
 * while masked stays in IRR and is delivered when unmasked.  The slave is
 * kept only so that a guest can program and mask it; nothing is wired to
 * it.  Invariant: a vector is offered only for an unmasked IRQ of higher
 * priority than every IRQ in service, and from the base the guest set
 * (the low three bits are the IRQ).
 */
#include "hvm_dev.h"

uint8_t vpic_read(struct vpic *p, unsigned reg)
{
	if (reg & 1)
		return p->imr;
	return p->read_isr ? p->isr : p->irr;
}

void vpic_write(struct vpic *p, unsigned reg, uint8_t v)
{
	if (!(reg & 1)) {
		if (v & 0x10) {                 /* ICW1 */
			p->init_step = 1;
			p->icw4_needed = v & 1;
			p->imr = 0;
			p->isr = 0;
			p->irr = 0;
			p->read_isr = false;
		} else if (v & 0x08) {          /* OCW3 */
			if (v & 0x02)
				p->read_isr = v & 1;
		} else {                        /* OCW2 */
			unsigned cmd = v >> 5;
			if (cmd == 1 && p->isr)         /* non-specific EOI: highest in service */
				p->isr &= (uint8_t)(p->isr - 1);
			else if (cmd == 3)              /* specific EOI */
				p->isr &= (uint8_t)~(1u << (v & 7));
		}
		return;
	}
	switch (p->init_step) {
	case 1:
		p->vector_base = v & 0xF8;
		p->init_step = 2;
		break;
	case 2:
		p->init_step = p->icw4_needed ? 3 : 0;
		break;
	case 3:
		p->init_step = 0;
		break;
	default:
		p->imr = v;
	}
}

void vpic_raise(struct vpic *p, unsigned irq)
{
	p->irr |= (uint8_t)(1u << (irq & 7));
}

/* The IRQ to deliver, or -1 */
static int pending_irq(const struct vpic *p)
{
	uint8_t want = p->irr & (uint8_t)~p->imr;
	if (!want || p->init_step)
		return -1;
	unsigned irq = (unsigned)__builtin_ctz(want);
	if (p->isr && (unsigned)__builtin_ctz(p->isr) <= irq)
		return -1;
	return (int)irq;
}

int vpic_pending_vector(const struct vpic *p)
{
	int irq = pending_irq(p);
	return irq < 0 ? -1 : p->vector_base + irq;
}

void vpic_ack(struct vpic *p)
{
	int irq = pending_irq(p);
	if (irq < 0)
		return;
	p->irr &= (uint8_t)~(1u << irq);
	p->isr |= (uint8_t)(1u << irq);
}
