#!/bin/sh
# Runs a description corpus through umbra-config and prints one result line
# per description, in the test runner's protocol.
#
#   run-corpus.sh bad  TOOL CORPUS WORK FIXTURES
#       Each CORPUS/NAME.xml must make "umbra-config check" exit 1, print
#       nothing on stdout, and print on stderr exactly CORPUS/NAME.expected.
#       The corpus must hold at least 60 descriptions.
#   run-corpus.sh good TOOL CORPUS WORK FIXTURES
#       Each CORPUS/NAME.xml must check silently; compile twice to identical
#       bytes; "show" then "modules" must print CORPUS/NAME.expected, with
#       the fixture directory written as @FIXTURES@ and the size and CRC,
#       which depend on that directory's name, as @SIZE@ and @CRC@; and the description
#       "show" prints must compile to the same manifest again.
#
# The descriptions are copied into WORK next to links to FIXTURES/kernels
# and FIXTURES/images, and run from there, so messages name NAME.xml and
# relative paths in the corpus resolve to the generated fixtures.
mode=$1 corpus=$3 work=$4
tool=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
fixtures=$(cd "$5" && pwd -P)
suite=config-$mode

rm -rf "$work" && mkdir -p "$work" || exit 1
work=$(cd "$work" && pwd)
ln -s "$fixtures/kernels" "$work/kernels"
ln -s "$fixtures/images" "$work/images"
cp "$corpus"/*.xml "$work"/

fail() { echo "FAIL $suite/$name: $*"; }
first_difference() { diff "$1" "$2" | grep '^[<>]' | head -2 | tr '\n' ' '; }
run() { (cd "$work" && "$tool" "$@"); }

bad() {
	run check "$name.xml" >"$work/$name.out" 2>"$work/$name.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		fail "exit status $rc, expected 1: $(head -c 200 "$work/$name.err")"
	elif [ -s "$work/$name.out" ]; then
		fail "printed on stdout"
	elif ! cmp -s "$corpus/$name.expected" "$work/$name.err"; then
		fail "messages differ: $(first_difference "$corpus/$name.expected" "$work/$name.err")"
	else
		echo "PASS $suite/$name"
	fi
}

good() {
	m=$work/$name.manifest
	if ! run check "$name.xml" >"$work/$name.out" 2>&1 || [ -s "$work/$name.out" ]; then
		fail "check: $(head -c 200 "$work/$name.out")"
	elif ! run compile "$name.xml" -o "$m" 2>"$work/$name.err" ||
	     ! run compile "$name.xml" -o "$m.again" 2>>"$work/$name.err"; then
		fail "compile: $(head -c 200 "$work/$name.err")"
	elif ! cmp -s "$m" "$m.again"; then
		fail "two compilations differ"
	elif ! run show "$m" >"$work/$name.show" 2>"$work/$name.err" ||
	     ! run modules "$m" >"$work/$name.modules" 2>>"$work/$name.err"; then
		fail "show: $(head -c 200 "$work/$name.err")"
	elif ! cat "$work/$name.show" "$work/$name.modules" | sed -e "s|$fixtures|@FIXTURES@|g" \
		-e 's/[0-9]* bytes, CRC32 0x[0-9a-f]*/@SIZE@ bytes, CRC32 @CRC@/' >"$work/$name.actual" ||
	     ! cmp -s "$corpus/$name.expected" "$work/$name.actual"; then
		fail "show output differs: $(first_difference "$corpus/$name.expected" "$work/$name.actual")"
	elif ! cp "$work/$name.show" "$work/$name.rt.xml" ||
	     ! run compile "$name.rt.xml" -o "$m.rt" 2>"$work/$name.err" || ! cmp -s "$m" "$m.rt"; then
		fail "round trip through show changes the manifest: $(head -c 200 "$work/$name.err")"
	else
		echo "PASS $suite/$name"
	fi
}

count=0
for xml in "$corpus"/*.xml; do
	name=$(basename "$xml" .xml)
	count=$((count + 1))
	if [ ! -f "$corpus/$name.expected" ]; then
		fail "no $name.expected"
	else
		$mode
	fi
done
for expected in "$corpus"/*.expected; do
	name=$(basename "$expected" .expected)
	[ -f "$corpus/$name.xml" ] || fail "$name.expected has no $name.xml"
done
name=corpus-size
if [ "$mode" = bad ] && [ $count -lt 60 ]; then
	fail "only $count descriptions; the negative corpus needs at least 60"
fi
exit 0
