/*
 * physdev_op (hypercall 33): the I/O privilege a PV domain sets for itself.
 *
 *   PHYSDEVOP_set_iopl      the vCPU's virtual IOPL, 0-3 (-EINVAL above);
 *   PHYSDEVOP_set_iobitmap  a per-vCPU I/O permission bitmap in guest memory
 *                           covering nr_ports ports (a set bit denies, as in
 *                           a TSS bitmap); an address outside guest space is
 *                           -EFAULT, more than 65536 ports -EINVAL.
 * Both only decide whether the guest's in/out/ins/outs/cli/sti are allowed
 * (pv_priv.c); which ports reach hardware is a separate permission no domain
 * holds yet.  The device and interrupt sub-ops (eoi, map_pirq, ...) belong to
 * driver domains and answer -ENOSYS until those exist.
 */
#include "guest_access.h"
#include "hypercall.h"

#define PHYSDEVOP_set_iopl     6
#define PHYSDEVOP_set_iobitmap 7

struct physdev_set_iobitmap {
	uint64_t bitmap;                /* guest handle */
	uint32_t nr_ports;
	uint32_t pad;
};

long do_physdev_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	switch ((int)cmd) {
	case PHYSDEVOP_set_iopl: {
		uint32_t iopl;
		if (copy_from_guest(&iopl, arg, sizeof(iopl)))
			return -XEN_EFAULT;
		if (iopl > 3)
			return -XEN_EINVAL;
		v->iopl = iopl;
		return 0;
	}
	case PHYSDEVOP_set_iobitmap: {
		struct physdev_set_iobitmap b;
		if (copy_from_guest(&b, arg, sizeof(b)))
			return -XEN_EFAULT;
		if (b.nr_ports > 65536)
			return -XEN_EINVAL;
		if (!guest_range_ok(b.bitmap, (b.nr_ports + 7) / 8))
			return -XEN_EFAULT;
		v->iobmp = b.bitmap;
		v->iobmp_ports = b.nr_ports;
		return 0;
	}
	default:
		return -XEN_ENOSYS;
	}
}
