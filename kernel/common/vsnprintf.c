/*
 * A small vsnprintf: %d %i %u %x %X %p %s %c %%, with l/ll/z length, '0' and
 * width, '-' for left alignment.  Output is always NUL-terminated and never
 * longer than size; the return value is the length that was needed.
 */
#include "lib.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool upper, bool neg,
		    int width, char pad, bool left)
{
	char tmp[24];
	size_t start = o->len;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	if (neg && pad == '0') {
		put(o, '-');
		n--;
		width--;
	}
	if (!left)
		for (int i = n; i < width; i++)
			put(o, pad);
	while (n--)
		put(o, tmp[n]);
	while (left && o->len - start < (size_t)width)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		bool left = false;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '-') {
			left = true;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0, width, pad, left);
			break;
		}
		case 'u':
			put_num(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, false, false, width, pad, left);
			break;
		case 'x':
		case 'X':
			put_num(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, *fmt == 'X', false, width, pad, left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uint64_t)va_arg(ap, void *), 16, false, false, 16, '0', false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = strlen(s ? s : "(null)");
			if (!left)
				for (int i = (int)n; i < width; i++)
					put(&o, ' ');
			for (const char *p = s ? s : "(null)"; *p; p++)
				put(&o, *p);
			if (left)
				for (int i = (int)n; i < width; i++)
					put(&o, ' ');
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			if (!*fmt)
				fmt--;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
