# The driver domain's device drivers: PCI and virtio (drivers/pci_*.c,
# drivers/virtio_*.c, portable) and their PV platform (drivers/plat_pv.c),
# compiled as a newlib guest's code into one archive a driver-domain kernel
# links.  drivers/uart_8250.c is the hypervisor's own (kernel/kernel.mk).
# The host tests build the portable files against a fake platform
# (tests/unit/virtio/).
DRIVERS_PORTABLE_SRCS := $(wildcard drivers/pci_*.c drivers/virtio_*.c)
DRIVERS_HDRS := $(wildcard drivers/pci*.h drivers/plat*.h drivers/virtio_*.h)
DRIVERS_DD_OBJS := $(patsubst %,$(GUEST_NL_BUILD)/%.o,$(DRIVERS_PORTABLE_SRCS) drivers/plat_pv.c)
DRIVERS_DD_LIB := $(BUILD)/drivers/libdrivers-pv.a

$(DRIVERS_DD_LIB): $(DRIVERS_DD_OBJS)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(DRIVERS_DD_LIB)
-include $(DRIVERS_DD_OBJS:.o=.d)
