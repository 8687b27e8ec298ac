#!/bin/sh
# Runs one libFuzzer target and prints one result line, "PASS fuzz/NAME"
# or "FAIL fuzz/NAME: why" with the input that broke it (and exits 1, so
# that `make fuzz` stops).
#
#   fuzz.sh NAME FUZZER WORK RUNDIR SEEDS... [--long]
#
# Bounded (for make test) it runs 10 seconds; with --long (make fuzz),
# 10 minutes.  The corpus grows in WORK/corpus across runs and starts from
# the SEEDS directories (missing ones are skipped).  The fuzzer runs in
# RUNDIR, so that relative paths in its inputs (kernels/xen.elf) resolve
# to the test fixtures there.
name=$1 fuzzer=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") work=$3 rundir=$4
shift 4
time=10
seeds=
for arg; do
	case $arg in
	--long) time=600 ;;
	*) [ -d "$arg" ] && seeds="$seeds $(cd "$arg" && pwd)" ;;
	esac
done
mkdir -p "$work/corpus" "$rundir" || exit 1
work=$(cd "$work" && pwd)
log=$work/log
(cd "$rundir" && "$fuzzer" -max_total_time=$time -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$work/" "$work/corpus" $seeds) >"$log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	echo "PASS fuzz/$name"
else
	crash=$(grep -o "$work/[a-z]*-[0-9a-f]*" "$log" | tail -1)
	echo "FAIL fuzz/$name: exit $rc: $(grep -m1 'ERROR\|runtime error' "$log") (input: ${crash:-none}; log: $log)"
	exit 1
fi
