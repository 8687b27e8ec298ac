/*
 * Ending a TCP connection with lwIP's raw API (guest/lwip/lwip_guest.h):
 * the connection's callbacks are cleared first, so lwIP never calls the
 * guest about a connection the guest has forgotten, then it is closed,
 * or aborted when asked or when lwIP cannot close it now (out of memory
 * for the FIN): either way it is lwIP's alone afterwards.
 */
#include "lwip/tcp.h"
#include "lwip_guest.h"

err_t lwip_tcp_end(struct tcp_pcb *pcb, bool abort)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	if (!abort && tcp_close(pcb) == ERR_OK)
		return ERR_OK;
	tcp_abort(pcb);
	return ERR_ABRT;
}
