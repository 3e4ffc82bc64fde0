/*
 * allocate.c - return-match's answers (return-match(1), "Step 3:
 * allocation"): each row of a parcel with a sender goes greedily through
 * the four tiers (rma, parcel_rma, retailer_rma, order_history), and what
 * remains is one unmatched row with the first reason that applies.
 * Parcels with a sender or a conflict come first, in order of first
 * appearance; then the others, each inferred against what is left.
 */
#include <stdlib.h>

#include "rk/policy.h"
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

/* Tier 4 groups first, then the policy's allocation order. */
static int
tier4_cmp(const void *a, const void *b, void *ctx)
{
	const struct tier4_cand *x = a, *y = b;
	const struct match_run *m = ctx;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return rk_oline_cmp(&m->orders, m->run.pol.allocation,
	    &m->orders.lines[x->line], &m->orders.lines[y->line]);
}

/* Whether the order line belongs to the order the receipt names. */
static int
order_is(const struct match_run *m, const struct rk_oline *l, uint32_t ref)
{
	size_t an, bn;
	const char *a, *b;

	if (ref == RK_NOID)
		return 0;
	a = rk_orders_order(&m->orders, l, &an);
	b = rk_intern_str(&m->rcpt.order_ids, ref, &bn);
	return rk_memeq(a, an, b, bn);
}

/*
 * Tier 4's candidates in m->cands: the sender's order lines with the
 * sku, dated on or before received_at, with remaining quantity, each in
 * its group: in window and of the row's order (0), in window (1), out of
 * window and of the row's order (2), out of window (3).  *dated: some
 * line of the sku was dated on or before received_at.
 */
static size_t
tier4_candidates(struct match_run *m, const struct receipt *q,
    uint32_t sender, int *dated)
{
	uint32_t from, to;
	size_t nc = 0;

	match_retailer_run(&m->olines.by_sku, q->sku, sender, &from, &to);
	for (uint32_t i = from; i < to; i++) {
		uint32_t li = m->olines.by_sku.idx[i];
		const struct rk_oline *l = &m->orders.lines[li];
		int inwin, mine;

		if (l->date > q->received)
			continue;
		*dated = 1;
		if (l->remaining == 0)
			continue;
		inwin = q->received - l->date <= m->window;
		mine = order_is(m, l, q->order);
		RK_GROW(m->cands, nc, m->candcap);
		m->cands[nc].line = li;
		m->cands[nc].group = (uint8_t)((inwin ? 0 : 2) + (mine ? 0 : 1));
		nc++;
	}
	return nc;
}

/* Tier 4, order_history, and the unmatched remainder. */
static void
take_order_history(struct match_run *m, uint32_t ri, uint32_t sender,
    uint32_t need)
{
	const struct receipt *q = &m->rcpt.rows[ri];
	int dated = 0, late_left = 0, why;
	size_t nc = tier4_candidates(m, q, sender, &dated);

	if (nc > 1)
		qsort_r(m->cands, nc, sizeof(*m->cands), tier4_cmp, m);
	for (size_t i = 0; i < nc && need > 0; i++) {
		struct rk_oline *l = &m->orders.lines[m->cands[i].line];
		uint32_t take;

		if (m->cands[i].group >= 2 && m->run.pol.late != RK_LATE_HOLD) {
			late_left = 1;
			continue;
		}
		take = l->remaining < need ? l->remaining : need;
		l->remaining -= take;
		need -= take;
		if (m->cands[i].group < 2)
			add_answer(m, ri, take, MATCH_ORDER_HISTORY,
			    STATUS_UNANNOUNCED, plain_why(m, q), RK_NOID,
			    m->cands[i].line);
		else
			add_answer(m, ri, take, MATCH_ORDER_HISTORY, STATUS_HELD,
			    WHY_OUTSIDE, RK_NOID, m->cands[i].line);
	}
	if (need == 0)
		return;
	if (!dated)
		why = WHY_NOT_PURCHASED;
	else if (late_left)
		why = WHY_OUTSIDE;
	else
		why = WHY_EXCEEDS;
	add_answer(m, ri, need, MATCH_NONE, STATUS_UNMATCHED, why, RK_NOID,
	    RK_NOID);
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
