/* The shell's commands (d0_cmd.c dispatches; each takes argv[0] = its name). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct d0_command {
	const char *name;
	int min_args, max_args;
	const char *args;       /* as help shows them */
	const char *help;
	void (*run)(int argc, char **argv);
	bool rest;              /* the last argument is the rest of the line */
};

/* d0_cmd_dom.c */
void d0_cmd_list(int argc, char **argv);
void d0_cmd_destroy(int argc, char **argv);
void d0_cmd_shutdown(int argc, char **argv);
void d0_cmd_pause(int argc, char **argv);
void d0_cmd_unpause(int argc, char **argv);
void d0_cmd_console(int argc, char **argv);
void d0_cmd_info(int argc, char **argv);
void d0_cmd_poweroff(int argc, char **argv);
/* d0_cmd_top.c */
void d0_cmd_top(int argc, char **argv);
/* d0_cmd_xs.c */
void d0_cmd_xenstore_ls(int argc, char **argv);
void d0_cmd_xenstore_read(int argc, char **argv);
void d0_cmd_xenstore_write(int argc, char **argv);
/* d0_create.c */
void d0_cmd_create(int argc, char **argv);
/* Boot module `module` read whole into a new buffer (free it); NULL, the
 * reason printed, if it cannot be. */
void *d0_load_module(uint32_t module, uint64_t *size);
