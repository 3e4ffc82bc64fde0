/*
 * writer.h - record output: CSV (RFC 4180 quoting), JSON Lines, or one JSON
 * array (returns-formats(5), "Output formats").  The format is chosen
 * once, when the writer is made, by its -o name (rk_writer_format); tool
 * logic hands every row over the same way.
 *
 * Columns have a type that decides their JSON form: RK_C_INT values are
 * JSON integers, RK_C_DEC values (money, percentages) JSON strings holding
 * the exact decimal, always with the output's decimal separator ('.', or
 * ',' in CSV under --decimal-comma) whichever one it was read with,
 * RK_C_TEXT strings, and RK_C_CARRIED values keep the JSON type they were
 * read with.  An empty value is null in JSON.
 *
 * State files and the rejects file are written through a writer too
 * (CSV, comma, LF), so there is one CSV emitter.  Output is gathered in
 * the writer's own 64 KiB buffer and handed to stdio in blocks.  Write
 * errors are sticky: rk_writer_end() flushes and reports them.
 */
#ifndef RK_WRITER_H
#define RK_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rk/reader.h"
#include "rk/util.h"
#include "rk/value.h"

/*
 * The output formats, in the order -o lists them: the record formats csv,
 * jsonl and json, which a writer writes, then ubl, a document format,
 * which a tool writes itself (credit-emit's UBL credit notes).  A tool
 * takes a set of them: bits 1 << RK_OUT_*.
 */
enum rk_ofmt { RK_OUT_CSV, RK_OUT_JSONL, RK_OUT_JSON, RK_OUT_UBL };
#define RK_OUT_RECORDS \
	((1u << RK_OUT_CSV) | (1u << RK_OUT_JSONL) | (1u << RK_OUT_JSON))
#define RK_OUT_DOCUMENTS (1u << RK_OUT_UBL)
enum rk_ctype { RK_C_TEXT, RK_C_INT, RK_C_DEC, RK_C_CARRIED };

struct rk_writer_opts {
	enum rk_ofmt fmt;
	char delim;        /* CSV */
	int crlf;          /* CSV: end records with CR LF */
	int decimal_comma; /* CSV: RK_C_DEC values with ',' */
};

struct rk_writer;

/* The format of the set takes that -o calls name: 0 and *fmt, or -1. */
int rk_writer_format(const char *name, unsigned takes, enum rk_ofmt *fmt);
/* The -o names of the set takes, "csv, jsonl, json", for a message; buf. */
const char *rk_writer_format_names(unsigned takes, char *buf, size_t cap);

/* A writer of a record format (o->fmt in RK_OUT_RECORDS). */
struct rk_writer *rk_writer_new(FILE *fp, const struct rk_writer_opts *o);
/* Set the columns (names are copied); CSV writes the header now. */
void rk_writer_columns(struct rk_writer *w, const char *const *names,
    const size_t *lens, const enum rk_ctype *types, size_t n);
void rk_writer_row(struct rk_writer *w, const struct rk_val *cells);
/* Finish (close a JSON array), flush; 0, or -1 with errno on error. */
int rk_writer_end(struct rk_writer *w);
void rk_writer_free(struct rk_writer *w);

/*
 * The rows of items 0 .. nitems - 1 (request lines, answer rows: what
 * the caller counts), written through w in item order on several
 * threads: write(ctx, sub, lo, hi) writes the rows of items lo .. hi - 1
 * through sub, a writer of w's format and columns that keeps its text,
 * and the texts go out through w in item order, byte for byte what
 * write(ctx, w, 0, nitems) writes.  Chunks of RK_WRITE_ITEMS items
 * (4096 by default) are taken in turn by RK_THREADS threads and the
 * calling thread, which writes the finished ones in order between its
 * own.  A single chunk, or a format whose rows depend on the rows before
 * them (the JSON array), is written on the calling thread alone.
 * write must only read what it shares with the other calls.
 */
typedef void (*rk_write_items)(void *ctx, struct rk_writer *sub, size_t lo,
    size_t hi);
void rk_writer_rows_par(struct rk_writer *w, size_t nitems,
    rk_write_items write, void *ctx);

/*
 * For JSON built of nested objects (credit-emit -o json): raw bytes into
 * the stream, and the members "name":value,... of one object (without
 * braces) under the writer's JSON rules.  lens and types may be NULL
 * (strlen, RK_C_TEXT).  Use on a writer without columns.
 */
void rk_writer_raw(struct rk_writer *w, const char *p, size_t n);
void rk_writer_members(struct rk_writer *w, const char *const *names,
    const size_t *lens, const enum rk_ctype *types, const struct rk_val *cells,
    size_t n);

#endif
