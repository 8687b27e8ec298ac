/*
 * A demo guest with a disk (newlib).  Its disk xvda is a file on the host
 * (build/demo/disk.img, which `make run` creates once and keeps), served
 * by the driver domain from its virtio-blk device through blkfront and
 * blkback.  Sector 0 holds a short text record, readable on the host with
 * `head -c 512 build/demo/disk.img`:
 *
 *     umbra demo disk
 *     boots: N
 *     note: TEXT
 *
 * At start the guest reads the record (a disk without one, such as the
 * blank image make creates, has never been booted), counts this boot,
 * writes the record back and flushes, and prints the count and the note:
 * the next `make run` finds what this one left.  Every line typed into its
 * console (dom0's `console ID`) becomes the note, written and flushed at
 * once (demo/line.c); "quit" powers it off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../line.h"
#include "blkfront.h"
#include "guest.h"

#define MAGIC    "umbra demo disk\n"
#define NOTE_MAX 200

static struct blkfront disk;
static char sector[4096] __attribute__((aligned(4096)));
static unsigned long boots;
static char note[NOTE_MAX + 1];

/* The record in sector 0 into boots and note; false if there is none. */
static bool read_record(void)
{
	if (blkfront_io(&disk, BLKIF_OP_READ, 0, sector, 512) != BLKIF_RSP_OKAY)
		return false;
	sector[511] = 0;
	if (strncmp(sector, MAGIC "boots: ", strlen(MAGIC "boots: ")) != 0)
		return false;
	char *end;
	boots = strtoul(sector + strlen(MAGIC "boots: "), &end, 10);
	if (strncmp(end, "\nnote: ", 7) == 0)
		snprintf(note, sizeof(note), "%.*s", (int)strcspn(end + 7, "\n"), end + 7);
	return true;
}

/* Write the record to sector 0 and flush: true once it is on the disk. */
static bool write_record(void)
{
	memset(sector, 0, 512);
	snprintf(sector, 512, MAGIC "boots: %lu\nnote: %s\n", boots, note);
	return blkfront_io(&disk, BLKIF_OP_WRITE, 0, sector, 512) == BLKIF_RSP_OKAY &&
	       blkfront_io(&disk, BLKIF_OP_FLUSH_DISKCACHE, 0, NULL, 0) == BLKIF_RSP_OKAY;
}

int main(void)
{
	long devid = blkfront_first_devid();
	if (devid < 0 || blkfront_open(&disk, (unsigned long)devid, GNTTAB_FIRST_FREE_REF)) {
		printf("disk: no disk to open (see the lines above)\n");
		return 1;
	}
	printf("disk: xvda is %lu sectors (%lu KiB), %s, served by d%u\n", (unsigned long)disk.sectors,
	       (unsigned long)disk.sectors / 2, disk.readonly ? "read-only" : "writable", disk.backend_id);
	if (!read_record())
		printf("disk: no record in sector 0 (a blank disk): this is its first boot\n");
	boots++;
	if (!write_record()) {
		printf("disk: writing sector 0 failed%s%s\n", disk.broken || disk.closed ? ": " : "",
		       disk.broken ? disk.broken : disk.closed ? disk.closed : "");
		return 1;
	}
	printf("disk: boot %lu of this disk; the note on it: %s\n", boots, note[0] ? note : "(none yet)");
	printf("disk: type a line at me to keep it as the note ('quit' powers me off)\n");
	fflush(stdout);
	char line[NOTE_MAX + 1];
	while (demo_read_line(line, sizeof(line))) {
		if (strcmp(line, "quit") == 0)
			break;
		memcpy(note, line, sizeof(line));
		printf(write_record() ? "disk: note written to sector 0 and flushed: %s\n"
				      : "disk: writing the note failed: %s\n", note);
		fflush(stdout);
	}
	printf("disk: powering off\n");
	blkfront_close(&disk);
	return 0;
}
