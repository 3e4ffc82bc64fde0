/*
 * csvparse.c - the CSV line feeder (struct rk_csv_lines in csvread.h):
 * libcsv (csv(3)) in strict mode, fed one line at a time, the records
 * it completes put into a batch.  The header, the producer thread and
 * each worker of the parallel reader (csvpar.h) use one each.
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
rk_csv_lines_init(struct rk_csv_lines *p, const char *where, char delim,
    unsigned long line, struct rk_csv_batch *b)
{
	memset(p, 0, sizeof(*p));
	csv_init(&p->parser, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&p->parser, (unsigned char)delim);
	csv_set_space_func(&p->parser, no_space);
	csv_set_realloc_func(&p->parser, limited_realloc);
	csv_set_blk_size(&p->parser, 1u << 16);
	p->where = where;
	p->delim = delim;
	p->line = line;
	p->filling = b;
}

void
rk_csv_lines_free(struct rk_csv_lines *p)
{
	csv_free(&p->parser);
}

/* Room for len more bytes in the arena, and one more field. */
static inline void
room(struct rk_csv_batch *b, size_t len)
{
	/* one byte more: the arena exists even when every field is empty */
	RK_GROW_TO(b->arena, b->alen + len + 1, b->acap, 0);
	RK_GROW(b->fld, b->nfld, b->fldcap);
}

/* Whether the field of len bytes libcsv completed is unquoted, where
 * its segment was laid (its bytes are then at p->next). */
static inline int
laid_unquoted(const struct rk_csv_lines *p, const struct rk_csv_batch *b,
    size_t len)
{
	size_t at = p->next;

	return p->in_place && at + len <= p->seg_end &&
	    (at == p->seg_end || b->arena[at] != '"');
}

/* The field at[0..len) of the arena, the next of the batch (room made). */
static inline void
add_field(struct rk_csv_lines *p, struct rk_csv_batch *b, size_t at,
    size_t len)
{
	b->fld[b->nfld].off = (uint32_t)at;
	b->fld[b->nfld].len = (uint32_t)len;
	b->nfld++;
	p->rec_bytes += len;
	if (p->rec_bytes > RK_RECORD_MAX || b->nfld - p->rec_first > RK_FIELDS_MAX)
		p->too_big = 1;
}

/* A field that needs room made, or copying (field_cb's rare cases). */
static __attribute__((noinline)) void
field_copied(void *s, size_t len, struct rk_csv_lines *p)
{
	struct rk_csv_batch *b = p->filling;
	size_t at = p->next;

	if (laid_unquoted(p, b, len)) {
		RK_GROW(b->fld, b->nfld, b->fldcap);
		p->next = at + len + 1; /* past the delimiter */
	} else {
		p->in_place = 0;
		if (b->alen + len >= UINT32_MAX) {
			p->too_big = 1; /* no batch comes near: see csvread.h */
			return;
		}
		room(b, len);
		at = b->alen;
		/*
		 * Most fields are short: copied a byte at a time rather than
		 * by a call to memcpy.  libcsv has just stored the field into
		 * its entry buffer a byte at a time, and a wider load of
		 * bytes still on their way to the cache waits for them (no
		 * store forwarding).
		 */
		if (len <= 16) {
			const char *src = s;
			char *dst = b->arena + at;

			for (size_t i = 0; i < len; i++)
				dst[i] = src[i];
		} else {
			memcpy(b->arena + at, s, len);
		}
		b->alen += len;
	}
	add_field(p, b, at, len);
}

/*
 * A field libcsv completed (its field callback, once per field of the
 * input).  The common case, an unquoted field where its segment was
 * laid (its bytes stay there) with room in the field list, is short
 * enough to need no stack frame: a third fewer instructions than one
 * function for every case, on the thread that parses; the rest is
 * field_copied.
 */
static void
field_cb(void *s, size_t len, void *data)
{
	struct rk_csv_lines *p = data;
	struct rk_csv_batch *b = p->filling;

	if (laid_unquoted(p, b, len) && b->nfld < b->fldcap) {
		size_t at = p->next;

		p->next = at + len + 1; /* past the delimiter */
		add_field(p, b, at, len);
		return;
	}
	field_copied(s, len, p);
}

static void
record_cb(int ch, void *data)
{
	struct rk_csv_lines *p = data;
	struct rk_csv_batch *b = p->filling;

	(void)ch;
	if (p->too_big)
		return; /* never handed out: the input stops here (65) */
	RK_GROW(b->rec, b->nrec, b->reccap);
	b->rec[b->nrec].first = p->rec_first;
	b->rec[b->nrec].nf = b->nfld - p->rec_first;
	b->rec[b->nrec].line = p->rec_line;
	b->nrec++;
	p->rec_first = b->nfld;
	p->rec_bytes = 0;
}

static int
record_too_big(const struct rk_csv_lines *p, struct rk_err *err)
{
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:1: record larger than %u "
	    "MiB or with more than %u fields", p->where, p->rec_line,
	    RK_RECORD_MAX >> 20, RK_FIELDS_MAX);
}

/*
 * libcsv stopped at s[k]: a strict error (what the state it stopped in
 * says), or a field its realloc function refused (limited_realloc).
 */
static int
stopped(struct rk_csv_lines *p, const char *s, size_t k, struct rk_err *err)
{
	unsigned long col = p->col + rk_utf8_chars(s, k) + 1;
	const char *what;

	if (csv_error(&p->parser) != CSV_EPARSE)
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: field larger "
		    "than %u MiB", p->where, p->line, col, RK_RECORD_MAX >> 20);
	if (rk_csv_state(&p->parser) == RK_CSV_AFTER_QUOTE)
		what = "text after a closing quote";
	else
		what = "quote inside an unquoted field";
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", p->where, p->line,
	    col, what);
}

/*
 * A quoted field opened in the segment s (fed in state before) and is
 * still open at its end: find its opening quote, for the message should
 * the input end inside it.
 */
static void
locate_open_quote(struct rk_csv_lines *p, const char *s, size_t n,
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
			at_start = ch == p->delim;
		}
	}
	p->qline = p->line;
	p->qcol = p->col + rk_utf8_chars(s, open) + 1;
}

/*
 * Lay a segment that starts a field into the arena, for its unquoted
 * fields to stay there (field_cb): one copy of the line instead of one
 * per field.
 */
static void
lay_segment(struct rk_csv_lines *p, const char *s, size_t n)
{
	struct rk_csv_batch *b = p->filling;

	if (b->alen + n >= UINT32_MAX)
		return; /* its fields are copied, and stopped there */
	RK_GROW_TO(b->arena, b->alen + n + 1, b->acap, 0);
	memcpy(b->arena + b->alen, s, n);
	p->next = b->alen;
	b->alen += n;
	p->seg_end = b->alen;
	p->in_place = 1;
}

/* Feed one segment; ends_line: it ends its line. */
static int
feed(struct rk_csv_lines *p, const char *s, size_t n, int ends_line,
    struct rk_err *err)
{
	enum rk_csv_state before = rk_csv_state(&p->parser), now;
	size_t k;

	if (before == RK_CSV_BETWEEN_RECORDS)
		p->rec_line = p->line;
	if (before == RK_CSV_BETWEEN_RECORDS || before == RK_CSV_FIELD_NOT_BEGUN)
		lay_segment(p, s, n);
	k = csv_parse(&p->parser, s, n, field_cb, record_cb, p);
	p->in_place = 0;
	if (p->too_big)
		return record_too_big(p, err);
	if (k < n)
		return stopped(p, s, k, err);
	now = rk_csv_state(&p->parser);
	if (now == RK_CSV_IN_QUOTED && before != RK_CSV_IN_QUOTED &&
	    before != RK_CSV_AFTER_QUOTE)
		locate_open_quote(p, s, n, before);
	if (ends_line) {
		p->line++;
		p->col = 0;
	} else {
		p->col += rk_utf8_chars(s, n);
	}
	return 0;
}

int
rk_csv_feed(struct rk_csv_lines *p, const char *buf, size_t len, int eof,
    int one_record, size_t *pos, struct rk_err *err)
{
	const char *end = buf + len;
	int has_cr = memchr(buf + *pos, '\r', len - *pos) != NULL;

	while (*pos < len) {
		const char *s = buf + *pos;
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *segend = nl ? nl + 1 : end;
		int ends = nl != NULL;

		if (has_cr) {
			const char *lim = nl ?
			    (nl > s && nl[-1] == '\r' ? nl - 1 : nl) : end;
			const char *cr = memchr(s, '\r', (size_t)(lim - s));

			if (cr) {
				if (cr + 1 == end && !eof) {
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
		if (feed(p, s, (size_t)(segend - s), ends, err))
			return -1;
		*pos = (size_t)(segend - buf);
		if (one_record && p->filling->nrec > 0)
			return 0;
	}
	return 0;
}

int
rk_csv_finish(struct rk_csv_lines *p, struct rk_err *err)
{
	if (rk_csv_state(&p->parser) == RK_CSV_BETWEEN_RECORDS)
		p->rec_line = p->line;
	if (csv_fini(&p->parser, field_cb, record_cb, p) != 0)
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: unterminated "
		    "quoted field", p->where, p->qline, p->qcol);
	if (p->too_big)
		return record_too_big(p, err);
	return 0;
}
