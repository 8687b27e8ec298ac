# Whole described systems booted end to end (each directory's test.spec
# names the system or manifest).  The broken manifests are made here from a
# good one: one flipped byte past the header's checksum, and a cut-off copy.
SYSTEMS_BUILD := $(BUILD)/tests/systems
TEST_GUESTS += $(sort $(patsubst %/,%,$(dir $(wildcard tests/systems/*/test.spec))))

$(SYSTEMS_BUILD)/good.manifest: tests/systems/manifest-values/system.xml $(BUILD)/bin/umbra-config \
		$(BUILD)/tests/guests/sysinfo.elf $(BUILD)/tests/guests/helper.elf
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/bin/umbra-config compile $< -o $@

$(SYSTEMS_BUILD)/corrupt.manifest: $(SYSTEMS_BUILD)/good.manifest
	$(Q)$(PYTHON) -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[100] ^= 0x40; open(sys.argv[2], "wb").write(b)' $< $@

$(SYSTEMS_BUILD)/truncated.manifest: $(SYSTEMS_BUILD)/good.manifest
	$(Q)head -c 150 $< > $@

ALL_TARGETS += $(SYSTEMS_BUILD)/corrupt.manifest $(SYSTEMS_BUILD)/truncated.manifest

# The disk image files the block-device systems (tests/systems/blk-*) name:
# the RAM-disk back end does not read them, but the launcher attaches every
# described disk to QEMU, which locks its image: no two tests (they run in
# parallel) may share one.
BLK_TEST_IMAGES := $(addprefix $(SYSTEMS_BUILD)/,blk-disk-a.img blk-disk-b.img blk-disk-c.img blk-ramdisk-rw.img \
	blk-bad-frontend-steady.img blk-bad-frontend-a.img blk-bad-frontend-b.img blk-bad-frontend-c.img \
	driver-domain-crash-a.img driver-domain-crash-b.img)
$(BLK_TEST_IMAGES):
	@mkdir -p $(dir $@)
	$(Q)truncate -s 4M $@
ALL_TARGETS += $(BLK_TEST_IMAGES)

# tests/systems/device-ownership's disk: 1 MiB starting with "UMBRA-DISK",
# behind the virtio-blk-pci the driver domain is given.
$(SYSTEMS_BUILD)/device-ownership.img: tests/systems/systems.mk
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && printf 'UMBRA-DISK' > $@ && truncate -s 1M $@
ALL_TARGETS += $(SYSTEMS_BUILD)/device-ownership.img

# tests/systems/blk-rw's images: 16 MiB each of the host's pattern (the test makes
# a fresh one before each boot and checks it after: tests/systems/blk-image.py).
$(SYSTEMS_BUILD)/blk-rw.img $(SYSTEMS_BUILD)/blk-rw-ro.img: tests/systems/blk-image.py
	$(Q)$(PYTHON) $< fill $@
ALL_TARGETS += $(SYSTEMS_BUILD)/blk-rw.img $(SYSTEMS_BUILD)/blk-rw-ro.img

# tests/systems/blk-persist: two boots on one image file (run.sh makes it),
# run as a test program once what it boots is built.
$(SYSTEMS_BUILD)/blk-persist.test: tests/systems/blk-persist/run.sh tests/systems/systems.mk $(KERNEL_ELF) \
		$(UMBRA_CONFIG) $(BUILD)/dom0/dom0.elf $(BLKBACK_DOMAIN) $(BUILD)/tests/guests/blk-image.elf
	@mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nexec sh %s %s "$$@"\n' $< $(BUILD) >$@
	$(Q)chmod +x $@
ALL_TARGETS += $(SYSTEMS_BUILD)/blk-persist.test
TEST_PROGRAMS += $(SYSTEMS_BUILD)/blk-persist.test

# tests/systems/linux-blk: Debian's Linux writes and reads back a file
# system over two boots on one image (run.sh makes it).
$(SYSTEMS_BUILD)/linux-blk.test: tests/systems/linux-blk/run.sh tests/systems/systems.mk $(KERNEL_ELF) \
		$(UMBRA_CONFIG) $(BUILD)/dom0/dom0.elf $(BLKBACK_DOMAIN) $(LINUX_VMLINUX) $(LINUX_INITRD)
	@mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nexec sh %s %s "$$@"\n' $< $(BUILD) >$@
	$(Q)chmod +x $@
ALL_TARGETS += $(SYSTEMS_BUILD)/linux-blk.test
TEST_PROGRAMS += $(SYSTEMS_BUILD)/linux-blk.test
