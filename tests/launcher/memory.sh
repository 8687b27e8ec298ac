#!/bin/sh
# All RAM QEMU gives is usable: the demo system (with a disk image of its
# own) boots with 1, 2, 6 and 16 GiB, and the hypervisor's memory line is right for each.  q35 puts RAM
# below 4 GiB up to 2.75 GiB; a larger machine gets 2 GiB there and the
# rest from 4 GiB up, above the PCI hole.  For every size:
#   - the RAM counted is what QEMU gave, less at most 2 MiB of firmware;
#   - RAM runs up to the size, or the size + the 2 GiB hole when split,
#     and the part above 4 GiB is exactly what q35 put there;
#   - free + the hypervisor's own = all RAM (nothing lost, nothing twice),
#     the hypervisor's own being its image and 1.2% of the span at most;
#   - with RAM above 4 GiB, every domain's page tables are there (the free
#     list hands out the highest frames first), so running the demo runs
#     it above 4 GiB; and every frame comes back at the end.
# A size larger than this host's memory is skipped, with the reason.
#   memory.sh BUILD FIXTURES
build=$1
work=$build/tests/launcher/memory
rm -rf "$work" && mkdir -p "$work" || exit 1
host_mib=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)

for gib in 1 2 6 16; do
	name=memory-${gib}g
	size=$((gib * 1024))
	log=$work/$name.log
	if [ "$host_mib" -lt $((size + 1024)) ]; then
		echo "SKIP launcher/$name: this host has $host_mib MiB of RAM, too little for a $gib GiB machine"
		continue
	fi
	# The demo on a fresh disk image of its own, not the user's (demo-copy.py).
	python3 tests/systems/demo/demo-copy.py system "$work/demo.xml" "$work/demo.img" ||
		{ echo "FAIL launcher/$name: no copy of the demo system"; continue; }
	timeout 300 tools/umbra run --timeout 240 --memory ${gib}G --log "$log" \
		--expect "umbra> \$" --send-line poweroff "$work/demo.xml" \
		>"$work/$name.out" 2>&1
	rc=$?
	tr -d '\r' <"$log" >"$log.txt" && log=$log.txt        # the serial log ends lines with CR LF
	line=$(grep -m1 '^(UMBRA) memory: ' "$log")
	if [ $rc -ne 0 ]; then
		echo "FAIL launcher/$name: exit status $rc: $(tail -1 "$work/$name.out")"
		continue
	fi
	# (UMBRA) memory: R MiB of RAM up to U MiB (A MiB of it above 4 GiB), F MiB free; the hypervisor uses H KiB
	set -- $(echo "$line" | sed -n 's/^(UMBRA) memory: \([0-9]*\) MiB of RAM up to \([0-9]*\) MiB (\([0-9]*\) MiB of it above 4 GiB), \([0-9]*\) MiB free; the hypervisor uses \([0-9]*\) KiB$/\1 \2 \3 \4 \5/p')
	if [ $# -ne 5 ]; then
		echo "FAIL launcher/$name: no memory line in $log"
		continue
	fi
	ram=$1 upto=$2 above=$3 free=$4 hv=$5
	if [ $size -ge 2816 ]; then want_upto=$((size + 2048)) want_above=$((size - 2048)); else want_upto=$size want_above=0; fi
	mfns=$(sed -n 's/^(UMBRA) d[0-9]* .*, L4 at mfn \([0-9a-f]*\)$/\1/p' "$log")
	low=$(for m in $mfns; do [ $((0x$m)) -lt $((0x100000)) ] && echo "$m"; done)
	if [ $ram -lt $((size - 2)) ] || [ $ram -gt $size ]; then
		echo "FAIL launcher/$name: $ram MiB of RAM counted, QEMU gave $size MiB"
	elif [ $upto -lt $((want_upto - 2)) ] || [ $upto -gt $want_upto ] || [ $above -ne $want_above ]; then
		echo "FAIL launcher/$name: RAM up to $upto MiB with $above MiB above 4 GiB, expected $want_upto and $want_above"
	elif [ $((free + hv / 1024)) -lt $((ram - 1)) ] || [ $((free + hv / 1024)) -gt $((ram + 1)) ]; then
		echo "FAIL launcher/$name: $free MiB free + $((hv / 1024)) MiB the hypervisor's is not the $ram MiB of RAM"
	elif [ $hv -gt $((8192 + upto * 1024 * 12 / 1000)) ]; then
		echo "FAIL launcher/$name: the hypervisor keeps $hv KiB for itself"
	elif [ -z "$mfns" ] || { [ $want_above -gt 0 ] && [ -n "$low" ]; }; then
		echo "FAIL launcher/$name: page tables below 4 GiB (L4 mfns: $(echo $mfns))"
	elif ! grep -q '^(UMBRA) all frames returned' "$log" || ! grep -q 'Hello from guest-b' "$log"; then
		echo "FAIL launcher/$name: the demo did not finish cleanly ($log)"
	else
		echo "PASS launcher/$name: $ram MiB of RAM ($above above 4 GiB), $free MiB free, hypervisor $hv KiB"
	fi
done
exit 0
