# The hypervisor: kernel/, drivers/ (kernel drivers), pv-mmu/ (the model),
# dombuild/ (the domain builder library) and
# config/manifest.c (the boot-manifest reader).
KERNEL_BUILD := $(BUILD)/kernel
KERNEL_ELF   := $(BUILD)/kernel.elf

KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-fpie -fno-plt -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fcf-protection=none -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-include kernel/include/visibility.h \
	-Iinclude -Ikernel/include -Ikernel/common -Ikernel/hvm -Idombuild -Ikernel/arch/x86_64 -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	-T kernel/arch/x86_64/kernel.ld

KERNEL_SRCS := $(wildcard kernel/arch/x86_64/*.c kernel/arch/x86_64/*.S kernel/common/*.c kernel/hvm/*.c \
	kernel/hvm/*.S dombuild/*.c) \
	drivers/uart_8250.c config/manifest.c
KERNEL_OBJS := $(patsubst %,$(KERNEL_BUILD)/%.o,$(KERNEL_SRCS)) $(KERNEL_BUILD)/pv-mmu.o

# The PV MMU model is compiled as one unit (a generated file including its
# .c files in order) at -O3, so the compiler inlines the model's small
# functions (reference counts, ownership, entry checks) into mmu_update's
# and update_va_mapping's paths (with MMU_HOT_PATH, pv-mmu/mmu_internal.h;
# docs/performance.md).  The host unit tests compile the same files
# one by one, and pv-mmu.mk checks each builds freestanding.
$(KERNEL_BUILD)/pv-mmu.c: $(wildcard pv-mmu/*.c) kernel/kernel.mk
	@mkdir -p $(dir $@)
	$(Q)for f in $(sort $(wildcard pv-mmu/*.c)); do echo "#include \"$$f\""; done > $@

$(KERNEL_BUILD)/pv-mmu.o: $(KERNEL_BUILD)/pv-mmu.c
	$(Q)$(CC) $(KERNEL_CFLAGS) -O3 -I. -Ipv-mmu -c $< -o $@

$(KERNEL_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# Two-pass link: the second pass adds the symbol table for backtraces.  The
# table is the last loaded section, so no code address moves between passes.
$(KERNEL_BUILD)/symtab0.S: tools/gen-symtab
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/gen-symtab < /dev/null > $@

$(KERNEL_BUILD)/pass1.elf: $(KERNEL_OBJS) $(KERNEL_BUILD)/symtab0.S.o kernel/arch/x86_64/kernel.ld
	$(Q)ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KERNEL_BUILD)/symtab0.S.o

$(KERNEL_BUILD)/symtab.S: $(KERNEL_BUILD)/pass1.elf tools/gen-symtab
	$(Q)nm -n $< | $(PYTHON) tools/gen-symtab > $@

$(KERNEL_BUILD)/symtab0.S.o $(KERNEL_BUILD)/symtab.S.o: $(KERNEL_BUILD)/%.S.o: $(KERNEL_BUILD)/%.S
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_BUILD)/symtab.S.o
	$(Q)ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KERNEL_BUILD)/symtab.S.o
	$(Q)cmp -s <(nm -n $@ | grep ' [tT] ') <(nm -n $(KERNEL_BUILD)/pass1.elf | grep ' [tT] ') || \
		{ echo "kernel: code moved between link passes" >&2; rm -f $@; exit 1; }
	@echo "  LD      $@"

ALL_TARGETS += $(KERNEL_ELF)
-include $(KERNEL_OBJS:.o=.d)
