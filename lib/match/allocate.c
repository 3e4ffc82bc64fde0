/*
 * allocate.c - return-match's answers (return-match(1), "Step 3:
 * allocation"): each row of a parcel with a sender goes greedily through
 * the four tiers (rma, parcel_rma, retailer_rma, order_history), and what
 * remains is one unmatched row with the first reason that applies.
 * Parcels with a sender or a conflict come first, in order of first
 * appearance; then the others, each inferred against what is left.
 */
#include "rk/util.h"

#include "match.h"

/* One more answer row of receipt ri, with the receipt's next seq. */
static void
add_answer(struct match_run *m, uint32_t ri, uint32_t qty, int match,
    int status, int why, uint32_t regline, uint32_t oline)
{
	struct answer *u;

	RK_GROW(m->answers, m->nanswers, m->answercap);
	u = &m->answers[m->nanswers++];
	u->receipt = ri;
	u->seq = ++m->rcpt.rows[ri].seq;
	u->qty = qty;
	u->match = (uint8_t)match;
	u->status = (uint8_t)status;
	u->why = (uint8_t)why;
	u->regline = regline;
	u->oline = oline;
}

/* status_reason of a matched or unannounced row (return-match(1),
 * "Statuses and status reasons"). */
static int
plain_why(const struct match_run *m, const struct receipt *q)
{
	if (q->rma_unknown)
		return WHY_UNKNOWN_RMA;
	if (m->rcpt.parcels[q->parcel].inferred)
		return WHY_INFERRED;
	return WHY_NONE;
}

/* Take from one registered line; returns what was taken.  A held line
 * gives held rows with its own status_reason. */
static uint32_t
take_regline(struct match_run *m, uint32_t ri, uint32_t li, uint32_t need,
    int match)
{
	struct regline *l = &m->reg.lines[li];
	uint32_t take = l->open < need ? l->open : need;

	if (take == 0)
		return 0;
	l->open -= take;
	if (l->held)
		add_answer(m, ri, take, match, STATUS_HELD, WHY_REGISTERED, li,
		    RK_NOID);
	else
		add_answer(m, ri, take, match, STATUS_MATCHED,
		    plain_why(m, &m->rcpt.rows[ri]), li, RK_NOID);
	return take;
}

/* Tiers 1 and 2: the open lines of one RMA of the sender with the
 * row's sku, by rma_line. */
static uint32_t
take_rma(struct match_run *m, uint32_t ri, uint32_t rma, uint32_t sender,
    uint32_t need, int match)
{
	const struct csr *c = &m->reg.by_rma;
	uint32_t got = 0;

	if (rma == RK_NOID || rma >= c->n ||
	    match_rma_retailer(m, rma) != sender)
		return 0;
	for (uint32_t i = c->off[rma]; i < c->off[rma + 1] && got < need; i++) {
		uint32_t li = c->idx[i];

		if (m->reg.lines[li].sku == m->rcpt.rows[ri].sku)
			got += take_regline(m, ri, li, need - got, match);
	}
	return got;
}

/* Tiers 1 to 3, from registered lines; returns what is still needed. */
static uint32_t
take_registered(struct match_run *m, uint32_t ri, uint32_t sender,
    uint32_t need)
{
	const struct receipt *q = &m->rcpt.rows[ri];
	const struct parcel *pc = &m->rcpt.parcels[q->parcel];
	uint32_t from, to;

	/* 1. rma: the row's own RMA */
	if (q->rma_known)
		need -= take_rma(m, ri, q->rma, sender, need, MATCH_RMA);
	/* 2. parcel_rma: the other known RMAs of the box */
	for (uint32_t k = 0; k < pc->nrmas && need > 0; k++)
		if (!(q->rma_known && pc->rmas[k] == q->rma))
			need -= take_rma(m, ri, pc->rmas[k], sender, need,
			    MATCH_PARCEL_RMA);
	/* 3. retailer_rma: the retailer's other RMAs, oldest request first */
	match_retailer_run(&m->reg.by_sku, q->sku, sender, &from, &to);
	for (uint32_t i = from; i < to && need > 0; i++) {
		uint32_t li = m->reg.by_sku.idx[i];

		if (q->rma_known && m->reg.lines[li].rma == q->rma)
			continue;
		if (match_u32_has(pc->rmas, pc->nrmas, m->reg.lines[li].rma))
			continue;
		need -= take_regline(m, ri, li, need, MATCH_RETAILER_RMA);
	}
	return need;
}

/* The receipt row tier 4 allocates (the allocator's ctx). */
struct asking {
	struct match_run *m;
	const struct receipt *q;
	uint32_t ri;
};

/* Tier 4's groups: the lines of the order the row names come first. */
static int
order_group(void *ctx, const struct rk_oline *l)
{
	const struct asking *k = ctx;
	size_t an, bn;
	const char *a = rk_orders_order(&k->m->orders, l, &an);
	const char *b = rk_intern_str(&k->m->rcpt.order_ids, k->q->order, &bn);

	return rk_memeq(a, an, b, bn) ? 0 : 1;
}

/* What an order line gave: unannounced in window, else held. */
static void
take_oline(void *ctx, uint32_t line, uint32_t qty, int in_window)
{
	const struct asking *k = ctx;

	if (in_window)
		add_answer(k->m, k->ri, qty, MATCH_ORDER_HISTORY,
		    STATUS_UNANNOUNCED, plain_why(k->m, k->q), RK_NOID, line);
	else
		add_answer(k->m, k->ri, qty, MATCH_ORDER_HISTORY, STATUS_HELD,
		    WHY_OUTSIDE, RK_NOID, line);
}

/*
 * Tier 4, order_history: the sender's order lines with the row's sku,
 * dated on or before received_at, in four groups (in window and of the
 * row's order, in window, out of window and of the row's order, out of
 * window; rk/allocation.h); then the unmatched remainder.
 */
static void
take_order_history(struct match_run *m, uint32_t ri, uint32_t sender,
    uint32_t need)
{
	const struct receipt *q = &m->rcpt.rows[ri];
	struct asking k = { m, q, ri };
	struct rk_alloc_ask ask = { need, q->received, m->window, 0,
		q->order != RK_NOID ? order_group : NULL, take_oline, &k };
	struct rk_alloc_left left;
	uint32_t from, to;

	match_retailer_run(&m->olines.by_sku, q->sku, sender, &from, &to);
	left = rk_allocate(&m->tier4, m->olines.by_sku.idx + from, to - from,
	    &ask);
	if (left.qty > 0)
		add_answer(m, ri, left.qty, MATCH_NONE, STATUS_UNMATCHED, left.why,
		    RK_NOID, RK_NOID);
}

/* A parcel with a sender: rows that name a known RMA first, then the
 * others, each group in input order. */
static void
allocate_parcel(struct match_run *m, uint32_t p)
{
	const struct parcel *pc = &m->rcpt.parcels[p];

	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = pc->first; i != RK_NOID;
		    i = m->rcpt.rows[i].next) {
			const struct receipt *q = &m->rcpt.rows[i];
			uint32_t need;

			if (q->skip || q->rma_known != (pass == 0))
				continue;
			need = take_registered(m, i, pc->sender, q->todo);
			if (need > 0)
				take_order_history(m, i, pc->sender, need);
		}
}

/* A parcel whose rows all get one status (conflict, or no sender). */
static void
answer_parcel(struct match_run *m, uint32_t p, int status, int why)
{
	const struct parcel *pc = &m->rcpt.parcels[p];

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rcpt.rows[i].next)
		if (!m->rcpt.rows[i].skip)
			add_answer(m, i, m->rcpt.rows[i].todo, MATCH_NONE, status,
			    why, RK_NOID, RK_NOID);
}

void
match_allocate(struct match_run *m)
{
	struct match_receipts *rcpt = &m->rcpt;

	rk_allocator_init(&m->tier4, &m->orders, m->run.pol.allocation,
	    m->run.pol.late);
	/* parcels with a sender or a conflict, in order of first appearance */
	for (uint32_t p = 0; p < rcpt->nparcels; p++) {
		if (rcpt->parcels[p].kind == PARCEL_SENDER)
			allocate_parcel(m, p);
		else if (rcpt->parcels[p].kind == PARCEL_CONFLICT)
			answer_parcel(m, p, STATUS_CONFLICT, WHY_CONFLICT);
	}
	/* then the others, each inferred against what is left */
	for (uint32_t p = 0; p < rcpt->nparcels; p++) {
		if (rcpt->parcels[p].kind != PARCEL_NO_SENDER)
			continue;
		match_infer_sender(m, p);
		if (rcpt->parcels[p].kind == PARCEL_SENDER)
			allocate_parcel(m, p);
		else
			answer_parcel(m, p, STATUS_UNMATCHED,
			    rcpt->parcels[p].fail);
	}
}
