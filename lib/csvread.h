/*
 * csvread.h - the CSV reader's state, shared by its three files:
 * csvparse.c (the producer thread: libcsv fed line by line, records into
 * batches), csvbatch.c (the queue of batches between the threads) and
 * csvread.c (the format's functions: the consumer, which turns records
 * into rows).
 *
 * A batch holds the records parsed from one read of the input: their
 * fields' bytes in one arena, the fields as (offset, length), the records
 * as (first field, number of fields, line).  The producer fills one
 * batch at a time and publishes it; the consumer serves the records of
 * one batch at a time and gives it back for reuse.  At most
 * RK_CSV_MAX_BATCHES exist, so a slow consumer holds the producer back.
 * A batch may end with the end of the input or with an error, which the
 * consumer returns after that batch's records.
 */
#ifndef RK_CSVREAD_H
#define RK_CSVREAD_H

#include <pthread.h>
#include <stddef.h>

#include <csv.h>

#include "rk/diag.h"
#include "rk/value.h"

#include "readerimpl.h"

struct rk_csv_field {
	size_t off, len;          /* in the batch's arena */
};

struct rk_csv_record {
	size_t first, nf;         /* its fields: fld[first .. first + nf) */
	unsigned long line;       /* the line it starts on */
};

struct rk_csv_batch {
	char *arena;
	size_t alen, acap;
	struct rk_csv_field *fld;
	size_t nfld, fldcap;
	struct rk_csv_record *rec;
	size_t nrec, reccap;
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

struct rk_csvread {
	struct rk_reader *r;
	struct rk_csv_queue queue;
	pthread_t producer;
	int producer_live;

	/* the producer's */
	struct csv_parser parser;
	struct rk_csv_batch *filling;
	size_t rec_first;         /* first field of the record in progress */
	unsigned long rec_line;   /* line of the record in progress */
	unsigned long qline, qcol;/* where the open quoted field began */
	int too_big;              /* the record in progress is over the limits */

	/* the consumer's */
	struct rk_csv_batch *serving;
	size_t recpos;            /* next record of serving */
	int done;                 /* the end or an error was handed out */
	int have_header;
	struct rk_val *extra;     /* a row's fields beyond the header */
	size_t extracap;
};

/* csvbatch.c: the queue (the only code that locks it) */
void rk_csv_queue_init(struct rk_csv_queue *q);
/* A free batch, waiting while all are in use; NULL once cancelled. */
struct rk_csv_batch *rk_csv_batch_get(struct rk_csv_queue *q);
void rk_csv_batch_publish(struct rk_csv_queue *q, struct rk_csv_batch *b);
/* The next full batch, waiting for the producer to publish one. */
struct rk_csv_batch *rk_csv_batch_take(struct rk_csv_queue *q);
void rk_csv_batch_give_back(struct rk_csv_queue *q, struct rk_csv_batch *b);
/* Make the producer stop: its waits and reads give up. */
void rk_csv_queue_cancel(struct rk_csv_queue *q);
void rk_csv_batch_free(struct rk_csv_batch *b);
/* Free the batches on the queue and the queue (no thread left). */
void rk_csv_queue_release(struct rk_csv_queue *q);

/* csvparse.c: the producer */
void rk_csv_parser_init(struct rk_csvread *c, char delim);
/* The thread's function: parse the whole input into batches. */
void *rk_csv_produce(void *csvread);

#endif
