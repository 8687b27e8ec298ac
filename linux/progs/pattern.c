/*
 * pattern: write or check a file of deterministic bytes, so a test can tell
 * that data went to a disk and came back whole (linux/tests/blk.sh; the host
 * recomputes the same bytes in tests/systems/linux-blk/run.sh).
 *
 *   pattern write FILE MIB SEED   MIB MiB, then fsync
 *   pattern check FILE MIB SEED   exit 0 when every byte is as written
 *
 * The 8-byte word at offset o is splitmix64(SEED + o / 8), little-endian.
 * A static Linux program (built with the host's gcc and glibc), run inside
 * the guest's initramfs.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1u << 20)

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void fill(uint64_t *w, uint64_t seed, uint64_t first)
{
	for (uint64_t i = 0; i < CHUNK / 8; i++)
		w[i] = mix(seed + first + i);
}

int main(int argc, char **argv)
{
	if (argc != 5 || (strcmp(argv[1], "write") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: pattern write|check FILE MIB SEED\n");
		return 2;
	}
	int writing = !strcmp(argv[1], "write");
	unsigned long mib = strtoul(argv[3], NULL, 0);
	uint64_t seed = strtoull(argv[4], NULL, 0);
	static uint64_t want[CHUNK / 8], got[CHUNK / 8];
	int fd = open(argv[2], writing ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	for (unsigned long m = 0; m < mib; m++) {
		fill(want, seed, (uint64_t)m * (CHUNK / 8));
		ssize_t n = writing ? write(fd, want, CHUNK) : read(fd, got, CHUNK);
		if (n != CHUNK) {
			fprintf(stderr, "pattern: %s MiB %lu: %zd bytes\n", argv[1], m, n);
			return 1;
		}
		if (!writing && memcmp(want, got, CHUNK)) {
			for (unsigned i = 0; i < CHUNK / 8; i++)
				if (want[i] != got[i]) {
					fprintf(stderr, "pattern: byte %llu differs\n", (unsigned long long)m * CHUNK + i * 8);
					break;
				}
			return 1;
		}
	}
	if (writing && fsync(fd)) {
		perror("fsync");
		return 1;
	}
	close(fd);
	printf("pattern: %s %lu MiB of %s: every byte as expected\n", writing ? "wrote" : "checked", mib, argv[2]);
	return 0;
}
