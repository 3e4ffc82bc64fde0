#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"
#include "rk/writer.h"

#define WBUF (64u << 10)

struct rk_writer {
	FILE *fp;
	struct rk_writer_opts o;
	char **names;
	size_t *lens;
	enum rk_ctype *types;
	size_t n;
	unsigned long rows;
	int ended;
	int err;
	size_t blen;
	char buf[WBUF];
};

struct rk_writer *
rk_writer_new(FILE *fp, const struct rk_writer_opts *o)
{
	struct rk_writer *w = rk_xcalloc(1, sizeof(*w));

	w->fp = fp;
	w->o = *o;
	if (!w->o.delim)
		w->o.delim = ',';
	return w;
}

void
rk_writer_free(struct rk_writer *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n; i++)
		free(w->names[i]);
	free(w->names);
	free(w->lens);
	free(w->types);
	free(w);
}

static void
flush(struct rk_writer *w)
{
	if (w->blen && fwrite(w->buf, 1, w->blen, w->fp) != w->blen && !w->err)
		w->err = errno ? errno : EIO;
	w->blen = 0;
}

static inline void
put(struct rk_writer *w, const char *p, size_t n)
{
	if (w->blen + n > WBUF) {
		flush(w);
		if (n > WBUF) {
			if (fwrite(p, 1, n, w->fp) != n && !w->err)
				w->err = errno ? errno : EIO;
			return;
		}
	}
	memcpy(w->buf + w->blen, p, n);
	w->blen += n;
}

static inline void
putch(struct rk_writer *w, char c)
{
	if (w->blen == WBUF)
		flush(w);
	w->buf[w->blen++] = c;
}

/* One CSV field, quoted when it holds the delimiter, a quote, CR or LF. */
static void
put_csv(struct rk_writer *w, const char *p, size_t n)
{
	char d = w->o.delim;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == d || c == '"' || c == '\n' || c == '\r')
			break;
	}
	if (i == n) {
		put(w, p, n);
		return;
	}
	putch(w, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			putch(w, '"');
		putch(w, p[i]);
	}
	putch(w, '"');
}

static void
put_json_string(struct rk_writer *w, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	putch(w, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char esc[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, p + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(w, esc, 6);
		}
	}
	put(w, p + run, n - run);
	putch(w, '"');
}

static void
put_eol(struct rk_writer *w)
{
	if (w->o.crlf && w->o.fmt == RK_OUT_CSV)
		putch(w, '\r');
	putch(w, '\n');
}

void
rk_writer_columns(struct rk_writer *w, const char *const *names,
    const size_t *lens, const enum rk_ctype *types, size_t n)
{
	w->names = rk_xcalloc(n ? n : 1, sizeof(*w->names));
	w->lens = rk_xcalloc(n ? n : 1, sizeof(*w->lens));
	w->types = rk_xcalloc(n ? n : 1, sizeof(*w->types));
	w->n = n;
	for (size_t i = 0; i < n; i++) {
		size_t len = lens ? lens[i] : strlen(names[i]);

		w->names[i] = rk_xstrndup(names[i], len);
		w->lens[i] = len;
		w->types[i] = types ? types[i] : RK_C_TEXT;
	}
	if (w->o.fmt == RK_OUT_CSV) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				putch(w, w->o.delim);
			put_csv(w, w->names[i], w->lens[i]);
		}
		put_eol(w);
	}
}

/*
 * A decimal (money, percent) with the output's separator, whichever one
 * it was read with: a price read as "12,50" from a ';' file is written
 * "12.50" to JSON and to CSV without --decimal-comma.  Returns c, or a
 * copy in buf.
 */
static const struct rk_val *
dec_with(const struct rk_val *c, char sep, struct rk_val *tmp, char *buf,
    size_t cap)
{
	const char *other = memchr(c->p, sep == ',' ? '.' : ',', c->n);

	if (other == NULL || c->n >= cap)
		return c;
	memcpy(buf, c->p, c->n);
	buf[other - c->p] = sep;
	tmp->p = buf;
	tmp->n = c->n;
	tmp->t = c->t;
	return tmp;
}

static void
put_csv_dec(struct rk_writer *w, const struct rk_val *c)
{
	struct rk_val tmp;
	char buf[64];

	c = dec_with(c, w->o.decimal_comma ? ',' : '.', &tmp, buf, sizeof(buf));
	put_csv(w, c->p, c->n);
}

static void
put_json_value(struct rk_writer *w, enum rk_ctype type, const struct rk_val *c)
{
	if (type == RK_C_CARRIED) {
		switch (c->t) {
		case RK_V_NUM:
		case RK_V_BOOL:
		case RK_V_OBJ:
		case RK_V_ARR:
			put(w, c->p, c->n);
			return;
		case RK_V_STR:
			if (c->n) {
				put_json_string(w, c->p, c->n);
				return;
			}
			break;
		default:
			break;
		}
		put(w, "null", 4);
		return;
	}
	if (c->n == 0) {
		put(w, "null", 4);
	} else if (type == RK_C_INT) {
		put(w, c->p, c->n);
	} else if (type == RK_C_DEC) {
		struct rk_val tmp;
		char buf[64];

		c = dec_with(c, '.', &tmp, buf, sizeof(buf));
		put_json_string(w, c->p, c->n);
	} else {
		put_json_string(w, c->p, c->n);
	}
}

void
rk_writer_row(struct rk_writer *w, const struct rk_val *cells)
{
	if (w->o.fmt == RK_OUT_CSV) {
		for (size_t i = 0; i < w->n; i++) {
			if (i)
				putch(w, w->o.delim);
			if (w->types[i] == RK_C_DEC)
				put_csv_dec(w, &cells[i]);
			else
				put_csv(w, cells[i].p, cells[i].n);
		}
		put_eol(w);
		w->rows++;
		return;
	}
	if (w->o.fmt == RK_OUT_JSON)
		put(w, w->rows ? ",\n" : "[\n", 2);
	putch(w, '{');
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			putch(w, ',');
		put_json_string(w, w->names[i], w->lens[i]);
		putch(w, ':');
		put_json_value(w, w->types[i], &cells[i]);
	}
	putch(w, '}');
	if (w->o.fmt == RK_OUT_JSONL)
		putch(w, '\n');
	w->rows++;
}

int
rk_writer_end(struct rk_writer *w)
{
	if (!w->ended && w->o.fmt == RK_OUT_JSON) {
		if (w->rows)
			put(w, "\n]\n", 3);
		else
			put(w, "[]\n", 3);
	}
	w->ended = 1;
	flush(w);
	if (fflush(w->fp) != 0 || ferror(w->fp) || w->err) {
		if (w->err)
			errno = w->err;
		else if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

void
rk_writer_raw(struct rk_writer *w, const char *p, size_t n)
{
	put(w, p, n);
}

void
rk_writer_members(struct rk_writer *w, const char *const *names,
    const size_t *lens, const enum rk_ctype *types, const struct rk_val *cells,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putch(w, ',');
		put_json_string(w, names[i], lens ? lens[i] : strlen(names[i]));
		putch(w, ':');
		put_json_value(w, types ? types[i] : RK_C_TEXT, &cells[i]);
	}
}
