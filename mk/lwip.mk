# lwIP 2.1, the TCP/IP stack of newlib guests (docs/guests.md, "TCP/IP for
# guests"), from Debian's source package lwip: mk/lwip-fetch.sh fetches it
# with apt once per build tree (stamped; about 5 s, 0.8 MB), then the files
# a mainloop IPv4 stack needs (core, IPv4, Ethernet; no sequential API, no
# IPv6, no applications) are compiled with the newlib guests' flags and
# guest/lwip/lwipopts.h, about 20 files, and archived with the guest glue
# (guest/lwip/*.c) into build/lwip/liblwip.a.  lwIP's own files are
# compiled without -Werror: they are Debian's, not ours to change.
#
# A test kernel in tests/guests/lwip-*/ and the demo's web guest (demo/web/),
# newlib guests, see lwIP's and guest/lwip/'s headers and are linked with
# the archive.
LWIP_DIR        := $(BUILD)/lwip
LWIP_SRC        := $(LWIP_DIR)/src/src
LWIP_SRC_STAMP  := $(LWIP_DIR)/.fetched
LWIP_LIB        := $(LWIP_DIR)/liblwip.a
LWIP_CORE_FILES := core/def.c core/inet_chksum.c core/init.c core/ip.c core/mem.c core/memp.c \
	core/netif.c core/pbuf.c core/tcp.c core/tcp_in.c core/tcp_out.c core/timeouts.c core/udp.c \
	core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
	netif/ethernet.c
LWIP_CORE_SRCS  := $(addprefix $(LWIP_SRC)/,$(LWIP_CORE_FILES))
LWIP_CORE_OBJS  := $(patsubst %.c,$(LWIP_DIR)/obj/%.o,$(LWIP_CORE_FILES))
LWIP_GLUE_OBJS  := $(patsubst %,$(GUEST_NL_BUILD)/%.o,$(wildcard guest/lwip/*.c))
LWIP_INCLUDES   := -isystem $(LWIP_SRC)/include -iquote guest/lwip
LWIP_USER_SRCS  := $(wildcard tests/guests/lwip-*/*.c demo/web/*.c)
LWIP_USER_DIRS  := $(patsubst %/,%,$(dir $(LWIP_USER_SRCS)))
LWIP_USER_OBJS  := $(patsubst %,$(GUEST_NL_BUILD)/%.o,$(LWIP_USER_SRCS))

$(LWIP_SRC_STAMP): mk/lwip-fetch.sh mk/apt-private.sh | deps
	@echo "  LWIP    fetch Debian's source package lwip (once; log: $(LWIP_DIR)/fetch.log)"
	$(Q)mkdir -p $(LWIP_DIR)
	$(Q)sh mk/lwip-fetch.sh $(abspath $(LWIP_DIR)) > $(LWIP_DIR)/fetch.log 2>&1 || \
		{ tail -20 $(LWIP_DIR)/fetch.log >&2; \
		  echo "umbra: could not fetch lwIP's source with apt (log: $(LWIP_DIR)/fetch.log)" >&2; exit 1; }
	@echo "  LWIP    lwip $$(cat $(LWIP_DIR)/VERSION)"
	$(Q)touch $@

# The sources exist once the stamp's recipe has run.
$(LWIP_CORE_SRCS): | $(LWIP_SRC_STAMP)

$(LWIP_DIR)/obj/%.o: $(LWIP_SRC)/%.c | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(filter-out -Werror,$(GUEST_NL_CFLAGS)) $(LWIP_INCLUDES) -c $< -o $@

$(GUEST_NL_BUILD)/guest/lwip/%: GUEST_NL_CFLAGS += $(LWIP_INCLUDES)
$(LWIP_USER_OBJS): GUEST_NL_CFLAGS += $(LWIP_INCLUDES)
$(LWIP_GLUE_OBJS) $(LWIP_USER_OBJS): | $(LWIP_SRC_STAMP)
# lwIP's headers are system headers here (-isystem), and gcc's -MMD leaves
# out whatever they include, lwipopts.h and arch/cc.h among them: every
# object compiled against lwIP depends on guest/lwip's headers explicitly.
$(LWIP_CORE_OBJS) $(LWIP_GLUE_OBJS) $(LWIP_USER_OBJS): $(wildcard guest/lwip/*.h guest/lwip/arch/*.h)

$(LWIP_LIB): $(LWIP_CORE_OBJS) $(LWIP_GLUE_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(patsubst %,$(BUILD)/%.elf,$(LWIP_USER_DIRS)): $(LWIP_LIB)
$(patsubst %,$(BUILD)/%.elf,$(LWIP_USER_DIRS)): GUEST_NL_LIBS += $(LWIP_LIB)

ALL_TARGETS += $(LWIP_LIB)
-include $(LWIP_CORE_OBJS:.o=.d) $(LWIP_GLUE_OBJS:.o=.d)
