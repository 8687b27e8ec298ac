# A PV kernel built the way one is built elsewhere for Xen: its own start
# code, notes and linker script, none of Umbra's guest runtime or headers
# (its sources sit in src/ so the test-kernel rule in guests.mk skips them).
FOREIGN_KERNEL := $(BUILD)/tests/guests/foreign-pv-kernel.elf
FOREIGN_SRCS := tests/guests/foreign-pv-kernel/src/head.S tests/guests/foreign-pv-kernel/src/kernel.c

$(FOREIGN_KERNEL): $(FOREIGN_SRCS) tests/guests/foreign-pv-kernel/src/kernel.ld
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static -fno-pic \
		-fno-pie -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
		-fcf-protection=none -fno-asynchronous-unwind-tables -no-pie \
		-Wl,-T,tests/guests/foreign-pv-kernel/src/kernel.ld -Wl,-z,max-page-size=0x1000 \
		-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--build-id=none -o $@ $(FOREIGN_SRCS)

ALL_TARGETS += $(FOREIGN_KERNEL)
TEST_GUESTS += tests/guests/foreign-pv-kernel
