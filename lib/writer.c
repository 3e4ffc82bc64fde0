/*
 * writer.c - record output, the part every format shares: the columns,
 * the output buffer, write errors, and the table of output formats
 * (writerimpl.h).  See rk/writer.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"
#include "rk/writer.h"

#include "writerimpl.h"

/*
 * A document format has a name and no row functions: the tool that takes
 * it writes its documents itself (credit-emit(1), UBL).
 */
static const struct rk_out_format ubl = { "ubl", NULL, NULL, NULL, 0 };

/*
 * The output formats, indexed by enum rk_ofmt, in the order -o lists
 * them (returns-formats(5), "Output formats").  A new format is one more
 * entry.
 */
static const struct rk_out_format *const formats[] = {
	[RK_OUT_CSV] = &rk_out_csv,
	[RK_OUT_JSONL] = &rk_out_jsonl,
	[RK_OUT_JSON] = &rk_out_json,
	[RK_OUT_UBL] = &ubl,
};

int
rk_writer_format(const char *name, unsigned takes, enum rk_ofmt *fmt)
{
	for (size_t i = 0; i < RK_ARRAY_LEN(formats); i++) {
		if ((takes & 1u << i) && strcmp(formats[i]->name, name) == 0) {
			*fmt = (enum rk_ofmt)i;
			return 0;
		}
	}
	return -1;
}

const char *
rk_writer_format_names(unsigned takes, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < RK_ARRAY_LEN(formats) && len < cap; i++)
		if (takes & 1u << i)
			len += (size_t)snprintf(buf + len, cap - len, "%s%s",
			    len ? ", " : "", formats[i]->name);
	return buf;
}

struct rk_writer *
rk_writer_new(FILE *fp, const struct rk_writer_opts *o)
{
	struct rk_writer *w = rk_xcalloc(1, sizeof(*w));

	w->fp = fp;
	w->o = *o;
	if (!w->o.delim)
		w->o.delim = ',';
	w->format = formats[o->fmt];
	w->quote_if[(unsigned char)w->o.delim] = 1;
	w->quote_if['"'] = w->quote_if['\n'] = w->quote_if['\r'] = 1;
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
	free(w->mem);
	free(w);
}

void
rk_writer_spill(struct rk_writer *w, const char *p, size_t n)
{
	if (w->fp == NULL) {
		RK_GROW_TO(w->mem, w->mlen + n, w->mcap, 0);
		memcpy(w->mem + w->mlen, p, n);
		w->mlen += n;
	} else if (fwrite(p, 1, n, w->fp) != n && !w->err) {
		w->err = errno ? errno : EIO;
	}
}

void
rk_writer_flush(struct rk_writer *w)
{
	if (w->blen)
		rk_writer_spill(w, w->buf, w->blen);
	w->blen = 0;
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
	if (w->format->header)
		w->format->header(w);
}

void
rk_writer_row(struct rk_writer *w, const struct rk_val *cells)
{
	w->format->row(w, cells);
	w->rows++;
}

int
rk_writer_end(struct rk_writer *w)
{
	if (!w->ended && w->format->end)
		w->format->end(w);
	w->ended = 1;
	rk_writer_flush(w);
	if (fflush(w->fp) != 0 || ferror(w->fp) || w->err) {
		if (w->err)
			errno = w->err;
		else if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

/*
 * A price read as "12,50" from a ';' file is written "12.50" to JSON and
 * to CSV without --decimal-comma.
 */
const struct rk_val *
rk_writer_decimal(const struct rk_val *c, char sep, struct rk_val *tmp,
    char *buf, size_t cap)
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
