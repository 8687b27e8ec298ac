/*
 * Completing a transmitted frame's checksum (netif_csum.c).  A netfront may
 * send a TCP or UDP packet with NETTXF_csum_blank: its transport checksum
 * field holds only the pseudo-header's sum, and the back end must finish
 * it (the netif protocol's default; Linux's netfront does this for every
 * TCP segment unless told feature-no-csum-offload).  Portable C.
 */
#pragma once
#include <stdbool.h>

/* Finish the TCP or UDP checksum of the Ethernet frame (len bytes):
 * IPv4 (any header length, not a fragment) or IPv6 (TCP or UDP right
 * after the fixed header).  false, frame untouched, for anything else or
 * lengths that do not add up: the packet cannot be completed and is
 * dropped, as Linux's netback drops it. */
bool netif_csum_complete(unsigned char *frame, unsigned len);
