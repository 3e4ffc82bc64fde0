/*
 * allocate.c - return-match's answers (return-match(1), "Step 3:
 * allocation"): each row of a parcel with a sender goes greedily through
 * the four tiers (rma, parcel_rma, retailer_rma, order_history), and what
 * remains is one unmatched row with the first reason that applies.
 * Parcels with a sender or a conflict come first, in order of first
 * appearance; then the others, each inferred against what is left.
 *
 * Every tier of a parcel with a sender takes only from its sender's
 * RMAs and runs: registered lines of the RMAs whose first line names
 * the sender, tier 3's and tier 4's lines of (sku, sender).  When every
 * RMA's lines name one retailer, those are lines of the sender alone,
 * so the parcels are cut into parts by sender and the parts allocated
 * on several threads at once; each sender's parcels are still taken in
 * order of first appearance, and the answer rows are gathered back into
 * that order, so they are the same with any number of threads
 * (plan_parts).
 */
#include <stdlib.h>
#include <string.h>

#include "rk/threads.h"
#include "rk/util.h"

#include "match.h"

/* Answer rows in the order they were made. */
struct answers {
	struct answer *rows;
	size_t n, cap;
};

/* Who allocates: the run, an allocator and where the answers go. */
struct taker {
	struct match_run *m;
	struct rk_allocator *al;
	struct answers *out;
};

/* One more answer row of receipt ri, with the receipt's next seq. */
static void
add_answer(struct taker *t, uint32_t ri, uint32_t qty, int match,
    int status, int why, uint32_t regline, uint32_t oline)
{
	struct match_run *m = t->m;
	struct answers *out = t->out;
	struct answer *u;

	RK_GROW(out->rows, out->n, out->cap);
	u = &out->rows[out->n++];
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
take_regline(struct taker *t, uint32_t ri, uint32_t li, uint32_t need,
    int match)
{
	struct match_run *m = t->m;
	struct regline *l = &m->reg.lines[li];
	uint32_t take = l->open < need ? l->open : need;

	if (take == 0)
		return 0;
	l->open -= take;
	if (l->held)
		add_answer(t, ri, take, match, STATUS_HELD, WHY_REGISTERED, li,
		    RK_NOID);
	else
		add_answer(t, ri, take, match, STATUS_MATCHED,
		    plain_why(m, &m->rcpt.rows[ri]), li, RK_NOID);
	return take;
}

/* Tiers 1 and 2: the open lines of one RMA of the sender with the
 * row's sku, by rma_line. */
static uint32_t
take_rma(struct taker *t, uint32_t ri, uint32_t rma, uint32_t sender,
    uint32_t need, int match)
{
	const struct match_run *m = t->m;
	const struct csr *c = &m->reg.by_rma;
	uint32_t got = 0;

	if (rma == RK_NOID || rma >= c->n ||
	    match_rma_retailer(m, rma) != sender)
		return 0;
	for (uint32_t i = c->off[rma]; i < c->off[rma + 1] && got < need; i++) {
		uint32_t li = c->idx[i];

		if (m->reg.lines[li].sku == m->rcpt.rows[ri].sku)
			got += take_regline(t, ri, li, need - got, match);
	}
	return got;
}

/* Tiers 1 to 3, from registered lines; returns what is still needed. */
static uint32_t
take_registered(struct taker *t, uint32_t ri, uint32_t sender,
    uint32_t need)
{
	const struct match_run *m = t->m;
	const struct receipt *q = &m->rcpt.rows[ri];
	const struct parcel *pc = &m->rcpt.parcels[q->parcel];
	uint32_t from, to;

	/* 1. rma: the row's own RMA */
	if (q->rma_known)
		need -= take_rma(t, ri, q->rma, sender, need, MATCH_RMA);
	/* 2. parcel_rma: the other known RMAs of the box */
	for (uint32_t k = 0; k < pc->nrmas && need > 0; k++)
		if (!(q->rma_known && pc->rmas[k] == q->rma))
			need -= take_rma(t, ri, pc->rmas[k], sender, need,
			    MATCH_PARCEL_RMA);
	/* 3. retailer_rma: the retailer's other RMAs, oldest request first */
	match_retailer_run(&m->reg.by_sku, q->sku, sender, &from, &to);
	for (uint32_t i = from; i < to && need > 0; i++) {
		uint32_t li = m->reg.by_sku.idx[i];

		if (q->rma_known && m->reg.lines[li].rma == q->rma)
			continue;
		if (match_u32_has(pc->rmas, pc->nrmas, m->reg.lines[li].rma))
			continue;
		need -= take_regline(t, ri, li, need, MATCH_RETAILER_RMA);
	}
	return need;
}

/* The receipt row tier 4 allocates (the allocator's ctx). */
struct asking {
	struct taker *t;
	const struct receipt *q;
	uint32_t ri;
};

/* Tier 4's groups: the lines of the order the row names come first. */
static int
order_group(void *ctx, const struct rk_oline *l)
{
	const struct asking *k = ctx;
	size_t an, bn;
	const char *a = rk_orders_order(&k->t->m->orders, l, &an);
	const char *b = rk_intern_str(&k->t->m->rcpt.order_ids, k->q->order,
	    &bn);

	return rk_memeq(a, an, b, bn) ? 0 : 1;
}

/* What an order line gave: unannounced in window, else held. */
static void
take_oline(void *ctx, uint32_t line, uint32_t qty, int in_window)
{
	const struct asking *k = ctx;

	if (in_window)
		add_answer(k->t, k->ri, qty, MATCH_ORDER_HISTORY,
		    STATUS_UNANNOUNCED, plain_why(k->t->m, k->q), RK_NOID, line);
	else
		add_answer(k->t, k->ri, qty, MATCH_ORDER_HISTORY, STATUS_HELD,
		    WHY_OUTSIDE, RK_NOID, line);
}

/*
 * Tier 4, order_history: the sender's order lines with the row's sku,
 * dated on or before received_at, in four groups (in window and of the
 * row's order, in window, out of window and of the row's order, out of
 * window; rk/allocation.h); then the unmatched remainder.
 */
static void
take_order_history(struct taker *t, uint32_t ri, uint32_t sender,
    uint32_t need)
{
	const struct match_run *m = t->m;
	const struct receipt *q = &m->rcpt.rows[ri];
	struct asking k = { t, q, ri };
	struct rk_alloc_ask ask = { need, q->received, m->window, 0,
		q->order != RK_NOID ? order_group : NULL, take_oline, &k };
	struct rk_alloc_left left;
	uint32_t from, to;

	match_retailer_run(&m->olines.by_sku, q->sku, sender, &from, &to);
	left = rk_allocate(t->al, m->olines.by_sku.idx + from, to - from,
	    &ask);
	if (left.qty > 0)
		add_answer(t, ri, left.qty, MATCH_NONE, STATUS_UNMATCHED, left.why,
		    RK_NOID, RK_NOID);
}

/* A parcel with a sender: rows that name a known RMA first, then the
 * others, each group in input order. */
static void
allocate_parcel(struct taker *t, uint32_t p)
{
	const struct match_run *m = t->m;
	const struct parcel *pc = &m->rcpt.parcels[p];

	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = pc->first; i != RK_NOID;
		    i = m->rcpt.rows[i].next) {
			const struct receipt *q = &m->rcpt.rows[i];
			uint32_t need;

			if (q->skip || q->rma_known != (pass == 0))
				continue;
			need = take_registered(t, i, pc->sender, q->todo);
			if (need > 0)
				take_order_history(t, i, pc->sender, need);
		}
}

/* A parcel whose rows all get one status (conflict, or no sender). */
static void
answer_parcel(struct taker *t, uint32_t p, int status, int why)
{
	const struct match_run *m = t->m;
	const struct parcel *pc = &m->rcpt.parcels[p];

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rcpt.rows[i].next)
		if (!m->rcpt.rows[i].skip)
			add_answer(t, i, m->rcpt.rows[i].todo, MATCH_NONE, status,
			    why, RK_NOID, RK_NOID);
}

/* The parcels with a sender whose sender is part k of nparts. */
struct part {
	uint32_t *parcels;        /* in order of first appearance */
	uint32_t nparcels;
	struct answers out;
};

/* The parts, and an allocator for each thread that takes them. */
struct parts {
	struct match_run *m;
	struct part *pt;
	uint32_t nparts;
	struct rk_allocator *al;
	uint32_t *first, *count;  /* each parcel's answers in its part */
};

/* Part k on thread i (rk_parallel_parts' function). */
static void
allocate_part(void *arg, unsigned i, unsigned k)
{
	struct parts *ps = arg;
	struct part *pt = &ps->pt[k];
	struct taker t = { ps->m, &ps->al[i], &pt->out };

	for (uint32_t j = 0; j < pt->nparcels; j++) {
		uint32_t p = pt->parcels[j];

		ps->first[p] = (uint32_t)pt->out.n;
		allocate_parcel(&t, p);
		ps->count[p] = (uint32_t)pt->out.n - ps->first[p];
	}
}

/* Each parcel with a sender into its part, in order of appearance. */
static void
cut_parts(struct parts *ps, uint32_t *room)
{
	const struct match_receipts *rcpt = &ps->m->rcpt;
	uint32_t p, k, at;

	for (p = 0; p < rcpt->nparcels; p++)
		if (rcpt->parcels[p].kind == PARCEL_SENDER)
			ps->pt[rcpt->parcels[p].sender % ps->nparts].nparcels++;
	for (k = 0, at = 0; k < ps->nparts; k++) {
		ps->pt[k].parcels = room + at;
		at += ps->pt[k].nparcels;
		ps->pt[k].nparcels = 0;
	}
	for (p = 0; p < rcpt->nparcels; p++)
		if (rcpt->parcels[p].kind == PARCEL_SENDER) {
			struct part *pt =
			    &ps->pt[rcpt->parcels[p].sender % ps->nparts];

			pt->parcels[pt->nparcels++] = p;
		}
}

/*
 * Room in all for the parts' answers at once: grown in one step, not
 * doubled (and copied) as the parcels are gathered.
 */
static void
gather_room(struct answers *all, const struct parts *ps)
{
	size_t need = all->n;

	for (uint32_t k = 0; k < ps->nparts; k++)
		need += ps->pt[k].out.n;
	RK_GROW_TO(all->rows, need, all->cap, 0);
}

/*
 * Parcels with a sender or a conflict, in order of first appearance:
 * those with a sender in nparts parts on nthreads threads, their answer
 * rows gathered back into that order with the conflicts' rows.
 */
static void
allocate_known(struct match_run *m, struct rk_allocator *al,
    unsigned nthreads, uint32_t nparts)
{
	struct match_receipts *rcpt = &m->rcpt;
	struct parts ps = { m, NULL, nparts, al, NULL, NULL };
	uint32_t *room = rk_xcalloc((size_t)rcpt->nparcels + 1, sizeof(*room));
	struct answers all = { m->answers, m->nanswers, m->answercap };
	struct taker t = { m, &al[0], &all };

	ps.pt = rk_xcalloc(ps.nparts, sizeof(*ps.pt));
	ps.first = rk_xcalloc((size_t)rcpt->nparcels + 1, sizeof(*ps.first));
	ps.count = rk_xcalloc((size_t)rcpt->nparcels + 1, sizeof(*ps.count));
	cut_parts(&ps, room);
	rk_parallel_parts(nthreads, nparts, allocate_part, &ps);
	gather_room(&all, &ps);
	for (uint32_t p = 0; p < rcpt->nparcels; p++) {
		const struct parcel *pc = &rcpt->parcels[p];

		if (pc->kind == PARCEL_SENDER && ps.count[p] > 0) {
			const struct part *pt = &ps.pt[pc->sender % ps.nparts];

			RK_GROW_TO(all.rows, all.n + ps.count[p], all.cap, 0);
			memcpy(&all.rows[all.n], &pt->out.rows[ps.first[p]],
			    ps.count[p] * sizeof(*all.rows));
			all.n += ps.count[p];
		} else if (pc->kind == PARCEL_CONFLICT) {
			answer_parcel(&t, p, STATUS_CONFLICT, WHY_CONFLICT);
		}
	}
	m->answers = all.rows;
	m->nanswers = all.n;
	m->answercap = all.cap;
	for (uint32_t k = 0; k < ps.nparts; k++)
		free(ps.pt[k].out.rows);
	free(ps.pt);
	free(ps.first);
	free(ps.count);
	free(room);
}

/*
 * Threads and parts for the parcels with a sender: RK_THREADS + 1
 * threads, the parts rk_parts_plan cuts such parcels into.  Parts hold
 * disjoint lines only when every RMA's lines name its retailer: the
 * registry return-register writes does, but a registry made otherwise
 * may hold an RMA whose lines name two retailers, which parcels of both
 * could take from; then one part, on the calling thread, keeps every
 * parcel in order of first appearance.
 */
static void
plan_parts(const struct match_run *m, unsigned *nthreads, uint32_t *nparts)
{
	uint32_t nsender = 0;

	for (uint32_t p = 0; p < m->rcpt.nparcels; p++)
		nsender += m->rcpt.parcels[p].kind == PARCEL_SENDER;
	*nthreads = rk_threads() + 1;
	*nparts = rk_parts_plan(nthreads, m->reg.rma_mixed ? 1 : nsender);
}

void
match_allocate(struct match_run *m)
{
	struct match_receipts *rcpt = &m->rcpt;
	unsigned nthreads;
	uint32_t nparts;
	struct rk_allocator *al;
	struct answers all;
	struct taker t;

	plan_parts(m, &nthreads, &nparts);
	al = rk_xcalloc(nthreads, sizeof(*al));
	rk_allocator_split(al, nthreads, &m->orders, m->run.pol.allocation,
	    m->run.pol.late);
	allocate_known(m, al, nthreads, nparts);
	/* then the others, each inferred against what is left */
	all = (struct answers){ m->answers, m->nanswers, m->answercap };
	t = (struct taker){ m, &al[0], &all };
	for (uint32_t p = 0; p < rcpt->nparcels; p++) {
		if (rcpt->parcels[p].kind != PARCEL_NO_SENDER)
			continue;
		match_infer_sender(m, p);
		if (rcpt->parcels[p].kind == PARCEL_SENDER)
			allocate_parcel(&t, p);
		else
			answer_parcel(&t, p, STATUS_UNMATCHED,
			    rcpt->parcels[p].fail);
	}
	m->answers = all.rows;
	m->nanswers = all.n;
	m->answercap = all.cap;
	for (unsigned i = nthreads; i-- > 0;)
		rk_allocator_release(&al[i]);
	free(al);
}
