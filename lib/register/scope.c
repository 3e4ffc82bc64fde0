/*
 * scope.c - the order-file scan of return-register (return-register(1),
 * "Allocating a request line", step 1): each order line of a requested
 * (retailer, sku) pair is kept, with what earlier runs left of it, and
 * its pair noted; and every reference triple
 * (retailer, order, invoice) some order line satisfies, of any sku and
 * date, is marked, so a remainder can tell order_not_found apart.  Once
 * the file is read, each pair's lines are laid side by side.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"

#include "register.h"

/*
 * The id of an id text f in pool (RK_NOID: not in it), the last one
 * looked up remembered in c: lines of one invoice come together and
 * share their order and retailer, so a run of lines costs one lookup.
 */
static uint32_t
find_last(struct last_find *c, const struct rk_intern *pool,
    const struct rk_fv *f)
{
	if (c->have && rk_memeq(f->p, f->n, c->text, c->n))
		return c->id;
	c->id = rk_intern_find(pool, f->p, f->n);
	memcpy(c->text, f->p, f->n);
	c->n = f->n;
	c->have = 1;
	return c->id;
}

/*
 * Mark the reference triples an order line satisfies.  Lines of one
 * invoice come together and share order and retailer, so only the first
 * line of such a run does any lookup.
 */
static void
mark_refs(struct regrun *g, const struct rk_fv *v, uint32_t inv)
{
	struct scan_last *last = &g->last;
	uint32_t ord, iv, r;

	if (inv == last->invoice && last->order.have &&
	    rk_memeq(v[OL_ORDER_ID].p, v[OL_ORDER_ID].n, last->order.text,
	    last->order.n) &&
	    rk_memeq(v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n, last->retailer,
	    last->retailern))
		return; /* same order, invoice and retailer as the last row */
	last->invoice = inv;
	memcpy(last->retailer, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n);
	last->retailern = v[OL_RETAILER_ID].n;
	ord = find_last(&last->order, &g->want.ref_orders, &v[OL_ORDER_ID]);
	iv = inv < g->want.ninvoice_named && g->want.invoice_named[inv] ?
	    inv : RK_NOID;
	if (ord == RK_NOID && iv == RK_NOID)
		return;
	r = find_last(&last->ref_retailer, &g->orders.retailers,
	    &v[OL_RETAILER_ID]);
	if (r == RK_NOID)
		return;
	uint32_t t[3][3] = { { r, ord, RK_NOID }, { r, RK_NOID, iv },
		{ r, ord, iv } };

	for (int k = 0; k < 3; k++) {
		uint32_t id = rk_intern_find(&g->want.triples,
		    (const char *)t[k], sizeof(t[k]));

		if (id != RK_NOID)
			g->want.triple_found[id] = 1;
	}
}

/*
 * The requested pair of a good order line, or RK_NOID (rk_orders_load's
 * look, on a parsing thread): the pools and the pair table it reads are
 * filled by the request lines, before the order scan, and stay put.
 */
uint32_t
reg_order_look(const void *ctx, const struct rk_fv *v)
{
	return reg_pair_find(ctx, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n,
	    v[OL_SKU].p, v[OL_SKU].n);
}

/* Ask for what reg_order_look will read (rk_orders_load's look ahead). */
void
reg_order_ahead(const void *ctx, const struct rk_fv *v)
{
	reg_pair_ahead(ctx, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n,
	    v[OL_SKU].p, v[OL_SKU].n);
}

/*
 * Each good order line and its pair (rk_orders_load's visit function).
 * The line is found by its pair alone (orders.no_ids): nothing of the
 * pair is read here, so no pair's memory is waited for line by line.
 */
void
reg_order_visit(void *ctx, struct rk_orders *orders, const struct rk_fv *v,
    uint32_t inv, uint32_t pair)
{
	struct regrun *g = ctx;
	struct wanted *w = &g->want;
	uint32_t idx;

	if (w->triples.count)
		mark_refs(g, v, inv);
	if (pair == RK_NOID)
		return; /* no request for this retailer and sku */
	idx = rk_orders_keep(orders, v, inv, RK_NOID, RK_NOID,
	    &g->reg.consumed);
	RK_GROW(w->line_pair, idx, w->line_paircap);
	w->line_pair[idx] = pair;
}

/*
 * Once the order file is read: each pair's lines side by side in
 * want.run_lines, in file order, the run its request lines are
 * allocated against (the allocator orders it).  A counting sort: two
 * passes in line order and one over the pairs, no chain to follow from
 * line to line.
 */
void
reg_pair_runs(struct regrun *g)
{
	struct wanted *w = &g->want;
	uint32_t at = 0;

	w->run_lines = rk_xcalloc((size_t)g->orders.n + 1,
	    sizeof(*w->run_lines));
	for (uint32_t li = 0; li < g->orders.n; li++)
		w->pairs[w->line_pair[li]].nlines++;
	for (uint32_t p = 0; p < w->npairs; p++) {
		w->pairs[p].first = at;
		at += w->pairs[p].nlines;
		w->pairs[p].nlines = 0;
	}
	for (uint32_t li = 0; li < g->orders.n; li++) {
		struct pair *p = &w->pairs[w->line_pair[li]];

		w->run_lines[p->first + p->nlines++] = li;
	}
	free(w->line_pair);
	w->line_pair = NULL;
	w->line_paircap = 0;
}
