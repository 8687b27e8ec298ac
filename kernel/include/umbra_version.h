/* The Xen interface version Umbra reports (xen_version, CPUID 0x40000001). */
#pragma once
#define UMBRA_XEN_MAJOR 4
#define UMBRA_XEN_MINOR 19
#define UMBRA_EXTRAVERSION ".0-umbra"
#define UMBRA_CAPABILITIES "xen-3.0-x86_64"
