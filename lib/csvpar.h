/*
 * csvpar.h - a CSV file read, and its rows checked, on every core
 * (rk_reader_check in rk/reader.h), the rows handed out in file order.
 *
 * After the header, the rest of the file is cut into chunks that start
 * and end at record boundaries (csvsplit.h).  A worker thread takes the
 * next chunk once its start is known: it reads it with pread(2), finds
 * its end, which is where the next chunk starts (the line too: the line
 * ends before it are counted), and lets the next worker go on; then it
 * parses the chunk with its own libcsv parser, fed one line at a time
 * from the chunk's first line as the one-thread reader feeds it
 * (csvparse.c), and checks each record.  Finding an end costs a few
 * percent of parsing, so the workers follow one another closely.  The
 * calling thread serves the chunks in order: each record as a row, with
 * its verdict.  The chunks live in 2 slots per worker, reused in turn:
 * a worker waits for a free slot, so memory stays bounded whatever the
 * size of the file.
 *
 * A chunk that holds a structural error ends its records with the error,
 * exactly as one thread reports it, and is the last served.  When no
 * record ends within reach of a chunk's size (an unterminated quote, a
 * record near the size limits), that chunk holds the rest of the file
 * and its worker reads it on in windows: one thread's reading again,
 * error and all.
 */
#ifndef RK_CSVPAR_H
#define RK_CSVPAR_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "rk/field.h"
#include "rk/reader.h"

#include "csvread.h"

/* Bytes a chunk is cut at (RK_CHUNK_BYTES); a file is read so from 32. */
#define RK_CHUNK_BYTES (64u << 10)
#define RK_PAR_MIN_CHUNKS 32

struct rk_csv_chunk {
	uint64_t start, end;      /* its bytes in the file */
	unsigned long line;       /* the line start is on */
	int last;                 /* it ends the input */
	int ready;                /* parsed and checked: it may be served */
	struct rk_csv_batch batch;/* its records, checked; failed: err follows */
};

struct rk_csv_worker {
	struct rk_csv_par *par;
	pthread_t thread;
	char *win;                /* bytes of its chunk: the file from win_off */
	size_t wlen, wcap;
	uint64_t win_off;
};

struct rk_csv_par {
	/* the input and the check: read-only while workers run */
	const char *where;
	char delim;
	int fd;
	uint64_t size;
	size_t chunk_bytes;
	struct rk_csv_checker checker;
	struct rk_reader *r;      /* the calling thread's, for consumed */

	struct rk_csv_chunk *slot;/* chunk k is in slot[k % nslots] */
	unsigned nslots;
	struct rk_csv_worker *w;
	unsigned nworkers;

	/* under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long ntaken;     /* chunks taken by workers */
	int have_next;            /* chunk ntaken's start is known: */
	uint64_t next_start;
	unsigned long next_line;
	unsigned long nlast;      /* the last chunk, once known */
	unsigned long nserved;    /* chunks the calling thread is done with */
	int stop;                 /* closing: workers quit (also atomic) */

	/* the calling thread's */
	struct rk_csv_chunk *serving;
	size_t recpos;
	int done;
};

/*
 * Read r's rows in parallel from where lines stopped (just past the
 * header).  NULL when the input does not call for it (not a regular
 * file named by path, smaller than 8 chunks, one thread) or no thread
 * starts: then the caller reads on as before.
 */
struct rk_csv_par *rk_csv_par_start(struct rk_reader *r,
    const struct rk_csv_lines *lines);
/* The next row (verdict may be NULL): 1, 0 at the end, -1 on error. */
int rk_csv_par_next(struct rk_csv_par *par, struct rk_row *row,
    struct rk_row_verdict *verdict, struct rk_err *err);
void rk_csv_par_free(struct rk_csv_par *par);

/* csvchunk.c: a worker's work on chunk ch, whose start and line are set */
/* Read it and find its end (ch->end, ch->last): 0, or -1 with err. */
int rk_csv_chunk_cut(struct rk_csv_worker *w, struct rk_csv_chunk *ch,
    unsigned long *lines, struct rk_err *err);
/* Parse and check it: its records, then maybe a structural error. */
void rk_csv_chunk_parse(struct rk_csv_worker *w, struct rk_csv_chunk *ch);
void rk_csv_chunk_release(struct rk_csv_chunk *ch);

#endif
