# Umbra: one non-recursive build.  Every folder adds a *.mk fragment that
# appends to the variables below; nothing here knows what the folders hold.
#
#   make            build everything under build/
#   make run        boot the demo system (CONFIG=path.xml for another)
#   make test       build and run every test, and the Xen oracle suite
#                   (docs/oracle.md); ends with "N passed, N failed"
#   make coverage   host unit tests with gcov/lcov -> build/coverage/
#   make bench      measurements (instruction counts under -icount, wall times)
#   make profile    instructions per hypervisor function in the fast paths
#   make fuzz       longer fuzz runs
#   make docs       check that docs/ names only hypercalls the table knows

SHELL      := /bin/bash
BUILD      := build
CC         := gcc
HOSTCC     := gcc
CLANG      := clang
PYTHON     := python3
Q          := @

# Filled in by the fragments.
ALL_TARGETS    :=
TEST_PROGRAMS  :=   # host programs (one word each, no arguments) printing PASS/FAIL/SKIP lines
TEST_GUESTS    :=   # test kernels (tests/guests, tests/isolation) booted under QEMU
BENCH_PROGRAMS :=
FUZZ_PROGRAMS  :=
COVERAGE_RULES :=

.DEFAULT_GOAL := all
.PHONY: all run test coverage bench fuzz docs clean deps
.SUFFIXES:
.DELETE_ON_ERROR:

# mk/newlib.mk and guest/guest.mk first: they define the newlib build,
# guest_kernel and guest_newlib_kernel, which other fragments use.
FRAGMENTS := $(sort $(wildcard */*.mk */*/*.mk */*/*/*.mk))
FIRST_FRAGMENTS := mk/newlib.mk guest/guest.mk
include $(FIRST_FRAGMENTS)
include $(filter-out $(FIRST_FRAGMENTS),$(FRAGMENTS))

all: $(ALL_TARGETS)

test: deps all
	$(Q)$(PYTHON) tools/run-tests --build $(BUILD) --oracle \
		$(foreach p,$(TEST_PROGRAMS),--program '$(p)') \
		$(foreach g,$(TEST_GUESTS),--guest $(g))

bench: deps all $(BENCH_PROGRAMS)
	$(Q)for b in $(BENCH_PROGRAMS); do $$b || exit 1; done

fuzz: deps $(FUZZ_PROGRAMS)
	$(Q)for f in $(FUZZ_PROGRAMS); do $$f --long || exit 1; done

clean:
	rm -rf $(BUILD)
