# The XenStore server library (dom0/xenstore/): portable C11 that dom0 runs
# over newlib and the host tests run over a counting allocator.  Here: a
# check that it builds freestanding with both compilers and calls nothing
# outside itself but memcpy, memmove, memset and memcmp (no malloc, no
# stdio, no OS).  Its unit tests are in tests/unit/xenstore/xenstore.mk,
# its fuzzer in tests/fuzz/xenstore/xenstore.mk.

XS_SRCS := $(wildcard dom0/xenstore/*.c)
XS_HDRS := $(wildcard dom0/xenstore/*.h) $(wildcard include/public/io/*.h)
XS_CFLAGS := -std=c11 -Wall -Wextra -Werror -Iinclude -Idom0/xenstore

XS_FREESTANDING := $(BUILD)/dom0/xenstore/freestanding.ok
$(XS_FREESTANDING): $(XS_SRCS) $(XS_HDRS)
	@mkdir -p $(BUILD)/dom0/xenstore/freestanding
	$(Q)for cc in $(CC) $(CLANG); do for f in $(XS_SRCS); do \
		$$cc $(XS_CFLAGS) -O2 -ffreestanding -fno-builtin -fno-stack-protector \
			-mno-red-zone -mgeneral-regs-only -c $$f \
			-o $(BUILD)/dom0/xenstore/freestanding/$$(basename $$f .c).$$cc.o || exit 1; \
	done; done
	$(Q)cd $(BUILD)/dom0/xenstore/freestanding && \
	nm -u *.o | awk 'NF == 2 { print $$2 }' | sort -u > undefined.txt && \
	nm --defined-only *.o | awk 'NF == 3 { print $$3 }' | sort -u > defined.txt && \
	outside=$$(comm -23 undefined.txt defined.txt | grep -v -x -E 'memcpy|memmove|memset|memcmp'); \
	if [ -n "$$outside" ]; then echo "dom0/xenstore calls outside itself:" $$outside; exit 1; fi
	$(Q)touch $@

ALL_TARGETS += $(XS_FREESTANDING)
