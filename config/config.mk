# config/: the system description tool, build/bin/umbra-config.
#
# Everything but main() goes into one archive, which the tests in
# tests/config/ link too; the manifest reader (manifest.c) is the same
# file the hypervisor compiles.  The RelaxNG schema is assembled into the
# binary (schema-data.S), so the tool needs no file beside itself.  The
# kernel image reader and the start-of-day layout are the domain builder's
# own portable files (dombuild/), so a description is refused exactly when
# the builder would refuse it.

CFGTOOL_XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
CFGTOOL_XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
CFGTOOL_CFLAGS     := -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -MMD -MP $(CFGTOOL_XML_CFLAGS) \
		      -Iinclude -Idombuild
CFGTOOL_SCHEMA     := config/umbra-system.rng
CFGTOOL_SCHEMA_DEF := -DSCHEMA_FILE='"$(abspath $(CFGTOOL_SCHEMA))"'

CFGTOOL_LIB_SRCS := $(addprefix config/, arena.c diag.c readfile.c value.c xmlnode.c \
	xml-read.c schema.c desc-load.c desc-domain.c desc-devices.c check.c \
	check-devices.c check-files.c manifest.c manifest-write.c manifest-show.c)
CFGTOOL_DOMBUILD_SRCS := $(addprefix dombuild/, elf_xen.c elf_pvh.c elf_features.c pv_layout.c)
CFGTOOL_LIB_OBJS := $(patsubst %.c,$(BUILD)/config/%.o,$(notdir $(CFGTOOL_LIB_SRCS))) \
		    $(patsubst %.c,$(BUILD)/config/%.o,$(CFGTOOL_DOMBUILD_SRCS)) \
		    $(BUILD)/config/schema-data.o
CFGTOOL_LIB      := $(BUILD)/config/libumbraconfig.a
UMBRA_CONFIG     := $(BUILD)/bin/umbra-config

ALL_TARGETS += $(UMBRA_CONFIG)

$(BUILD)/config/%.o: config/%.c
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(CFGTOOL_CFLAGS) -c $< -o $@

$(BUILD)/config/dombuild/%.o: dombuild/%.c
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(CFGTOOL_CFLAGS) -c $< -o $@

$(BUILD)/config/schema-data.o: config/schema-data.S $(CFGTOOL_SCHEMA)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(CFGTOOL_SCHEMA_DEF) -c $< -o $@

$(CFGTOOL_LIB): $(CFGTOOL_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(UMBRA_CONFIG): $(BUILD)/config/umbra-config.o $(CFGTOOL_LIB)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ $(CFGTOOL_XML_LIBS) -o $@

-include $(wildcard $(BUILD)/config/*.d $(BUILD)/config/dombuild/*.d)
