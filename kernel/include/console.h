/*
 * The hypervisor console: serial output with log levels.
 *
 * Every line the hypervisor prints starts with "(UMBRA) "
 * and guest console output with "(dN) ", so a log can be split by source.
 * Messages above the current level (command line "loglvl=") are dropped.
 */
#pragma once
#include "lib.h"

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern enum log_level console_level;

void console_init(const char *cmdline);
void console_write(const char *s, size_t n);       /* raw, no prefix */
void printk(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void console_guest_write(uint16_t domid, const char *s, size_t n);
void console_guest_write_direct(uint16_t domid, const char *s, size_t n);  /* unbuffered */
void console_guest_flush(uint16_t domid);   /* at domain teardown */
/* Between these, printk prints every level (Xen's print_everything). */
void console_start_log_everything(void);
void console_end_log_everything(void);

/*
 * Serial input (console_input.c): console_input_init() at the end of boot
 * turns the receive interrupt on and gives input to the initial domain;
 * console_input_irq() is the interrupt; console_input_read() is
 * CONSOLEIO_read's copy of what was typed for it.
 */
void console_input_init(void);
void console_input_irq(void);
long console_input_read(uint64_t buf, uint32_t count);

#define log_err(...)   printk(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  printk(LOG_WARN, __VA_ARGS__)
#define log_info(...)  printk(LOG_INFO, __VA_ARGS__)
#define log_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
