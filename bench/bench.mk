# Measurements (make bench): printed, never asserted against a target.
$(eval $(call guest_kernel,$(BUILD)/bench/hypercall.elf,bench/hypercall/main.c))
$(eval $(call guest_kernel,$(BUILD)/bench/mmu.elf,bench/mmu/main.c))
$(eval $(call guest_kernel,$(BUILD)/bench/xfer.elf,bench/xfer/main.c))
$(eval $(call guest_kernel,$(BUILD)/bench/xenstore.elf,bench/xenstore/main.c))
$(eval $(call guest_kernel,$(BUILD)/bench/blk.elf,bench/blk/main.c))

BENCH_PROGRAMS += bench/fastpath.py bench/boot_time.py bench/mmu.py bench/xfer.py bench/xenstore.py bench/toolstack.py \
	bench/blk.py bench/net.py bench/linux.py bench/linux_census.py
