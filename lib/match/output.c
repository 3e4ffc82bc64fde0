/*
 * output.c - what return-match writes: the answer rows in the journal's
 * columns followed by the carried ones (return-match(1), "Output order
 * and the journal"), the registered lines still open (--expected), the
 * journal commit of every answer row, and the --summary.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rk/date.h"
#include "rk/money.h"
#include "rk/state.h"
#include "rk/statefiles.h"
#include "rk/util.h"

#include "match.h"

static const char *const match_names[] = {
	"none", "rma", "parcel_rma", "retailer_rma", "order_history"
};

static const char *const status_names[] = {
	"matched", "unannounced", "held", "unmatched", "conflict"
};

/*
 * The fixed status_reason texts of return-match's own reasons, from
 * WHY_UNKNOWN_RMA on; WHY_REGISTERED and WHY_AMBIGUOUS take theirs from
 * the registered line and the parcel.
 */
static const char *const why_names[] = {
	"unknown_rma", "retailer_inferred", "", "unknown_sender", "",
	"sender_conflict"
};

/* The cells of one answer row and the buffers its numbers are written to. */
struct rowbuf {
	struct rk_val *cells;
	char num[3][24];
	char rdate[16];
	struct rk_oline_text oline;
};

/* A fixed status_reason text. */
static const char *
why_text(int why)
{
	return why < RK_WHY_N ? rk_why_name(why) : why_names[why - RK_WHY_N];
}

/* The columns from rma_id on of a row that consumed a registered line. */
static void
regline_cells(const struct match_run *m, const struct answer *u,
    struct rowbuf *rb)
{
	const struct regline *l = &m->reg.lines[u->regline];
	struct rk_val *c = rb->cells, t[RLT_N];

	rk_rowstore_get(&m->reg.texts, l->texts, t, RLT_N);
	if (u->why == WHY_REGISTERED)
		c[JN_STATUS_REASON] = t[RLT_STATUS_REASON];
	c[JN_RMA_ID] = t[RLT_RMA_ID];
	rk_val_uint(&c[JN_RMA_LINE], rb->num[2], l->rma_line);
	c[JN_REASON] = t[RLT_REASON];
	c[JN_ORDER_ID] = t[RLT_ORDER_ID];
	c[JN_INVOICE_ID] = t[RLT_INVOICE_ID];
	c[JN_INVOICE_LINE] = t[RLT_INVOICE_LINE];
	c[JN_LINE_DATE] = t[RLT_LINE_DATE];
	c[JN_UNIT_PRICE] = t[RLT_UNIT_PRICE];
	c[JN_CURRENCY] = t[RLT_CURRENCY];
	c[JN_TAX_RATE] = t[RLT_TAX_RATE];
}

/* retailer_id: the row's own on a conflict, else the parcel's sender. */
static void
retailer_cell(const struct match_run *m, const struct answer *u,
    const struct receipt *q, const struct rk_val *raw, size_t nraw,
    struct rk_val *out)
{
	const struct parcel *pc = &m->rcpt.parcels[q->parcel];
	const char *p;
	size_t n;

	if (u->status == STATUS_CONFLICT) {
		rk_primary_col(&m->rcpt.input, q->op, raw, nraw, RCPT_RETAILER_ID,
		    out);
	} else if (pc->sender != RK_NOID && pc->kind == PARCEL_SENDER) {
		p = rk_intern_str(&m->orders.retailers, pc->sender, &n);
		rk_val_set(out, p, n);
	} else {
		rk_val_set(out, "", 0);
	}
}

/* The standard journal columns of an answer row; raw is its receipt. */
static void
fill_row(const struct match_run *m, const struct answer *u,
    const struct rk_val *raw, size_t nraw, struct rowbuf *rb)
{
	const struct rk_primary *in = &m->rcpt.input;
	const struct receipt *q = &m->rcpt.rows[u->receipt];
	const struct parcel *pc = &m->rcpt.parcels[q->parcel];
	struct rk_val *c = rb->cells, cond;

	rk_primary_col(in, q->op, raw, nraw, RCPT_RECEIPT_ID, &c[JN_RECEIPT_ID]);
	rk_val_uint(&c[JN_SEQ], rb->num[0], u->seq);
	rk_primary_col(in, q->op, raw, nraw, RCPT_PARCEL_ID, &c[JN_PARCEL_ID]);
	retailer_cell(m, u, q, raw, nraw, &c[JN_RETAILER_ID]);
	rk_primary_col(in, q->op, raw, nraw, RCPT_SKU, &c[JN_SKU]);
	rk_val_uint(&c[JN_QTY], rb->num[1], u->qty);
	rk_primary_col(in, q->op, raw, nraw, RCPT_CONDITION, &cond);
	if (cond.n == 0 && m->run.pol.default_condition)
		rk_val_str(&cond, m->run.pol.default_condition);
	c[JN_CONDITION] = cond;
	rk_val_set(&c[JN_RECEIVED_AT], rb->rdate,
	    rk_date_format(q->received, rb->rdate));
	rk_val_str(&c[JN_MATCH], match_names[u->match]);
	rk_val_str(&c[JN_STATUS], status_names[u->status]);
	for (int k = JN_RMA_ID; k < JN_NCOLS; k++)
		rk_val_set(&c[k], "", 0);
	if (u->why == WHY_AMBIGUOUS)
		rk_val_str(&c[JN_STATUS_REASON], pc->ambiguous);
	else if (u->why != WHY_REGISTERED)
		rk_val_str(&c[JN_STATUS_REASON], why_text(u->why));
	if (u->regline != RK_NOID) {
		regline_cells(m, u, rb);
	} else if (u->oline != RK_NOID) {
		rk_oline_cells(&m->orders, &m->orders.lines[u->oline],
		    &c[JN_ORDER_ID], &rb->oline);
	} else {
		/* none: echo the row's references */
		rk_primary_col(in, q->op, raw, nraw, RCPT_RMA_ID, &c[JN_RMA_ID]);
		rk_primary_col(in, q->op, raw, nraw, RCPT_ORDER_ID,
		    &c[JN_ORDER_ID]);
	}
}

/* What match_write_answers hands each chunk of answer rows. */
struct answers_out {
	const struct match_run *m;
	size_t nout_cols;
	const uint32_t *map;
};

/* Answer rows lo .. hi - 1 (rk_writer_rows_par's write function). */
static void
write_answers(void *ctx, struct rk_writer *w, size_t lo, size_t hi)
{
	const struct answers_out *ao = ctx;
	const struct match_run *m = ao->m;
	const struct rk_primary *in = &m->rcpt.input;
	size_t ncarried = rk_carried_count(&in->carry);
	struct rk_val *raw = rk_xcalloc(in->maxcols + 1, sizeof(*raw));
	struct rk_val *car = rk_xcalloc(ncarried + 1, sizeof(*car));
	struct rowbuf rb;
	uint32_t last = RK_NOID;
	size_t nraw = 0;

	rb.cells = rk_xcalloc(ao->nout_cols + 1, sizeof(*rb.cells));
	for (size_t i = lo; i < hi; i++) {
		const struct answer *u = &m->answers[i];

		if (u->receipt != last) {
			const struct receipt *q = &m->rcpt.rows[u->receipt];

			nraw = rk_primary_get(in, q->raw, raw);
			rk_primary_carried(in, q->op, raw, nraw, car, ncarried);
			last = u->receipt;
		}
		rk_orders_prefetch_ahead(&m->orders, m->answers, sizeof(*u),
		    offsetof(struct answer, oline), i, hi);
		fill_row(m, u, raw, nraw, &rb);
		for (size_t k = JN_NCOLS; k < ao->nout_cols; k++)
			rk_val_set(&rb.cells[k], "", 0);
		for (size_t k = 0; k < ncarried; k++)
			rb.cells[JN_NCOLS + (ao->map ? ao->map[k] : k)] = car[k];
		rk_writer_row(w, rb.cells);
	}
	free(raw);
	free(car);
	free(rb.cells);
}

/*
 * Write the answer rows in processing order through w, nout_cols cells
 * each; the receipts' carried columns go to positions JN_NCOLS + map[i]
 * (identity when map is NULL).  Formatted on several threads.
 */
void
match_write_answers(struct match_run *m, struct rk_writer *w,
    size_t nout_cols, const uint32_t *map)
{
	struct answers_out ao = { m, nout_cols, map };

	rk_writer_rows_par(w, m->nanswers, write_answers, &ao);
}

/* One --expected row: a registered line still open. */
static void
write_expected_row(const struct match_run *m, struct rk_writer *w,
    const struct regline *l)
{
	struct rk_val c[9], t[RLT_N];
	char num[5][24], date[16];
	size_t n;
	int64_t age = (int64_t)m->o->as_of - l->requested;

	rk_rowstore_get(&m->reg.texts, l->texts, t, RLT_N);
	c[0] = t[RLT_RMA_ID];
	rk_val_set(&c[1], num[0], rk_utoa(l->rma_line, num[0]));
	c[2].p = rk_intern_str(&m->orders.retailers, l->retailer, &n);
	c[2].n = n;
	c[3].p = rk_intern_str(&m->orders.skus, l->sku, &n);
	c[3].n = n;
	rk_val_set(&c[4], num[1], rk_utoa(l->qty, num[1]));
	rk_val_set(&c[5], num[2], rk_utoa(l->qty - l->open, num[2]));
	rk_val_set(&c[6], num[3], rk_utoa(l->open, num[3]));
	rk_val_set(&c[7], date, rk_date_format(l->requested, date));
	if (age < 0) {
		num[4][0] = '-';
		rk_val_set(&c[8], num[4], 1 + rk_utoa((uint64_t)-age, num[4] + 1));
	} else {
		rk_val_set(&c[8], num[4], rk_utoa((uint64_t)age, num[4]));
	}
	rk_writer_row(w, c);
}

/* --expected (return-match(1), EXPECTED), in registry order. */
int
match_write_expected(struct match_run *m)
{
	static const char *const names[] = {
		"rma_id", "rma_line", "retailer_id", "sku", "qty_registered",
		"qty_received", "qty_open", "requested_at", "age_days"
	};
	static const enum rk_ctype types[] = {
		RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_TEXT, RK_C_INT, RK_C_INT,
		RK_C_INT, RK_C_TEXT, RK_C_INT
	};
	struct rk_writer_opts wo = rk_opts_writer(m->o);
	struct rk_writer *w;
	FILE *fp = rk_run_report(&m->run, RK_REP_EXPECTED);
	int status = 0;

	if (fp == NULL)
		return 0;
	w = rk_writer_new(fp, &wo);
	rk_writer_columns(w, names, NULL, types, 9);
	for (size_t i = 0; i < m->reg.n; i++)
		if (m->reg.lines[i].open != 0)
			write_expected_row(m, w, &m->reg.lines[i]);
	if (rk_writer_end(w))
		status = rk_errf(&m->run.err, RK_EX_IOERR, "--expected '%s': write "
		    "error: %s", m->o->expected, strerror(errno));
	rk_writer_free(w);
	return status;
}

/* The journal commit's row writer (rk_state_commit_merged's emit). */
static void
emit_journal(void *ctx, struct rk_writer *w, const struct rk_carried *carry,
    const uint32_t *map)
{
	match_write_answers(ctx, w, JN_NCOLS + rk_carried_count(carry), map);
}

/* Append every answer row to the journal (none: it stays as it is). */
int
match_commit_journal(struct match_run *m)
{
	if (m->o->journal == NULL || m->nanswers == 0)
		return 0;
	return rk_state_commit_merged("--journal", m->o->journal,
	    &rk_journal_schema, &m->rcpt.input.carry, &m->journal_carry,
	    emit_journal, m, &m->run.err);
}

/* The value of an answer row: qty times its line's unit_price. */
static void
add_value(const struct match_run *m, const struct answer *u,
    struct rk_amounts *sums)
{
	if (u->oline != RK_NOID) {
		rk_oline_amount(&m->orders.lines[u->oline], u->qty, sums);
	} else if (u->regline != RK_NOID) {
		struct rk_val t[RLT_N];
		struct rk_dec price;

		rk_rowstore_get(&m->reg.texts, m->reg.lines[u->regline].texts, t,
		    RLT_N);
		if (rk_dec_parse(t[RLT_UNIT_PRICE].p, t[RLT_UNIT_PRICE].n, '.', 12,
		    6, &price) == 0)
			rk_amounts_add(sums, rk_currency_find(t[RLT_CURRENCY].p,
			    t[RLT_CURRENCY].n), u->qty, &price);
	}
}

/* --summary, on the standard error. */
void
match_summary(struct match_run *m)
{
	unsigned long by[STATUS_N] = { 0 }, in = 0;
	struct rk_amounts *sums = rk_xcalloc(1, sizeof(*sums));

	for (size_t i = 0; i < m->nanswers; i++) {
		by[m->answers[i].status]++;
		add_value(m, &m->answers[i], sums);
	}
	for (size_t i = 0; i < m->rcpt.n; i++)
		in += !m->rcpt.rows[i].skip;
	rk_warnx("%llu receipt rows in, %lu processed, %lu already matched, "
	    "%lu rows out, %lu malformed",
	    (unsigned long long)m->rcpt.input.nrows, in, m->rcpt.skipped,
	    (unsigned long)m->nanswers, rk_rejects_count(m->run.rj));
	rk_warnx("matched %lu, unannounced %lu, held %lu, unmatched %lu, "
	    "conflict %lu", by[STATUS_MATCHED], by[STATUS_UNANNOUNCED],
	    by[STATUS_HELD], by[STATUS_UNMATCHED], by[STATUS_CONFLICT]);
	rk_warnx("registered lines: %lu, journal rows: %lu; order lines: %lu "
	    "read, %lu malformed, %lu kept", (unsigned long)m->reg.n,
	    m->journal_rows, m->orders.rows, m->orders.rejected,
	    (unsigned long)m->orders.n);
	rk_amounts_report(sums, "received");
	free(sums);
	rk_run_summary_end(&m->run);
}
