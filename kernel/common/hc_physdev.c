/*
 * physdev_op (hypercall 33): a PV domain's I/O privilege and its device
 * interrupts, with Xen's sub-op numbers, layouts and error codes
 * (public/physdev.h).
 *
 *   PHYSDEVOP_set_iopl      the vCPU's virtual IOPL, 0-3 (-EINVAL above);
 *   PHYSDEVOP_set_iobitmap  a per-vCPU I/O permission bitmap in guest memory
 *                           covering nr_ports ports (a set bit denies, as in
 *                           a TSS bitmap); an address outside guest space is
 *                           -EFAULT, more than 65536 ports -EINVAL.
 *   PHYSDEVOP_map_pirq      MAP_PIRQ_TYPE_GSI only: map a GSI into domain
 *                           domid's PIRQ space (pirq.c).  Unknown domain
 *                           -ESRCH; a caller that is neither privileged nor
 *                           the target -EPERM.  The GSI (index) must be in
 *                           [0, 24) (-EINVAL); as in Xen, an unprivileged
 *                           caller's index is looked up as one of its own
 *                           PIRQs (-EPERM if it has none, the answer Xen's
 *                           XSM gives every unprivileged caller: only the
 *                           privileged domain names a raw GSI); the GSI must
 *                           be in the caller's and the target's GSI sets
 *                           (-EPERM).  MSI types
 *                           answer -ENODEV, as Xen does for a device never
 *                           registered with PHYSDEVOP_pci_device_add (which
 *                           Umbra does not offer); other types -EINVAL.
 *   PHYSDEVOP_unmap_pirq    same rights; an unmapped PIRQ is -EINVAL.
 *   PHYSDEVOP_eoi           the caller's PIRQ: -EINVAL if out of range or not
 *                           mapped; re-enables the line (pirq.c).
 *   PHYSDEVOP_irq_status_query  -EINVAL out of range; needs_eoi always,
 *                           shared when more than one binding uses the line.
 * Divergence from Xen: Xen's default XSM policy lets only a privileged
 * domain (or a target's device model) call map_pirq/unmap_pirq; its
 * toolstack maps a driver domain's GSIs for it.  Umbra has no such
 * toolstack step, so the hypervisor maps each GSI the description gives a
 * domain at boot, as PIRQ = GSI (dev_assign.c), and lets the domain call
 * map_pirq for itself, which then returns that PIRQ.
 * PHYSDEVOP_pirq_eoi_gmfn_v1/v2 and every other sub-op answer -ENOSYS (a
 * guest then EOIs by hypercall, which Linux and Mini-OS fall back to).
 */
#include "domain.h"
#include "guest_access.h"
#include "hypercall.h"
#include "iocap.h"
#include "pirq.h"
#include "public/physdev.h"

struct physdev_set_iobitmap {
	uint64_t bitmap;                /* guest handle */
	uint32_t nr_ports;
	uint32_t pad;
};

/* Xen's XSM_DM_PRIV check, widened to the domain itself (see above). */
static long pirq_target(struct domain *self, domid_t id, struct domain **out)
{
	struct domain *d = id == DOMID_SELF ? self : domain_by_id(id);
	if (!d)
		return -XEN_ESRCH;
	if (d != self && !self->privileged)
		return -XEN_EPERM;
	*out = d;
	return 0;
}

static long map_pirq(struct domain *self, struct physdev_map_pirq *m)
{
	struct domain *d;
	long rc = pirq_target(self, m->domid, &d);
	if (rc)
		return rc;
	if (m->type == MAP_PIRQ_TYPE_MSI || m->type == MAP_PIRQ_TYPE_MSI_SEG ||
	    m->type == MAP_PIRQ_TYPE_MULTI_MSI)
		return -XEN_ENODEV;
	if (m->type != MAP_PIRQ_TYPE_GSI)
		return -XEN_EINVAL;
	if (m->index < 0 || m->index >= IOCAP_NR_GSIS)
		return -XEN_EINVAL;
	int gsi = pirq_gsi(self, (unsigned)m->index);
	if (gsi < 0) {
		if (!self->privileged)
			return -XEN_EPERM;      /* what Xen's XSM answers such a caller */
		gsi = m->index;
	}
	if (!iocap_gsi_ok(d, (unsigned)gsi) || !iocap_gsi_ok(self, (unsigned)gsi))
		return -XEN_EPERM;
	int pirq = pirq_map_gsi(d, (unsigned)gsi, m->pirq);
	if (pirq < 0)
		return pirq;
	m->pirq = pirq;
	return 0;
}

static long unmap_pirq(struct domain *self, const struct physdev_unmap_pirq *u)
{
	struct domain *d;
	long rc = pirq_target(self, u->domid, &d);
	if (rc)
		return rc;
	if (u->pirq < 0)
		return -XEN_EINVAL;
	return pirq_unmap(d, (unsigned)u->pirq);
}

long do_physdev_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct vcpu *v = current;
	struct domain *self = v->domain;
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
	case PHYSDEVOP_map_pirq: {
		struct physdev_map_pirq m;
		if (copy_from_guest(&m, arg, sizeof(m)))
			return -XEN_EFAULT;
		long rc = map_pirq(self, &m);
		if (!rc && copy_to_guest(arg, &m, sizeof(m)))
			return -XEN_EFAULT;
		return rc;
	}
	case PHYSDEVOP_unmap_pirq: {
		struct physdev_unmap_pirq u;
		if (copy_from_guest(&u, arg, sizeof(u)))
			return -XEN_EFAULT;
		return unmap_pirq(self, &u);
	}
	case PHYSDEVOP_eoi: {
		struct physdev_eoi e;
		if (copy_from_guest(&e, arg, sizeof(e)))
			return -XEN_EFAULT;
		return pirq_eoi(self, e.irq);
	}
	case PHYSDEVOP_irq_status_query: {
		struct physdev_irq_status_query q;
		if (copy_from_guest(&q, arg, sizeof(q)))
			return -XEN_EFAULT;
		long rc = pirq_status(self, q.irq, &q.flags);
		if (!rc && copy_to_guest(arg, &q, sizeof(q)))
			return -XEN_EFAULT;
		return rc;
	}
	default:
		return -XEN_ENOSYS;
	}
}
