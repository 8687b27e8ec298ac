# The demo system `make run` boots (config/examples/demo.xml): dom0 (dom0/)
# with its shell, the driver domain (split-drivers/blkback-domain), guests
# running the echo program (demo/echo/), each named by its command line, a
# guest with a disk (demo/disk/) and one serving a web page (demo/web/,
# linked with lwIP by mk/lwip.mk).  demo/line.c reads typed lines.
$(eval $(call guest_newlib_kernel,$(BUILD)/demo/echo.elf,demo/echo/main.c demo/line.c))
$(eval $(call guest_newlib_kernel,$(BUILD)/demo/disk.elf,demo/disk/main.c demo/line.c))
$(eval $(call guest_newlib_kernel,$(BUILD)/demo/web.elf,demo/web/main.c))

# The disk guest's disk: made once, blank, when missing, and kept from run
# to run (what the guest writes is still there next time); `make clean`
# removes it.  Its size is fixed here.
DEMO_DISK := $(BUILD)/demo/disk.img
$(DEMO_DISK):
	@mkdir -p $(dir $@)
	$(Q)truncate -s 1M $@
ALL_TARGETS += $(DEMO_DISK)

# CONFIG=path.xml boots another description.
CONFIG ?= config/examples/demo.xml

run: deps all
	@echo "Umbra: booting $(CONFIG).  Quit with 'poweroff' at the umbra> prompt, or Ctrl-A then X."
	$(Q)tools/umbra run $(CONFIG)
