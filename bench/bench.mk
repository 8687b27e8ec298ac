# Measurements (make bench): printed, never asserted against a target.
BENCH_PROGRAMS += bench/boot_time.py
