/*
 * aux.c - reading an auxiliary input (--orders, --retailers, --approve):
 * each row checked, handed to the tool's row function, or rejected under
 * its source.
 */
#include "rk/aux.h"

/* The option that names each auxiliary input, for its messages. */
static const char *const option_of[RK_NSRC] = {
	[RK_SRC_ORDERS] = "--orders",
	[RK_SRC_RETAILERS] = "--retailers",
	[RK_SRC_APPROVE] = "--approve",
};

int
rk_aux_read(const char *path, const struct rk_schema *s,
    const struct rk_reader_opts *ro, char dp, struct rk_rejects *rj,
    enum rk_source src, struct rk_progress *pg, rk_aux_row_fn fn, void *ctx,
    struct rk_aux_count *count, struct rk_err *err)
{
	struct rk_reader_opts o = *ro;
	struct rk_reader *r;
	struct rk_binding b;
	struct rk_row row;
	struct rk_fv vals[32];
	char msg[600];
	uint64_t first = count->rows;
	int k, rc = 0;

	if (s->n > 32)
		return rk_errf(err, RK_EX_SOFTWARE, "a column table too wide");
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
	if (rk_bind(&b, s, NULL, r, dp, err)) {
		rk_reader_close(r);
		return -1;
	}
	while ((k = rk_reader_next(r, &row, err)) > 0) {
		enum rk_code code;

		count->rows++;
		if (pg && (count->rows & 4095) == 0)
			rk_progress_update(pg, count->rows - first,
			    rk_reader_consumed(r));
		code = rk_row_check(&b, r, &row, vals, msg, sizeof(msg));
		if (code == RK_OK)
			code = fn(ctx, vals, msg, sizeof(msg));
		if (code != RK_OK) {
			count->rejected++;
			rk_rejects_add(rj, src, count->rows, r, &row, code, msg);
		}
	}
	if (k < 0)
		rc = -1;
	if (pg)
		rk_progress_next_input(pg, count->rows - first,
		    rk_reader_consumed(r));
	rk_bind_release(&b);
	rk_reader_close(r);
	return rc;
}
