/*
 * Port I/O from an HVM guest: every port exits (the shared I/O permission
 * map is all ones, svm_cpu.c) and lands here with its port, size and
 * direction.
 *
 * COM1 (0x3F8-0x3FF) is the UART (vuart.c), 0x40-0x43 the PIT (vpit.c),
 * 0x20-0x21 and 0xA0-0xA1 the PICs (vpic.c), 0x61 the PIT's gate and
 * speaker port (reads 0, writes ignored).  Any other port behaves as in
 * Xen when no device model claims it: reads give all ones, writes are
 * dropped.  A wider access to a device's byte registers is split into
 * byte accesses at consecutive ports, as the bus would do.
 */
#include "domain.h"
#include "hvm.h"
#include "../arch/x86_64/lapic.h"

static uint8_t port_in(struct domain *d, uint16_t port, int64_t now)
{
	struct hvm_devices *dev = &hvm_of(d)->dev;
	if (port >= 0x3F8 && port <= 0x3FF)
		return vuart_read(d, &dev->uart, port - 0x3F8);
	if (port >= 0x40 && port <= 0x43)
		return vpit_read(&dev->pit, port - 0x40, now);
	if (port == 0x20 || port == 0x21)
		return vpic_read(&dev->pic[0], port);
	if (port == 0xA0 || port == 0xA1)
		return vpic_read(&dev->pic[1], port);
	if (port == 0x61)
		return 0;
	return 0xFF;
}

static void port_out(struct domain *d, uint16_t port, uint8_t v, int64_t now)
{
	struct hvm_devices *dev = &hvm_of(d)->dev;
	if (port >= 0x3F8 && port <= 0x3FF)
		vuart_write(d, &dev->uart, port - 0x3F8, v);
	else if (port >= 0x40 && port <= 0x43)
		vpit_write(&dev->pit, port - 0x40, v, now);
	else if (port == 0x20 || port == 0x21)
		vpic_write(&dev->pic[0], port, v);
	else if (port == 0xA0 || port == 0xA1)
		vpic_write(&dev->pic[1], port, v);
}

void hvm_portio(struct domain *d, uint16_t port, unsigned size, bool in, uint32_t *val)
{
	int64_t now = (int64_t)now_ns();
	uint32_t out = 0;
	for (unsigned i = 0; i < size; i++) {
		uint16_t p = (uint16_t)(port + i);
		if (in)
			out |= (uint32_t)port_in(d, p, now) << (8 * i);
		else
			port_out(d, p, (uint8_t)(*val >> (8 * i)), now);
	}
	if (in)
		*val = out;
}
