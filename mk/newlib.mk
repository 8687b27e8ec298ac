# newlib 3.3.0, the C library of newlib guests (docs/guests.md), built once
# from Debian's newlib-source (mk/deps.sh installs it) with the host gcc for
# the freestanding target x86_64-xen-elf: the configure line of Xen's stubdom
# recipe, and the guest kernels' code model (-mcmodel=kernel, -mno-red-zone,
# no PIC).  newlib has no system layer for this target; guest/newlib/ is it.
# -nostdinc keeps the host's glibc headers out: newlib's build adds its own
# include directories, gcc's own (stddef.h, stdarg.h, float.h) come last.
# The result, headers and libc.a/libm.a, is installed under build/newlib/
# and stamped; the build's output goes to build/newlib/build.log.  It takes
# 1-1.5 min of CPU time (2.5-3.5 min of wall time on a busy 2-core machine).
NEWLIB_TARBALL := /usr/src/newlib/newlib-3.3.0.tar.xz
NEWLIB_DIR     := $(BUILD)/newlib
NEWLIB_ROOT    := $(NEWLIB_DIR)/root/x86_64-xen-elf
NEWLIB_STAMP   := $(NEWLIB_DIR)/.built
NEWLIB_LIBS    := $(NEWLIB_ROOT)/lib/libc.a $(NEWLIB_ROOT)/lib/libm.a
GCC_INCLUDE    := $(shell $(CC) -print-file-name=include)
NEWLIB_TARGET_CFLAGS := -O2 -mcmodel=kernel -mno-red-zone -fno-pic -fno-pie -ffreestanding \
	-fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -nostdinc -isystem $(GCC_INCLUDE)

$(NEWLIB_STAMP): mk/newlib.mk | deps
	@echo "  NEWLIB  $(NEWLIB_DIR) (once; log: $(NEWLIB_DIR)/build.log)"
	$(Q)rm -rf $(NEWLIB_DIR) && mkdir -p $(NEWLIB_DIR)/obj
	$(Q)tar xJf $(NEWLIB_TARBALL) -C $(NEWLIB_DIR)
	$(Q)cd $(NEWLIB_DIR)/obj && { ../newlib-salsa/configure --target=x86_64-xen-elf \
		--prefix=$(abspath $(NEWLIB_DIR)/root) --disable-multilib --disable-libgloss \
		--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
		CC_FOR_TARGET=$(CC) AR_FOR_TARGET=ar AS_FOR_TARGET=as LD_FOR_TARGET=ld \
		NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib OBJDUMP_FOR_TARGET=objdump \
		READELF_FOR_TARGET=readelf STRIP_FOR_TARGET=strip \
		CFLAGS_FOR_TARGET="$(NEWLIB_TARGET_CFLAGS)" \
		&& $(MAKE) all-target-newlib && $(MAKE) install-target-newlib; } \
		> ../build.log 2>&1 || { tail -30 ../build.log >&2; exit 1; }
	$(Q)rm -rf $(NEWLIB_DIR)/obj $(NEWLIB_DIR)/newlib-salsa
	$(Q)touch $@

$(NEWLIB_LIBS): $(NEWLIB_STAMP)

ALL_TARGETS += $(NEWLIB_STAMP)
