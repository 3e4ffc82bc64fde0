/*
 * csvread.c - the CSV format of the reader (readerimpl.h): the header,
 * parsed in the calling thread; then the rows, from the producer thread
 * (csvbatch.c) or, when the caller checks them with a check that keeps
 * no state and the file allows, from the parallel reader (csvpar.h).  As the consumer it takes the records
 * the producer publishes and makes them rows, checking the batches the
 * producer left unchecked (csvcheck.c).
 */
#include <stdlib.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/field.h"
#include "rk/reader.h"
#include "rk/util.h"

#include "csvpar.h"
#include "csvread.h"

static void
free_state(struct rk_csvread *c)
{
	if (c->producer_live) {
		rk_csv_queue_cancel(&c->queue);
		pthread_join(c->producer, NULL);
	}
	rk_csv_par_free(c->par);
	rk_csv_lines_free(&c->lines);
	rk_csv_batch_free(c->lines.filling);
	rk_csv_batch_free(c->serving);
	rk_csv_queue_release(&c->queue);
	free(c);
}

static int
csv_open(struct rk_reader *r, struct rk_err *err)
{
	struct rk_csvread *c = rk_xcalloc(1, sizeof(*c));

	(void)err;
	c->r = r;
	rk_csv_queue_init(&c->queue);
	rk_csv_lines_init(&c->lines, r->where, r->delim, r->line,
	    rk_csv_batch_get(&c->queue));
	r->format_state = c;
	return 0;
}

static void
csv_close(struct rk_reader *r)
{
	free_state(r->format_state);
}

/* The next record, or NULL at the end (-1 in *rc on error). */
static const struct rk_csv_record *
take_record(struct rk_csvread *c, int *rc, struct rk_err *err)
{
	struct rk_csv_batch *b;

	*rc = 0;
	for (;;) {
		b = c->serving;
		if (b && c->recpos < b->nrec)
			return &b->rec[c->recpos++];
		if (c->done)
			return NULL;
		if (b) {
			if (b->failed) {
				if (err)
					*err = b->err;
				c->done = 1;
				*rc = -1;
				return NULL;
			}
			if (b->end) {
				c->done = 1;
				return NULL;
			}
			c->serving = NULL;
			rk_csv_batch_give_back(&c->queue, b);
		}
		c->serving = rk_csv_batch_take(&c->queue);
		c->recpos = 0;
	}
}

/* The header record h of b: the column table, each name checked. */
static int
take_header(struct rk_csvread *c, const struct rk_csv_batch *b,
    const struct rk_csv_record *h, struct rk_err *err)
{
	struct rk_reader *r = c->r;
	unsigned long col = 1;

	for (size_t i = 0; i < h->nf; i++) {
		const struct rk_csv_field *f = &b->fld[h->first + i];
		const char *name = b->arena + f->off;

		if (f->len == 0)
			return rk_errf(err, RK_EX_DATAERR,
			    "%s:%lu:%lu: empty column name", r->where, h->line, col);
		if (!rk_utf8_valid(name, f->len))
			return rk_errf(err, RK_EX_DATAERR,
			    "%s:%lu:%lu: column name is not valid UTF-8", r->where,
			    h->line, col + rk_utf8_chars(name,
			    rk_utf8_invalid_at(name, f->len)));
		if (rk_intern_add(&r->cols, name, f->len) != i) {
			char buf[64];

			return rk_errf(err, RK_EX_DATAERR,
			    "%s:%lu:%lu: duplicated column name %s", r->where,
			    h->line, col, rk_show(buf, sizeof(buf), name, f->len));
		}
		col += rk_utf8_chars(name, f->len) + 1;
	}
	c->have_header = 1;
	r->header_line = h->line;
	return 0;
}

/*
 * 1 when every byte is printable ASCII (0x20..0x7e): then the row holds
 * valid UTF-8 and no control character, and the field checks can skip
 * their byte scans.  Eight bytes at a time; a false "no" costs nothing
 * but the slower checks.
 */
static int
printable_ascii(const char *p, size_t n)
{
	const uint64_t hi = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
	uint64_t bad = 0, w, x;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		bad |= w & hi;
		bad |= (w - 0x20 * ones) & ~w & hi;   /* a byte below 0x20 */
		x = w ^ (0x7f * ones);
		bad |= (x - ones) & ~x & hi;          /* a byte 0x7f */
	}
	if (bad)
		return 0;
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch < 0x20 || ch >= 0x7f)
			return 0;
	}
	return 1;
}

int
rk_csv_clean(const struct rk_csv_batch *b, const struct rk_csv_record *rc)
{
	const struct rk_csv_field *f0, *fl;

	if (rc->nf == 0)
		return 1;
	/*
	 * A record's fields lie in order in the arena, the bytes between
	 * them being delimiters, or the rest of a line the record was laid
	 * in (csvparse.c): when that whole span is printable, so is each
	 * field; else (a tab delimiter, a quoted field) each is scanned.
	 */
	f0 = &b->fld[rc->first];
	fl = &b->fld[rc->first + rc->nf - 1];
	if (printable_ascii(b->arena + f0->off, fl->off + fl->len - f0->off))
		return 1;
	for (const struct rk_csv_field *f = f0; f <= fl; f++)
		if (!printable_ascii(b->arena + f->off, f->len))
			return 0;
	return 1;
}

void
rk_csv_row(const struct rk_csv_batch *b, const struct rk_csv_record *rc,
    size_t ncols, struct rk_val *v, struct rk_row *row)
{
	size_t nf = rc->nf > ncols ? rc->nf : ncols;

	for (size_t i = 0; i < nf; i++) {
		if (i < rc->nf) {
			const struct rk_csv_field *f = &b->fld[rc->first + i];

			rk_val_set(&v[i], b->arena + f->off, f->len);
		} else {
			v[i].p = "";
			v[i].n = 0;
			v[i].t = RK_V_ABSENT;
		}
	}
	row->line = rc->line;
	row->nvals = ncols;
	row->v = v;
	row->nfields = rc->nf;
	row->nextra = rk_csv_nextra(rc, ncols);
	row->extra = v + ncols;
}

/*
 * Parse up to the end of the header, the first record, in this thread:
 * 1 when the filling batch holds it (its one record), 0 when the input
 * ends first (no bytes, or empty lines only), -1 on error.
 */
static int
parse_header(struct rk_csvread *c, struct rk_err *err)
{
	struct rk_reader *r = c->r;
	struct rk_csv_lines *p = &c->lines;

	for (;;) {
		if (rk_csv_feed(p, r->ib, r->ilen, r->ieof, 1, &r->ipos, err))
			return -1;
		if (p->filling->nrec > 0)
			return 1;
		if (r->ieof)
			break;
		if (rk_input_fill(r, NULL, err) < 0)
			return -1;
	}
	c->ended = 1;
	if (rk_csv_finish(p, err))
		return -1;
	return p->filling->nrec > 0;
}

static int
csv_header(struct rk_reader *r, struct rk_err *err)
{
	struct rk_csvread *c = r->format_state;
	struct rk_csv_batch *b = c->lines.filling;
	int k;

	if (c->have_header || c->done)
		return c->have_header;
	k = parse_header(c, err);
	if (k > 0 && take_header(c, b, &b->rec[0], err))
		k = -1;
	if (k <= 0) {
		c->done = 1;
		return k;
	}
	/* the batch goes on empty: the header ended a line */
	b->alen = b->nfld = b->nrec = 0;
	c->lines.rec_first = 0;
	return 1;
}

/* The row of record rc of the batch served. */
static void
make_row(struct rk_csvread *c, const struct rk_csv_record *rc,
    struct rk_row *row)
{
	size_t ncols = c->r->cols.count;
	struct rk_val *v = rk_reader_vals(c->r,
	    ncols + rk_csv_nextra(rc, ncols));

	rk_csv_row(c->serving, rc, ncols, v, row);
	row->clean = rk_csv_clean(c->serving, rc);
}

/* Start the producer thread, which goes on from the header.  0 or -1. */
static int
start_producer(struct rk_csvread *c, struct rk_err *err)
{
	if (pthread_create(&c->producer, NULL, rk_csv_produce, c) != 0) {
		c->done = 1;
		return rk_errf(err, RK_EX_SOFTWARE, "cannot start a thread");
	}
	c->producer_live = 1;
	return 0;
}

/*
 * The next row from the producer (verdict NULL: unchecked, or not
 * wanted): 1, 0 at the end, -1 on error.
 */
static int
produced_row(struct rk_csvread *c, struct rk_row *row,
    struct rk_row_verdict *verdict, struct rk_err *err)
{
	const struct rk_csv_record *rc;
	int k;

	if (!c->producer_live && !c->done) {
		if (c->ended) {
			c->done = 1;
			return 0;
		}
		if (start_producer(c, err))
			return -1;
	}
	rc = take_record(c, &k, err);
	if (rc == NULL)
		return k;
	if (c->checking) {
		if (!c->serving->checked) {
			rk_csv_check_batch(&c->checker, c->serving);
			c->serving->checked = 1;
		}
		rk_csv_serve(&c->checker, c->serving,
		    (size_t)(rc - c->serving->rec), row, verdict);
	} else {
		make_row(c, rc, row);
	}
	return 1;
}

static int
csv_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	struct rk_csvread *c = r->format_state;
	int k;

	if (!c->have_header && (k = csv_header(r, err)) <= 0)
		return k;
	if (c->par)
		return rk_csv_par_next(c->par, row, NULL, err);
	return produced_row(c, row, NULL, err);
}

/*
 * Check the rows where they are parsed: on every core when the input
 * allows (csvpar.h) and the check keeps no state, else in the producer
 * thread, which starts with the first row taken, or here (csvread.h,
 * checking; an in-order check, on one of the two for every batch).
 */
static int
csv_check(struct rk_reader *r)
{
	struct rk_csvread *c = r->format_state;

	if (!c->have_header || c->ended || c->producer_live || c->done)
		return 0;
	if (!r->check_in_order)
		c->par = rk_csv_par_start(r, &c->lines);
	if (c->par == NULL) {
		const char *thread = getenv("RK_CHECK_THREAD");

		if (thread && strcmp(thread, "parse") == 0)
			c->check_thread = RK_CHECK_PARSE;
		else if (thread && strcmp(thread, "take") == 0)
			c->check_thread = RK_CHECK_TAKE;
		else if (r->check_in_order)
			c->check_thread = RK_CHECK_PARSE; /* never both at once */
		c->checker.check = r->check;
		c->checker.late = r->check_late;
		c->checker.ctx = r->check_ctx;
		c->checker.outsize = r->check_size;
		c->checker.ncols = r->cols.count;
		c->checking = 1;
	}
	return 1;
}

static int
csv_next_checked(struct rk_reader *r, struct rk_row *row,
    struct rk_row_verdict *verdict, struct rk_err *err)
{
	struct rk_csvread *c = r->format_state;

	if (c->par)
		return rk_csv_par_next(c->par, row, verdict, err);
	return produced_row(c, row, verdict, err);
}

const struct rk_format_ops rk_csv_format = {
	csv_open, csv_header, csv_next, csv_close, csv_check, csv_next_checked
};
