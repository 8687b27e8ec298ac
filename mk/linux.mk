# Debian's Linux as an unmodified PV guest (docs/linux.md): mk/linux-fetch.sh
# downloads the kernel package linux-image-amd64 names and busybox-static
# with apt (once; nothing is installed), mk/linux-image.py takes the ELF
# kernel out of the bzImage (build/linux/vmlinux) and builds the initramfs
# of linux/initramfs.list (build/linux/initrd.cpio.gz), with the static
# programs of linux/progs/.  System
# descriptions name both, e.g. config/examples/linux.xml.
LINUX_DIR        := $(BUILD)/linux
LINUX_ROOT       := $(LINUX_DIR)/root
LINUX_FETCHED    := $(LINUX_DIR)/fetched.stamp
LINUX_VMLINUX    := $(LINUX_DIR)/vmlinux
LINUX_INITRD     := $(LINUX_DIR)/initrd.cpio.gz

$(LINUX_FETCHED): mk/linux-fetch.sh mk/apt-private.sh | deps
	@echo "  LINUX   fetch Debian's kernel and busybox-static with apt (once; log: $(LINUX_DIR)/fetch.log)"
	$(Q)mkdir -p $(LINUX_DIR)
	$(Q)sh mk/linux-fetch.sh $(abspath $(LINUX_DIR)) > $(LINUX_DIR)/fetch.log 2>&1 || \
		{ tail -20 $(LINUX_DIR)/fetch.log >&2; \
		  echo "umbra: could not fetch Linux with apt (log: $(LINUX_DIR)/fetch.log)" >&2; exit 1; }
	@echo "  LINUX   $$(cat $(LINUX_DIR)/VERSION)"
	$(Q)touch $@

$(LINUX_VMLINUX): $(LINUX_FETCHED) mk/linux-image.py
	$(Q)$(PYTHON) mk/linux-image.py vmlinux $$(ls $(LINUX_ROOT)/boot/vmlinuz-* | head -1) $@

# The initramfs's own programs: static, with the host's gcc and glibc.
$(LINUX_DIR)/progs/%: linux/progs/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -static -O2 -Wall -Werror -o $@ $<

$(LINUX_INITRD): $(LINUX_FETCHED) mk/linux-image.py linux/initramfs.list $(wildcard linux/init linux/tests/*) \
		$(patsubst linux/progs/%.c,$(LINUX_DIR)/progs/%,$(wildcard linux/progs/*.c))
	$(Q)$(PYTHON) mk/linux-image.py initramfs $(LINUX_ROOT) linux/initramfs.list $@

ALL_TARGETS += $(LINUX_VMLINUX) $(LINUX_INITRD)
