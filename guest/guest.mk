# The PV guest runtime (guest/) and the rules that turn C files into guest
# kernels: $(call guest_kernel,OUT.elf,SOURCES) links the runtime with its
# freestanding C library layer (printf only, the hypervisor's own string and
# format code), $(call guest_newlib_kernel,OUT.elf,SOURCES) links it with
# newlib (mk/newlib.mk) and newlib's system layer (guest/newlib/).  The
# runtime's core (guest/*.c, guest/*.S: start of day, traps, events,
# hypercalls, page tables, vCPUs) is compiled once and shared by both, and
# so is the toolstack archive (guest/toolstack/ and the domain builder
# library dombuild/), which every kernel is linked with: a kernel gets its
# objects only if it calls them.
GUEST_BUILD  := $(BUILD)/guest
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin -fno-pic \
	-fno-pie -mcmodel=kernel -mno-red-zone -fno-stack-protector -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-Iinclude -Iguest -Iguest/toolstack -Idombuild -Ikernel/include -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	-T guest/guest.ld

GUEST_CORE_SRCS := $(wildcard guest/*.c guest/*.S)
GUEST_FREE_SRCS := $(wildcard guest/freestanding/*.c) kernel/common/string.c kernel/common/vsnprintf.c
GUEST_RT_OBJS := $(patsubst %,$(GUEST_BUILD)/%.o,$(GUEST_CORE_SRCS) $(GUEST_FREE_SRCS))

GUEST_TS_SRCS := $(wildcard guest/toolstack/*.c dombuild/*.c)
GUEST_TS_OBJS := $(patsubst %,$(GUEST_BUILD)/%.o,$(GUEST_TS_SRCS))
GUEST_TS_LIB  := $(GUEST_BUILD)/libtoolstack.a

$(GUEST_TS_LIB): $(GUEST_TS_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(GUEST_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

# guest_kernel(out.elf, sources): compile sources with the runtime and link.
define guest_kernel
$(1): $(patsubst %,$(GUEST_BUILD)/%.o,$(2)) $(GUEST_RT_OBJS) $(GUEST_TS_LIB) guest/guest.ld
	@mkdir -p $$(dir $$@)
	$$(Q)ld $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^) $$(GUEST_TS_LIB)
ALL_TARGETS += $(1)
-include $(patsubst %,$(GUEST_BUILD)/%.d,$(2))
endef

-include $(GUEST_RT_OBJS:.o=.d) $(GUEST_TS_OBJS:.o=.d)

# Newlib guests: the program and guest/newlib/ see newlib's headers (hosted
# C, no glibc), with the POSIX clocks guest/newlib/nl_time.c provides
# announced (newlib's headers leave them to the system layer); the runtime's
# headers only through #include "..." (kernel/include has a time.h and a
# sched.h of its own).  The core objects above are linked as they are.
GUEST_NL_BUILD  := $(BUILD)/guest-newlib
GUEST_NL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -fno-pic -fno-pie -mcmodel=kernel \
	-mno-red-zone -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -nostdinc -isystem $(NEWLIB_ROOT)/include -isystem $(GCC_INCLUDE) \
	-D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200809L \
	-iquote include -iquote guest -iquote guest/toolstack -iquote dombuild -iquote kernel/include -MMD -MP
GUEST_CORE_OBJS := $(patsubst %,$(GUEST_BUILD)/%.o,$(GUEST_CORE_SRCS))
GUEST_NL_OBJS   := $(patsubst %,$(GUEST_NL_BUILD)/%.o,$(wildcard guest/newlib/*.c))

$(GUEST_NL_BUILD)/%.c.o: %.c | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_NL_CFLAGS) -c $< -o $@

# guest_newlib_kernel(out.elf, sources): compile sources against newlib and
# link them with the runtime's core, newlib's system layer and newlib, and
# with the archives a kernel's target-specific GUEST_NL_LIBS names (lwIP's:
# mk/lwip.mk).
define guest_newlib_kernel
$(1): $(patsubst %,$(GUEST_NL_BUILD)/%.o,$(2)) $(GUEST_CORE_OBJS) $(GUEST_NL_OBJS) $(GUEST_TS_LIB) $(NEWLIB_STAMP) guest/guest.ld
	@mkdir -p $$(dir $$@)
	$$(Q)ld $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^) $$(GUEST_TS_LIB) $$(GUEST_NL_LIBS) \
		--start-group $$(NEWLIB_LIBS) --end-group
ALL_TARGETS += $(1)
-include $(patsubst %,$(GUEST_NL_BUILD)/%.d,$(2))
endef

-include $(GUEST_NL_OBJS:.o=.d)
