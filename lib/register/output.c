/*
 * output.c - what return-register writes (return-register(1), "The
 * answer and the registry"): the answer rows in input order, a
 * duplicate's registry rows as registered; the registry commit of the
 * accepted and held rows; and the --summary.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rk/date.h"
#include "rk/diag.h"
#include "rk/money.h"
#include "rk/rejects.h"
#include "rk/statefiles.h"
#include "rk/state.h"
#include "rk/util.h"

#include "register.h"

static const char *const status_names[] = {
	"accepted", "held", "rejected", "duplicate"
};

/* The cells of a row being written, and the text its numbers need. */
struct rowbuf {
	struct rk_val *cells;
	size_t n;
	char num[3][24];
	char reqdate[16];
	struct rk_oline_text oline;
};

/* A request column of a kept row (raw: the row unpacked), by table index. */
static void
req_col(const struct regrun *g, uint32_t op, const struct rk_val *raw,
    size_t nraw, int col, struct rk_val *out)
{
	rk_primary_col(&g->rq.input, op, raw, nraw, (size_t)col, out);
}

/*
 * The standard cells of an answer row; raw is its request line's row
 * unpacked.  A remainder echoes the request's references and leaves the
 * order line's cells empty.
 */
static void
fill_row(const struct regrun *g, const struct answer *a,
    const struct rk_val *raw, size_t nraw, struct rowbuf *rb)
{
	const struct reqline *q = &g->rq.lines[a->req];
	uint32_t op = q->operand, rma = g->reg.key_rma[q->key];
	struct rk_val *c = rb->cells;
	size_t n;
	const char *p;

	rk_orders_prefetch_ahead(&g->orders, g->alloc.rows, sizeof(*a),
	    offsetof(struct answer, oline), (size_t)(a - g->alloc.rows),
	    g->alloc.n);
	if (rma != RK_NOID) {
		p = rk_intern_str(&g->reg.rmas, rma, &n);
		rk_val_set(&c[RG_RMA_ID], p, n);
	} else {
		rk_val_set(&c[RG_RMA_ID], "", 0);
	}
	if (a->rma_line)
		rk_val_uint(&c[RG_RMA_LINE], rb->num[0], a->rma_line);
	else
		rk_val_set(&c[RG_RMA_LINE], "", 0);
	req_col(g, op, raw, nraw, RQ_REQUEST_ID, &c[RG_REQUEST_ID]);
	rk_val_uint(&c[RG_REQUEST_LINE], rb->num[1], q->request_line);
	req_col(g, op, raw, nraw, RQ_RETAILER_ID, &c[RG_RETAILER_ID]);
	req_col(g, op, raw, nraw, RQ_SKU, &c[RG_SKU]);
	rk_val_uint(&c[RG_QTY], rb->num[2], a->qty);
	req_col(g, op, raw, nraw, RQ_REASON, &c[RG_REASON]);
	p = status_names[a->status];
	rk_val_set(&c[RG_STATUS], p, strlen(p));
	rk_val_str(&c[RG_STATUS_REASON], rk_why_name(a->why));
	if (a->oline != RK_NOID) {
		rk_oline_cells(&g->orders, &g->orders.lines[a->oline],
		    &c[RG_ORDER_ID], &rb->oline);
	} else {
		req_col(g, op, raw, nraw, RQ_ORDER_ID, &c[RG_ORDER_ID]);
		req_col(g, op, raw, nraw, RQ_INVOICE_ID, &c[RG_INVOICE_ID]);
		rk_val_set(&c[RG_INVOICE_LINE], "", 0);
		rk_val_set(&c[RG_LINE_DATE], "", 0);
		rk_val_set(&c[RG_UNIT_PRICE], "", 0);
		rk_val_set(&c[RG_CURRENCY], "", 0);
		rk_val_set(&c[RG_TAX_RATE], "", 0);
	}
	rk_val_set(&c[RG_REQUESTED_AT], rb->reqdate,
	    rk_date_format(q->requested, rb->reqdate));
	req_col(g, op, raw, nraw, RQ_NOTE, &c[RG_NOTE]);
}

/* Carried cells of a request line's row, by carried-column index. */
static void
fill_carried(const struct regrun *g, const struct reqline *q,
    const struct rk_val *raw, size_t nraw, struct rk_val *out,
    size_t ncarried)
{
	rk_primary_carried(&g->rq.input, q->operand, raw, nraw, out, ncarried);
}

/*
 * The answer rows of request lines lo .. hi - 1: a duplicate's registry
 * rows with status duplicate, else the request line's allocation,
 * remainder last.  Rows the sku conflict rejected have none.
 */
static void
write_lines(void *ctx, struct rk_writer *w, size_t lo, size_t hi)
{
	struct regrun *g = ctx;
	size_t ncarried = rk_carried_count(&g->rq.input.carry);
	size_t ncols = RG_NCOLS + ncarried;
	struct rowbuf rb;
	struct rk_val *raw = rk_xcalloc(g->rq.input.maxcols + 1, sizeof(*raw));

	rb.cells = rk_xcalloc(ncols, sizeof(*rb.cells));
	rb.n = ncols;
	for (size_t i = lo; i < hi; i++) {
		const struct reqline *q = &g->rq.lines[i];
		size_t nraw;

		if (q->sku_conflict)
			continue;
		nraw = rk_primary_get(&g->rq.input, q->raw, raw);
		fill_carried(g, q, raw, nraw, rb.cells + RG_NCOLS, ncarried);
		if (q->registered) {
			for (uint32_t d = q->dup_first; d != RK_NOID;
			    d = g->reg.dups[d].next) {
				rk_rowstore_get(&g->reg.dup_cells,
				    g->reg.dups[d].cells, rb.cells, RG_NCOLS);
				rk_val_set(&rb.cells[RG_STATUS], "duplicate", 9);
				rk_writer_row(w, rb.cells);
			}
			continue;
		}
		for (uint32_t k = 0; k < q->nans; k++) {
			fill_row(g, &g->alloc.rows[q->ans_first + k], raw, nraw,
			    &rb);
			rk_writer_row(w, rb.cells);
		}
	}
	free(raw);
	free(rb.cells);
}

/* Every answer row in input order, formatted on several threads. */
void
reg_write_answer(struct regrun *g, struct rk_writer *w)
{
	rk_writer_rows_par(w, g->rq.n, write_lines, g);
}

/* What emit_registered hands each chunk of answer rows. */
struct registered_out {
	const struct regrun *g;
	size_t nreg;              /* the registry's carried columns */
	const uint32_t *map;      /* today's carried column k: map[k] */
};

/* The registered rows among answer rows lo .. hi - 1. */
static void
write_registered(void *ctx, struct rk_writer *w, size_t lo, size_t hi)
{
	const struct registered_out *ro = ctx;
	const struct regrun *g = ro->g;
	size_t ncarried = rk_carried_count(&g->rq.input.carry);
	struct rk_val *raw = rk_xcalloc(g->rq.input.maxcols + 1, sizeof(*raw));
	struct rk_val *carried = rk_xcalloc(ncarried + 1, sizeof(*carried));
	struct rowbuf rb;

	rb.cells = rk_xcalloc(RG_NCOLS + ro->nreg + 1, sizeof(*rb.cells));
	rb.n = RG_NCOLS + ro->nreg;
	for (size_t i = lo; i < hi; i++) {
		const struct answer *a = &g->alloc.rows[i];
		const struct reqline *q = &g->rq.lines[a->req];
		size_t nraw;

		if (!answer_registers(a))
			continue;
		nraw = rk_primary_get(&g->rq.input, q->raw, raw);
		fill_row(g, a, raw, nraw, &rb);
		fill_carried(g, q, raw, nraw, carried, ncarried);
		for (size_t k = 0; k < ro->nreg; k++)
			rk_val_set(&rb.cells[RG_NCOLS + k], "", 0);
		for (size_t k = 0; k < ncarried; k++)
			rk_val_set(&rb.cells[RG_NCOLS + ro->map[k]], carried[k].p,
			    carried[k].n);
		rk_writer_row(w, rb.cells);
	}
	free(raw);
	free(carried);
	free(rb.cells);
}

/*
 * The registered rows of this run (rk_state_commit_merged's emit
 * function): today's carried column k goes to the registry's map[k].
 * Formatted on several threads.
 */
static void
emit_registered(void *ctx, struct rk_writer *w, const struct rk_carried *carry,
    const uint32_t *map)
{
	struct regrun *g = ctx;
	struct registered_out ro = { g, rk_carried_count(carry), map };

	rk_writer_rows_par(w, g->alloc.n, write_registered, &ro);
}

/*
 * Append the run's accepted and held rows to the registry, its carried
 * columns merged with today's; nothing new leaves it as it is.  0, or -1
 * with g->run.err.
 */
int
reg_commit_registry(struct regrun *g)
{
	size_t ntoday = 0;

	for (size_t i = 0; i < g->alloc.n; i++)
		if (answer_registers(&g->alloc.rows[i]))
			ntoday++;
	if (g->o->registry == NULL || ntoday == 0)
		return 0;
	return rk_state_commit_merged("--registry", g->o->registry,
	    &rk_registry_schema, &g->rq.input.carry, &g->reg.carry,
	    emit_registered, g, &g->run.err);
}

/* Count a request line's answer rows by status, and add up its value. */
static unsigned long
count_line(const struct regrun *g, const struct reqline *q,
    unsigned long by[4], struct rk_amounts *sums)
{
	unsigned long rows = 0;

	if (q->registered) {
		for (uint32_t d = q->dup_first; d != RK_NOID;
		    d = g->reg.dups[d].next) {
			by[STATUS_DUPLICATE]++;
			rows++;
		}
		return rows;
	}
	for (uint32_t k = 0; k < q->nans; k++) {
		const struct answer *a = &g->alloc.rows[q->ans_first + k];

		by[a->status]++;
		rows++;
		if (a->oline != RK_NOID)
			rk_oline_amount(&g->orders.lines[a->oline], a->qty, sums);
	}
	return rows;
}

/* The --summary on the standard error. */
void
reg_summary(struct regrun *g)
{
	unsigned long by[4] = { 0 }, rows_out = 0;
	struct rk_amounts *sums = rk_xcalloc(1, sizeof(*sums));

	for (size_t i = 0; i < g->rq.n; i++)
		if (!g->rq.lines[i].sku_conflict)
			rows_out += count_line(g, &g->rq.lines[i], by, sums);
	rk_warnx("%llu request lines in, %lu answer rows out, %lu malformed",
	    (unsigned long long)g->rq.input.nrows, rows_out,
	    rk_rejects_count(g->run.rj));
	rk_warnx("accepted %lu, held %lu, rejected %lu, duplicate %lu",
	    by[STATUS_ACCEPTED], by[STATUS_HELD], by[STATUS_REJECTED],
	    by[STATUS_DUPLICATE]);
	rk_warnx("order lines: %lu read, %lu malformed, %lu kept",
	    g->orders.rows, g->orders.rejected, (unsigned long)g->orders.n);
	rk_amounts_report(sums, "registered");
	free(sums);
	rk_run_summary_end(&g->run);
}
