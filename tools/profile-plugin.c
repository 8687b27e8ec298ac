/*
 * QEMU TCG plugin behind tools/profile: counts how often each guest
 * instruction executes while a measurement window is open, and writes the
 * counts out per window.
 *
 * A window opens when the machine executes the marker `xchg %bx,%bx`
 * (bytes 66 87 db) and closes at `xchg %cx,%cx` (66 87 c9); both leave
 * every register as it was, so a benchmark kernel can mark the loop it
 * times (bench/profile_mark.h) and runs the same with or without the
 * plugin.  Everything that executes while a window is open counts: the
 * marking guest, the hypervisor on its behalf, and any other domain the
 * hypervisor runs meanwhile, which is what an -icount measurement of the
 * same loop counts too.
 *
 * Counting: every translated instruction gets a record (its virtual
 * address and a counter) and an inline "add 1" emitted before it, so the
 * counters always run; a window's count for an instruction is its
 * counter's growth between the window's opening and closing markers.  The
 * markers are the only callbacks, so the counting costs a memory add per
 * instruction and nothing more.  At a window's close the records whose
 * counters grew are appended to the output file as "pc count" lines after
 * a "window N" line (N from 0 in the order the windows open); the file is
 * written as the run goes, so a machine that ends without an orderly exit
 * still leaves every closed window behind.  tools/profile maps the
 * addresses to functions.
 *
 * Arguments: out=FILE (required).  One vCPU (tools/umbra runs -smp 1): the
 * inline counters are not atomic.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct insn_rec {
	uint64_t pc;
	uint64_t count;         /* executions since translation (inline add) */
	uint64_t at_open;       /* count when the current window opened */
};

/* Records live in chunks that never move (the inline adds hold pointers). */
#define CHUNK 65536
static struct insn_rec **chunks;
static size_t n_recs, n_chunks;
static FILE *out;
static int window_open;
static unsigned windows;

static const uint8_t mark_open[3] = { 0x66, 0x87, 0xdb };
static const uint8_t mark_close[3] = { 0x66, 0x87, 0xc9 };

static struct insn_rec *new_rec(uint64_t pc)
{
	if (n_recs == n_chunks * CHUNK) {
		chunks = realloc(chunks, (n_chunks + 1) * sizeof(*chunks));
		chunks[n_chunks] = calloc(CHUNK, sizeof(struct insn_rec));
		if (!chunks || !chunks[n_chunks]) {
			fprintf(stderr, "profile-plugin: out of memory\n");
			exit(1);
		}
		n_chunks++;
	}
	struct insn_rec *r = &chunks[n_recs / CHUNK][n_recs % CHUNK];
	n_recs++;
	r->pc = pc;
	return r;
}

static struct insn_rec *rec(size_t i)
{
	return &chunks[i / CHUNK][i % CHUNK];
}

static void on_open(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	if (window_open)
		return;
	for (size_t i = 0; i < n_recs; i++)
		rec(i)->at_open = rec(i)->count;
	window_open = 1;
}

static void on_close(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	if (!window_open)
		return;
	window_open = 0;
	fprintf(out, "window %u\n", windows++);
	for (size_t i = 0; i < n_recs; i++) {
		struct insn_rec *r = rec(i);
		if (r->count != r->at_open)
			fprintf(out, "%llx %llu\n", (unsigned long long)r->pc,
				(unsigned long long)(r->count - r->at_open));
	}
	fflush(out);
}

static int is_mark(struct qemu_plugin_insn *insn, const uint8_t *mark)
{
	return qemu_plugin_insn_size(insn) == 3 && !memcmp(qemu_plugin_insn_data(insn), mark, 3);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		struct insn_rec *r = new_rec(qemu_plugin_insn_vaddr(insn));
		/* A record created while a window is open starts from zero. */
		r->at_open = 0;
		if (is_mark(insn, mark_open))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_open, QEMU_PLUGIN_CB_NO_REGS, NULL);
		if (is_mark(insn, mark_close))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_close, QEMU_PLUGIN_CB_NO_REGS, NULL);
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &r->count, 1);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out = fopen(argv[i] + 4, "w");
		else {
			fprintf(stderr, "profile-plugin: unknown argument %s\n", argv[i]);
			return -1;
		}
	if (!out) {
		fprintf(stderr, "profile-plugin: needs out=FILE (a file it can write)\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	return 0;
}
