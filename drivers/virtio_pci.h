/*
 * The virtio 1.x PCI transport, driver side ("Virtio Over PCI Bus";
 * design/driver-domain.md 3.1-3.6, 3.10): recognising a virtio function,
 * locating its common, notify, ISR and device-specific structures through
 * vendor capabilities, the initialisation sequence with feature
 * negotiation, queue setup, notifications, the ISR and device configuration
 * reads under config_generation.
 *
 * Only modern devices are driven (VIRTIO_F_VERSION_1 is required; QEMU's
 * transitional devices offer it); a legacy-only device is refused with
 * -ENODEV and told FAILED.  Interrupts are INTx (pci.h routes the pin to a
 * GSI): MSI-X stays disabled, so every queue's and the configuration's
 * interrupt are announced through the ISR byte, which the driver reads
 * before the end of interrupt.
 *
 * Invariant: each structure is used only within the length its capability
 * gives (checked against what the driver needs before use, window reads
 * bounded by plat_read), a queue's notify address is checked against the
 * notify window before the queue is enabled, and every wait on the device
 * is bounded.
 */
#pragma once
#include "pci.h"
#include "virtio_ring.h"

#define VIRTIO_VENDOR 0x1AF4
#define VIRTIO_TYPE_NET 1
#define VIRTIO_TYPE_BLOCK 2

#define VIRTIO_S_ACKNOWLEDGE 1
#define VIRTIO_S_DRIVER      2
#define VIRTIO_S_DRIVER_OK   4
#define VIRTIO_S_FEATURES_OK 8
#define VIRTIO_S_NEEDS_RESET 0x40
#define VIRTIO_S_FAILED      0x80

#define VIRTIO_F_VERSION_1   (1ull << 32)

#define VIRTIO_ISR_QUEUE  1
#define VIRTIO_ISR_CONFIG 2

struct virtio_dev {
	struct plat *plat;
	struct pci_dev pci;
	unsigned type;                  /* VIRTIO_TYPE_* */
	struct plat_regs common, notify, isr, device;
	uint32_t notify_mult;
	uint64_t features;              /* negotiated */
	struct plat_irq irq;
};

/* The virtio device type of a PCI function (0: not virtio). */
unsigned virtio_pci_type(const struct pci_dev *d);

/* Find and map the structures, enable memory/I/O decoding and bus
   mastering, bind the INTx interrupt.  0 or a negative errno. */
int virtio_open(struct virtio_dev *vd, struct plat *p, const struct pci_dev *d);

/* Reset, ACKNOWLEDGE, DRIVER, accept offered & wanted (which must hold
   VERSION_1 and everything in `needed`), FEATURES_OK and its check.
   -ENODEV when a needed feature is missing, -EPROTO when the device refuses
   the subset (FEATURES_OK does not stick); both leave the device FAILED. */
int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted, uint64_t needed);

/* Set up queue `index` with at most max_size entries (DMA pages from the
   platform).  -ENOENT (no such queue), -EIO (notify address outside the
   window), -ENOMEM. */
int virtio_queue_setup(struct virtio_dev *vd, struct virtq *vq, uint16_t index, uint16_t max_size);
void virtio_queue_free(struct virtio_dev *vd, struct virtq *vq);

void virtio_driver_ok(struct virtio_dev *vd);
void virtio_fail(struct virtio_dev *vd);
/* Write 0 and wait for it to read back: 0, or -ETIMEDOUT. */
int virtio_reset(struct virtio_dev *vd);
uint8_t virtio_status(struct virtio_dev *vd);

void virtio_notify(struct virtio_dev *vd, struct virtq *vq);
/* Read (and so clear) the ISR byte: VIRTIO_ISR_* bits. */
uint8_t virtio_isr(struct virtio_dev *vd);

/* Wait up to timeout_ns for the device's interrupt; when it came, run
   handle(arg) (which reads the ISR, deasserting INTx) and end the
   interrupt.  handle's result, 0 on timeout, or the platform's error. */
int virtio_wait(struct virtio_dev *vd, uint64_t timeout_ns, int (*handle)(void *arg), void *arg);

/* A device-configuration field of 1, 2, 4 or 8 bytes at `off`, read with
   the field's width (8 bytes as two dwords) until config_generation is
   stable.  -EINVAL outside the structure, -EIO if it never settles. */
int virtio_config(struct virtio_dev *vd, uint32_t off, unsigned width, uint64_t *val);
