/*
 * csvchunk.c - one chunk of a CSV file, on a worker thread of the
 * parallel reader (csvpar.h): read with pread(2), its end found
 * (csvsplit.h), parsed line by line from its first line (csvparse.c),
 * and each record made a row and checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/util.h"

#include "csvpar.h"
#include "csvsplit.h"
#include "csvstate.h"

/*
 * How far past its size a chunk's end is looked for.  A record is at
 * most RK_RECORD_MAX bytes of fields; quoted, with its quotes doubled,
 * twice that and a few bytes a field.  With no line end outside quotes
 * so far, the chunk holds the rest of the file (which one thread then
 * reads, and fails on, as the one-thread reader does).
 */
#define CUT_REACH (2 * (size_t)RK_RECORD_MAX + 4 * (size_t)RK_FIELDS_MAX)

/* Read n bytes of the file at off into the window at wpos.  0 or -1. */
static int
read_at(struct rk_csv_worker *w, size_t wpos, uint64_t off, size_t n,
    struct rk_err *err)
{
	const struct rk_csv_par *par = w->par;

	RK_GROW_TO(w->win, wpos + n, w->wcap, 0);
	while (n > 0) {
		ssize_t k = pread(par->fd, w->win + wpos, n, (off_t)off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return rk_errf(err, RK_EX_IOERR, "%s: read error: %s",
			    par->where, strerror(errno));
		if (k == 0)
			return rk_errf(err, RK_EX_IOERR, "%s: read error: the "
			    "file shrank while it was read", par->where);
		wpos += (size_t)k;
		off += (uint64_t)k;
		n -= (size_t)k;
	}
	return 0;
}

int
rk_csv_chunk_cut(struct rk_csv_worker *w, struct rk_csv_chunk *ch,
    unsigned long *lines, struct rk_err *err)
{
	const struct rk_csv_par *par = w->par;
	uint64_t left = par->size - ch->start;
	size_t want = par->chunk_bytes, len, more;
	struct rk_csv_cut cut;

	len = left < want + (64u << 10) ? (size_t)left : want + (64u << 10);
	w->win_off = ch->start;
	w->wlen = 0;
	if (read_at(w, 0, ch->start, len, err))
		return -1;
	rk_csv_cut_init(&cut);
	while (!rk_csv_cut(w->win, len, want, len == left, &cut)) {
		if (len - want > CUT_REACH) {
			cut.at = (size_t)left;
			break;
		}
		more = len < left - len ? len : (size_t)(left - len);
		if (read_at(w, len, ch->start + len, more, err))
			return -1;
		len += more;
	}
	w->wlen = len;
	ch->end = ch->start + cut.at;
	ch->last = ch->end == par->size;
	*lines = cut.lines;
	return 0;
}

/*
 * Feed the chunk to p: from the window, and for a chunk longer than the
 * window (the rest of the file) window after window.  0, or -1 with err.
 */
static int
feed_chunk(struct rk_csv_worker *w, struct rk_csv_chunk *ch,
    struct rk_csv_lines *p, struct rk_err *err)
{
	const struct rk_csv_par *par = w->par;
	uint64_t off = w->win_off;
	size_t pos = 0, n, keep;

	for (;;) {
		n = off + w->wlen > ch->end ? (size_t)(ch->end - off) : w->wlen;
		if (rk_csv_feed(p, w->win, n, off + n == ch->end, 0, &pos, err))
			return -1;
		if (off + n == ch->end)
			return 0;
		if (__atomic_load_n(&par->stop, __ATOMIC_RELAXED))
			return rk_errf(err, RK_EX_IOERR, "%s: cancelled", par->where);
		keep = n - pos;   /* a CR an LF may follow */
		memmove(w->win, w->win + pos, keep);
		off += pos;
		pos = 0;
		n = ch->end - off - keep < par->chunk_bytes ?
		    (size_t)(ch->end - off - keep) : par->chunk_bytes;
		if (read_at(w, keep, off + keep, n, err))
			return -1;
		w->wlen = keep + n;
	}
}

void
rk_csv_chunk_parse(struct rk_csv_worker *w, struct rk_csv_chunk *ch)
{
	const struct rk_csv_par *par = w->par;
	struct rk_csv_batch *b = &ch->batch;
	struct rk_csv_lines p;
	struct rk_err err;
	int rc;

	b->alen = b->nfld = b->nrec = 0;
	b->failed = 0;
	rk_csv_lines_init(&p, par->where, par->delim, ch->line, b);
	rc = feed_chunk(w, ch, &p, &err);
	if (rc == 0 && ch->last)
		rc = rk_csv_finish(&p, &err);
	else if (rc == 0 && rk_csv_state(&p.parser) != RK_CSV_BETWEEN_RECORDS)
		rc = rk_errf(&err, RK_EX_SOFTWARE, "%s:%lu: a chunk of the "
		    "file ended inside a record", par->where, p.line);
	rk_csv_lines_free(&p);
	if (rc) {
		b->failed = 1;
		b->err = err;
	}
	rk_csv_check_batch(&par->checker, b);
}

void
rk_csv_chunk_release(struct rk_csv_chunk *ch)
{
	free(ch->batch.arena);
	free(ch->batch.fld);
	free(ch->batch.rec);
	rk_csv_checks_release(&ch->batch.checks);
}
