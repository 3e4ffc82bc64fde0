/*
 * reader.h - record input: CSV (RFC 4180, through libcsv), JSON Lines and
 * JSON arrays of objects (through jansson), detected per input
 * (returns-formats(5), "Input formats").
 *
 * A reader hands out one row at a time.  A row's values are indexed by
 * column id; the reader's column table maps ids to names (the CSV header,
 * or every JSON key seen so far, in order of first appearance).  A row and
 * the bytes it points to stay valid until the next call on the reader.
 *
 * Structural errors (returns-formats(5), "CSV" and "JSON input": broken
 * quoting, an empty or duplicated column name, JSON that does not parse
 * or is not an object) are returned as RK_EX_DATAERR with FILE:LINE:COL;
 * read errors as RK_EX_IOERR.  After an error the reader can only be
 * closed.  An input named by an option (opts.option, "--orders") is named
 * so in every message: "--orders FILE:LINE:COL: ..." and "--orders
 * 'FILE': cannot open: ...".  rk_reader_name() stays the bare file name,
 * for reject_file.
 *
 * The CSV delimiter is the one in opts.delim, or, when that is 0, the one
 * the input's header line uses most often outside quotes, of ',' ';' TAB
 * '|' (ties in that order; none of them: ','), as returns-formats(5)
 * describes.  The header line is the first record after empty lines; each
 * '"' toggles "inside quotes", so a quoted name may hold a line end.  It
 * is judged from the input buffer (256 KiB after the byte-order mark and
 * the empty lines): a header line longer than that is judged by its first
 * 256 KiB.
 */
#ifndef RK_READER_H
#define RK_READER_H

#include <stddef.h>
#include <stdint.h>

#include "rk/diag.h"
#include "rk/field.h"
#include "rk/value.h"

enum rk_fmt { RK_FMT_AUTO, RK_FMT_CSV, RK_FMT_JSONL, RK_FMT_JSON };

struct rk_row {
	unsigned long line;   /* line the row starts on */
	size_t nvals;         /* columns known to the reader at this row */
	struct rk_val *v;     /* v[id], id < nvals */
	size_t nfields;       /* CSV: fields in the record; JSON: members */
	size_t nextra;        /* CSV: fields beyond the header */
	struct rk_val *extra;
	int clean;            /* every byte is printable ASCII (0x20..0x7e) */
};

struct rk_reader_opts {
	enum rk_fmt fmt;    /* RK_FMT_AUTO detects per input */
	char delim;         /* CSV delimiter; 0 detects it per input */
	const char *option; /* the option naming the input, for messages */
};

struct rk_reader;

/* Open path ("-" or NULL is stdin).  NULL and RK_EX_NOINPUT on failure. */
struct rk_reader *rk_reader_open(const char *path,
    const struct rk_reader_opts *o, struct rk_err *err);
void rk_reader_close(struct rk_reader *r);

/*
 * Make sure the header (CSV) or the format (JSON) is known.  Returns 1
 * when the input has a header or is JSON, 0 when it holds no bytes or
 * blank lines only, -1 on error.
 */
int rk_reader_start(struct rk_reader *r, struct rk_err *err);

/* Next data row: 1, 0 at the end, -1 on error. */
int rk_reader_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err);

/*
 * Rows checked as they are read.  rk_reader_check() names a check that
 * every data row goes through; call it once the reader is started (the
 * header known) and before the first row, then read the rows with
 * rk_reader_next_checked(), which hands out each row with the check's
 * verdict: RK_OK or a reject code, the message the check wrote (at most
 * RK_CHECK_MSG_MAX bytes with its NUL), and the outsize bytes it filled
 * in at out.  All of it stays valid until the next call on the reader.
 *
 * A CSV file of at least 32 chunks (2 MiB; a regular file named by its
 * path) is then read on every core: RK_THREADS threads (a positive
 * number), or one fewer than the online processors (at least one); with
 * one thread it is read as any other CSV input, below.  The file is cut into chunks of about RK_CHUNK_BYTES
 * (64 KiB; a development aid) at record boundaries, found exactly: a
 * record ends at a line end outside quotes, and every '"' toggles
 * "inside quotes".  Each chunk is parsed and its rows checked by one
 * thread, which knows the line it starts on, and the rows are handed out
 * in file order: rows, verdicts, line numbers and errors (the first
 * structural error, nothing after it) are those of one thread.  At most
 * two chunks per thread are held at a time.  The check then runs on
 * several threads at once: it may only read what it shares with the
 * other calls (rk_row_check() with a CSV binding, whose columns are all
 * known once the header is, does only that).  Any other CSV input (one
 * thread, a small file, standard input) is parsed by the producer thread
 * and its rows checked by whichever of that thread and the calling one
 * is ahead, batch by batch: there too the check runs beside the calling
 * thread, under the same rule.  JSON inputs are checked in the calling
 * thread as they are read.
 */
#define RK_CHECK_MSG_MAX 700

typedef enum rk_code (*rk_row_check_fn)(void *ctx, const struct rk_row *row,
    void *out, char *msg, size_t msgcap);

struct rk_row_verdict {
	enum rk_code code;  /* RK_OK, or why the row is rejected */
	const char *msg;    /* the check's message when code is not RK_OK */
	void *out;          /* what the check filled in */
};

/*
 * The check's last step, late (NULL: none), is left until the next
 * row's check is done: the check of a row may ask for memory it will
 * read (a prefetch), and late, on the same thread and with the same
 * ctx, reads it once the next row's check has given the memory time to
 * come.  That holds within a batch of CSV records; the last row of a
 * batch, and every row of any other input (JSON), is given late right
 * after its own check.  It is run on every row the check let through
 * (RK_OK), before the row is handed out, under the same rule as the
 * check.
 */
typedef void (*rk_row_late_fn)(void *ctx, void *out);

void rk_reader_check(struct rk_reader *r, rk_row_check_fn fn,
    rk_row_late_fn late, void *ctx, size_t outsize);
/*
 * Before rk_reader_check: its check keeps state of its own (a table it
 * alone fills).  It then runs on one thread at a time, every row in
 * file order, each call seeing what the one before it did: a CSV input
 * is not read on every core, and the producer thread checks every batch
 * (the calling thread does with RK_CHECK_THREAD=take).  It still runs
 * beside the calling thread, which must leave its state alone until the
 * reader is closed.
 */
void rk_reader_check_in_order(struct rk_reader *r);
/* Next data row and its verdict: 1, 0 at the end, -1 on error. */
int rk_reader_next_checked(struct rk_reader *r, struct rk_row *row,
    struct rk_row_verdict *verdict, struct rk_err *err);

size_t rk_reader_ncols(const struct rk_reader *r);
/* CSV: the line the header is on (blank lines may come before it). */
unsigned long rk_reader_header_line(const struct rk_reader *r);
const char *rk_reader_col(const struct rk_reader *r, size_t id, size_t *n);
const char *rk_reader_name(const struct rk_reader *r);
/* The input as messages name it: "FILE", or "OPTION FILE". */
const char *rk_reader_where(const struct rk_reader *r);
/* CSV: the delimiter in use, once started (forced or detected); else 0. */
char rk_reader_delim(const struct rk_reader *r);
enum rk_fmt rk_reader_format(const struct rk_reader *r);
/* Bytes read from the input so far, and its size when it is a file. */
uint64_t rk_reader_consumed(const struct rk_reader *r);
uint64_t rk_reader_size(const struct rk_reader *r);

/* Largest record or JSON element accepted (bytes), most fields a record. */
#define RK_RECORD_MAX (64u << 20)
#define RK_FIELDS_MAX 65536u

#endif
