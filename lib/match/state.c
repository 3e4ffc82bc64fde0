/*
 * state.c - what return-match knows from its state files: the registry's
 * lines (read only), then the journal (return-match(1), "Step 1: the
 * journal"): what today's receipts already got, what registered lines
 * and order lines already gave, and what earlier nights knew of each of
 * today's boxes.  The rows were checked by rk_state_load.
 */
#include "rk/progress.h"
#include "rk/state.h"
#include "rk/statefiles.h"
#include "rk/util.h"

#include "match.h"

/* What a state row took from an order line before today's run. */
static void
note_taken(struct match_run *m, const struct rk_schema *s,
    const struct rk_fv *v)
{
	struct rk_take t;
	uint32_t iv;

	if (!rk_state_row_takes(s, v, &t))
		return;
	iv = rk_intern_add(&m->orders.invoices, t.invoice->p, t.invoice->n);
	rk_consumed_add(&m->olines.taken, iv, (uint32_t)t.line->i, t.qty);
}

static int
registry_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct match_run *m = ctx;
	struct match_registered *reg = &m->reg;
	struct regline *l;
	struct rk_val t[RLT_N];
	char nbuf[RLT_N][24];
	static const int from[RLT_N] = {
		RG_RMA_ID, RG_REASON, RG_STATUS_REASON, RG_ORDER_ID, RG_INVOICE_ID,
		RG_INVOICE_LINE, RG_LINE_DATE, RG_UNIT_PRICE, RG_CURRENCY,
		RG_TAX_RATE
	};

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	/* a registered line is no longer returnable on its invoice line */
	note_taken(m, &rk_registry_schema, v);
	RK_GROW(reg->lines, reg->n, reg->cap);
	l = &reg->lines[reg->n++];
	l->rma = rk_intern_add(&reg->rma_ids, v[RG_RMA_ID].p, v[RG_RMA_ID].n);
	l->rma_line = (uint32_t)v[RG_RMA_LINE].i;
	l->retailer = rk_intern_add(&m->orders.retailers, v[RG_RETAILER_ID].p,
	    v[RG_RETAILER_ID].n);
	l->sku = rk_intern_add(&m->orders.skus, v[RG_SKU].p, v[RG_SKU].n);
	l->qty = l->open = (uint32_t)v[RG_QTY].i;
	l->requested = v[RG_REQUESTED_AT].date;
	l->held = rk_streq(v[RG_STATUS].p, v[RG_STATUS].n, "held");
	for (int i = 0; i < RLT_N; i++)
		rk_fv_cell(&v[from[i]], rk_registry_schema.cols[from[i]].kind,
		    nbuf[i], &t[i]);
	l->texts = rk_rowstore_add(&reg->texts, t, RLT_N);
	/* an RMA is known, and belongs to the retailer of its first line */
	RK_GROW_TO(reg->rma_retailer, (size_t)l->rma + 1, reg->rma_retailer_cap,
	    0xff);
	if (reg->rma_retailer[l->rma] == RK_NOID)
		reg->rma_retailer[l->rma] = l->retailer;
	else if (reg->rma_retailer[l->rma] != l->retailer)
		reg->rma_mixed = 1;
	return 0;
}

/* q less qty, never below zero (the journal may hold more than today). */
static uint32_t
less(uint32_t q, const struct rk_fv *qty)
{
	return (uint64_t)qty->i >= q ? 0 : q - (uint32_t)qty->i;
}

/* What a journal row says of a receipt fed again today. */
static void
journal_receipt(struct match_run *m, const struct rk_fv *v, int allocated)
{
	uint32_t id = rk_intern_find(&m->rcpt.ids, v[JN_RECEIPT_ID].p,
	    v[JN_RECEIPT_ID].n);
	struct receipt *q;

	if (id == RK_NOID)
		return;
	q = &m->rcpt.rows[id];
	if (allocated)
		q->todo = less(q->todo, &v[JN_QTY]);
	if ((uint32_t)v[JN_SEQ].i > q->seq)
		q->seq = (uint32_t)v[JN_SEQ].i;
}

/* What an allocated journal row took from a registered line. */
static void
journal_regline(struct match_run *m, const struct rk_fv *v)
{
	uint32_t rma, l;

	if (!rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "rma") &&
	    !rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "parcel_rma") &&
	    !rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "retailer_rma"))
		return;
	rma = rk_intern_find(&m->reg.rma_ids, v[JN_RMA_ID].p, v[JN_RMA_ID].n);
	l = match_find_regline(m, rma, (uint32_t)v[JN_RMA_LINE].i);
	if (l != RK_NOID)
		m->reg.lines[l].open = less(m->reg.lines[l].open, &v[JN_QTY]);
}

/*
 * What earlier nights knew of one of today's boxes: the retailers its
 * rows named, and its known RMAs in journal order (today's go first:
 * match_decide_senders).
 */
static void
journal_parcel(struct match_run *m, const struct rk_fv *v)
{
	uint32_t p = rk_intern_find(&m->rcpt.parcel_ids, v[JN_PARCEL_ID].p,
	    v[JN_PARCEL_ID].n);
	struct parcel *pc;

	if (p == RK_NOID)
		return;
	pc = &m->rcpt.parcels[p];
	if (v[JN_RETAILER_ID].present) {
		uint32_t r = rk_intern_add(&m->orders.retailers,
		    v[JN_RETAILER_ID].p, v[JN_RETAILER_ID].n);

		if (!match_u32_has(pc->jretailers, pc->njretailers, r)) {
			RK_GROW(pc->jretailers, pc->njretailers, pc->jretailercap);
			pc->jretailers[pc->njretailers++] = r;
		}
	}
	if (v[JN_RMA_ID].present) {
		uint32_t rma = rk_intern_find(&m->reg.rma_ids, v[JN_RMA_ID].p,
		    v[JN_RMA_ID].n);

		if (rma != RK_NOID && match_rma_retailer(m, rma) != RK_NOID &&
		    !match_u32_has(pc->rmas, pc->nrmas, rma)) {
			RK_GROW(pc->rmas, pc->nrmas, pc->rmacap);
			pc->rmas[pc->nrmas++] = rma;
		}
	}
}

static int
journal_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct match_run *m = ctx;
	int allocated = rk_journal_allocated(v);

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	m->journal_rows++;
	journal_receipt(m, v, allocated);
	if (allocated)
		journal_regline(m, v);
	note_taken(m, &rk_journal_schema, v);
	journal_parcel(m, v);
	return 0;
}

/*
 * The registry, then the journal (which names registered lines by RMA,
 * so they are indexed in between); then mark the receipts earlier nights
 * allocated wholly: they are skipped.
 */
int
match_read_state(struct match_run *m)
{
	if (rk_state_load("--registry", m->o->registry, &rk_registry_schema,
	    NULL, registry_row, m, &m->run.err))
		return -1;
	match_index_reglines(m);
	if (rk_state_load("--journal", m->o->journal, &rk_journal_schema,
	    &m->journal_carry, journal_row, m, &m->run.err))
		return -1;
	rk_consumed_build(&m->olines.taken, m->orders.invoices.count);
	rk_phase("state");
	for (size_t i = 0; i < m->rcpt.n; i++)
		if (m->rcpt.rows[i].todo == 0) {
			m->rcpt.rows[i].skip = 1;
			m->rcpt.skipped++;
		}
	return 0;
}
