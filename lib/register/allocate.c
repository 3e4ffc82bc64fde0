/*
 * allocate.c - return-register's allocation (return-register(1),
 * "Allocating a request line", steps 1 to 6): for each request line,
 * its pair's order lines narrowed to its references, taken as
 * rk/allocation.h says, and what remains with the reason why.  A
 * pair's request lines are allocated in input order; pairs share no
 * order line, so they are cut into parts allocated on several threads,
 * and the answer rows gathered back into input order.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/threads.h"
#include "rk/util.h"

#include "register.h"

/*
 * One part of the allocation: the request lines whose pair is part k of
 * nparts (pair % nparts == k), in input order, with answer rows of its
 * own.  A pair's order lines belong to it alone, so parts share no
 * order line and may be allocated at once; each pair's request lines
 * are still allocated in input order, so the answer rows are the same
 * however the parts are cut and whoever takes them.
 */
struct part {
	uint32_t *lines;          /* its request lines, in input order */
	uint32_t nlines;
	struct answer *rows;
	size_t n, cap;
};

/* The request line being allocated (the allocator's ctx). */
struct asking {
	struct regrun *g;
	struct part *pt;
	const struct reqline *q;
	uint32_t qi;
};

static void
add_answer(struct part *pt, uint32_t req, uint32_t oline, uint32_t qty,
    int status, int why)
{
	struct answer *a;

	RK_GROW(pt->rows, pt->n, pt->cap);
	a = &pt->rows[pt->n++];
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
		add_answer(k->pt, k->qi, line, qty, STATUS_ACCEPTED,
		    RK_WHY_NONE);
	else
		add_answer(k->pt, k->qi, line, qty, STATUS_HELD,
		    RK_WHY_OUTSIDE_WINDOW);
}

/*
 * Allocate request line qi; its answer rows follow in the part's rows,
 * remainder last (q->ans_first indexes them there until they are
 * gathered).
 */
static void
allocate_line(struct regrun *g, struct rk_allocator *al, struct part *pt,
    uint32_t qi)
{
	struct reqline *q = &g->rq.lines[qi];
	const struct pair *p = &g->want.pairs[q->pair];
	struct asking k = { g, pt, q, qi };
	struct rk_alloc_ask ask = { q->qty, q->requested, q->window, 0, NULL,
		take_line, &k };
	struct rk_alloc_left left;

	if (q->triple != RK_NOID) {
		ask.refs_missing = !g->want.triple_found[q->triple];
		ask.group = scope_group;
	}
	q->ans_first = (uint32_t)pt->n;
	left = rk_allocate(al, g->want.run_lines + p->first, p->nlines, &ask);
	if (left.qty > 0)
		add_answer(pt, qi, RK_NOID, left.qty, STATUS_REJECTED, left.why);
	q->nans = (uint32_t)pt->n - q->ans_first;
}

static int
allocated(const struct reqline *q)
{
	return !q->registered && !q->sku_conflict;
}

/* The parts, and an allocator for each thread that takes them. */
struct parts {
	struct regrun *g;
	struct part *pt;
	uint32_t nparts;
	struct rk_allocator *al;
};

/* Part k on thread i (rk_parallel_parts' function). */
static void
allocate_part(void *arg, unsigned i, unsigned k)
{
	struct parts *ps = arg;
	struct part *pt = &ps->pt[k];

	for (uint32_t j = 0; j < pt->nlines; j++)
		allocate_line(ps->g, &ps->al[i], pt, pt->lines[j]);
}

/* Each allocated request line into its part, in input order. */
static void
cut_parts(struct parts *ps, uint32_t *room)
{
	const struct requests *rq = &ps->g->rq;

	for (size_t qi = 0; qi < rq->n; qi++)
		if (allocated(&rq->lines[qi]))
			ps->pt[rq->lines[qi].pair % ps->nparts].nlines++;
	for (uint32_t k = 0, at = 0; k < ps->nparts; k++) {
		ps->pt[k].lines = room + at;
		at += ps->pt[k].nlines;
		ps->pt[k].nlines = 0;
	}
	for (size_t qi = 0; qi < rq->n; qi++)
		if (allocated(&rq->lines[qi])) {
			struct part *pt = &ps->pt[rq->lines[qi].pair % ps->nparts];

			pt->lines[pt->nlines++] = (uint32_t)qi;
		}
}

/*
 * Each line's answer rows, from its part into g->alloc, in input order;
 * g->alloc grown once for them all, not doubled (and copied) on the way.
 */
static void
gather(struct parts *ps)
{
	struct regrun *g = ps->g;
	size_t need = g->alloc.n;

	for (uint32_t k = 0; k < ps->nparts; k++)
		need += ps->pt[k].n;
	RK_GROW_TO(g->alloc.rows, need, g->alloc.cap, 0);
	for (size_t qi = 0; qi < g->rq.n; qi++) {
		struct reqline *q = &g->rq.lines[qi];
		const struct part *pt = &ps->pt[q->pair % ps->nparts];
		uint32_t first = (uint32_t)g->alloc.n;

		if (!allocated(q))
			continue;
		if (q->nans > 0) /* an ask gives a row at least; no copy of none */
			memcpy(&g->alloc.rows[first], &pt->rows[q->ans_first],
			    q->nans * sizeof(*pt->rows));
		g->alloc.n += q->nans;
		q->ans_first = first;
	}
}

/*
 * Every request line that is neither registered nor rejected, in parts
 * taken by as many threads as read the order lines and the calling
 * thread (RK_THREADS + 1); then each line's answer rows gathered into
 * g->alloc in input order.
 */
void
reg_allocate(struct regrun *g)
{
	unsigned nthreads = rk_threads() + 1;
	struct parts ps = { g, NULL, 0, NULL };
	uint32_t *room = rk_xcalloc(g->rq.n + 1, sizeof(*room));

	ps.nparts = rk_parts_plan(&nthreads, g->want.npairs);
	ps.pt = rk_xcalloc(ps.nparts, sizeof(*ps.pt));
	ps.al = rk_xcalloc(nthreads, sizeof(*ps.al));
	rk_allocator_split(ps.al, nthreads, &g->orders, g->run.pol.allocation,
	    g->run.pol.late);
	cut_parts(&ps, room);
	rk_parallel_parts(nthreads, ps.nparts, allocate_part, &ps);
	gather(&ps);
	for (unsigned i = nthreads; i-- > 0;)
		rk_allocator_release(&ps.al[i]);
	for (uint32_t k = 0; k < ps.nparts; k++)
		free(ps.pt[k].rows);
	free(ps.al);
	free(ps.pt);
	free(room);
}
