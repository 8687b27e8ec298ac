# The Linux guest's side of bench/linux_census.py: the lmbench-like set
# without a disk, each figure framed by marks at which the host takes the
# hypervisor's census (linux/progs/lmbench.c --marks).
lmbench --marks
