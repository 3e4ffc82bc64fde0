#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"
#include "rk/writer.h"

struct rk_writer {
	FILE *fp;
	struct rk_writer_opts o;
	char **names;
	size_t *lens;
	enum rk_ctype *types;
	size_t n;
	unsigned long rows;
	int ended;
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

void
rk_csv_put(FILE *fp, const char *p, size_t n, char delim)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == delim || c == '"' || c == '\n' || c == '\r')
			break;
	}
	if (i == n) {
		fwrite(p, 1, n, fp);
		return;
	}
	putc_unlocked('"', fp);
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			putc_unlocked('"', fp);
		putc_unlocked(p[i], fp);
	}
	putc_unlocked('"', fp);
}

void
rk_json_put_string(FILE *fp, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	putc_unlocked('"', fp);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(p + run, 1, i - run, fp);
		run = i + 1;
		putc_unlocked('\\', fp);
		switch (c) {
		case '"': putc_unlocked('"', fp); break;
		case '\\': putc_unlocked('\\', fp); break;
		case '\n': putc_unlocked('n', fp); break;
		case '\r': putc_unlocked('r', fp); break;
		case '\t': putc_unlocked('t', fp); break;
		case '\b': putc_unlocked('b', fp); break;
		case '\f': putc_unlocked('f', fp); break;
		default:
			fputs("u00", fp);
			putc_unlocked(hex[c >> 4], fp);
			putc_unlocked(hex[c & 15], fp);
		}
	}
	fwrite(p + run, 1, n - run, fp);
	putc_unlocked('"', fp);
}

static void
put_eol(struct rk_writer *w)
{
	if (w->o.crlf && w->o.fmt == RK_OUT_CSV)
		putc_unlocked('\r', w->fp);
	putc_unlocked('\n', w->fp);
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
				putc_unlocked(w->o.delim, w->fp);
			rk_csv_put(w->fp, w->names[i], w->lens[i], w->o.delim);
		}
		put_eol(w);
	}
}

static void
put_csv_dec(struct rk_writer *w, const struct rk_cell *c)
{
	const char *dot = w->o.decimal_comma ? memchr(c->p, '.', c->n) : NULL;

	if (dot == NULL) {
		rk_csv_put(w->fp, c->p, c->n, w->o.delim);
		return;
	}
	char buf[64];

	if (c->n >= sizeof(buf)) {
		rk_csv_put(w->fp, c->p, c->n, w->o.delim);
		return;
	}
	memcpy(buf, c->p, c->n);
	buf[dot - c->p] = ',';
	rk_csv_put(w->fp, buf, c->n, w->o.delim);
}

static void
put_json_value(struct rk_writer *w, enum rk_ctype type, const struct rk_cell *c)
{
	FILE *fp = w->fp;

	if (type == RK_C_CARRIED) {
		switch (c->t) {
		case RK_V_NUM:
		case RK_V_BOOL:
		case RK_V_OBJ:
		case RK_V_ARR:
			fwrite(c->p, 1, c->n, fp);
			return;
		case RK_V_STR:
			if (c->n) {
				rk_json_put_string(fp, c->p, c->n);
				return;
			}
			break;
		default:
			break;
		}
		fputs("null", fp);
		return;
	}
	if (c->n == 0)
		fputs("null", fp);
	else if (type == RK_C_INT)
		fwrite(c->p, 1, c->n, fp);
	else
		rk_json_put_string(fp, c->p, c->n);
}

void
rk_writer_row(struct rk_writer *w, const struct rk_cell *cells)
{
	FILE *fp = w->fp;

	if (w->o.fmt == RK_OUT_CSV) {
		for (size_t i = 0; i < w->n; i++) {
			if (i)
				putc_unlocked(w->o.delim, fp);
			if (w->types[i] == RK_C_DEC)
				put_csv_dec(w, &cells[i]);
			else
				rk_csv_put(fp, cells[i].p, cells[i].n, w->o.delim);
		}
		put_eol(w);
		w->rows++;
		return;
	}
	if (w->o.fmt == RK_OUT_JSON)
		fputs(w->rows ? ",\n" : "[\n", fp);
	putc_unlocked('{', fp);
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			putc_unlocked(',', fp);
		rk_json_put_string(fp, w->names[i], w->lens[i]);
		putc_unlocked(':', fp);
		put_json_value(w, w->types[i], &cells[i]);
	}
	putc_unlocked('}', fp);
	if (w->o.fmt == RK_OUT_JSONL)
		putc_unlocked('\n', fp);
	w->rows++;
}

int
rk_writer_end(struct rk_writer *w)
{
	if (!w->ended && w->o.fmt == RK_OUT_JSON)
		fputs(w->rows ? "\n]\n" : "[]\n", w->fp);
	w->ended = 1;
	if (fflush(w->fp) != 0 || ferror(w->fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
