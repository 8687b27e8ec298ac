# Every directory under tests/guests/ and tests/isolation/ is one test kernel:
# its C and assembly files are linked with the guest runtime into
# build/tests/<kind>/<name>.elf and booted by tools/run-tests.
TEST_GUEST_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard tests/guests/*/*.c tests/isolation/*/*.c))))
$(foreach d,$(TEST_GUEST_DIRS),$(eval $(call guest_kernel,$(BUILD)/$(d).elf,$(wildcard $(d)/*.c $(d)/*.S))))
TEST_GUESTS += $(TEST_GUEST_DIRS)
