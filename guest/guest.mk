# The PV guest runtime (guest/) and the rules that turn C files into guest
# kernels: $(call guest_kernel,OUT.elf,SOURCES) links the runtime's core
# (guest/*.c, guest/*.S: start of day, traps, events, hypercalls, page
# tables, vCPUs) with its freestanding C library layer (printf only, the
# hypervisor's own string and format code).
GUEST_BUILD  := $(BUILD)/guest
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin -fno-pic \
	-fno-pie -mcmodel=kernel -mno-red-zone -fno-stack-protector -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-Iinclude -Iguest -Ikernel/include -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	-T guest/guest.ld

GUEST_CORE_SRCS := $(wildcard guest/*.c guest/*.S)
GUEST_FREE_SRCS := $(wildcard guest/freestanding/*.c) kernel/common/string.c kernel/common/vsnprintf.c
GUEST_RT_OBJS := $(patsubst %,$(GUEST_BUILD)/%.o,$(GUEST_CORE_SRCS) $(GUEST_FREE_SRCS))

$(GUEST_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

# guest_kernel(out.elf, sources): compile sources with the runtime and link.
define guest_kernel
$(1): $(patsubst %,$(GUEST_BUILD)/%.o,$(2)) $(GUEST_RT_OBJS) guest/guest.ld
	@mkdir -p $$(dir $$@)
	$$(Q)ld $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^)
ALL_TARGETS += $(1)
-include $(patsubst %,$(GUEST_BUILD)/%.d,$(2))
endef

-include $(GUEST_RT_OBJS:.o=.d)

