# Measurements (make bench): printed, never asserted against a target.
$(eval $(call guest_kernel,$(BUILD)/bench/mmu.elf,bench/mmu/main.c))

BENCH_PROGRAMS += bench/boot_time.py bench/mmu.py
