/*
 * Interrupts for HVM test kernels: a 64-bit IDT whose every gate runs
 * irq_entry (irq.S) with the vector, exceptions fail the test, the rest go
 * to the handler the test set; and the legacy PIC and PIT, programmed
 * through their ports as on a PC.
 */
#include "hvm_guest.h"

struct gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
};

static struct gate idt[256] __attribute__((aligned(16)));
static hvm_irq_handler *handler;
extern const uint64_t hvm_irq_stubs[256];

struct irq_frame {
	uint64_t regs[9];               /* rax rcx rdx rsi rdi r8-r11, pushed by irq.S */
	uint64_t vector, error, rip, cs, rflags;
};

void hvm_irq_dispatch(struct irq_frame *f)
{
	if (f->vector < 32)
		hvm_fail("exception %lu (error %lx) at rip %lx", f->vector, f->error, f->rip);
	if (handler)
		handler((unsigned)f->vector);
}

void hvm_set_irq_handler(hvm_irq_handler *h)
{
	handler = h;
	for (unsigned v = 0; v < 256; v++) {
		uint64_t a = hvm_irq_stubs[v];
		idt[v] = (struct gate){ .off_lo = (uint16_t)a, .sel = 0x08, .type = 0x8E,
					.off_mid = (uint16_t)(a >> 16), .off_hi = (uint32_t)(a >> 32) };
	}
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" :: "m"(p));
}

void hvm_pic_init(uint8_t master_base, uint8_t unmask)
{
	outb(0x20, 0x11);               /* ICW1: edge, cascade, ICW4 follows */
	outb(0x21, master_base);        /* ICW2 */
	outb(0x21, 0x04);               /* ICW3: slave on IRQ 2 */
	outb(0x21, 0x01);               /* ICW4: 8086 mode */
	outb(0xA0, 0x11);
	outb(0xA1, (uint8_t)(master_base + 8));
	outb(0xA1, 0x02);
	outb(0xA1, 0x01);
	outb(0x21, (uint8_t)~unmask);
	outb(0xA1, 0xFF);
}

void hvm_pic_eoi(void)
{
	outb(0x20, 0x20);
}

void hvm_pit_periodic(uint16_t reload)
{
	outb(0x43, 0x34);               /* counter 0, low then high byte, mode 2 */
	outb(0x40, (uint8_t)reload);
	outb(0x40, (uint8_t)(reload >> 8));
}
