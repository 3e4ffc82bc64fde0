/*
 * primary.h - the primary input of a tool: every operand (each with its
 * own header and format, returns-formats(5), Operands), the rows kept as
 * read, and the carried columns (the union of unknown columns over all
 * operands, returns-formats(5), Columns).
 *
 * rk_primary_read() opens the operands in order, binds each to the
 * tool's column table, declares their columns to the rejects, checks every
 * row and hands it to the tool's row function with its verdict.  The tool
 * rejects it or keeps it (rk_primary_keep); a kept row can still be
 * rejected later, in input order (rk_primary_reject).
 */
#ifndef RK_PRIMARY_H
#define RK_PRIMARY_H

#include <stdint.h>

#include "rk/opts.h"
#include "rk/progress.h"
#include "rk/rejects.h"
#include "rk/rowstore.h"
#include "rk/schema.h"

struct rk_operand {
	char *name;
	struct rk_binding b;
	struct rk_val *cols;  /* column names, copied */
	size_t ncols;
};

/*
 * A step of the tool's own in every row's check (rk_primary.step), run
 * after the column checks with their verdict (code): every row, in
 * input order, one at a time, where the rows are checked
 * (rk_reader_check_in_order): for a CSV input, on the thread that parses
 * it while the calling thread takes earlier rows (on the calling thread
 * for JSON, or with RK_CHECK_THREAD=take).  It
 * may fill tables of its own, which the tool leaves alone until
 * rk_primary_read returns, and reject the row (a reject code, with
 * msg).  What it finds goes into out (step_vals values, after the
 * checked ones: vals + schema.n + 1), for the row function.
 */
typedef enum rk_code (*rk_primary_step_fn)(void *ctx, uint32_t op,
    const struct rk_binding *b, const struct rk_row *row, enum rk_code code,
    struct rk_fv *vals, struct rk_fv *out, char *msg, size_t msgcap);

struct rk_primary {
	struct rk_schema schema;
	struct rk_carried carry;
	struct rk_operand *ops;
	size_t nops;
	struct rk_rowstore raws;
	size_t maxcols;          /* widest operand */
	uint64_t nrows;          /* data rows read, all operands */
	rk_primary_step_fn step; /* NULL, or set before rk_primary_read */
	void *step_ctx;
	size_t step_vals;
};

/*
 * The tool's view of one row: its operand, the verdict of the column
 * checks and of the step (code; msg, a copy the function may write
 * over) and the checked values, the step's after them (vals +
 * schema.n + 1).  The function rejects the row (rk_rejects_add) or
 * keeps it.
 */
typedef void (*rk_primary_row_fn)(void *ctx, struct rk_primary *pr,
    uint32_t op, struct rk_reader *r, const struct rk_row *row,
    enum rk_code code, struct rk_fv *vals, char *msg, size_t msgcap);

/* reserved: the tool's output columns, which are never carried. */
void rk_primary_init(struct rk_primary *pr, const struct rk_colspec *cols,
    size_t ncols, rk_col_hook hook, void *hook_ctx,
    const char *const *reserved, size_t nreserved);
void rk_primary_release(struct rk_primary *pr);

int rk_primary_read(struct rk_primary *pr, const struct rk_opts *o,
    struct rk_rejects *rj, struct rk_progress *pg, rk_primary_row_fn fn,
    void *ctx, struct rk_err *err);

/* Keep a row as read; returns its rowstore offset. */
uint64_t rk_primary_keep(struct rk_primary *pr, const struct rk_row *row);
/* Reject a kept row (ord: its data-row position). */
void rk_primary_reject(struct rk_primary *pr, struct rk_rejects *rj,
    uint32_t op, uint64_t raw, uint64_t ord, unsigned long line,
    enum rk_code code, const char *msg);

/*
 * A kept row, unpacked: raw[] by column id of its operand (nraw of them),
 * the value of a column of the tool's table, and the carried values in
 * carried-column order.  raw must hold pr->maxcols cells.
 */
size_t rk_primary_get(const struct rk_primary *pr, uint64_t off,
    struct rk_val *raw);
void rk_primary_col(const struct rk_primary *pr, uint32_t op,
    const struct rk_val *raw, size_t nraw, size_t col, struct rk_val *out);
void rk_primary_carried(const struct rk_primary *pr, uint32_t op,
    const struct rk_val *raw, size_t nraw, struct rk_val *out, size_t n);

/*
 * A writer on fp for a tool's output: the standard columns with their
 * JSON types, then the carried ones (each keeping its input type).  The
 * header is written now (CSV).
 */
struct rk_writer *rk_output_open(FILE *fp, const struct rk_writer_opts *wo,
    const char *const *std, const enum rk_ctype *stdtypes, size_t nstd,
    const struct rk_carried *carry);

#endif
