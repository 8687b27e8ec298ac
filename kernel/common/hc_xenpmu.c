/*
 * xenpmu_op: virtualised performance counters, which Umbra does not offer.
 *
 * Xen 4.17 has the hypercall but leaves the vPMU off unless its command
 * line turns it on; while it is off every op, whatever its arguments, is
 * -EOPNOTSUPP before anything is read (cpu/vpmu.c do_xenpmu_op).  Umbra
 * answers as that default Xen does, so a guest (Linux's xen_pmu_init at
 * boot, for each vCPU) takes the path it takes on Xen: no PMU, said once.
 */
#include "hypercall.h"

long do_xenpmu_op(uint64_t op, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)op, (void)arg, (void)a3, (void)a4, (void)a5;
	return -XEN_EOPNOTSUPP;
}
