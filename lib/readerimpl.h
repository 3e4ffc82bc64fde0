/*
 * readerimpl.h - the reader's insides, shared by its files; rk/reader.h
 * is the API.
 *
 *	reader.c    opening, the input buffer, the byte-order mark, the
 *	            column table, and the dispatch to the input's format
 *	detect.c    the format from the first byte that is not blank, the
 *	            CSV delimiter from the header line
 *	csvread.c   CSV: the format's functions: the header, rows for the
 *	            consumer
 *	csvparse.c  CSV: libcsv fed one line at a time
 *	csvbatch.c  CSV: the producer thread, the batches of records and
 *	            the queue between the two threads
 *	csvstate.c  the parser state of libcsv, for exact error positions
 *	csvpar.c    CSV: rows read and checked on every core, in order
 *	csvchunk.c  CSV: one chunk of a file read, parsed and checked
 *	csvsplit.c  CSV: where a chunk ends (quote parity, line ends)
 *	jsonread.c  JSON Lines and arrays: the format's functions, the
 *	            scanner that cuts the input into top-level elements
 *	jsonrow.c   JSON: one element to a row (jansson, literal numbers)
 *
 * A format is a table of functions (struct rk_format_ops) chosen when
 * the input is started, once its format is known: given (-i, or a state
 * file) or detected.  The format keeps its own state behind
 * r->format_state; the common part owns everything else in struct
 * rk_reader.
 */
#ifndef RK_READERIMPL_H
#define RK_READERIMPL_H

#include <stddef.h>
#include <stdint.h>

#include "rk/diag.h"
#include "rk/hash.h"
#include "rk/reader.h"
#include "rk/value.h"

/* The input buffer: also how much of a header line delimiter detection sees. */
#define RK_IBUF_SIZE (256u << 10)

struct rk_format_ops {
	/*
	 * Set the format up once the input is at its first record (after
	 * the byte-order mark; the CSV delimiter is known).  0, or -1 with
	 * nothing left to free.
	 */
	int (*open)(struct rk_reader *r, struct rk_err *err);
	/* What rk_reader_start answers: 1, 0 or -1. */
	int (*header)(struct rk_reader *r, struct rk_err *err);
	/* What rk_reader_next answers: 1, 0 or -1. */
	int (*next)(struct rk_reader *r, struct rk_row *row, struct rk_err *err);
	/* Stop and free the format's state (threads first). */
	void (*close)(struct rk_reader *r);
	/*
	 * rk_reader_check: 1 when the format checks the rows itself (on
	 * its own threads) and next_checked hands them out; 0 to have them
	 * checked in the calling thread as next reads them.  NULL: never.
	 */
	int (*check)(struct rk_reader *r);
	int (*next_checked)(struct rk_reader *r, struct rk_row *row,
	    struct rk_row_verdict *verdict, struct rk_err *err);
};

extern const struct rk_format_ops rk_csv_format;  /* csvread.c */
extern const struct rk_format_ops rk_json_format; /* jsonread.c: both kinds */

struct rk_reader {
	char *name;
	char *where;              /* name, or "OPTION name", for messages */
	int fd;
	enum rk_fmt fmt;          /* RK_FMT_AUTO until detected */
	char delim;               /* CSV: 0 until detected */
	uint64_t size;            /* of a regular file, else 0 */

	/*
	 * The input buffer: ib[ipos..ilen) is read but not used yet.  line
	 * is the line ib[ipos] is on, col the characters before it on that
	 * line.  Once the CSV producer thread runs, it alone touches these.
	 */
	char *ib;
	size_t ilen, ipos;
	int ieof;
	unsigned long line, col;
	uint64_t consumed;        /* bytes read; atomic: the progress line reads it */

	/* the column table and the values of the row handed out */
	struct rk_intern cols;
	unsigned long header_line;/* CSV: the header's line, 0 until read */
	struct rk_val *v;
	size_t vcap;

	const struct rk_format_ops *ops; /* NULL until started */
	void *format_state;       /* the format's own, freed by ops->close */

	/* rk_reader_check: the check, and its verdict in the calling thread */
	rk_row_check_fn check;
	void *check_ctx;
	size_t check_size;
	rk_row_late_fn check_late; /* rk_reader_check's late, or NULL */
	int checked_by_format;    /* ops->check took it over */
	int check_in_order;       /* rk_reader_check_in_order */
	void *check_out;
	char check_msg[RK_CHECK_MSG_MAX];
};

/*
 * Read more input into ib (moving the unused part to its start first):
 * 1, 0 at the end of the input, -1 on a read error.  cancel is NULL or a
 * flag another thread sets to stop a read that would wait for ever
 * (the CSV producer on a pipe).
 */
int rk_input_fill(struct rk_reader *r, const int *cancel, struct rk_err *err);

/* The row values, made room for n; r->v. */
struct rk_val *rk_reader_vals(struct rk_reader *r, size_t n);

/* Blank before the first record: space, tab, CR, LF (JSON's whitespace). */
static inline int
rk_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The format of an input read with RK_FMT_AUTO (detect.c). */
int rk_detect_format(struct rk_reader *r, struct rk_err *err);
/* The delimiter of a CSV input read without --delimiter (detect.c). */
int rk_detect_delim(struct rk_reader *r, struct rk_err *err);

#endif
