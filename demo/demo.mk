# The demo system `make run` boots (config/examples/demo.xml): dom0 (dom0/)
# with its shell, and guests running the echo program (demo/echo/), each
# named by its command line.
$(eval $(call guest_newlib_kernel,$(BUILD)/demo/echo.elf,demo/echo/main.c demo/line.c))

# CONFIG=path.xml boots another description.
CONFIG ?= config/examples/demo.xml

run: deps all
	@echo "Umbra: booting $(CONFIG).  Quit with 'poweroff' at the umbra> prompt, or Ctrl-A then X."
	$(Q)tools/umbra run $(CONFIG)
