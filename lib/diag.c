#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rk/diag.h"

const char *rk_progname = "returnkit";

static void (*erase_fn)(void *);
static void *erase_ctx;

void
rk_diag_set_erase(void (*erase)(void *ctx), void *ctx)
{
	erase_fn = erase;
	erase_ctx = erase ? ctx : NULL;
}

int
rk_errf(struct rk_err *e, int status, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
rk_warnx(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout); /* what was written so far comes first */
	if (erase_fn) {
		void (*erase)(void *) = erase_fn;

		erase_fn = NULL;
		erase(erase_ctx);
	}
	fprintf(stderr, "%s: ", rk_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
rk_report(const struct rk_err *e)
{
	rk_warnx("%s", e->msg);
}

const char *
rk_show(char *out, size_t cap, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)p;
	size_t o = 0, i = 0, chars = 0;

	if (cap < 16) {
		if (cap)
			out[0] = '\0';
		return out;
	}
	out[o++] = '"';
	while (i < n && chars < 40 && o + 8 < cap) {
		unsigned char c = s[i];
		size_t len = 1;

		if (c >= 0xc2 && c <= 0xf4) {
			len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			if (i + len > n)
				len = 1;
			for (size_t k = 1; k < len && len > 1; k++)
				if ((s[i + k] & 0xc0) != 0x80)
					len = 1;
			/* U+0080..U+009F are controls too: NEL, CSI */
			if (len == 1 || rk_control_len(p + i, n - i))
				goto escape;
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
			chars++;
			continue;
		}
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			out[o++] = (char)c;
			i++;
			chars++;
			continue;
		}
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
			i++;
			chars++;
			continue;
		}
escape:
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
		i++;
		chars++;
	}
	out[o++] = '"';
	if (i < n && o + 4 < cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

size_t
rk_utf8_chars(const char *p, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			c++;
	return c;
}
