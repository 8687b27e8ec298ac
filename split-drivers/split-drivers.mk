# split-drivers/: the portable protocol code of Xen's split drivers (ring
# accounting, blkif checks, xenbus decisions, the vbd node layout, blkback's
# request engine, the RAM disk).  It goes into the guest runtime's archive
# (every kernel may link it; guest/blkfront.c does), into host unit tests
# (tests/unit/blkif) and the fuzzer (tests/fuzz/blkif), and into the back-end
# domain program split-drivers/blkback-domain/ (a newlib guest).
SD_SRCS := $(wildcard split-drivers/*.c)
SD_HDRS := $(wildcard split-drivers/*.h) include/public/io/ring.h include/public/io/blkif.h include/public/io/netif.h

GUEST_CFLAGS    += -Isplit-drivers
GUEST_NL_CFLAGS += -iquote split-drivers
$(GUEST_TS_LIB): $(patsubst %,$(GUEST_BUILD)/%.o,$(SD_SRCS))
-include $(patsubst %,$(GUEST_BUILD)/%.d,$(SD_SRCS))

# The back-end domain drives its virtio devices with drivers/ (the PV
# platform's archive).
BLKBACK_DOMAIN := $(BUILD)/split-drivers/blkback-domain.elf
$(eval $(call guest_newlib_kernel,$(BLKBACK_DOMAIN),$(wildcard split-drivers/blkback-domain/*.c)))
$(BLKBACK_DOMAIN): $(DRIVERS_DD_LIB)
$(BLKBACK_DOMAIN): GUEST_NL_LIBS += $(DRIVERS_DD_LIB)
$(GUEST_NL_BUILD)/split-drivers/blkback-domain/%.c.o: GUEST_NL_CFLAGS += -iquote drivers
