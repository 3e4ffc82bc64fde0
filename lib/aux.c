/*
 * aux.c - reading an auxiliary input (--orders, --retailers, --approve):
 * each row checked (on every core when the input allows: rk/reader.h),
 * handed to the tool's row function in file order, or rejected under its
 * source.
 */
#include "rk/aux.h"

/* The option that names each auxiliary input, for its messages. */
static const char *const option_of[RK_NSRC] = {
	[RK_SRC_ORDERS] = "--orders",
	[RK_SRC_RETAILERS] = "--retailers",
	[RK_SRC_APPROVE] = "--approve",
};

/*
 * The check and the look, where the rows are checked: on cache lines of
 * their own, away from the calling thread's row and verdict.
 */
struct looking {
	_Alignas(64) struct rk_binding *b;
	const struct rk_aux_look *look;
};

/* A row checked; a good one looked at, the answer after its values. */
static enum rk_code
check_and_look(void *ctx, const struct rk_row *row, void *out, char *msg,
    size_t msgcap)
{
	const struct looking *lk = ctx;
	struct rk_fv *vals = out;
	enum rk_code code;

	code = rk_row_check(lk->b, lk->b->r, row, vals, msg, msgcap);
	if (code != RK_OK)
		return code;
	if (lk->look->ahead)
		lk->look->ahead(lk->look->ctx, vals);
	else
		vals[lk->b->s->n].i = lk->look->fn(lk->look->ctx, vals);
	return code;
}

/* The look of a good row, a row after its check (look->ahead). */
static void
look_late(void *ctx, void *out)
{
	const struct looking *lk = ctx;
	struct rk_fv *vals = out;

	vals[lk->b->s->n].i = lk->look->fn(lk->look->ctx, vals);
}

/*
 * Each row checked (and looked at: lk->look), then shown to fn, or
 * rejected; in file order.
 */
static int
read_rows(struct rk_reader *r, struct looking *lk, struct rk_rejects *rj,
    enum rk_source src, struct rk_progress *pg, rk_aux_row_fn fn, void *ctx,
    struct rk_aux_count *count, struct rk_err *err)
{
	const struct rk_aux_look *look = lk->look;
	struct rk_row_verdict verdict;
	struct rk_row row;
	char msg[RK_CHECK_MSG_MAX];
	uint64_t first = count->rows;
	size_t n = lk->b->s->n;
	int k;

	if (look)
		rk_reader_check(r, check_and_look,
		    look->ahead ? look_late : NULL, lk,
		    (n + 1) * sizeof(struct rk_fv));
	else
		rk_bind_check_rows(lk->b);
	while ((k = rk_reader_next_checked(r, &row, &verdict, err)) > 0) {
		enum rk_code code = verdict.code;
		const char *why = verdict.msg;

		count->rows++;
		if (pg && (count->rows & 4095) == 0)
			rk_progress_update(pg, count->rows - first,
			    rk_reader_consumed(r));
		if (code == RK_OK) {
			const struct rk_fv *vals = verdict.out;

			code = fn(ctx, vals, look ? (uint32_t)vals[n].i : UINT32_MAX,
			    msg, sizeof(msg));
			why = msg;
		}
		if (code != RK_OK) {
			count->rejected++;
			rk_rejects_add(rj, src, count->rows, r, &row, code, why);
		}
	}
	if (pg)
		rk_progress_next_input(pg, count->rows - first,
		    rk_reader_consumed(r));
	return k < 0 ? -1 : 0;
}

int
rk_aux_read(const char *path, const struct rk_schema *s,
    const struct rk_reader_opts *ro, char dp, struct rk_rejects *rj,
    enum rk_source src, struct rk_progress *pg, rk_aux_row_fn fn, void *ctx,
    const struct rk_aux_look *look, struct rk_aux_count *count,
    struct rk_err *err)
{
	struct rk_reader_opts o = *ro;
	struct rk_reader *r;
	struct {
		_Alignas(64) struct rk_binding b; /* read where rows are checked */
	} bound;
	struct rk_binding *bp = &bound.b;
	struct looking lk = { bp, look };
	int k, rc;

	if (o.option == NULL)
		o.option = option_of[src];
	r = rk_reader_open(path, &o, err);
	if (r == NULL)
		return -1;
	k = rk_reader_start(r, err);
	if (k <= 0) {
		rk_reader_close(r);
		return k;
	}
	if (rk_bind(bp, s, NULL, r, dp, err)) {
		rk_reader_close(r);
		return -1;
	}
	rc = read_rows(r, &lk, rj, src, pg, fn, ctx, count, err);
	/* the threads that check rows stop first: they read b and lk */
	rk_reader_close(r);
	rk_bind_release(bp);
	return rc;
}
