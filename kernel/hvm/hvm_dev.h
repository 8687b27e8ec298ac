/*
 * The devices the hypervisor emulates for an HVM guest, all reached by
 * port I/O (hvm_io.c dispatches on the port): a 16550 UART on COM1 (the
 * guest's console), the 8254 PIT's counter 0 driving IRQ 0, and the two
 * 8259 PICs that turn IRQs into vectors.  Each device is plain state in
 * the domain's struct hvm_domain; every value the guest writes is masked
 * to the register's width before it is kept, so no guest value indexes
 * anything.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

struct vuart {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thri_pending;              /* THR-empty interrupt condition (cleared by an IIR read) */
};

struct vpic {
	uint8_t irr, isr, imr;
	uint8_t vector_base;            /* ICW2 */
	uint8_t init_step;              /* 0: ready; 1-3: expecting ICW2-ICW4 */
	bool icw4_needed, read_isr;
};

struct vpit {
	uint16_t reload;                /* counter 0's reload value (0 means 65536) */
	uint8_t mode, access, write_lsb_next, read_msb_next, latched_valid;
	uint16_t latched;
	bool lsb_written;               /* low byte in, waiting for the high byte */
	bool running;
	uint8_t lsb;
	int64_t start_ns;               /* when the counter was last loaded */
	int64_t next_ns;                /* the next tick's time */
	uint32_t pending;               /* ticks due but not yet raised on IRQ 0 */
	uint64_t ticks;                 /* ticks raised */
};

struct hvm_devices {
	struct vuart uart;
	struct vpic pic[2];             /* master (0x20), slave (0xA0) */
	struct vpit pit;
};

struct domain;
/* hvm_io.c: one port access; *val in (for IN: out) with size 1, 2 or 4. */
void hvm_portio(struct domain *d, uint16_t port, unsigned size, bool in, uint32_t *val);
/* vuart.c */
uint8_t vuart_read(struct domain *d, struct vuart *u, unsigned reg);
void vuart_write(struct domain *d, struct vuart *u, unsigned reg, uint8_t v);
/* vpic.c */
uint8_t vpic_read(struct vpic *p, unsigned reg);
void vpic_write(struct vpic *p, unsigned reg, uint8_t v);
void vpic_raise(struct vpic *p, unsigned irq);
int vpic_pending_vector(const struct vpic *p);   /* -1: nothing to deliver */
void vpic_ack(struct vpic *p);                   /* the pending vector was injected */
/* vpit.c */
uint8_t vpit_read(struct vpit *t, unsigned reg, int64_t now);
void vpit_write(struct vpit *t, unsigned reg, uint8_t v, int64_t now);
/* Ticks due by now: counted, and raised on the PIC's IRQ 0 when it is free. */
void vpit_update(struct vpit *t, struct vpic *master, int64_t now);
