# HVM test kernels: tests/hvm/<name>/*.c linked with the HVM runtime
# (guest/hvm/: the PVH entry, long-mode start, UART console, hypercall
# page, interrupts) and the hypervisor's string and format code, into
# build/tests/hvm/<name>.elf.  They are not booted on their own: the
# system tests (tests/systems/hvm-*, tests/isolation/hvm-*) name them.
HVM_GUEST_BUILD  := $(BUILD)/guest-hvm
HVM_GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin -fno-pic \
	-fno-pie -mcmodel=small -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fcf-protection=none -fno-asynchronous-unwind-tables -Iguest/hvm -Ikernel/include -Iinclude -MMD -MP
HVM_GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	-T guest/hvm/hvm.ld
HVM_RT_SRCS := $(wildcard guest/hvm/*.c guest/hvm/*.S) kernel/common/string.c kernel/common/vsnprintf.c
HVM_RT_OBJS := $(patsubst %,$(HVM_GUEST_BUILD)/%.o,$(HVM_RT_SRCS))

$(HVM_GUEST_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HVM_GUEST_CFLAGS) -c $< -o $@

$(HVM_GUEST_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HVM_GUEST_CFLAGS) -c $< -o $@

HVM_TEST_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard tests/hvm/*/*.c))))
define hvm_kernel
$(BUILD)/$(1).elf: $(patsubst %,$(HVM_GUEST_BUILD)/%.o,$(wildcard $(1)/*.c $(1)/*.S)) $(HVM_RT_OBJS) guest/hvm/hvm.ld
	@mkdir -p $$(dir $$@)
	$$(Q)ld $$(HVM_GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^)
ALL_TARGETS += $(BUILD)/$(1).elf
-include $(patsubst %,$(HVM_GUEST_BUILD)/%.d,$(wildcard $(1)/*.c))
endef
$(foreach d,$(HVM_TEST_DIRS),$(eval $(call hvm_kernel,$(d))))
-include $(HVM_RT_OBJS:.o=.d)

# Isolation tests made of HVM systems: a tests/isolation/hvm-* directory
# with a system.xml (no C of its own) is booted like tests/systems/.
TEST_GUESTS += $(patsubst %/system.xml,%,$(wildcard tests/isolation/hvm-*/system.xml))
