/*
 * Serial input: what is typed on COM1 goes either to the initial domain
 * (dom0), through CONSOLEIO_read and VIRQ_CONSOLE, or to the hypervisor's
 * debug keys (keyhandler.c), as in Xen.
 *
 * Input is 7-bit, as in Xen: the top bit of every byte received is
 * dropped before anything else looks at it.
 *
 * Switching: CTRL-a (0x01) typed three times in a row moves input from one
 * to the other and prints which one has it now.  The CTRL-a's are held back
 * until it is clear they are not a switch: a first or second one followed
 * by another character is passed on before that character.  Boot ends with
 * input given to dom0, announced the same way.
 *
 * Dom0's input waits in a ring of SERIAL_RX_SIZE characters (Xen's 128)
 * until dom0 reads it; VIRQ_CONSOLE is raised for every character, so a
 * reader never misses a wake-up.  When the ring is full, further characters
 * are dropped and counted: one line reports the start of an overflow, one
 * line the count once dom0 reads again.  Everything here runs with
 * interrupts off (the handler and the hypercall alike), so the ring needs
 * no lock; each interrupt reads at most RX_PER_IRQ characters and re-arms
 * the UART, so a flood of input costs bounded time per interrupt and never
 * stalls the receive path.  Nothing a guest does reaches this file except
 * CONSOLEIO_read, which hc_console.c allows only the control domain.
 */
#include "console.h"
#include "evtchn.h"
#include "guest_access.h"
#include "keyhandler.h"
#include "../../drivers/uart_8250.h"
#include "../arch/x86_64/ioapic.h"
#include "../arch/x86_64/layout.h"

#define SERIAL_RX_SIZE 128              /* a power of two */
#define SWITCH_CHAR    0x01             /* CTRL-a, Xen's default conswitch */
#define SWITCH_PRESSES 3
#define RX_PER_IRQ     64
#define COM1_GSI       4

static char rx_ring[SERIAL_RX_SIZE];
static uint32_t rx_prod, rx_cons;       /* free-running; prod - cons <= SERIAL_RX_SIZE */
static uint64_t rx_dropped, rx_dropped_reported;
static bool input_to_hv = true;         /* until boot ends, as in Xen */
static unsigned switch_presses;

static void announce_input(void)
{
	console_start_log_everything();
	log_info("*** Serial input to %s (type 'CTRL-a' three times to switch input)",
		 input_to_hv ? "Xen" : "DOM0");
	console_end_log_everything();
}

static void to_dom0(char c)
{
	if (rx_prod - rx_cons < SERIAL_RX_SIZE) {
		rx_ring[rx_prod++ % SERIAL_RX_SIZE] = c;
	} else if (rx_dropped++ == rx_dropped_reported) {
		log_warn("serial input: dom0's buffer of %u characters is full; dropping input until it reads",
			 SERIAL_RX_SIZE);
	}
	evtchn_send_global_virq(VIRQ_CONSOLE);
}

static void deliver(char c)
{
	if (input_to_hv)
		keyhandler_press((unsigned char)c);
	else
		to_dom0(c);
}

static void serial_rx(char c)
{
	if (c == SWITCH_CHAR) {
		if (++switch_presses == SWITCH_PRESSES) {
			switch_presses = 0;
			input_to_hv = !input_to_hv;
			announce_input();
		}
		return;
	}
	for (; switch_presses; switch_presses--)
		deliver(SWITCH_CHAR);
	deliver(c);
}

void console_input_irq(void)
{
	for (unsigned n = 0; n < RX_PER_IRQ; n++) {
		int c = uart_getc();
		if (c < 0)
			break;
		serial_rx((char)(c & 0x7f));
	}
	uart_rx_rearm();
}

void console_input_init(void)
{
	if (ioapic_route_isa(COM1_GSI, VEC_SERIAL))
		uart_rx_enable();
	input_to_hv = false;
	announce_input();
}

long console_input_read(uint64_t buf, uint32_t count)
{
	long done = 0;
	while (rx_cons != rx_prod && (uint32_t)done < count) {
		uint32_t idx = rx_cons % SERIAL_RX_SIZE;
		uint32_t len = MIN(rx_prod - rx_cons, SERIAL_RX_SIZE - idx);
		len = MIN(len, count - (uint32_t)done);
		if (copy_to_guest(buf + (uint64_t)done, &rx_ring[idx], len))
			return -XEN_EFAULT;
		done += len;
		rx_cons += len;
	}
	if (rx_dropped != rx_dropped_reported && rx_prod - rx_cons < SERIAL_RX_SIZE) {
		log_warn("serial input: %lu characters dropped while dom0's buffer was full (%lu in all)",
			 rx_dropped - rx_dropped_reported, rx_dropped);
		rx_dropped_reported = rx_dropped;
	}
	return done;
}
