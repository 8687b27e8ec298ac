#!/bin/sh
# tools/umbra's refusals: every user mistake gets one line on stderr and a
# documented status, before QEMU starts (no serial log is ever created),
# or, past the launcher's checks (--unchecked), one line from the
# hypervisor and its refused-boot status, never a panic or a hang.
#   cases.sh BUILD FIXTURES
build=$1
fixtures=$(cd "$2" && pwd -P)
umbra=tools/umbra
work=$build/tests/launcher/work
rm -rf "$work" && mkdir -p "$work" || exit 1
work=$(cd "$work" && pwd)
hello=$build/tests/guests/hello.elf
k=$fixtures/kernels

echo "this is not a kernel" >"$work/text.elf"
cp "$hello" "$work/with space.elf"
cp "$hello" "$work/with,comma.elf"
cp config/examples/demo.xml "$work/SYSTEM.XML"
cp tests/config/good/minimal.xml "$work/a.xml"
cp tests/config/good/minimal.xml "$work/b.xml"

# launch NAME ARGS...: run the launcher with a serial log named for the case; sets rc and log.
launch() {
	name=$1
	shift
	log=$work/$name.log
	timeout 120 "$umbra" run --timeout 60 --log "$log" "$@" >"$work/$name.out" 2>"$work/$name.err"
	rc=$?
}

# expect NAME STATUS STDERR-REGEX ARGS...: exit status, one stderr line
# matching the regex, and no serial log (QEMU never started).
expect() {
	status=$2 want=$3 case=$1
	shift 3
	launch "$case" "$@"
	lines=$(wc -l <"$work/$name.err")
	if [ $rc -ne "$status" ]; then
		echo "FAIL launcher/$name: exit status $rc, expected $status ($(head -1 "$work/$name.err"))"
	elif [ "$lines" -ne 1 ] || ! grep -Eq "$want" "$work/$name.err"; then
		echo "FAIL launcher/$name: stderr '$(head -3 "$work/$name.err" | tr '\n' '|')', expected one line like /$want/"
	elif [ -e "$log" ]; then
		echo "FAIL launcher/$name: QEMU was started"
	else
		echo "PASS launcher/$name"
	fi
}

# expect_boot NAME STATUS LOG-REGEX ARGS...: QEMU ran; status and a log line, no panic.
expect_boot() {
	status=$2 want=$3 case=$1
	shift 3
	launch "$case" "$@"
	if [ $rc -ne "$status" ]; then
		echo "FAIL launcher/$name: exit status $rc, expected $status ($(head -1 "$work/$name.err"))"
	elif grep -q PANIC "$log"; then
		echo "FAIL launcher/$name: hypervisor panic: $(grep -m1 PANIC "$log")"
	elif ! grep -Eq "$want" "$log"; then
		echo "FAIL launcher/$name: log lacks /$want/ ($log)"
	else
		echo "PASS launcher/$name"
	fi
}

# Kernels that are not kernels Umbra can boot.
expect not-an-elf 10 "text.elf: kernel is not an ELF file$" "$work/text.elf"
expect empty-file 10 "empty.elf: kernel is not an ELF file$" "$k/empty.elf"
expect wrong-class 10 "i386.elf: kernel is a 32-bit ELF file; Umbra runs 64-bit PV kernels only$" "$k/i386.elf"
expect no-xen-notes 10 "kernel.elf: kernel has no Xen ELF notes: it is not a Xen PV kernel$" "$hello" "$build/kernel.elf"
expect requires-feature 10 "needs-wdt.elf: kernel requires feature writable_descriptor_tables \(FEATURES note\), which Umbra does not offer$" "$hello" "$k/needs-wdt.elf"
expect control-without-dom0 10 "no-dom0.elf: kernel does not support running as the control domain" "$k/no-dom0.elf"
expect missing-kernel 10 "^umbra: .*/nothing-here.elf: no such kernel$" "$work/nothing-here.elf"
expect kernel-path-space 10 "with space.elf: a kernel path cannot contain a space" "$work/with space.elf"
expect kernel-path-comma 10 "a comma cannot appear in a kernel path" "$work/with,comma.elf"
expect directory 10 "not a regular file$" "$work"

# Memory sizes the machine cannot have.
expect memory-too-small 10 "^umbra: --memory 1M is too little: the hypervisor and its 1 domain need about" --memory 1M "$hello"
expect memory-too-small-for-domains 10 "^umbra: --memory 16M is too little: the hypervisor and its 3 domains need about" \
	--memory 16M "$hello" "$hello" "$hello"
expect memory-too-small-for-description 10 "^umbra: --memory 24M is too little: the hypervisor and its 7 domains need about" \
	--memory 24M config/examples/demo.xml
expect memory-beyond-umbra 10 "^umbra: --memory 1T is more than Umbra maps \(512.0 GiB\)$" --memory 1T "$hello"
beyond_host=$(awk '/^MemTotal:/ { print int($2 / 1048576) + 2 }' /proc/meminfo)
if [ "$beyond_host" -lt 512 ]; then
	expect memory-beyond-host 10 "^umbra: --memory ${beyond_host}G is more than this host has \(" \
		--memory ${beyond_host}G "$hello"
else
	echo "SKIP launcher/memory-beyond-host: this host has more RAM than Umbra maps (512 GiB)"
fi
expect memory-not-a-size 10 "^umbra: --memory lots: not a size" --memory lots "$hello"

# System descriptions.
expect two-descriptions 10 "a.xml and .*b.xml: give one system description at a time$" "$work/a.xml" "$work/b.xml"
expect description-with-kernels 10 "a.xml: a system description names its own kernels; give it alone$" "$work/a.xml" "$hello"
expect miscased-description 10 "SYSTEM.XML: a system description must be named \*.xml \(lower case\)" "$work/SYSTEM.XML"
expect description-with-errors 9 "/a.xml:10: kernel 'kernels/xen.elf' does not exist$" "$work/a.xml"

# A usage mistake: argparse's own message comes first, the status is the launcher's.
timeout 30 "$umbra" run --no-such-option "$hello" >/dev/null 2>"$work/usage.err"
rc=$?
[ $rc -eq 10 ] && echo "PASS launcher/unknown-option" || echo "FAIL launcher/unknown-option: exit status $rc, expected 10"

# Serial-script steps that cannot run.
expect script-bad-escape 10 '^umbra: send "\\q": a backslash must start' --send '\q' "$hello"
expect script-bad-regex 10 '^umbra: expect /\(/: not a regular expression' --expect '(' "$hello"
expect script-empty-regex 10 '^umbra: expect: an empty pattern matches anything' --expect '' "$hello"
expect script-bad-seconds 10 '^umbra: wait soon: not a number of seconds' --wait soon "$hello"
expect script-wide-character 10 'only characters up to \\xff can be typed' --send 'tea ☕' "$hello"
# A step the run never meets: status 11 naming it, the log kept.
expect_boot script-unmet 11 "TEST PASS" --expect "never printed" "$hello"
grep -q '^umbra: step 1 (expect /never printed/) not met: the machine stopped' "$work/script-unmet.err" &&
	echo "PASS launcher/script-unmet-message" ||
	echo "FAIL launcher/script-unmet-message: stderr '$(head -1 "$work/script-unmet.err")'"
# A later expect's (?P=name) is the text an earlier one's group matched: met
# when the text comes again, unmet when other text stands there.
expect_boot script-backreference-met 0 "TEST PASS" \
	--expect '^\(d(?P<dom>\d)\) Hello from' --expect '^\(d(?P=dom)\) TEST PASS' "$hello"
expect_boot script-backreference-unmet 11 "TEST PASS" \
	--expect '(?P<word>Hello) from' --expect '^\(d0\) (?P=word)' "$hello"
expect script-backreference-unknown 10 "^umbra: expect /\(\?P=nobody\)/: no earlier expect captures \(\?P<nobody>" \
	--expect '(?P=nobody)' "$hello"

# Past the launcher (--unchecked): the hypervisor refuses with one line and status 8.
expect_boot hv-not-an-elf 8 "cannot build text: kernel is not an ELF file.*|the initial domain \(module 0, text\) could not be built: not booting" \
	--unchecked "$work/text.elf"
expect_boot hv-memory-too-small 8 "cannot build hello: out of memory \(8192 KiB asked, [0-9]+ KiB free\)" \
	--unchecked --memory 8M "$hello"
expect_boot hv-no-room-for-tables 8 "memory: no room for .* of the hypervisor's own tables" \
	--unchecked --memory 2M "$hello"
exit 0
