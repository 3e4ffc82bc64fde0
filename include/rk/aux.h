/*
 * aux.h - an auxiliary input (--orders, --retailers, --approve): read
 * once, every row checked against its column table (returns-formats(5),
 * FIELD SYNTAX); a row that fails, or that the tool's row function
 * refuses (a duplicate key), goes to the rejects under its source, in
 * file order.  Unknown columns are ignored (returns-formats(5), Columns).
 * An input with no bytes has no rows.  Messages about the file name its
 * option ("--orders 'x.csv': cannot open: ...", "--orders x.csv:3:5:
 * ..."), unless ro->option names another; rejected rows keep the bare
 * file name.
 */
#ifndef RK_AUX_H
#define RK_AUX_H

#include <stdint.h>

#include "rk/progress.h"
#include "rk/reader.h"
#include "rk/rejects.h"
#include "rk/schema.h"

/*
 * What a tool can tell of a good row from its values alone: run where
 * the row is checked, on a thread that parses the input while the
 * calling thread takes earlier rows, so it may only read what stays put
 * while the input is read (tables filled before it, never the ones the
 * row function fills).  Its answer goes to the row function.  When
 * ahead is set, it is run as the row is checked and fn once the next
 * row is (rk_reader_check's late step, which says where it is sooner):
 * ahead asks for the memory fn will read (a prefetch), and the check
 * of the next row hides the wait.
 */
struct rk_aux_look {
	uint32_t (*fn)(const void *ctx, const struct rk_fv *vals);
	const void *ctx;
	void (*ahead)(const void *ctx, const struct rk_fv *vals);
};

/*
 * A good row, with what the look answered (UINT32_MAX without one): RK_OK
 * to keep it, or a reject code with msg filled.
 */
typedef enum rk_code (*rk_aux_row_fn)(void *ctx, const struct rk_fv *vals,
    uint32_t looked, char *msg, size_t cap);

struct rk_aux_count {
	unsigned long rows;      /* data rows read */
	unsigned long rejected;  /* of which rejected */
};

/* pg and look may be NULL.  Returns 0, or -1 with err (65, 66, 74). */
int rk_aux_read(const char *path, const struct rk_schema *s,
    const struct rk_reader_opts *ro, char dp, struct rk_rejects *rj,
    enum rk_source src, struct rk_progress *pg, rk_aux_row_fn fn, void *ctx,
    const struct rk_aux_look *look, struct rk_aux_count *count,
    struct rk_err *err);

#endif
