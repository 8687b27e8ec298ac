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

# A test kernel whose test.spec says "carries: itself" is linked twice: first
# alone (<name>.self.elf), then with that first image as data
# (tests/guests/carried-image.S: carried_image, carried_image_end), so its
# initial domain builds copies of itself from its own memory, as Xen's
# toolstack builds a domain from a kernel file (guest/toolstack/).  The test
# stays single-domain: Xen's oracle can run it too.
CARRYING_DIRS := $(patsubst %/test.spec,%,$(shell grep -l '^carries: *itself' \
	$(wildcard $(addsuffix /test.spec,$(TEST_GUEST_DIRS)))))
define carries_itself
$(call guest_kernel,$(BUILD)/$(1).self.elf,$(wildcard $(1)/*.c $(1)/*.S))
$(GUEST_BUILD)/$(1)/carried-image.o: tests/guests/carried-image.S $(BUILD)/$(1).self.elf
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(GUEST_CFLAGS) -DCARRIED_IMAGE='"$(BUILD)/$(1).self.elf"' -c $$< -o $$@
$(BUILD)/$(1).elf: $(GUEST_BUILD)/$(1)/carried-image.o
endef
$(foreach d,$(CARRYING_DIRS),$(eval $(call carries_itself,$(d))))

# Module 2 of tests/guests/sysctl-boot-module: 1.5 MiB + 4097 bytes, byte i
# being (i * 131 + (i >> 12)) mod 251, so a byte read at a wrong offset or
# past a 1 MiB chunk shows.
$(BUILD)/tests/guests/boot-module-pattern.bin: tests/guests/guests.mk
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) -c 'import sys; open(sys.argv[1], "wb").write(bytes((i * 131 + (i >> 12)) % 251 for i in range(3 * (1 << 19) + 4097)))' $@
ALL_TARGETS += $(BUILD)/tests/guests/boot-module-pattern.bin

# tests/guests/manifest-reader parses the boot manifest itself with the
# hypervisor's reader (config/manifest.c, portable C), as dom0 does.
$(BUILD)/tests/guests/manifest-reader.elf: $(GUEST_BUILD)/config/manifest.c.o
-include $(GUEST_BUILD)/config/manifest.c.d
