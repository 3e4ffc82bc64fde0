/*
 * csvparse.c - the CSV producer: a thread that reads the input, parses it
 * with libcsv (csv(3)) in strict mode and hands the records over in
 * batches (csvread.h).
 *
 * libcsv does not say where in the input a record begins, so the input is
 * fed to it one physical line at a time (a segment ends after LF, or
 * after a CR that no LF follows): the line a segment starts on is known
 * exactly, and a record starts on the line of the first segment fed
 * while the parser was between records (csvstate.h).  Feeding per line
 * costs nothing measurable (one memchr and one call per line) and gives
 * exact FILE:LINE:COL for every structural error.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "rk/diag.h"
#include "rk/reader.h"
#include "rk/util.h"

#include "csvread.h"
#include "csvstate.h"

static void *
limited_realloc(void *p, size_t n)
{
	if (n > RK_RECORD_MAX + 4096)
		return NULL;
	return realloc(p, n);
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0; /* RFC 4180: spaces are data */
}

void
rk_csv_parser_init(struct rk_csvread *c, char delim)
{
	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&c->parser, (unsigned char)delim);
	csv_set_space_func(&c->parser, no_space);
	csv_set_realloc_func(&c->parser, limited_realloc);
	csv_set_blk_size(&c->parser, 1u << 16);
}

static void
field_cb(void *s, size_t len, void *data)
{
	struct rk_csvread *c = data;
	struct rk_csv_batch *b = c->filling;

	RK_GROW_TO(b->arena, b->alen + len + 16, b->acap, 0);
	/*
	 * Most fields are short: copy 16 bytes in two fixed-size moves rather
	 * than call memcpy 120 million times.  Reading past len stays inside
	 * libcsv's entry buffer, which is never smaller than its 64 KiB
	 * block size; writing past it stays inside our arena (made room for
	 * above).
	 */
	if (len <= 16) {
		memcpy(b->arena + b->alen, s, 8);
		memcpy(b->arena + b->alen + 8, (const char *)s + 8, 8);
	} else {
		memcpy(b->arena + b->alen, s, len);
	}
	RK_GROW(b->fld, b->nfld, b->fldcap);
	b->fld[b->nfld].off = b->alen;
	b->fld[b->nfld].len = len;
	b->nfld++;
	b->alen += len;
	if (b->alen - b->fld[c->rec_first].off > RK_RECORD_MAX ||
	    b->nfld - c->rec_first > RK_FIELDS_MAX)
		c->too_big = 1;
}

static void
record_cb(int ch, void *data)
{
	struct rk_csvread *c = data;
	struct rk_csv_batch *b = c->filling;

	(void)ch;
	if (c->too_big)
		return; /* never handed out: the input stops here (65) */
	RK_GROW(b->rec, b->nrec, b->reccap);
	b->rec[b->nrec].first = c->rec_first;
	b->rec[b->nrec].nf = b->nfld - c->rec_first;
	b->rec[b->nrec].line = c->rec_line;
	b->nrec++;
	c->rec_first = b->nfld;
}

static int
record_too_big(const struct rk_csvread *c, struct rk_err *err)
{
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:1: record larger than %u "
	    "MiB or with more than %u fields", c->r->where, c->rec_line,
	    RK_RECORD_MAX >> 20, RK_FIELDS_MAX);
}

/*
 * libcsv stopped at s[k]: a strict error (what the state it stopped in
 * says), or a field its realloc function refused (limited_realloc).
 */
static int
stopped(struct rk_csvread *c, const char *s, size_t k, struct rk_err *err)
{
	const struct rk_reader *r = c->r;
	unsigned long col = r->col + rk_utf8_chars(s, k) + 1;
	const char *what;

	if (csv_error(&c->parser) != CSV_EPARSE)
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: field larger "
		    "than %u MiB", r->where, r->line, col, RK_RECORD_MAX >> 20);
	if (rk_csv_state(&c->parser) == RK_CSV_AFTER_QUOTE)
		what = "text after a closing quote";
	else
		what = "quote inside an unquoted field";
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", r->where, r->line,
	    col, what);
}

/*
 * A quoted field opened in the segment s (fed in state before) and is
 * still open at its end: find its opening quote, for the message should
 * the input end inside it.
 */
static void
locate_open_quote(struct rk_csvread *c, const char *s, size_t n,
    enum rk_csv_state before)
{
	int at_start = before == RK_CSV_BETWEEN_RECORDS ||
	    before == RK_CSV_FIELD_NOT_BEGUN;
	int inq = 0;
	size_t open = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (inq) {
			if (ch == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					inq = 0;
			}
			continue;
		}
		if (at_start && ch == '"') {
			inq = 1;
			open = i;
			at_start = 0;
		} else {
			at_start = ch == c->r->delim;
		}
	}
	c->qline = c->r->line;
	c->qcol = c->r->col + rk_utf8_chars(s, open) + 1;
}

/* Feed one segment; ends_line: it ends its line. */
static int
feed(struct rk_csvread *c, const char *s, size_t n, int ends_line,
    struct rk_err *err)
{
	struct rk_reader *r = c->r;
	enum rk_csv_state before = rk_csv_state(&c->parser), now;
	size_t k;

	if (before == RK_CSV_BETWEEN_RECORDS)
		c->rec_line = r->line;
	k = csv_parse(&c->parser, s, n, field_cb, record_cb, c);
	if (c->too_big)
		return record_too_big(c, err);
	if (k < n)
		return stopped(c, s, k, err);
	now = rk_csv_state(&c->parser);
	if (now == RK_CSV_IN_QUOTED && before != RK_CSV_IN_QUOTED &&
	    before != RK_CSV_AFTER_QUOTE)
		locate_open_quote(c, s, n, before);
	if (ends_line) {
		r->line++;
		r->col = 0;
	} else {
		r->col += rk_utf8_chars(s, n);
	}
	return 0;
}

/* Feed the buffered input to libcsv, one line (segment) at a time. */
static int
feed_buffer(struct rk_csvread *c, struct rk_err *err)
{
	struct rk_reader *r = c->r;
	char *end = r->ib + r->ilen;
	int has_cr = memchr(r->ib + r->ipos, '\r', r->ilen - r->ipos) != NULL;

	while (r->ipos < r->ilen) {
		char *s = r->ib + r->ipos;
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *segend = nl ? nl + 1 : end;
		int ends = nl != NULL;

		if (has_cr) {
			char *lim = nl ? (nl > s && nl[-1] == '\r' ? nl - 1 : nl) : end;
			char *cr = memchr(s, '\r', (size_t)(lim - s));

			if (cr) {
				if (cr + 1 == end && !r->ieof) {
					/* CR at the end of the buffer: LF may follow */
					if (cr == s)
						return 0;
					segend = cr;
					ends = 0;
				} else {
					segend = cr + 1;
					ends = 1;
				}
			}
		}
		if (feed(c, s, (size_t)(segend - s), ends, err))
			return -1;
		r->ipos = (size_t)(segend - r->ib);
	}
	return 0;
}

static int
finish(struct rk_csvread *c, struct rk_err *err)
{
	if (rk_csv_state(&c->parser) == RK_CSV_BETWEEN_RECORDS)
		c->rec_line = c->r->line;
	if (csv_fini(&c->parser, field_cb, record_cb, c) != 0)
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: unterminated "
		    "quoted field", c->r->where, c->qline, c->qcol);
	if (c->too_big)
		return record_too_big(c, err);
	return 0;
}

/*
 * Publish the complete records of the batch being filled and go on in a
 * new one holding the fields of the record in progress.  0, or -1 when
 * cancelled.
 */
static int
rotate(struct rk_csvread *c)
{
	struct rk_csv_batch *b = c->filling, *nb;
	size_t nkeep = b->nfld - c->rec_first, base;

	nb = rk_csv_batch_get(&c->queue);
	if (nb == NULL)
		return -1;
	if (nkeep) {
		base = b->fld[c->rec_first].off;
		RK_GROW_TO(nb->arena, b->alen - base, nb->acap, 0);
		if (b->alen > base)
			memcpy(nb->arena, b->arena + base, b->alen - base);
		nb->alen = b->alen - base;
		RK_GROW_TO(nb->fld, nkeep, nb->fldcap, 0);
		for (size_t i = 0; i < nkeep; i++) {
			nb->fld[i] = b->fld[c->rec_first + i];
			nb->fld[i].off -= base;
		}
		nb->nfld = nkeep;
		b->nfld = c->rec_first;
		b->alen = base;
	}
	c->rec_first = 0;
	c->filling = nb;
	rk_csv_batch_publish(&c->queue, b);
	return 0;
}

void *
rk_csv_produce(void *csvread)
{
	struct rk_csvread *c = csvread;
	struct rk_reader *r = c->r;
	struct rk_err err;
	int k;

	for (;;) {
		if (r->ipos < r->ilen && feed_buffer(c, &err))
			break;
		if (c->filling->nrec > 0 && rotate(c))
			return NULL;
		k = rk_input_fill(r, &c->queue.cancel, &err);
		if (k < 0)
			break;
		if (k == 0) {
			if (r->ipos < r->ilen && feed_buffer(c, &err))
				break;
			if (finish(c, &err))
				break;
			c->filling->end = 1;
			rk_csv_batch_publish(&c->queue, c->filling);
			c->filling = NULL;
			return NULL;
		}
	}
	c->filling->failed = 1;
	c->filling->err = err;
	rk_csv_batch_publish(&c->queue, c->filling);
	c->filling = NULL;
	return NULL;
}
