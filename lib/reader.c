/*
 * reader.c - record input.  See rk/reader.h.
 *
 * CSV goes through libcsv in strict mode.  libcsv does not say where in
 * the input a record begins, so the input is fed to it one physical line
 * at a time (a segment ends after LF, or after a CR that no LF follows):
 * the line a segment starts on is known exactly, and a record starts on
 * the line of the first segment fed while the parser was between records.
 * Feeding per line costs nothing measurable (one memchr and one call per
 * line) and gives exact FILE:LINE:COL for every structural error.
 *
 * JSON is split into top-level elements by a small scanner that tracks
 * strings and nesting; each element is parsed by jansson.  The scanner
 * also yields the literal text of every member, which is how numbers keep
 * their exact digits (SPEC 2.1: "3" is a qty, "3.0" is not).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "rk/field.h"
#include "rk/hash.h"
#include "rk/reader.h"
#include "rk/util.h"

/* libcsv 3.0.3 parser states (libcsv.c; not exported by csv.h). */
enum { ROW_NOT_BEGUN = 0, FIELD_NOT_BEGUN = 1, FIELD_BEGUN = 2,
       FIELD_MIGHT_HAVE_ENDED = 3 };

#define IBUF_SIZE (256u << 10)

struct fld {
	size_t off, len;
};

struct rec {
	size_t first, nf;
	unsigned long line;
};

/*
 * A batch: the records parsed from one read of the input.  The producer
 * thread fills batches; the consumer (rk_reader_next) serves their
 * records.  A batch may end with an error or with the end of the input.
 */
struct batch {
	char *arena;
	size_t alen, acap;
	struct fld *fld;
	size_t nfld, fldcap;
	struct rec *rec;
	size_t nrec, reccap;
	int end;           /* the input ends after these records */
	int failed;        /* ... or an error follows them */
	struct rk_err err;
	struct batch *next;
};

#define MAX_BATCHES 4

struct rk_reader {
	char *name;
	char *where;              /* name, or "OPTION name", for messages */
	int fd;
	enum rk_fmt fmt;
	char delim;
	uint64_t size;

	/* input buffer (the producer's, once it runs) */
	char *ib;
	size_t ilen, ipos;
	int ieof;
	uint64_t consumed;
	int started;

	/* column table and the row handed out */
	struct rk_intern cols;
	int have_header;
	unsigned long header_line;
	struct rk_val *v;
	size_t vcap;
	struct rk_val *extra;
	size_t extracap;

	/* CSV producer */
	struct csv_parser cp;
	int cp_live;
	struct batch *cur;        /* being filled */
	size_t part;              /* first field of the record in progress */
	unsigned long line;       /* line of the next segment */
	unsigned long col0;       /* characters before it on its line */
	unsigned long rec_line;   /* line of the record in progress */
	unsigned long qline, qcol;/* where the open quoted field began */
	int too_big;

	/* the queue between producer and consumer */
	pthread_t thr;
	int thr_live;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *full, *full_tail, *freel;
	int nbatches;
	int cancel;

	/* CSV consumer */
	struct batch *serving;
	size_t recpos;
	int done;

	/* JSON */
	int jstate;
	char *ebuf;
	size_t elen, ecap;
	int edepth, estr, eesc;
	unsigned long eline, ecol;
	unsigned long jline, jcol;
	char *varena;
	size_t valen, vacap;
	char *jbuf;               /* the element as jansson sees it */
	size_t jcap;
};

/* ---- input ---- */

static int
in_fill(struct rk_reader *r, struct rk_err *err)
{
	ssize_t n;

	if (r->ieof)
		return 0;
	if (r->ipos > 0) {
		memmove(r->ib, r->ib + r->ipos, r->ilen - r->ipos);
		r->ilen -= r->ipos;
		r->ipos = 0;
	}
	/*
	 * The producer must not block for ever in read(2) on a pipe when the
	 * consumer gives up early (rk_reader_close): it waits in poll(2) with
	 * a timeout and looks at the cancel flag in between.
	 */
	if (r->thr_live) {
		struct pollfd pfd = { r->fd, POLLIN, 0 };

		while (poll(&pfd, 1, 100) == 0 || (pfd.revents == 0 && errno == EINTR))
			if (__atomic_load_n(&r->cancel, __ATOMIC_RELAXED))
				return rk_errf(err, RK_EX_IOERR, "%s: cancelled", r->where);
	}
	do
		n = read(r->fd, r->ib + r->ilen, IBUF_SIZE - r->ilen);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return rk_errf(err, RK_EX_IOERR, "%s: read error: %s", r->where,
		    strerror(errno));
	if (n == 0) {
		r->ieof = 1;
		return 0;
	}
	r->ilen += (size_t)n;
	__atomic_add_fetch(&r->consumed, (uint64_t)n, __ATOMIC_RELAXED);
	return 1;
}

/* A file named by an option is named so: "--orders 'x.csv': cannot open". */
static void
open_failed(const struct rk_reader_opts *o, const char *path, int e,
    struct rk_err *err)
{
	if (o->option)
		rk_errf(err, RK_EX_NOINPUT, "%s '%s': cannot open: %s", o->option,
		    path, strerror(e));
	else
		rk_errf(err, RK_EX_NOINPUT, "cannot open '%s': %s", path,
		    strerror(e));
}

struct rk_reader *
rk_reader_open(const char *path, const struct rk_reader_opts *o,
    struct rk_err *err)
{
	struct rk_reader *r;
	struct stat st;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		path = "-";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			open_failed(o, path, errno, err);
			return NULL;
		}
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		open_failed(o, path, EISDIR, err);
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	r = rk_xcalloc(1, sizeof(*r));
	r->name = rk_xstrdup(path);
	if (o->option) {
		size_t n = strlen(o->option) + 1 + strlen(path) + 1;

		r->where = rk_xmalloc(n);
		snprintf(r->where, n, "%s %s", o->option, path);
	} else {
		r->where = rk_xstrdup(path);
	}
	r->fd = fd;
	r->fmt = o->fmt;
	r->delim = o->delim; /* 0: detected in start() */
	r->size = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ?
	    (uint64_t)st.st_size : 0;
	if (r->size)
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL); /* read once, in order */
	r->ib = rk_xmalloc(IBUF_SIZE);
	r->line = 1;
	r->jline = 1;
	rk_intern_init(&r->cols);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	return r;
}

static void
batch_free(struct batch *b)
{
	free(b->arena);
	free(b->fld);
	free(b->rec);
	free(b);
}

void
rk_reader_close(struct rk_reader *r)
{
	if (r == NULL)
		return;
	if (r->thr_live) {
		pthread_mutex_lock(&r->mu);
		__atomic_store_n(&r->cancel, 1, __ATOMIC_RELAXED);
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thr, NULL);
	}
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	if (r->cp_live)
		csv_free(&r->cp);
	for (struct batch *b = r->full, *n; b; b = n) {
		n = b->next;
		batch_free(b);
	}
	for (struct batch *b = r->freel, *n; b; b = n) {
		n = b->next;
		batch_free(b);
	}
	if (r->cur)
		batch_free(r->cur);
	if (r->serving)
		batch_free(r->serving);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	rk_intern_release(&r->cols);
	free(r->name);
	free(r->where);
	free(r->ib);
	free(r->v);
	free(r->extra);
	free(r->ebuf);
	free(r->varena);
	free(r->jbuf);
	free(r);
}

const char *
rk_reader_name(const struct rk_reader *r)
{
	return r->name;
}

const char *
rk_reader_where(const struct rk_reader *r)
{
	return r->where;
}

char
rk_reader_delim(const struct rk_reader *r)
{
	return r->started && r->fmt == RK_FMT_CSV ? r->delim : 0;
}

enum rk_fmt
rk_reader_format(const struct rk_reader *r)
{
	return r->fmt;
}

uint64_t
rk_reader_consumed(const struct rk_reader *r)
{
	return __atomic_load_n(&r->consumed, __ATOMIC_RELAXED);
}

uint64_t
rk_reader_size(const struct rk_reader *r)
{
	return r->size;
}

unsigned long
rk_reader_header_line(const struct rk_reader *r)
{
	return r->header_line ? r->header_line : 1;
}

size_t
rk_reader_ncols(const struct rk_reader *r)
{
	return r->cols.count;
}

const char *
rk_reader_col(const struct rk_reader *r, size_t id, size_t *n)
{
	return rk_intern_str(&r->cols, (uint32_t)id, n);
}

static void
ensure_vals(struct rk_reader *r, size_t n)
{
	if (n > r->vcap) {
		r->vcap = n + 16;
		r->v = rk_xreallocarray(r->v, r->vcap, sizeof(*r->v));
	}
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
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 || c >= 0x7f)
			return 0;
	}
	return 1;
}

/* ---- CSV: the producer ---- */

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

static void
csv_field_cb(void *s, size_t len, void *data)
{
	struct rk_reader *r = data;
	struct batch *b = r->cur;

	if (b->alen + len + 16 > b->acap) {
		while (b->alen + len + 16 > b->acap)
			b->acap = b->acap ? 2 * b->acap : 1u << 20;
		b->arena = rk_xrealloc(b->arena, b->acap);
	}
	/*
	 * Most fields are short: copy 16 bytes in two fixed-size moves rather
	 * than call memcpy 120 million times.  Reading past len stays inside
	 * libcsv's entry buffer, which is never smaller than its 64 KiB
	 * block size; writing past it stays inside our arena (checked).
	 */
	if (len <= 16 && b->alen + 16 <= b->acap) {
		memcpy(b->arena + b->alen, s, 8);
		memcpy(b->arena + b->alen + 8, (const char *)s + 8, 8);
	} else if (len) {
		memcpy(b->arena + b->alen, s, len);
	}
	if (b->nfld == b->fldcap) {
		b->fldcap = b->fldcap ? 2 * b->fldcap : 4096;
		b->fld = rk_xreallocarray(b->fld, b->fldcap, sizeof(*b->fld));
	}
	b->fld[b->nfld].off = b->alen;
	b->fld[b->nfld].len = len;
	b->nfld++;
	b->alen += len;
	if (b->alen - b->fld[r->part].off > RK_RECORD_MAX ||
	    b->nfld - r->part > RK_FIELDS_MAX)
		r->too_big = 1;
}

static void
csv_record_cb(int c, void *data)
{
	struct rk_reader *r = data;
	struct batch *b = r->cur;

	(void)c;
	if (r->too_big)
		return; /* never handed out: the input stops here (65) */
	if (b->nrec == b->reccap) {
		b->reccap = b->reccap ? 2 * b->reccap : 1024;
		b->rec = rk_xreallocarray(b->rec, b->reccap, sizeof(*b->rec));
	}
	b->rec[b->nrec].first = r->part;
	b->rec[b->nrec].nf = b->nfld - r->part;
	b->rec[b->nrec].line = r->rec_line;
	b->nrec++;
	r->part = b->nfld;
}

/*
 * A quoted field opened in this segment and is still open at its end:
 * find its opening quote, for the message should the input end inside it.
 */
static void
locate_open_quote(struct rk_reader *r, const char *s, size_t n, int ps)
{
	int at_start = ps == ROW_NOT_BEGUN || ps == FIELD_NOT_BEGUN;
	int inq = 0;
	size_t open = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (inq) {
			if (c == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					inq = 0;
			}
			continue;
		}
		if (at_start && c == '"') {
			inq = 1;
			open = i;
			at_start = 0;
		} else {
			at_start = c == r->delim;
		}
	}
	r->qline = r->line;
	r->qcol = r->col0 + rk_utf8_chars(s, open) + 1;
}

static int
csv_feed(struct rk_reader *r, const char *s, size_t n, int ends_line,
    struct rk_err *err)
{
	int ps = r->cp.pstate, wasq = r->cp.quoted;
	size_t k;

	if (ps == ROW_NOT_BEGUN)
		r->rec_line = r->line;
	k = csv_parse(&r->cp, s, n, csv_field_cb, csv_record_cb, r);
	if (r->too_big)
		return rk_errf(err, RK_EX_DATAERR,
		    "%s:%lu:1: record larger than %u MiB or with more than %u "
		    "fields", r->where, r->rec_line, RK_RECORD_MAX >> 20,
		    RK_FIELDS_MAX);
	if (k < n) {
		unsigned long col = r->col0 + rk_utf8_chars(s, k) + 1;
		const char *what;

		if (csv_error(&r->cp) != CSV_EPARSE)
			return rk_errf(err, RK_EX_DATAERR,
			    "%s:%lu:%lu: field larger than %u MiB", r->where,
			    r->line, col, RK_RECORD_MAX >> 20);
		if (r->cp.pstate == FIELD_MIGHT_HAVE_ENDED)
			what = "text after a closing quote";
		else
			what = "quote inside an unquoted field";
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", r->where,
		    r->line, col, what);
	}
	if (r->cp.pstate == FIELD_BEGUN && r->cp.quoted &&
	    !((ps == FIELD_BEGUN && wasq) || ps == FIELD_MIGHT_HAVE_ENDED))
		locate_open_quote(r, s, n, ps);
	if (ends_line) {
		r->line++;
		r->col0 = 0;
	} else {
		r->col0 += rk_utf8_chars(s, n);
	}
	return 0;
}

/* Feed the buffered input to libcsv, one line (segment) at a time. */
static int
csv_feed_buffer(struct rk_reader *r, struct rk_err *err)
{
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
		if (csv_feed(r, s, (size_t)(segend - s), ends, err))
			return -1;
		r->ipos = (size_t)(segend - r->ib);
	}
	return 0;
}

static int
csv_finish(struct rk_reader *r, struct rk_err *err)
{
	if (r->cp.pstate == ROW_NOT_BEGUN)
		r->rec_line = r->line;
	if (csv_fini(&r->cp, csv_field_cb, csv_record_cb, r) != 0)
		return rk_errf(err, RK_EX_DATAERR,
		    "%s:%lu:%lu: unterminated quoted field", r->where, r->qline,
		    r->qcol);
	if (r->too_big)
		return rk_errf(err, RK_EX_DATAERR,
		    "%s:%lu:1: record larger than %u MiB or with more than %u "
		    "fields", r->where, r->rec_line, RK_RECORD_MAX >> 20,
		    RK_FIELDS_MAX);
	return 0;
}

/* A free batch (waits while all are in use); NULL when cancelled. */
static struct batch *
batch_get(struct rk_reader *r)
{
	struct batch *b = NULL;

	pthread_mutex_lock(&r->mu);
	while (!r->cancel && r->freel == NULL && r->nbatches >= MAX_BATCHES)
		pthread_cond_wait(&r->cv, &r->mu);
	if (!r->cancel) {
		if (r->freel) {
			b = r->freel;
			r->freel = b->next;
		} else {
			b = rk_xcalloc(1, sizeof(*b));
			r->nbatches++;
		}
	}
	pthread_mutex_unlock(&r->mu);
	if (b) {
		b->alen = b->nfld = b->nrec = 0;
		b->end = b->failed = 0;
		b->next = NULL;
	}
	return b;
}

static void
batch_publish(struct rk_reader *r, struct batch *b)
{
	pthread_mutex_lock(&r->mu);
	b->next = NULL;
	if (r->full_tail)
		r->full_tail->next = b;
	else
		r->full = b;
	r->full_tail = b;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/*
 * Hand the complete records of the current batch over and start a new
 * one holding the fields of the record in progress.  0, or -1 when
 * cancelled.
 */
static int
batch_rotate(struct rk_reader *r)
{
	struct batch *b = r->cur, *nb;
	size_t nkeep = b->nfld - r->part, base;

	nb = batch_get(r);
	if (nb == NULL)
		return -1;
	if (nkeep) {
		base = b->fld[r->part].off;
		if (b->alen - base > nb->acap) {
			nb->acap = b->alen - base + (1u << 20);
			nb->arena = rk_xrealloc(nb->arena, nb->acap);
		}
		if (b->alen > base)
			memcpy(nb->arena, b->arena + base, b->alen - base);
		nb->alen = b->alen - base;
		if (nkeep > nb->fldcap) {
			nb->fldcap = nkeep + 4096;
			nb->fld = rk_xreallocarray(nb->fld, nb->fldcap, sizeof(*nb->fld));
		}
		for (size_t i = 0; i < nkeep; i++) {
			nb->fld[i] = b->fld[r->part + i];
			nb->fld[i].off -= base;
		}
		nb->nfld = nkeep;
		b->nfld = r->part;
		b->alen = base;
	}
	r->part = 0;
	r->cur = nb;
	batch_publish(r, b);
	return 0;
}

static void *
producer(void *arg)
{
	struct rk_reader *r = arg;
	struct rk_err err;
	int k;

	for (;;) {
		if (r->ipos < r->ilen && csv_feed_buffer(r, &err))
			goto fail;
		if (r->cur->nrec > 0 && batch_rotate(r))
			return NULL;
		k = in_fill(r, &err);
		if (k < 0)
			goto fail;
		if (k == 0) {
			if (r->ipos < r->ilen && csv_feed_buffer(r, &err))
				goto fail;
			if (csv_finish(r, &err))
				goto fail;
			r->cur->end = 1;
			batch_publish(r, r->cur);
			r->cur = NULL;
			return NULL;
		}
	}
fail:
	r->cur->failed = 1;
	r->cur->err = err;
	batch_publish(r, r->cur);
	r->cur = NULL;
	return NULL;
}

/* ---- CSV: the consumer ---- */

/* The next record, or NULL at the end (-1 in *rc on error). */
static const struct rec *
csv_take(struct rk_reader *r, int *rc, struct rk_err *err)
{
	struct batch *b;

	*rc = 0;
	for (;;) {
		b = r->serving;
		if (b && r->recpos < b->nrec)
			return &b->rec[r->recpos++];
		if (r->done)
			return NULL;
		if (b) {
			if (b->failed) {
				if (err)
					*err = b->err;
				r->done = 1;
				*rc = -1;
				return NULL;
			}
			if (b->end) {
				r->done = 1;
				return NULL;
			}
			pthread_mutex_lock(&r->mu);
			b->next = r->freel;
			r->freel = b;
			r->serving = NULL;
			pthread_cond_broadcast(&r->cv);
			pthread_mutex_unlock(&r->mu);
		}
		pthread_mutex_lock(&r->mu);
		while (r->full == NULL)
			pthread_cond_wait(&r->cv, &r->mu);
		b = r->full;
		r->full = b->next;
		if (r->full == NULL)
			r->full_tail = NULL;
		pthread_mutex_unlock(&r->mu);
		r->serving = b;
		r->recpos = 0;
	}
}

static int
csv_take_header(struct rk_reader *r, const struct batch *bt,
    const struct rec *h, struct rk_err *err)
{
	unsigned long col = 1;

	for (size_t i = 0; i < h->nf; i++) {
		const struct fld *f = &bt->fld[h->first + i];
		const char *name = bt->arena + f->off;

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
	r->have_header = 1;
	r->header_line = h->line;
	return 0;
}

static int
csv_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	const struct rec *rc;
	const struct batch *b;
	size_t ncols;
	int k;

	for (;;) {
		rc = csv_take(r, &k, err);
		if (rc == NULL)
			return k;
		b = r->serving;
		if (r->have_header)
			break;
		if (csv_take_header(r, b, rc, err)) {
			r->done = 1;
			return -1;
		}
		if (row == NULL)
			return 1;
	}
	ncols = r->cols.count;
	ensure_vals(r, ncols);
	for (size_t i = 0; i < ncols; i++) {
		if (i < rc->nf) {
			const struct fld *f = &b->fld[rc->first + i];

			r->v[i].p = b->arena + f->off;
			r->v[i].n = f->len;
			r->v[i].t = RK_V_STR;
		} else {
			r->v[i].p = "";
			r->v[i].n = 0;
			r->v[i].t = RK_V_ABSENT;
		}
	}
	row->nextra = rc->nf > ncols ? rc->nf - ncols : 0;
	if (row->nextra > r->extracap) {
		r->extracap = row->nextra + 8;
		r->extra = rk_xreallocarray(r->extra, r->extracap, sizeof(*r->extra));
	}
	for (size_t i = 0; i < row->nextra; i++) {
		const struct fld *f = &b->fld[rc->first + ncols + i];

		r->extra[i].p = b->arena + f->off;
		r->extra[i].n = f->len;
		r->extra[i].t = RK_V_STR;
	}
	/* the fields of a record are contiguous in the arena */
	if (rc->nf > 0) {
		const struct fld *f0 = &b->fld[rc->first];
		const struct fld *fl = &b->fld[rc->first + rc->nf - 1];

		row->clean = printable_ascii(b->arena + f0->off,
		    fl->off + fl->len - f0->off);
	} else {
		row->clean = 1;
	}
	row->line = rc->line;
	row->nvals = ncols;
	row->v = r->v;
	row->nfields = rc->nf;
	row->extra = r->extra;
	return 1;
}

/* ---- JSON ---- */

enum { J_TOP, J_FIRST, J_ELEM, J_AFTER, J_DONE };

static int
jerr_at(struct rk_reader *r, struct rk_err *err, const char *what)
{
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", r->where, r->jline,
	    r->jcol + 1, what);
}

static void
ebuf_put(struct rk_reader *r, char c)
{
	if (r->elen == r->ecap) {
		r->ecap = r->ecap ? 2 * r->ecap : 4096;
		r->ebuf = rk_xrealloc(r->ebuf, r->ecap);
	}
	r->ebuf[r->elen++] = c;
}

static char *
varena_put(struct rk_reader *r, const char *p, size_t n)
{
	char *d;

	if (r->valen + n + 1 > r->vacap) {
		while (r->valen + n + 1 > r->vacap)
			r->vacap = r->vacap ? 2 * r->vacap : 4096;
		r->varena = rk_xrealloc(r->varena, r->vacap);
	}
	d = r->varena + r->valen;
	if (n)
		memcpy(d, p, n);
	d[n] = '\0';
	r->valen += n + 1;
	return d;
}

static size_t
skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t
skip_string(const char *s, size_t i, size_t n)
{
	/* s[i] is the opening quote; returns the index after the closing one */
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

static size_t
skip_value(const char *s, size_t i, size_t n)
{
	int depth = 0;

	if (s[i] == '"')
		return skip_string(s, i, n);
	if (s[i] != '{' && s[i] != '[') {
		while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
		    s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			i++;
		return i;
	}
	while (i < n) {
		if (s[i] == '"') {
			i = skip_string(s, i, n);
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']') {
			if (--depth == 0)
				return i + 1;
		}
		i++;
	}
	return n;
}

/* Follow JSON string state over c: 1 when c is part of a string. */
static inline int
json_in_string(int *str, int *esc, char c)
{
	if (*str) {
		if (*esc)
			*esc = 0;
		else if (c == '\\')
			*esc = 1;
		else if (c == '"')
			*str = 0;
		return 1;
	}
	if (c == '"') {
		*str = 1;
		return 1;
	}
	return 0;
}

/* Copy JSON text without the whitespace outside strings. */
static const char *
minify(struct rk_reader *r, const char *s, size_t n, size_t *outn)
{
	char *d = varena_put(r, s, n);
	size_t o = 0;
	int str = 0, esc = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!json_in_string(&str, &esc, c) &&
		    (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
			continue;
		d[o++] = c;
	}
	d[o] = '\0';
	*outn = o;
	return d;
}

/* Turn the parsed element in ebuf into a row. */
static int
json_make_row(struct rk_reader *r, json_t *obj, struct rk_row *row,
    struct rk_err *err)
{
	const char *s = r->ebuf;
	size_t n = r->elen, i, ncols, members = 0;

	/*
	 * Values are copied into varena and rows point into it: make it big
	 * enough for the whole element now (no value is longer than its text,
	 * plus one NUL each), so it never moves while the row is built.
	 */
	r->valen = 0;
	if (2 * n + 64 > r->vacap) {
		r->vacap = 2 * n + 64;
		free(r->varena);
		r->varena = rk_xmalloc(r->vacap);
	}
	/* first pass: register keys so ncols is final for this row */
	for (int pass = 0; pass < 2; pass++) {
		i = skip_ws(s, 1, n);
		if (pass == 1) {
			ncols = r->cols.count;
			ensure_vals(r, ncols);
			for (size_t k = 0; k < ncols; k++) {
				r->v[k].p = "";
				r->v[k].n = 0;
				r->v[k].t = RK_V_ABSENT;
			}
		}
		while (i < n && s[i] == '"') {
			size_t ks = i + 1, ke = skip_string(s, i, n) - 1, vs, ve;
			const char *key = s + ks;
			size_t keyn = ke - ks;
			json_t *dec = NULL, *val;
			uint32_t id;

			if (memchr(key, '\\', keyn)) {
				dec = json_loadb(s + ks - 1, keyn + 2,
				    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
				if (dec == NULL || !json_is_string(dec)) {
					json_decref(dec);
					return rk_errf(err, RK_EX_DATAERR,
					    "%s:%lu:%lu: bad key", r->where, r->eline,
					    r->ecol + 1);
				}
				key = json_string_value(dec);
				keyn = json_string_length(dec);
			}
			if (keyn == 0) {
				json_decref(dec);
				return rk_errf(err, RK_EX_DATAERR,
				    "%s:%lu:%lu: empty column name", r->where,
				    r->eline, r->ecol + 1);
			}
			i = skip_ws(s, ke + 1, n);
			i = skip_ws(s, i + 1, n); /* ':' */
			vs = i;
			ve = skip_value(s, vs, n);
			if (pass == 0) {
				rk_intern_add(&r->cols, key, keyn);
			} else {
				struct rk_val *v;

				id = rk_intern_find(&r->cols, key, keyn);
				v = &r->v[id];
				members++;
				switch (s[vs]) {
				case '"':
					val = json_object_getn(obj, key, keyn);
					v->n = json_string_length(val);
					v->p = varena_put(r, json_string_value(val), v->n);
					v->t = RK_V_STR;
					break;
				case 'n':
					v->t = RK_V_NULL;
					break;
				case 't':
				case 'f':
					v->p = varena_put(r, s + vs, ve - vs);
					v->n = ve - vs;
					v->t = RK_V_BOOL;
					break;
				case '{':
				case '[':
					v->p = minify(r, s + vs, ve - vs, &v->n);
					v->t = s[vs] == '{' ? RK_V_OBJ : RK_V_ARR;
					break;
				default:
					v->p = varena_put(r, s + vs, ve - vs);
					v->n = ve - vs;
					v->t = RK_V_NUM;
					break;
				}
			}
			json_decref(dec);
			i = skip_ws(s, ve, n);
			if (i < n && s[i] == ',')
				i = skip_ws(s, i + 1, n);
		}
	}
	/* strings were copied out: the pointers stay valid after decref */
	row->line = r->eline;
	row->nvals = r->cols.count;
	row->v = r->v;
	row->nfields = members;
	row->nextra = 0;
	row->extra = NULL;
	row->clean = 0;
	return 1;
}

/* Length of a JSON number at s (RFC 8259 grammar), 0 when it is not one. */
static size_t
json_number_len(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0') {
		i++;
	} else {
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i;
}

static void
mask_numbers(struct rk_reader *r)
{
	const char *s = r->ebuf;
	size_t n = r->elen;
	int str = 0, esc = 0;

	if (n > r->jcap) {
		r->jcap = n;
		free(r->jbuf);
		r->jbuf = rk_xmalloc(n ? n : 1);
	}
	memcpy(r->jbuf, s, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (json_in_string(&str, &esc, c))
			continue;
		if (c == '-' || (c >= '0' && c <= '9')) {
			size_t k = json_number_len(s + i, n - i), e = i;

			/* the whole token, so "01" or "1." stay for jansson to refuse */
			while (e < n && (s[e] == '-' || s[e] == '+' || s[e] == '.' ||
			    s[e] == 'e' || s[e] == 'E' || (s[e] >= '0' && s[e] <= '9')))
				e++;
			if (k > 0 && i + k == e) {
				r->jbuf[i] = '0';
				memset(r->jbuf + i + 1, ' ', k - 1);
			}
			i = e - 1;
		}
	}
}

static int
json_element_done(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	json_error_t je;
	json_t *obj;
	int rc;
	size_t bad = rk_utf8_invalid_at(r->ebuf, r->elen);

	if (bad < r->elen) {
		/* say where, which jansson's message does not exactly */
		unsigned long line = r->eline, col = r->ecol;

		for (size_t i = 0; i < bad; i++) {
			if (r->ebuf[i] == '\n') {
				line++;
				col = 0;
			} else if (((unsigned char)r->ebuf[i] & 0xc0) != 0x80) {
				col++;
			}
		}
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: invalid UTF-8 "
		    "(JSON text must be UTF-8)", r->where, line, col + 1);
	}
	/*
	 * jansson would turn numbers into doubles (and refuse 1e999 as an
	 * overflow), but numbers are read as their literal text from ebuf:
	 * hand jansson a copy where every well-formed number is "0" padded
	 * with spaces, so it checks the structure and decodes the strings.
	 */
	mask_numbers(r);
	obj = json_loadb(r->jbuf, r->elen,
	    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (obj == NULL) {
		unsigned long line = r->eline + (unsigned long)je.line - 1;
		unsigned long col = je.line <= 1 ? r->ecol + (unsigned long)je.column :
		    (unsigned long)je.column;

		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", r->where,
		    line, col ? col : 1, je.text);
	}
	rc = json_make_row(r, obj, row, err);
	json_decref(obj);
	return rc;
}

static int
json_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	for (;;) {
		if (r->ipos == r->ilen) {
			int k = in_fill(r, err);

			if (k < 0)
				return -1;
			if (k == 0) {
				if (r->edepth > 0)
					return rk_errf(err, RK_EX_DATAERR,
					    "%s:%lu:%lu: truncated JSON: the object "
					    "started here is not closed", r->where,
					    r->eline, r->ecol + 1);
				if (r->fmt == RK_FMT_JSON && r->jstate != J_DONE &&
				    r->jstate != J_TOP) /* J_TOP: blanks only */
					return jerr_at(r, err,
					    "truncated JSON: the array is not closed");
				return 0;
			}
		}
		while (r->ipos < r->ilen) {
			char c = r->ib[r->ipos++];

			if (r->edepth > 0) {
				ebuf_put(r, c);
				if (r->elen > RK_RECORD_MAX)
					return rk_errf(err, RK_EX_DATAERR,
					    "%s:%lu:%lu: JSON object larger than %u MiB",
					    r->where, r->eline, r->ecol + 1,
					    RK_RECORD_MAX >> 20);
				if (r->estr) {
					if (r->eesc)
						r->eesc = 0;
					else if (c == '\\')
						r->eesc = 1;
					else if (c == '"')
						r->estr = 0;
				} else if (c == '"') {
					r->estr = 1;
				} else if (c == '{' || c == '[') {
					r->edepth++;
				} else if (c == '}' || c == ']') {
					r->edepth--;
				}
				if (c == '\n') {
					r->jline++;
					r->jcol = 0;
				} else if (((unsigned char)c & 0xc0) != 0x80) {
					r->jcol++;
				}
				if (r->edepth == 0) {
					if (r->fmt == RK_FMT_JSON)
						r->jstate = J_AFTER;
					return json_element_done(r, row, err);
				}
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
				if (c == '\n') {
					r->jline++;
					r->jcol = 0;
				} else {
					r->jcol++;
				}
				continue;
			}
			if (r->fmt == RK_FMT_JSON) {
				switch (r->jstate) {
				case J_TOP:
					if (c != '[')
						return jerr_at(r, err, "expected '[' to "
						    "start a JSON array");
					r->jstate = J_FIRST;
					r->jcol++;
					continue;
				case J_FIRST:
					if (c == ']') {
						r->jstate = J_DONE;
						r->jcol++;
						continue;
					}
					break;
				case J_ELEM:
					break;
				case J_AFTER:
					if (c == ',')
						r->jstate = J_ELEM;
					else if (c == ']')
						r->jstate = J_DONE;
					else
						return jerr_at(r, err,
						    "expected ',' or ']' after an object");
					r->jcol++;
					continue;
				case J_DONE:
					return jerr_at(r, err,
					    "text after the end of the JSON array");
				}
			}
			if (c != '{')
				return jerr_at(r, err, "expected a JSON object");
			r->eline = r->jline;
			r->ecol = r->jcol;
			r->elen = 0;
			r->edepth = 1;
			r->estr = r->eesc = 0;
			ebuf_put(r, c);
			r->jcol++;
		}
	}
}

/* ---- common ---- */

/*
 * Drop the empty lines that fill the whole buffer before a header,
 * counting them as the CSV feeder would (LF, CR LF, or a bare CR each end
 * one).  A CR at the very end stays: an LF may follow it.
 */
static void
drop_empty_lines(struct rk_reader *r)
{
	size_t i = r->ipos;

	while (i < r->ilen) {
		if (r->ib[i] == '\r') {
			if (i + 1 == r->ilen)
				break;
			if (r->ib[i + 1] == '\n')
				i++;
		}
		i++;
		r->line++;
	}
	r->ipos = i;
}

/*
 * The delimiter of a CSV input read without --delimiter
 * (returns-formats(5)): of ',' ';' TAB '|', the one its header line holds
 * most often outside quotes, ties going to the earlier; none of them
 * means ','.  The header line is the first record after empty lines: it
 * ends at a CR or LF outside quotes, and every '"' toggles "inside
 * quotes" (a doubled quote toggles twice).  The buffer is read on while
 * that line is incomplete; a header line longer than the buffer
 * (IBUF_SIZE) is judged by the part of it the buffer holds.
 */
static int
detect_delim(struct rk_reader *r, struct rk_err *err)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	unsigned long count[sizeof(cand)] = { 0 };
	size_t off = 0, best = 0;
	int inq = 0, in_line = 0;

	for (;;) {
		for (; r->ipos + off < r->ilen; off++) {
			char c = r->ib[r->ipos + off];

			if (!in_line) {
				if (c == '\r' || c == '\n')
					continue;
				in_line = 1;
			}
			if (c == '"') {
				inq = !inq;
			} else if (!inq) {
				if (c == '\r' || c == '\n')
					goto found;
				for (size_t k = 0; k < sizeof(cand); k++)
					if (c == cand[k])
						count[k]++;
			}
		}
		if (r->ieof)
			break;
		if (r->ilen - r->ipos == IBUF_SIZE) {
			if (in_line)
				break;
			drop_empty_lines(r);
			off = r->ilen - r->ipos;
		}
		if (in_fill(r, err) < 0)
			return -1;
	}
found:
	for (size_t k = 1; k < sizeof(cand); k++)
		if (count[k] > count[best])
			best = k;
	r->delim = cand[best]; /* no candidate at all: count[0] is 0, so ',' */
	return 0;
}

/*
 * Skip a byte-order mark, detect the format from the first byte and a CSV
 * input's delimiter from its header line.
 */
static int
start(struct rk_reader *r, struct rk_err *err)
{
	size_t i;

	if (r->started)
		return 0;
	r->started = 1;
	while (r->ilen < 3 && !r->ieof)
		if (in_fill(r, err) < 0)
			return -1;
	if (r->ilen >= 3 && memcmp(r->ib, "\xef\xbb\xbf", 3) == 0)
		r->ipos = 3;
	if (r->fmt == RK_FMT_AUTO) {
		for (;;) {
			for (i = r->ipos; i < r->ilen; i++)
				if (!(r->ib[i] == ' ' || r->ib[i] == '\t' ||
				    r->ib[i] == '\r' || r->ib[i] == '\n'))
					break;
			if (i < r->ilen || r->ieof)
				break;
			/* all blank so far: read on (keeps the blank bytes) */
			if (r->ilen == IBUF_SIZE) {
				/* a buffer full of blanks: drop it, counting lines */
				for (i = r->ipos; i < r->ilen; i++)
					if (r->ib[i] == '\n') {
						r->line++;
						r->jline++;
					}
				r->ipos = r->ilen;
			}
			if (in_fill(r, err) < 0)
				return -1;
		}
		if (i < r->ilen && r->ib[i] == '{')
			r->fmt = RK_FMT_JSONL;
		else if (i < r->ilen && r->ib[i] == '[')
			r->fmt = RK_FMT_JSON;
		else
			r->fmt = RK_FMT_CSV;
	}
	if (r->fmt == RK_FMT_CSV) {
		if (r->delim == 0 && detect_delim(r, err))
			return -1;
		csv_init(&r->cp, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_delim(&r->cp, (unsigned char)r->delim);
		csv_set_space_func(&r->cp, no_space);
		csv_set_realloc_func(&r->cp, limited_realloc);
		csv_set_blk_size(&r->cp, 1u << 16);
		r->cp_live = 1;
		r->cur = batch_get(r);
		r->thr_live = 1;
		if (pthread_create(&r->thr, NULL, producer, r) != 0) {
			r->thr_live = 0;
			return rk_errf(err, RK_EX_SOFTWARE, "cannot start a thread");
		}
	} else {
		r->jstate = J_TOP;
	}
	return 0;
}

int
rk_reader_start(struct rk_reader *r, struct rk_err *err)
{
	if (start(r, err))
		return -1;
	if (r->fmt != RK_FMT_CSV)
		return 1;
	if (r->have_header)
		return 1;
	if (csv_next(r, NULL, err) < 0)
		return -1;
	return r->have_header;
}

int
rk_reader_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	if (!r->started && start(r, err))
		return -1;
	if (r->fmt == RK_FMT_CSV)
		return csv_next(r, row, err);
	return json_next(r, row, err);
}
