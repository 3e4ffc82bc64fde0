/*
 * rejects.h - malformed rows (returns-formats(5), MALFORMED ROWS and
 * REJECTS FILE).
 *
 * With a file, rejected rows are spooled (one temporary file per source)
 * and written at the end, because the header depends on every rejected
 * row: the primary input's columns, then the other rejected rows' columns
 * in order of first appearance, then reject_file, reject_line,
 * reject_code, reject_reason.  Rows come primary input first, then
 * --orders, --retailers, --approve.  Memory stays constant however many
 * rows are rejected.
 *
 * Without a file, each rejected row is reported at once on stderr as
 * "PROG: FILE:LINE: CODE: message".
 */
#ifndef RK_REJECTS_H
#define RK_REJECTS_H

#include <stdint.h>
#include <stdio.h>

#include "rk/diag.h"
#include "rk/field.h"
#include "rk/reader.h"
#include "rk/writer.h"

enum rk_source {
	RK_SRC_PRIMARY,
	RK_SRC_ORDERS,
	RK_SRC_RETAILERS,
	RK_SRC_APPROVE,
	RK_NSRC
};

struct rk_rejects;

struct rk_rejects_opts {
	FILE *fp;         /* the --rejects file; NULL: report on stderr */
	const char *path; /* its name, for messages */
	char delim;
	int crlf;
};

struct rk_rejects *rk_rejects_open(const struct rk_rejects_opts *o);
/* Declare the columns of a primary input (call once per operand). */
void rk_rejects_primary_columns(struct rk_rejects *rj, const struct rk_reader *r);
/*
 * Reject a row of reader r.  ord is the row's position in its source
 * (1, 2, ... across operands): the file lists each source's rows in ord
 * order, so a row found bad late (say against the registry) still lands
 * in input order.
 */
void rk_rejects_add(struct rk_rejects *rj, enum rk_source src, uint64_t ord,
    const struct rk_reader *r, const struct rk_row *row, enum rk_code code,
    const char *msg);
/* The same from kept cells: names[i] is the column of vals[i]. */
void rk_rejects_add_cells(struct rk_rejects *rj, enum rk_source src,
    uint64_t ord, const char *file, unsigned long line,
    const struct rk_val *names, const struct rk_val *vals, size_t n,
    enum rk_code code, const char *msg);
unsigned long rk_rejects_count(const struct rk_rejects *rj);
/* Write the rows to fp (which the caller closes); 0, or -1 with
 * RK_EX_IOERR. */
int rk_rejects_finish(struct rk_rejects *rj, struct rk_err *err);
void rk_rejects_free(struct rk_rejects *rj);

#endif
