# Host unit tests of the driver domain's PCI and virtio drivers against a
# simulated machine and virtio device models (tests/unit/virtio/), with ASan
# and UBSan, over the same driver sources the driver domain links.
VIRTIO_FAKE_SRCS := tests/unit/virtio/fake_machine.c tests/unit/virtio/fake_virtio.c
VIRTIO_FAKE_HDRS := tests/unit/virtio/fake_machine.h tests/unit/virtio/fake_virtio.h
VIRTIO_TEST_SRCS := $(filter-out $(VIRTIO_FAKE_SRCS),$(wildcard tests/unit/virtio/*.c))
VIRTIO_UNIT := $(BUILD)/tests/unit/virtio-tests

$(VIRTIO_UNIT): $(DRIVERS_PORTABLE_SRCS) $(DRIVERS_HDRS) $(VIRTIO_FAKE_SRCS) $(VIRTIO_FAKE_HDRS) \
		$(VIRTIO_TEST_SRCS) tests/unit/virtio/virtio_test.h tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Idrivers -Itests/unit -Itests/unit/virtio -o $@ \
		$(DRIVERS_PORTABLE_SRCS) $(VIRTIO_FAKE_SRCS) $(VIRTIO_TEST_SRCS)

ALL_TARGETS += $(VIRTIO_UNIT)
TEST_PROGRAMS += $(VIRTIO_UNIT)
