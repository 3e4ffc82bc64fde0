/*
 * allocate.c - return-register's allocation (return-register(1),
 * "Allocating a request line", steps 1 to 6): for each request line in
 * input order, its pair's order lines narrowed to its references, taken
 * as rk/allocation.h says, and what remains with the reason why.
 */
#include "rk/util.h"

#include "register.h"

/* The request line being allocated (the allocator's ctx). */
struct asking {
	struct regrun *g;
	const struct reqline *q;
	uint32_t qi;
};

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

/* A line of the pair: in the one group when in scope. */
static int
scope_group(void *ctx, const struct rk_oline *l)
{
	const struct asking *k = ctx;

	return in_scope(k->g, k->q, l) ? 0 : RK_ALLOC_OUT_OF_SCOPE;
}

/* What a line gave: accepted in window, else held as outside_window. */
static void
take_line(void *ctx, uint32_t line, uint32_t qty, int in_window)
{
	const struct asking *k = ctx;

	if (in_window)
		add_answer(k->g, k->qi, line, qty, STATUS_ACCEPTED, RK_WHY_NONE);
	else
		add_answer(k->g, k->qi, line, qty, STATUS_HELD,
		    RK_WHY_OUTSIDE_WINDOW);
}

/* Allocate request line qi; its answer rows follow, remainder last. */
static void
allocate_line(struct regrun *g, uint32_t qi)
{
	struct reqline *q = &g->rq.lines[qi];
	const struct pair *p = &g->want.pairs[q->pair];
	struct asking k = { g, q, qi };
	struct rk_alloc_ask ask = { q->qty, q->requested, q->window, 0, NULL,
		take_line, &k };
	struct rk_alloc_left left;

	if (q->triple != RK_NOID) {
		ask.refs_missing = !g->want.triple_found[q->triple];
		ask.group = scope_group;
	}
	q->ans_first = (uint32_t)g->alloc.n;
	left = rk_allocate(&g->alloc.lines, g->want.run_lines + p->first,
	    p->nlines, &ask);
	if (left.qty > 0)
		add_answer(g, qi, RK_NOID, left.qty, STATUS_REJECTED, left.why);
	q->nans = (uint32_t)g->alloc.n - q->ans_first;
}

/* Every request line that is neither registered nor rejected, in order. */
void
reg_allocate(struct regrun *g)
{
	rk_allocator_init(&g->alloc.lines, &g->orders, g->run.pol.allocation,
	    g->run.pol.late);
	for (size_t i = 0; i < g->rq.n; i++)
		if (!g->rq.lines[i].registered && !g->rq.lines[i].sku_conflict)
			allocate_line(g, (uint32_t)i);
}
