/* The Xen interface version Umbra reports (xen_version, CPUID 0x40000001):
 * the release its public headers describe and its tests are checked against. */
#pragma once
#include "public/version.h"
#define UMBRA_XEN_MAJOR (__XEN_LATEST_INTERFACE_VERSION__ >> 16)
#define UMBRA_XEN_MINOR (__XEN_LATEST_INTERFACE_VERSION__ & 0xffff)
#define UMBRA_EXTRAVERSION ".0-umbra"
#define UMBRA_CAPABILITIES "xen-3.0-x86_64"
