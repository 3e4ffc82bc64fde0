/*
 * csvread.h - the CSV reader's state, shared by its files: csvparse.c
 * (libcsv fed line by line, records into a batch), csvbatch.c (the
 * producer thread and the queue of batches between it and the
 * consumer), csvread.c (the format's functions: the header, and the
 * consumer, which turns records into rows) and the parallel reader of
 * csvpar.h.
 *
 * A batch holds the records parsed from one read of the input: their
 * fields' bytes in one arena, the fields as (offset, length), the records
 * as (first field, number of fields, line).  The producer fills one
 * batch at a time and publishes it; the consumer serves the records of
 * one batch at a time and gives it back for reuse.  At most
 * RK_CSV_MAX_BATCHES exist, so a slow consumer holds the producer back.
 * A batch may end with the end of the input or with an error, which the
 * consumer returns after that batch's records.
 *
 * The header is parsed by the thread that starts the reader, with the
 * same feeder the producer then goes on with; the producer starts at the
 * first data row asked for, unless the rows are read in parallel
 * (rk_csv_par_start) from there instead.
 */
#ifndef RK_CSVREAD_H
#define RK_CSVREAD_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <csv.h>

#include "rk/diag.h"
#include "rk/value.h"

#include "readerimpl.h"

/*
 * A field: its bytes in the batch's arena.  A batch holds one read of
 * the input, or one chunk (at most RK_CHUNK_BYTES, 1 GiB, and a record),
 * and the copies of its quoted fields: under 4 GiB (csvparse.c checks).
 */
struct rk_csv_field {
	uint32_t off, len;
};

struct rk_csv_record {
	size_t first, nf;         /* its fields: fld[first .. first + nf) */
	unsigned long line;       /* the line it starts on */
};

/* A record's verdict, and where its row's values are. */
struct rk_csv_checked {
	size_t val;               /* its values: vals[val ..) */
	size_t msg;               /* its message: msgs + msg */
	enum rk_code code;
	int clean;                /* printable ASCII only (rk_row) */
};

/*
 * The rows of a batch's records and their verdicts, when the thread that
 * parses the batch checks it (csvcheck.c): each record's values, the
 * check's output for each, the messages, each with its NUL.
 */
struct rk_csv_checks {
	struct rk_val *vals;
	size_t valcap;
	struct rk_csv_checked *chk;
	size_t chkcap;
	char *out;
	size_t outcap;
	char *msgs;
	size_t mlen, mcap;
};

/* The check of rk_reader_check, as the parsing threads run it. */
struct rk_csv_checker {
	rk_row_check_fn check;
	rk_row_late_fn late;      /* NULL, or run a row behind the check */
	void *ctx;                /* read-only while threads run, but for
	                           * the state of an in-order check */
	size_t outsize;
	size_t ncols;
};

struct rk_csv_batch {
	char *arena;
	size_t alen, acap;
	struct rk_csv_field *fld;
	size_t nfld, fldcap;
	struct rk_csv_record *rec;
	size_t nrec, reccap;
	struct rk_csv_checks checks; /* when checked where parsed */
	int checked;              /* ... checks holds its records' */
	int end;                  /* the input ends after these records */
	int failed;               /* ... or err follows them */
	struct rk_err err;
	struct rk_csv_batch *next;
};

#define RK_CSV_MAX_BATCHES 4

/* Full batches to the consumer, used ones back to the producer. */
struct rk_csv_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct rk_csv_batch *full, *full_tail; /* published, oldest first */
	struct rk_csv_batch *spare;     /* given back, for reuse */
	int nbatches;
	int cancel;               /* the consumer stops early (atomic) */
};

/*
 * libcsv (csv(3)) fed one physical line at a time, the records it
 * completes put into a batch: one per thread that parses.  line and col
 * say where the next byte fed is, so every record and every structural
 * error has its exact FILE:LINE:COL.
 */
struct rk_csv_lines {
	struct csv_parser parser;
	const char *where;        /* the input as messages name it */
	char delim;
	unsigned long line, col;  /* the next byte's line; characters before it */
	struct rk_csv_batch *filling; /* where the records go */
	size_t rec_first;         /* first field of the record in progress */
	unsigned long rec_line;   /* line of the record in progress */
	unsigned long qline, qcol;/* where the open quoted field began */
	int too_big;              /* the record in progress is over the limits */
	size_t rec_bytes;         /* ... its fields' bytes so far */
	/*
	 * While a segment that starts a field is parsed, its bytes are in
	 * the arena up to seg_end, and next is where the next
	 * field's bytes begin there: an unquoted field is its own bytes, so
	 * it is kept where it lies instead of copied from libcsv's buffer.
	 * Once a field is quoted (or the segment began inside one), the
	 * fields are copied for the rest of the segment (in_place 0).
	 */
	int in_place;
	size_t next, seg_end;
};

struct rk_csv_par;

struct rk_csvread {
	struct rk_reader *r;
	struct rk_csv_lines lines;/* the header's, then the producer's */
	int ended;                /* the input ended with the header */
	struct rk_csv_queue queue;
	pthread_t producer;
	int producer_live;

	/* the consumer's */
	struct rk_csv_batch *serving;
	size_t recpos;            /* next record of serving */
	int done;                 /* the end or an error was handed out */
	int have_header;
	struct rk_csv_par *par;   /* the rows read in parallel, or NULL */
	/*
	 * The rows are checked: each batch by the producer, before it
	 * publishes it, while the consumer has batches waiting; else by the
	 * consumer as it takes it.  Whichever thread is ahead does the
	 * checking, and the two stay busy.  RK_CHECK_THREAD=parse or take
	 * makes one of them check every batch (for the tests); a check
	 * that keeps state (rk_reader_check_in_order) is the producer's
	 * unless RK_CHECK_THREAD says take.
	 */
	int checking;
	enum { RK_CHECK_EITHER, RK_CHECK_PARSE, RK_CHECK_TAKE } check_thread;
	struct rk_csv_checker checker;
};

/* csvparse.c: the line feeder */
void rk_csv_lines_init(struct rk_csv_lines *p, const char *where, char delim,
    unsigned long line, struct rk_csv_batch *b);
void rk_csv_lines_free(struct rk_csv_lines *p);
/*
 * Feed buf[*pos..len) one line at a time, moving *pos on.  eof: no byte
 * follows buf[len - 1]; else a CR at the end is left in the buffer (an
 * LF may follow it).  one_record: return as soon as the filling batch
 * holds a record.  0, or -1 with err (a structural error).
 */
int rk_csv_feed(struct rk_csv_lines *p, const char *buf, size_t len, int eof,
    int one_record, size_t *pos, struct rk_err *err);
/* The input ended: complete the last record.  0, or -1 with err. */
int rk_csv_finish(struct rk_csv_lines *p, struct rk_err *err);

/* csvbatch.c: the queue (the only code that locks it) and the producer */
void rk_csv_queue_init(struct rk_csv_queue *q);
/* A free batch, waiting while all are in use; NULL once cancelled. */
struct rk_csv_batch *rk_csv_batch_get(struct rk_csv_queue *q);
void rk_csv_batch_publish(struct rk_csv_queue *q, struct rk_csv_batch *b);
/* 1 when a published batch waits for the consumer. */
int rk_csv_queue_waiting(struct rk_csv_queue *q);
/* The next full batch, waiting for the producer to publish one. */
struct rk_csv_batch *rk_csv_batch_take(struct rk_csv_queue *q);
void rk_csv_batch_give_back(struct rk_csv_queue *q, struct rk_csv_batch *b);
/* Make the producer stop: its waits and reads give up. */
void rk_csv_queue_cancel(struct rk_csv_queue *q);
void rk_csv_batch_free(struct rk_csv_batch *b);
/* Free the batches on the queue and the queue (no thread left). */
void rk_csv_queue_release(struct rk_csv_queue *q);
/* The producer thread's function: parse the rest of the input. */
void *rk_csv_produce(void *csvread);

/* csvread.c: records as rows */
/*
 * The values of record rc of b: v[0..ncols) by column (absent past the
 * record's fields), then its fields beyond the header; v holds
 * ncols + rk_csv_nextra(rc, ncols).  Fills row but for clean.
 */
void rk_csv_row(const struct rk_csv_batch *b, const struct rk_csv_record *rc,
    size_t ncols, struct rk_val *v, struct rk_row *row);
static inline size_t
rk_csv_nextra(const struct rk_csv_record *rc, size_t ncols)
{
	return rc->nf > ncols ? rc->nf - ncols : 0;
}
/* 1 when every byte of the record is printable ASCII (0x20..0x7e). */
int rk_csv_clean(const struct rk_csv_batch *b, const struct rk_csv_record *rc);

/*
 * csvcheck.c: a batch's records made rows and checked, in the thread that
 * parsed them, and served from there in the thread that takes them.
 */
void rk_csv_check_batch(const struct rk_csv_checker *k, struct rk_csv_batch *b);
/* Record i of b as a row, with its verdict (may be NULL). */
void rk_csv_serve(const struct rk_csv_checker *k, const struct rk_csv_batch *b,
    size_t i, struct rk_row *row, struct rk_row_verdict *verdict);
void rk_csv_checks_release(struct rk_csv_checks *cs);

#endif
