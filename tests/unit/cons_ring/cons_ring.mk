# Host unit tests of the PV console rings (guest/cons_ring.c), with ASan and
# UBSan: the file under test is the guest runtime's own.
CONS_RING_UNIT := $(BUILD)/tests/unit/cons-ring-tests

$(CONS_RING_UNIT): guest/cons_ring.c guest/cons_ring.h tests/unit/cons_ring/cons_ring_tests.c \
		tests/unit/unit_check.h include/public/xen.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Iinclude -Iguest -Itests/unit \
		-o $@ guest/cons_ring.c tests/unit/cons_ring/cons_ring_tests.c

ALL_TARGETS += $(CONS_RING_UNIT)
TEST_PROGRAMS += $(CONS_RING_UNIT)
