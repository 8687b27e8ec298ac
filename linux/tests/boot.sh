# linux-boot: the kernel is Debian's, running as a Xen PV guest of Umbra's,
# with the memory and the CPU its description gives it.  Each check prints
# what it saw; the last line is the verdict.
fail() { echo "linux-boot: FAIL: $*"; exit 1; }
release=$(uname -r)
echo "linux-boot: uname -r $release, uname -m $(uname -m)"
case "$release" in *-amd64) ;; *) fail "not a Debian amd64 kernel: $release" ;; esac
[ "$(uname -m)" = x86_64 ] || fail "machine $(uname -m)"
type=$(cat /sys/hypervisor/type) || fail "no /sys/hypervisor/type"
echo "linux-boot: hypervisor type $type"
[ "$type" = xen ] || fail "hypervisor type $type"
total=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
echo "linux-boot: MemTotal $total kB"
[ -n "$total" ] && [ "$total" -gt 100000 ] && [ "$total" -le 262144 ] || fail "MemTotal $total kB for a 256 MiB domain"
cpus=$(grep -c '^processor' /proc/cpuinfo)
echo "linux-boot: $cpus CPU(s), $(grep -m1 '^flags' /proc/cpuinfo | grep -o ' hypervisor ' | tr -d ' ')"
[ "$cpus" -ge 1 ] || fail "no processor in /proc/cpuinfo"
grep -q '^flags.* hypervisor' /proc/cpuinfo || fail "no hypervisor flag in /proc/cpuinfo"
grep -q '^flags.* pse ' /proc/cpuinfo && fail "/proc/cpuinfo shows pse, which a PV guest cannot use"
echo "linux-boot: PASS"
