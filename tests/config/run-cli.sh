#!/bin/sh
# umbra-config's command line: usage errors exit 2 with the usage text,
# input errors exit 1 with a located message, success is silent for check
# and compile, and compile writes nothing when the description is wrong.
#   run-cli.sh TOOL WORK FIXTURES
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$2
fixtures=$(cd "$3" && pwd -P)
here=$(dirname "$0")

rm -rf "$work" && mkdir -p "$work" || exit 1
ln -s "$fixtures/kernels" "$work/kernels"
cp "$here/good/minimal.xml" "$work/ok.xml"
cp "$here/bad/kernel-missing.xml" "$work/bad.xml"
: >"$work/empty.manifest"

# expect NAME STATUS STDERR-FIRST-LINE ARGS...
expect() {
	name=$1 status=$2 line=$3
	shift 3
	(cd "$work" && "$tool" "$@") >"$work/out" 2>"$work/err"
	rc=$?
	got=$(head -1 "$work/err")
	if [ $rc -ne "$status" ]; then
		echo "FAIL config-cli/$name: exit status $rc, expected $status ($got)"
	elif [ "$got" != "$line" ]; then
		echo "FAIL config-cli/$name: stderr '$got', expected '$line'"
	else
		return 0
	fi
	return 1
}

pass() { echo "PASS config-cli/$name"; }

usage="usage: umbra-config check FILE.xml"
expect no-arguments 2 "$usage" && pass
expect unknown-command 2 "$usage" frobnicate ok.xml && pass
expect check-two-files 2 "$usage" check ok.xml ok.xml && pass
expect compile-without-output 2 "$usage" compile ok.xml && pass
expect compile-misspelt-flag 2 "$usage" compile ok.xml -O ok.manifest && pass
expect check-ok 0 "" check ok.xml && { [ -s "$work/out" ] && echo "FAIL config-cli/$name: printed on stdout" || pass; }
expect check-missing-file 1 "missing.xml:1: cannot read the file: No such file or directory" check missing.xml && pass
expect compile-ok 0 "" compile ok.xml -o ok.manifest && pass
expect show-ok 0 "" show ok.manifest &&
	{ grep -q "<name>dom0</name>" "$work/out" && pass || echo "FAIL config-cli/$name: no dom0 in the output"; }
expect modules-ok 0 "" modules ok.manifest &&
	{ [ "$(cat "$work/out")" = "$fixtures/kernels/xen.elf" ] && pass || echo "FAIL config-cli/$name: printed $(cat "$work/out")"; }
head -c 100 "$work/ok.manifest" >"$work/cut.manifest"
expect show-truncated 1 "cut.manifest: not a valid manifest: size field does not match the module size" show cut.manifest && pass
expect show-missing 1 "missing.manifest: cannot read: No such file or directory" show missing.manifest && pass
expect show-xml 1 "ok.xml: not a valid manifest: bad magic" show ok.xml && pass
expect modules-empty 1 "empty.manifest: not a valid manifest: truncated header" modules empty.manifest && pass
expect compile-errors-write-nothing 1 "$(sed 's/^kernel-missing/bad/' "$here/bad/kernel-missing.expected")" \
	compile bad.xml -o bad.manifest &&
	{ [ -e "$work/bad.manifest" ] && echo "FAIL config-cli/$name: wrote bad.manifest" || pass; }
expect compile-unwritable 1 "/nonexistent/ok.manifest: cannot write: No such file or directory" \
	compile ok.xml -o /nonexistent/ok.manifest && pass
exit 0
