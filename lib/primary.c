/*
 * primary.c - the primary input of a tool: its operands read in order,
 * their rows checked and handed to the tool, the rows it keeps, and the
 * tool's output columns (its own, then the carried ones).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/primary.h"
#include "rk/util.h"

void
rk_primary_init(struct rk_primary *pr, const struct rk_colspec *cols,
    size_t ncols, rk_col_hook hook, void *hook_ctx,
    const char *const *reserved, size_t nreserved)
{
	memset(pr, 0, sizeof(*pr));
	pr->schema.cols = cols;
	pr->schema.n = ncols;
	pr->schema.hook = hook;
	pr->schema.hook_ctx = hook_ctx;
	rk_carried_init(&pr->carry, reserved, nreserved);
	rk_rowstore_init(&pr->raws);
}

void
rk_primary_release(struct rk_primary *pr)
{
	for (size_t i = 0; i < pr->nops; i++) {
		free(pr->ops[i].name);
		for (size_t c = 0; c < pr->ops[i].ncols; c++)
			free((char *)pr->ops[i].cols[c].p);
		free(pr->ops[i].cols);
		rk_bind_release(&pr->ops[i].b);
	}
	free(pr->ops);
	rk_carried_release(&pr->carry);
	rk_rowstore_release(&pr->raws);
	memset(pr, 0, sizeof(*pr));
}

/* What every operand of the primary input is read with. */
struct primary_pass {
	struct rk_primary *pr;
	char dp;                /* the decimal comma option (rk_bind) */
	struct rk_rejects *rj;
	struct rk_progress *pg;
	rk_primary_row_fn fn;
	void *ctx;
};

/* Copy an operand's column names: rejects of its kept rows name them. */
static void
keep_columns(struct rk_primary *pr, struct rk_operand *op,
    const struct rk_reader *r)
{
	op->ncols = rk_reader_ncols(r);
	op->cols = rk_xcalloc(op->ncols ? op->ncols : 1, sizeof(*op->cols));
	for (size_t c = 0; c < op->ncols; c++) {
		size_t n;
		const char *p = rk_reader_col(r, c, &n);

		op->cols[c].p = rk_xstrndup(p, n);
		op->cols[c].n = n;
		op->cols[c].t = RK_V_STR;
	}
	if (op->ncols > pr->maxcols)
		pr->maxcols = op->ncols;
}

/*
 * The check of an operand's rows, where the reader runs it: what it
 * reads, copied out of struct rk_primary, whose row count the calling
 * thread writes row by row, onto a cache line of its own.
 */
struct checking {
	_Alignas(64) struct rk_binding *b;
	struct rk_reader *r;
	rk_primary_step_fn step;
	void *step_ctx;
	size_t nvals;             /* the checked values before the step's */
	uint32_t op;
};

/* A row's column checks, then the tool's step (rk_primary's step). */
static enum rk_code
check_row(void *ctx, const struct rk_row *row, void *out, char *msg,
    size_t msgcap)
{
	const struct checking *ck = ctx;
	struct rk_fv *vals = out;
	enum rk_code code;

	code = rk_row_check(ck->b, ck->r, row, vals, msg, msgcap);
	if (ck->step)
		code = ck->step(ck->step_ctx, ck->op, ck->b, row, code, vals,
		    vals + ck->nvals, msg, msgcap);
	return code;
}

/*
 * Read operand op_index from r: bind it, declare its columns to the
 * rejects, check each row (where the reader parses it: rk/reader.h) and
 * hand it to the tool.  ck is the check's context: it must outlive the
 * reader, whose threads may still be checking rows after an error.  0,
 * or -1 with err.
 */
static int
read_operand(const struct primary_pass *pass, uint32_t op_index,
    struct rk_reader *r, struct checking *ck, struct rk_err *err)
{
	struct rk_primary *pr = pass->pr;
	struct rk_operand *op = &pr->ops[op_index];
	uint64_t first = pr->nrows;
	struct rk_row_verdict verdict;
	struct rk_row row;
	char msg[RK_CHECK_MSG_MAX];
	int k;

	k = rk_reader_start(r, err);
	if (k <= 0)
		return k; /* k == 0: no bytes, so no rows and no error */
	if (rk_bind(&op->b, &pr->schema, &pr->carry, r, pass->dp, err))
		return -1;
	rk_rejects_primary_columns(pass->rj, r);
	ck->b = &op->b;
	ck->r = r;
	ck->step = pr->step;
	ck->step_ctx = pr->step_ctx;
	ck->nvals = pr->schema.n + 1;
	ck->op = op_index;
	if (pr->step)
		rk_reader_check_in_order(r);
	rk_reader_check(r, check_row, NULL, ck,
	    (pr->schema.n + 1 + pr->step_vals) * sizeof(struct rk_fv));
	while ((k = rk_reader_next_checked(r, &row, &verdict, err)) > 0) {
		pr->nrows++;
		msg[0] = '\0';
		if (verdict.code != RK_OK)
			snprintf(msg, sizeof(msg), "%s", verdict.msg);
		pass->fn(pass->ctx, pr, op_index, r, &row, verdict.code,
		    verdict.out, msg, sizeof(msg));
		if ((pr->nrows & 1023) == 0)
			rk_progress_update(pass->pg, pr->nrows - first,
			    rk_reader_consumed(r));
	}
	/* JSON keys that appeared after the first row */
	rk_rejects_primary_columns(pass->rj, r);
	keep_columns(pr, op, r);
	rk_progress_next_input(pass->pg, pr->nrows - first,
	    rk_reader_consumed(r));
	return k < 0 ? -1 : 0;
}

int
rk_primary_read(struct rk_primary *pr, const struct rk_opts *o,
    struct rk_rejects *rj, struct rk_progress *pg, rk_primary_row_fn fn,
    void *ctx, struct rk_err *err)
{
	struct rk_reader_opts ro = rk_opts_reader(o);
	int nops = o->noperands ? o->noperands : 1;
	struct primary_pass pass = { pr, rk_opts_dp(o), rj, pg, fn, ctx };
	int rc = 0;

	pr->ops = rk_xcalloc((size_t)nops, sizeof(*pr->ops));
	for (int i = 0; i < nops && rc == 0; i++) {
		const char *path = o->noperands ? o->operands[i] : "-";
		struct rk_reader *r = rk_reader_open(path, &ro, err);
		struct checking ck;

		if (r == NULL) {
			rc = -1;
			break;
		}
		pr->ops[i].name = rk_xstrdup(rk_reader_name(r));
		pr->nops = (size_t)i + 1;
		rc = read_operand(&pass, (uint32_t)i, r, &ck, err);
		/* the threads that check rows stop first: they read ck */
		rk_reader_close(r);
	}
	return rc;
}

uint64_t
rk_primary_keep(struct rk_primary *pr, const struct rk_row *row)
{
	return rk_rowstore_add(&pr->raws, row->v, row->nvals);
}

size_t
rk_primary_get(const struct rk_primary *pr, uint64_t off, struct rk_val *raw)
{
	return rk_rowstore_get(&pr->raws, off, raw, pr->maxcols);
}

void
rk_primary_reject(struct rk_primary *pr, struct rk_rejects *rj, uint32_t op,
    uint64_t raw, uint64_t ord, unsigned long line, enum rk_code code,
    const char *msg)
{
	const struct rk_operand *o = &pr->ops[op];
	struct rk_val *v = rk_xcalloc(pr->maxcols + 1, sizeof(*v));

	rk_primary_get(pr, raw, v);
	rk_rejects_add_cells(rj, RK_SRC_PRIMARY, ord, o->name, line, o->cols, v,
	    o->ncols, code, msg);
	free(v);
}

void
rk_primary_col(const struct rk_primary *pr, uint32_t op,
    const struct rk_val *raw, size_t nraw, size_t col, struct rk_val *out)
{
	const struct rk_binding *b = &pr->ops[op].b;
	int32_t id = b->col_of ? b->col_of[col] : -1;

	out->t = RK_V_STR;
	if (id < 0 || (size_t)id >= nraw || raw[id].t == RK_V_NULL ||
	    raw[id].t == RK_V_ABSENT) {
		out->p = "";
		out->n = 0;
	} else {
		out->p = raw[id].p;
		out->n = raw[id].n;
	}
}

void
rk_primary_carried(const struct rk_primary *pr, uint32_t op,
    const struct rk_val *raw, size_t nraw, struct rk_val *out, size_t n)
{
	const struct rk_binding *b = &pr->ops[op].b;

	for (size_t i = 0; i < n; i++) {
		out[i].p = "";
		out[i].n = 0;
		out[i].t = RK_V_ABSENT;
	}
	for (size_t id = 0; id < nraw && id < b->nbound; id++) {
		int32_t c = b->carried[id];

		if (c >= 0 && (size_t)c < n)
			out[c] = raw[id];
	}
}

struct rk_writer *
rk_output_open(FILE *fp, const struct rk_writer_opts *wo,
    const char *const *std, const enum rk_ctype *stdtypes, size_t nstd,
    const struct rk_carried *carry)
{
	size_t nc = carry ? rk_carried_count(carry) : 0, n = nstd + nc;
	const char **names = rk_xcalloc(n + 1, sizeof(*names));
	size_t *lens = rk_xcalloc(n + 1, sizeof(*lens));
	enum rk_ctype *types = rk_xcalloc(n + 1, sizeof(*types));
	struct rk_writer *w;

	for (size_t i = 0; i < nstd; i++) {
		names[i] = std[i];
		lens[i] = strlen(std[i]);
		types[i] = stdtypes ? stdtypes[i] : RK_C_TEXT;
	}
	for (size_t i = 0; i < nc; i++) {
		names[nstd + i] = rk_carried_name(carry, i, &lens[nstd + i]);
		types[nstd + i] = RK_C_CARRIED;
	}
	w = rk_writer_new(fp, wo);
	rk_writer_columns(w, names, lens, types, n);
	free(names);
	free(lens);
	free(types);
	return w;
}
