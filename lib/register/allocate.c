/*
 * allocate.c - return-register's allocation (return-register(1),
 * "Allocating a request line", steps 1 to 6): for each request line in
 * input order, the candidates among its pair's order lines, in window or
 * not, taken greedily in policy order, and what remains with the reason
 * why.
 */
#include <stdlib.h>

#include "rk/policy.h"
#include "rk/util.h"

#include "register.h"

/* What gathering the candidates learned besides the candidates. */
struct scope_seen {
	size_t ncands;
	int dated;       /* a line in scope is dated on or before requested_at */
};

/* In-window candidates first, then the policy's allocation order. */
static int
cand_cmp(const void *a, const void *b, void *ctx)
{
	const struct cand *x = a, *y = b;
	const struct regrun *g = ctx;

	if (x->inwin != y->inwin)
		return x->inwin ? -1 : 1;
	return rk_oline_cmp(&g->orders, g->run.pol.allocation,
	    &g->orders.lines[x->oline], &g->orders.lines[y->oline]);
}

static void
add_answer(struct regrun *g, uint32_t req, uint32_t oline, uint32_t qty,
    int status, int why)
{
	struct allocation *al = &g->alloc;
	struct answer *a;

	RK_GROW(al->rows, al->n, al->cap);
	a = &al->rows[al->n++];
	a->req = req;
	a->oline = oline;
	a->qty = qty;
	a->status = (uint8_t)status;
	a->why = (uint8_t)why;
	a->rma_line = 0;
}

/* An order line is in q's scope when it has q's references. */
static int
in_scope(const struct regrun *g, const struct reqline *q,
    const struct rk_oline *l)
{
	if (q->order != RK_NOID) {
		size_t an, bn;
		const char *a = rk_orders_order(&g->orders, l, &an);
		const char *b = rk_intern_str(&g->want.ref_orders, q->order, &bn);

		if (!rk_memeq(a, an, b, bn))
			return 0;
	}
	return q->invoice == RK_NOID || l->invoice == q->invoice;
}

/*
 * The candidates of q into alloc.cands, in allocation order: the lines of
 * its pair in scope, dated on or before requested_at, with quantity left.
 */
static struct scope_seen
gather(struct regrun *g, const struct reqline *q)
{
	struct allocation *al = &g->alloc;
	struct scope_seen seen = { 0, 0 };

	for (uint32_t li = g->want.pairs[q->pair].newest; li != RK_NOID;
	    li = g->want.line_next[li]) {
		const struct rk_oline *l = &g->orders.lines[li];

		if (!in_scope(g, q, l) || l->date > q->requested)
			continue;
		seen.dated = 1;
		if (l->remaining == 0)
			continue;
		RK_GROW(al->cands, seen.ncands, al->candcap);
		al->cands[seen.ncands].oline = li;
		al->cands[seen.ncands].inwin = q->requested - l->date <= q->window;
		seen.ncands++;
	}
	if (seen.ncands > 1)
		qsort_r(al->cands, seen.ncands, sizeof(*al->cands), cand_cmp, g);
	return seen;
}

/* The status_reason of a remainder: the first that applies. */
static int
remainder_why(const struct regrun *g, const struct reqline *q,
    const struct scope_seen *seen, int late_left)
{
	if (q->triple != RK_NOID && !g->want.triple_found[q->triple])
		return WHY_ORDER_NOT_FOUND;
	if (!seen->dated)
		return WHY_NOT_PURCHASED;
	if (late_left)
		return WHY_OUTSIDE_WINDOW;
	return WHY_EXCEEDS;
}

/* Allocate request line qi greedily; its answer rows follow. */
static void
allocate_line(struct regrun *g, uint32_t qi)
{
	struct reqline *q = &g->rq.lines[qi];
	const struct cand *cands;
	struct scope_seen seen;
	uint32_t need = q->qty;
	int late_left = 0;

	q->ans_first = (uint32_t)g->alloc.n;
	seen = gather(g, q);
	cands = g->alloc.cands;
	for (size_t i = 0; i < seen.ncands && need > 0; i++) {
		struct rk_oline *l = &g->orders.lines[cands[i].oline];
		uint32_t take;

		if (!cands[i].inwin && g->run.pol.late != RK_LATE_HOLD) {
			late_left = 1;
			continue;
		}
		take = l->remaining < need ? l->remaining : need;
		l->remaining -= take;
		need -= take;
		add_answer(g, qi, cands[i].oline, take,
		    cands[i].inwin ? STATUS_ACCEPTED : STATUS_HELD,
		    cands[i].inwin ? WHY_NONE : WHY_OUTSIDE_WINDOW);
	}
	if (need > 0)
		add_answer(g, qi, RK_NOID, need, STATUS_REJECTED,
		    remainder_why(g, q, &seen, late_left));
	q->nans = (uint32_t)g->alloc.n - q->ans_first;
}

/* Every request line that is neither registered nor rejected, in order. */
void
reg_allocate(struct regrun *g)
{
	for (size_t i = 0; i < g->rq.n; i++)
		if (!g->rq.lines[i].registered && !g->rq.lines[i].sku_conflict)
			allocate_line(g, (uint32_t)i);
}
