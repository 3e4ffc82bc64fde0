/*
 * receipts.c - return-match's input: every receipt row, checked
 * (return-match(1), "Checking a receipt"), kept as read, and grouped into
 * parcels in order of first appearance.
 */
#include <stdio.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/policy.h"
#include "rk/rejects.h"
#include "rk/statefiles.h"
#include "rk/util.h"

#include "match.h"

static const struct rk_colspec receipt_cols[RCPT_NCOLS] = {
	{ "receipt_id", RK_K_ID, 1 },
	{ "parcel_id", RK_K_ID, 1 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "retailer_id", RK_K_ID, 0 },
	{ "rma_id", RK_K_ID, 0 },
	{ "order_id", RK_K_ID, 0 },
	{ "condition", RK_K_ID, 0 },
	{ "origin_country", RK_K_ID, 0 },
	{ "received_at", RK_K_DATE, 0 },
};

/* With --policy, a condition must be one of its codes. */
static enum rk_code
condition_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg,
    size_t cap)
{
	struct match_run *m = ctx;

	if (col != RCPT_CONDITION)
		return RK_OK;
	return (enum rk_code)rk_policy_check_condition(&m->run.pol, v, msg, cap);
}

/*
 * Claim a valid row's receipt_id: RK_OK when it is new, RK_DUPLICATE_KEY
 * (with msg) when an earlier row has it; the first one is used.
 */
static enum rk_code
claim_receipt_id(struct match_receipts *rcpt, const struct rk_fv *v,
    char *msg, size_t msgcap)
{
	uint32_t before = rcpt->ids.count;
	uint32_t id = rk_intern_add(&rcpt->ids, v[RCPT_RECEIPT_ID].p,
	    v[RCPT_RECEIPT_ID].n);
	char shown[100];

	if (id >= before)
		return RK_OK;
	snprintf(msg, msgcap, "receipt %s appears more than once; the first one "
	    "is used", rk_show(shown, sizeof(shown), v[RCPT_RECEIPT_ID].p,
	    v[RCPT_RECEIPT_ID].n));
	return RK_DUPLICATE_KEY;
}

/*
 * Each row's step where it is checked (rk_primary's step): a valid
 * row's receipt_id claimed.  It alone touches rcpt->ids while the
 * receipts are read.
 */
static enum rk_code
receipt_step(void *ctx, uint32_t op, const struct rk_binding *b,
    const struct rk_row *row, enum rk_code code, struct rk_fv *v,
    struct rk_fv *out, char *msg, size_t msgcap)
{
	(void)op;
	(void)b;
	(void)row;
	(void)out;
	if (code == RK_OK)
		code = claim_receipt_id(ctx, v, msg, msgcap);
	return code;
}

/* Chain row i into its parcel, opening the parcel at its first row. */
static void
join_parcel(struct match_run *m, uint32_t i, const struct rk_fv *pid,
    uint32_t country)
{
	struct match_receipts *rcpt = &m->rcpt;
	uint32_t before = rcpt->parcel_ids.count;
	uint32_t p = rk_intern_add(&rcpt->parcel_ids, pid->p, pid->n);

	if (p == before) {
		struct parcel *pc;

		RK_GROW(rcpt->parcels, rcpt->nparcels, rcpt->parcelcap);
		pc = &rcpt->parcels[rcpt->nparcels++];
		memset(pc, 0, sizeof(*pc));
		pc->first = pc->last = i;
		pc->sender = RK_NOID;
		pc->country = RK_NOID;
	} else {
		rcpt->rows[rcpt->parcels[p].last].next = i;
		rcpt->parcels[p].last = i;
	}
	rcpt->rows[i].parcel = p;
	if (rcpt->parcels[p].country == RK_NOID)
		rcpt->parcels[p].country = country;
}

/* Optional id column: its id in pool, or RK_NOID when empty. */
static uint32_t
intern_present(struct rk_intern *pool, const struct rk_fv *v)
{
	return v->present ? rk_intern_add(pool, v->p, v->n) : RK_NOID;
}

/* rk_primary_read's row function: reject the row, or keep it. */
static void
take_receipt(void *ctx, struct rk_primary *pr, uint32_t op,
    struct rk_reader *r, const struct rk_row *row, enum rk_code code,
    struct rk_fv *v, char *msg, size_t msgcap)
{
	struct match_run *m = ctx;
	struct match_receipts *rcpt = &m->rcpt;
	struct receipt *q;
	uint32_t i;

	(void)msgcap;
	if (code != RK_OK) {
		rk_rejects_add(m->run.rj, RK_SRC_PRIMARY, pr->nrows, r, row, code, msg);
		return;
	}
	/* ids are dense and given in the same order as rows: id == index */
	i = (uint32_t)rcpt->n;
	RK_GROW_RAW(rcpt->rows, rcpt->n, rcpt->cap);
	rcpt->mapped = rk_populate_ahead(rcpt->rows, rcpt->mapped,
	    (rcpt->n + 1) * sizeof(*q), rcpt->cap * sizeof(*q));
	q = &rcpt->rows[i];
	memset(q, 0, sizeof(*q));
	q->raw = rk_primary_keep(pr, row);
	q->op = op;
	q->next = RK_NOID;
	q->sku = rk_intern_add(&m->orders.skus, v[RCPT_SKU].p, v[RCPT_SKU].n);
	q->retailer = intern_present(&m->orders.retailers, &v[RCPT_RETAILER_ID]);
	q->rma = intern_present(&m->reg.rma_ids, &v[RCPT_RMA_ID]);
	q->order = intern_present(&rcpt->order_ids, &v[RCPT_ORDER_ID]);
	q->received = v[RCPT_RECEIVED_AT].present ? v[RCPT_RECEIVED_AT].date :
	    m->o->as_of;
	q->todo = (uint32_t)v[RCPT_QTY].i;
	join_parcel(m, i, &v[RCPT_PARCEL_ID],
	    intern_present(&rcpt->countries, &v[RCPT_ORIGIN_COUNTRY]));
	rcpt->n++;
}

void
match_receipts_init(struct match_run *m)
{
	rk_intern_init(&m->rcpt.ids);
	rk_intern_init(&m->rcpt.parcel_ids);
	rk_intern_init(&m->rcpt.order_ids);
	rk_intern_init(&m->rcpt.countries);
	rk_primary_init(&m->rcpt.input, receipt_cols, RCPT_NCOLS, condition_hook,
	    m, rk_journal_names, JN_NCOLS);
	m->rcpt.input.step = receipt_step;
	m->rcpt.input.step_ctx = &m->rcpt;
	m->rcpt.input.step_vals = 0;
}

/* Every operand, in order. */
int
match_read_receipts(struct match_run *m)
{
	return rk_primary_read(&m->rcpt.input, m->o, m->run.rj, &m->run.pg,
	    take_receipt, m, &m->run.err);
}
