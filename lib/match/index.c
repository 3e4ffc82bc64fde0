/*
 * index.c - how return-match finds lines: registered lines by RMA (each
 * RMA's lines by rma_line) and by sku; order lines by sku.  Within a sku
 * the items are grouped by retailer, so a sender's lines are a binary
 * search away and inference can walk every retailer of a sku.  The
 * groupings are counting sorts (struct csr), linear in the number of
 * lines, on RK_THREADS + 1 threads for many lines (rk_group_by_key).
 */
#include <stdlib.h>
#include <string.h>

#include "rk/threads.h"
#include "rk/util.h"

#include "match.h"

/*
 * Lines (order lines, registered lines) from which a grouping runs on
 * several threads (the order lines of tests/parallel.bats are more).
 */
#define PAR_ITEMS (1u << 16)

/* Threads for a pass over n items: one below PAR_ITEMS. */
static unsigned
index_threads(uint32_t n)
{
	return n < PAR_ITEMS ? 1 : rk_threads() + 1;
}

/*
 * Group items 0..nitems-1 by key[item] < nkeys, stably: items in the
 * order of `order` (or 0, 1, ... when NULL).  key is a compact array, so
 * the passes do not touch the items themselves.
 */
static void
csr_build(struct csr *c, uint32_t nkeys, uint32_t nitems, const uint32_t *key,
    const uint32_t *order)
{
	c->n = nkeys;
	c->off = rk_xcalloc((size_t)nkeys + 1, sizeof(*c->off));
	c->idx = rk_xcalloc((size_t)nitems + 1, sizeof(*c->idx));
	c->sub = NULL;
	rk_group_by_key(index_threads(nitems), nkeys, nitems, key, order, c->off,
	    c->idx);
}

/* sub[pos] = sub_key[idx[pos]] */
static void
csr_sub(struct csr *c, uint32_t nitems, const uint32_t *sub_key)
{
	c->sub = rk_xcalloc((size_t)nitems + 1, sizeof(*c->sub));
	for (uint32_t i = 0; i < nitems; i++)
		c->sub[i] = sub_key[c->idx[i]];
}

/* Sort each key's items with cmp (ctx: the run). */
static void
csr_sort_groups(struct csr *c, struct match_run *m,
    int (*cmp)(const void *, const void *, void *))
{
	for (uint32_t k = 0; k < c->n; k++)
		if (c->off[k + 1] - c->off[k] > 1)
			qsort_r(c->idx + c->off[k], c->off[k + 1] - c->off[k],
			    sizeof(uint32_t), cmp, m);
}

void
match_csr_free(struct csr *c)
{
	free(c->off);
	free(c->idx);
	free(c->sub);
	memset(c, 0, sizeof(*c));
}

/* The first position in [lo, hi) of c->sub whose retailer is >= r. */
static uint32_t
sub_lower(const struct csr *c, uint32_t lo, uint32_t hi, uint32_t r)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->sub[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The positions [from, to) of retailer r inside the group of sku in a
 * csr sorted by retailer within each sku (c->sub): two binary searches,
 * so a hot retailer's long run costs no more to find than a short one.
 */
void
match_retailer_run(const struct csr *c, uint32_t sku, uint32_t r,
    uint32_t *from, uint32_t *to)
{
	*from = *to = 0;
	if (sku == RK_NOID || sku >= c->n)
		return;
	*from = sub_lower(c, c->off[sku], c->off[sku + 1], r);
	*to = r == UINT32_MAX ? c->off[sku + 1] :
	    sub_lower(c, *from, c->off[sku + 1], r + 1);
}

static int
regline_cmp_line(const void *a, const void *b, void *ctx)
{
	const struct match_run *m = ctx;
	const struct regline *x = &m->reg.lines[*(const uint32_t *)a];
	const struct regline *y = &m->reg.lines[*(const uint32_t *)b];

	return (x->rma_line > y->rma_line) - (x->rma_line < y->rma_line);
}

/* Tier 3 order within (sku, retailer): requested_at, rma_id, rma_line. */
static int
regline_cmp_tier3(const void *a, const void *b, void *ctx)
{
	const struct match_run *m = ctx;
	const struct regline *x = &m->reg.lines[*(const uint32_t *)a];
	const struct regline *y = &m->reg.lines[*(const uint32_t *)b];
	const char *xs, *ys;
	size_t xn, yn;
	int c;

	if (x->retailer != y->retailer)
		return x->retailer < y->retailer ? -1 : 1;
	if (x->requested != y->requested)
		return x->requested < y->requested ? -1 : 1;
	xs = rk_intern_str(&m->reg.rma_ids, x->rma, &xn);
	ys = rk_intern_str(&m->reg.rma_ids, y->rma, &yn);
	c = rk_memcmp2(xs, xn, ys, yn);
	if (c)
		return c;
	return (x->rma_line > y->rma_line) - (x->rma_line < y->rma_line);
}

/*
 * Registered lines by RMA, each RMA's lines by rma_line (the journal
 * names lines that way; tiers 1 and 2); and by sku, then retailer, then
 * tier 3 order (tier 3, inference).
 */
void
match_index_reglines(struct match_run *m)
{
	uint32_t n = (uint32_t)m->reg.n;
	uint32_t *key = rk_xcalloc((size_t)n + 1, sizeof(*key));

	for (uint32_t i = 0; i < n; i++)
		key[i] = m->reg.lines[i].rma;
	csr_build(&m->reg.by_rma, m->reg.rma_ids.count, n, key, NULL);
	csr_sort_groups(&m->reg.by_rma, m, regline_cmp_line);
	for (uint32_t i = 0; i < n; i++)
		key[i] = m->reg.lines[i].sku;
	csr_build(&m->reg.by_sku, m->orders.skus.count, n, key, NULL);
	csr_sort_groups(&m->reg.by_sku, m, regline_cmp_tier3);
	for (uint32_t i = 0; i < n; i++)
		key[i] = m->reg.lines[i].retailer;
	csr_sub(&m->reg.by_sku, n, key);
	free(key);
}

/* The registered line (rma, rma_line), or RK_NOID. */
uint32_t
match_find_regline(const struct match_run *m, uint32_t rma, uint32_t rma_line)
{
	const struct csr *c = &m->reg.by_rma;

	if (rma == RK_NOID || rma >= c->n)
		return RK_NOID;
	for (uint32_t i = c->off[rma]; i < c->off[rma + 1]; i++)
		if (m->reg.lines[c->idx[i]].rma_line == rma_line)
			return c->idx[i];
	return RK_NOID;
}

/* What the threads of match_index_orders' gathers share. */
struct gather {
	const struct rk_oline *lines;
	uint32_t n;
	unsigned nthreads;
	uint32_t *ret, *sku;
	struct csr *c;
};

/* ret[i] and sku[i] of order line i. */
static void
gather_keys(void *arg, unsigned t)
{
	struct gather *g = arg;
	uint32_t lo, hi;

	rk_share(g->n, g->nthreads, t, &lo, &hi);
	for (uint32_t i = lo; i < hi; i++) {
		g->ret[i] = g->lines[i].retailer;
		g->sku[i] = g->lines[i].sku;
	}
}

/* sub[pos] = ret[idx[pos]] */
static void
gather_sub(void *arg, unsigned t)
{
	struct gather *g = arg;
	uint32_t lo, hi;

	rk_share(g->n, g->nthreads, t, &lo, &hi);
	for (uint32_t i = lo; i < hi; i++)
		g->c->sub[i] = g->ret[g->c->idx[i]];
}

/*
 * Order lines by sku, then retailer, then file order (two stable
 * passes); each pass on several threads for many lines.
 */
void
match_index_orders(struct match_run *m)
{
	struct csr *c = &m->olines.by_sku;
	uint32_t n = m->orders.n;
	struct gather g = { m->orders.lines, n, index_threads(n), NULL, NULL,
		c };
	struct csr by_ret;

	g.ret = rk_xcalloc((size_t)n + 1, sizeof(*g.ret));
	g.sku = rk_xcalloc((size_t)n + 1, sizeof(*g.sku));
	rk_parallel(g.nthreads, gather_keys, &g);
	csr_build(&by_ret, m->orders.retailers.count, n, g.ret, NULL);
	csr_build(c, m->orders.skus.count, n, g.sku, by_ret.idx);
	match_csr_free(&by_ret);
	free(g.sku);
	/*
	 * The lines stay where they are: moving them into this order (by
	 * cycles, in place) cost more than the allocation saved by reading
	 * them in order (skewed 10 M: index 2.9-3.5 s -> 1.2-1.6 s, and the
	 * allocation no slower).
	 */
	c->sub = rk_xcalloc((size_t)n + 1, sizeof(*c->sub));
	rk_parallel(g.nthreads, gather_sub, &g);
	free(g.ret);
}
