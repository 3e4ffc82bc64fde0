/*
 * orders.c - the auxiliary inputs of return-match: the retailers (their
 * countries, for inference) and the order lines of the skus the receipts
 * name, each kept with its remaining quantity (return-match(1),
 * "Definitions"): its qty less what registry and journal rows took.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/progress.h"
#include "rk/util.h"

#include "match.h"

/*
 * The sku of a good order line when a receipt names it, else RK_NOID
 * (rk_orders_load's look, on a parsing thread): one lookup of its text
 * in the table of wanted skus, filled from the receipts before the
 * order scan, where a sku of up to 27 bytes lies in its slot beside its
 * id (rk/keytab.h).
 */
static uint32_t
order_look(const void *ctx, const struct rk_fv *v)
{
	const struct match_run *m = ctx;

	return rk_keytab_get(&m->olines.wanted_skus, v[OL_SKU].p, v[OL_SKU].n);
}

/* Ask for what order_look will read (rk_orders_load's look ahead). */
static void
order_ahead(const void *ctx, const struct rk_fv *v)
{
	const struct match_run *m = ctx;

	rk_keytab_prefetch(&m->olines.wanted_skus, v[OL_SKU].p, v[OL_SKU].n);
}

/* The table of the texts of the skus the receipts name. */
static void
want_skus(struct match_run *m)
{
	struct match_order_lines *ol = &m->olines;
	uint32_t nskus = m->orders.skus.count;
	uint8_t *wanted = rk_xcalloc((size_t)nskus + 1, 1);

	for (size_t i = 0; i < m->rcpt.n; i++)
		wanted[m->rcpt.rows[i].sku] = 1;
	rk_keytab_init(&ol->wanted_skus);
	for (uint32_t s = 0; s < nskus; s++) {
		size_t n;
		const char *p;

		if (!wanted[s])
			continue;
		p = rk_intern_str(&m->orders.skus, s, &n);
		rk_keytab_add(&ol->wanted_skus, p, n, s);
	}
	free(wanted);
}

/* rk_orders_load's visit function: keep the lines of wanted skus. */
static void
order_visit(void *ctx, struct rk_orders *orders, const struct rk_fv *v,
    uint32_t inv, uint32_t s)
{
	struct match_run *m = ctx;
	struct match_order_lines *ol = &m->olines;

	if (s == RK_NOID)
		return; /* no receipt of this sku */
	/* lines of one invoice share their retailer */
	if (ol->last_retailer == RK_NOID || !rk_memeq(v[OL_RETAILER_ID].p,
	    v[OL_RETAILER_ID].n, ol->last_retailer_text, ol->last_retailer_len)) {
		ol->last_retailer = rk_intern_add(&orders->retailers,
		    v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n);
		memcpy(ol->last_retailer_text, v[OL_RETAILER_ID].p,
		    v[OL_RETAILER_ID].n);
		ol->last_retailer_len = v[OL_RETAILER_ID].n;
	}
	rk_orders_keep(orders, v, inv, ol->last_retailer, s, &ol->taken);
}

/* The retailers, then the order lines of the receipts' skus. */
int
match_read_orders(struct match_run *m)
{
	struct rk_reader_opts ro = rk_opts_aux_reader(m->o);
	struct match_order_lines *ol = &m->olines;
	const struct rk_aux_look look = { order_look, m, order_ahead };

	want_skus(m);
	ol->last_retailer = RK_NOID;
	if (rk_retailers_load(&m->retailers, &m->orders.retailers,
	    m->o->retailers, &ro, m->run.rj, &m->run.err))
		return -1;
	if (rk_orders_load(&m->orders, m->o->orders, &ro, rk_opts_dp(m->o),
	    m->run.rj, &m->run.pg, order_visit, m, &look, &m->run.err))
		return -1;
	if (rk_orders_require(&m->orders, m->o->orders, m->rcpt.input.nrows,
	    "receipt", &m->run.err))
		return -1;
	rk_phase("orders");
	return 0;
}
