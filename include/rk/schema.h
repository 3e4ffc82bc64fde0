/*
 * schema.h - the column tables of the inputs (returns-formats(5)), bound
 * to an input's columns, and the checks of a row in the order
 * returns-formats(5) prescribes under MALFORMED ROWS.
 *
 * A binding maps each column of one reader to a column of the schema, to a
 * carried column, or to nothing.  Carried columns are shared by all the
 * operands of the primary input (union, in order of first appearance);
 * auxiliary inputs pass no carried list and their unknown columns are
 * ignored.  Bindings follow the reader as JSON keys appear.
 */
#ifndef RK_SCHEMA_H
#define RK_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "rk/field.h"
#include "rk/hash.h"
#include "rk/reader.h"
#include "rk/writer.h"

struct rk_colspec {
	const char *name;
	enum rk_kind kind;
	int required;
};

/*
 * An extra check for one column, run in column order right after the
 * syntax check (reason and condition codes against the policy).
 */
typedef enum rk_code (*rk_col_hook)(void *ctx, size_t col,
    const struct rk_fv *v, char *msg, size_t msgcap);

/*
 * A state file's rules beyond the syntax of its columns (the statuses it
 * may hold, what an allocated row must name): 0, or -1 with
 * RK_EX_CONFIG naming where (option and file) and the row's line.
 */
typedef int (*rk_row_rule)(const struct rk_fv *v, const char *where,
    unsigned long line, struct rk_err *err);

struct rk_schema {
	const struct rk_colspec *cols;
	size_t n;
	rk_col_hook hook;
	void *hook_ctx;
	rk_row_rule rule;   /* state files: checked on every row loaded */
};

/* Carried columns: names in order of first appearance. */
struct rk_carried {
	struct rk_intern names;
	const char *const *reserved; /* the tool's output columns: never carried */
	size_t nreserved;
};

struct rk_binding {
	const struct rk_schema *s;
	struct rk_reader *r;      /* the reader bound */
	struct rk_carried *carry; /* NULL: unknown columns are ignored */
	size_t nbound;
	int32_t *known;   /* reader column -> schema column or -1 */
	int32_t *carried; /* reader column -> carried column or -1 */
	size_t cap;
	int32_t *col_of;  /* schema column -> reader column or -1 */
	size_t header_cols; /* CSV: columns of the header */
	int csv;
	char dp;          /* ',': money may use ',' as well as '.' */
};

void rk_carried_init(struct rk_carried *c, const char *const *reserved,
    size_t nreserved);
void rk_carried_release(struct rk_carried *c);
size_t rk_carried_count(const struct rk_carried *c);
/* Add from's names to to (those it lacks, in order); map[i] = position in
 * to of from's column i.  map must hold rk_carried_count(from) entries. */
void rk_carried_merge(const struct rk_carried *from, struct rk_carried *to,
    uint32_t *map);
const char *rk_carried_name(const struct rk_carried *c, size_t i, size_t *n);

/*
 * Bind a started reader.  For CSV, a header without a required column is
 * a structural error (RK_EX_DATAERR) naming the column, and the header
 * name that differs from it only in case, surrounding spaces or '-' and
 * space for '_' when there is one: "the header has no column 'qty'
 * (found 'Qty ')".
 *
 * Money and percentages always take '.' as the decimal separator; a CSV
 * input also takes ',' when its delimiter is not ',' or when dp is ','
 * (--decimal-comma; returns-formats(5)).  JSON input and state files
 * (dp '.', always ','-delimited) take '.' only.
 */
int rk_bind(struct rk_binding *b, const struct rk_schema *s,
    struct rk_carried *carry, struct rk_reader *r, char dp,
    struct rk_err *err);
void rk_bind_release(struct rk_binding *b);

/*
 * Check a row: invalid UTF-8 in any field first, then (CSV) the field
 * count against the header, then each column in table order (its JSON
 * type, a value when required, its syntax, the schema's hook).  Fills
 * vals[0..s->n) and returns RK_OK, or the reject code of the first
 * failing check with a message in msg.
 */
enum rk_code rk_row_check(struct rk_binding *b, struct rk_reader *r,
    const struct rk_row *row, struct rk_fv *vals, char *msg, size_t msgcap);

/*
 * Have every row of the bound reader checked so as it is read
 * (rk_reader_check, rk/reader.h): each verdict's out is the row's
 * vals[0..s->n).  A CSV binding is complete once bound, so the checks
 * only read it and may run on several threads.
 */
void rk_bind_check_rows(struct rk_binding *b);

/*
 * A checked value as it is written back (returns-formats(5), FIELD
 * SYNTAX): integers without leading zeros, dates as their date prefix,
 * anything else as read; an absent value is empty.  buf holds at least
 * 24 bytes and must live as long as out.
 */
void rk_fv_cell(const struct rk_fv *v, enum rk_kind k, char *buf,
    struct rk_val *out);

/* Write the message of a syntax reject for a column. */
void rk_reject_message(enum rk_code code, const char *col, const char *p,
    size_t n, char *msg, size_t cap);

#endif
