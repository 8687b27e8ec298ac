# The demo system `make run` boots: a control domain and two greeting guests.
$(eval $(call guest_kernel,$(BUILD)/demo/control.elf,demo/control/main.c))
$(eval $(call guest_kernel,$(BUILD)/demo/guest-a.elf,demo/greeter/main.c))
$(eval $(call guest_kernel,$(BUILD)/demo/guest-b.elf,demo/greeter/main.c))

DEMO_KERNELS := $(BUILD)/demo/control.elf "$(BUILD)/demo/guest-a.elf guest-a" "$(BUILD)/demo/guest-b.elf guest-b"

run: deps all
	@echo "Umbra demo: a control domain and two PV guests.  Quit with Ctrl-A then X."
	$(Q)tools/umbra run $(DEMO_KERNELS)
