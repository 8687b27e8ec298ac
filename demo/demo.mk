# The demo system `make run` boots (config/examples/demo.xml): a control
# domain and two greeting guests.
$(eval $(call guest_kernel,$(BUILD)/demo/control.elf,demo/control/main.c))
$(eval $(call guest_kernel,$(BUILD)/demo/guest-a.elf,demo/greeter/main.c))
$(eval $(call guest_kernel,$(BUILD)/demo/guest-b.elf,demo/greeter/main.c))

# CONFIG=path.xml boots another description.
CONFIG ?= config/examples/demo.xml

run: deps all
	@echo "Umbra: booting $(CONFIG).  Quit with Ctrl-A then X."
	$(Q)tools/umbra run $(CONFIG)
