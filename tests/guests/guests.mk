# Every directory under tests/guests/ and tests/isolation/ is one test kernel:
# its C and assembly files are linked with the guest runtime into
# build/tests/<kind>/<name>.elf and booted by tools/run-tests.  A directory
# whose test.spec says "runtime: newlib" is a newlib guest
# (guest_newlib_kernel), the others freestanding ones (guest_kernel).
TEST_GUEST_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard tests/guests/*/*.c tests/isolation/*/*.c))))
TEST_NEWLIB_DIRS := $(patsubst %/test.spec,%,$(shell grep -l '^runtime: *newlib' \
	$(wildcard $(addsuffix /test.spec,$(TEST_GUEST_DIRS))) /dev/null))
$(foreach d,$(filter-out $(TEST_NEWLIB_DIRS),$(TEST_GUEST_DIRS)),\
	$(eval $(call guest_kernel,$(BUILD)/$(d).elf,$(wildcard $(d)/*.c $(d)/*.S))))
$(foreach d,$(TEST_NEWLIB_DIRS),$(eval $(call guest_newlib_kernel,$(BUILD)/$(d).elf,$(wildcard $(d)/*.c))))
TEST_GUESTS += $(TEST_GUEST_DIRS)
