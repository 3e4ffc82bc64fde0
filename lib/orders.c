#include <stdlib.h>
#include <string.h>

#include "rk/aux.h"
#include "rk/date.h"
#include "rk/orders.h"
#include "rk/policy.h"
#include "rk/schema.h"
#include "rk/util.h"

static const struct rk_colspec order_cols[OL_NCOLS] = {
	{ "order_id", RK_K_ID, 1 },
	{ "invoice_id", RK_K_ID, 1 },
	{ "line_no", RK_K_INT, 1 },
	{ "invoice_date", RK_K_DATE, 1 },
	{ "delivered_at", RK_K_DATE, 0 },
	{ "retailer_id", RK_K_ID, 1 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "unit_price", RK_K_MONEY, 1 },
	{ "currency", RK_K_CUR, 1 },
	{ "tax_rate", RK_K_PCT, 1 },
	{ "description", RK_K_TEXT, 0 },
	{ "gtin", RK_K_ID, 0 },
};

void
rk_orders_init(struct rk_orders *st)
{
	memset(st, 0, sizeof(*st));
	rk_intern_init(&st->retailers);
	rk_intern_init(&st->skus);
	rk_intern_init(&st->invoices);
	rk_u64map_init(&st->sparse);
}

void
rk_orders_release(struct rk_orders *st)
{
	rk_intern_release(&st->retailers);
	rk_intern_release(&st->skus);
	free(st->otext);
	free(st->ooff);
	rk_intern_release(&st->invoices);
	rk_u64map_release(&st->sparse);
	free(st->lines);
	free(st->inv_dense);
	free(st->inv_sparse);
	memset(st, 0, sizeof(*st));
}

const char *
rk_orders_order(const struct rk_orders *st, const struct rk_oline *l,
    size_t *n)
{
	uint64_t a = st->ooff[l->order], b = st->ooff[l->order + 1];

	*n = (size_t)(b - a);
	return st->otext + a;
}

/* The text of an order id, shared with the previous kept line if equal. */
static uint32_t
order_text(struct rk_orders *st, const char *p, size_t n)
{
	if (st->on > 0) {
		uint64_t a = st->ooff[st->on - 1];

		if (rk_memeq(st->otext + a, (size_t)(st->otlen - a), p, n))
			return st->on - 1;
	}
	if (st->on + 2 > st->ocap) {
		st->ocap = st->ocap ? 2 * st->ocap : 1024;
		st->ooff = rk_xreallocarray(st->ooff, st->ocap, sizeof(*st->ooff));
	}
	while (st->otlen + n > st->otcap) {
		st->otcap = st->otcap ? 2 * st->otcap : 1u << 16;
		st->otext = rk_xrealloc(st->otext, st->otcap);
	}
	if (st->on == 0)
		st->ooff[0] = 0;
	memcpy(st->otext + st->otlen, p, n);
	st->otlen += n;
	st->ooff[++st->on] = st->otlen;
	return st->on - 1;
}

size_t
rk_oline_price(const struct rk_oline *l, char *out)
{
	struct rk_dec d = { l->price, (uint8_t)(l->price_fmt >> 4),
		(uint8_t)(l->price_fmt & 15) };

	return rk_dec_format(&d, '.', out);
}

size_t
rk_oline_tax(const struct rk_oline *l, char *out)
{
	struct rk_dec d = { l->tax, (uint8_t)(l->tax_fmt >> 4),
		(uint8_t)(l->tax_fmt & 15) };

	return rk_dec_format(&d, '.', out);
}

void
rk_consumed_add(struct rk_consumed *c, uint32_t inv, uint32_t line,
    uint64_t qty)
{
	RK_GROW(c->t, c->n, c->cap);
	c->t[c->n].inv = inv;
	c->t[c->n].line = line;
	c->t[c->n].qty = qty;
	c->n++;
}

void
rk_consumed_build(struct rk_consumed *c, uint32_t ninvoices)
{
	struct rk_taken *sorted = rk_xcalloc(c->n + 1, sizeof(*sorted));
	uint32_t *fill = rk_xcalloc((size_t)ninvoices + 1, sizeof(*fill));

	c->ninv = ninvoices;
	c->off = rk_xcalloc((size_t)ninvoices + 1, sizeof(*c->off));
	for (size_t i = 0; i < c->n; i++)
		c->off[c->t[i].inv + 1]++;
	for (uint32_t k = 0; k < ninvoices; k++)
		c->off[k + 1] += c->off[k];
	for (size_t i = 0; i < c->n; i++) {
		uint32_t k = c->t[i].inv;

		sorted[c->off[k] + fill[k]++] = c->t[i];
	}
	free(fill);
	free(c->t);
	c->t = sorted;
	c->cap = c->n;
}

uint64_t
rk_consumed_get(const struct rk_consumed *c, uint32_t inv, uint32_t line)
{
	uint64_t q = 0;

	if (inv >= c->ninv)
		return 0;
	for (uint32_t i = c->off[inv]; i < c->off[inv + 1]; i++)
		if (c->t[i].line == line)
			q += c->t[i].qty;
	return q;
}

void
rk_consumed_release(struct rk_consumed *c)
{
	free(c->t);
	free(c->off);
	memset(c, 0, sizeof(*c));
}

int
rk_oline_cmp(const struct rk_orders *st, int allocation,
    const struct rk_oline *l, const struct rk_oline *m)
{
	const char *ls, *ms;
	size_t ln, mn;
	int c;

	switch (allocation) {
	case RK_ALLOC_NEWEST:
		if (l->date != m->date)
			return l->date > m->date ? -1 : 1;
		break;
	case RK_ALLOC_OLDEST:
		if (l->date != m->date)
			return l->date < m->date ? -1 : 1;
		break;
	case RK_ALLOC_LOWEST_PRICE:
		if (l->price != m->price)
			return l->price < m->price ? -1 : 1;
		if (l->date != m->date)
			return l->date > m->date ? -1 : 1;
		break;
	}
	ls = rk_intern_str(&st->invoices, l->invoice, &ln);
	ms = rk_intern_str(&st->invoices, m->invoice, &mn);
	c = rk_memcmp2(ls, ln, ms, mn);
	if (c)
		return c;
	return (l->line_no > m->line_no) - (l->line_no < m->line_no);
}

uint32_t
rk_orders_add(struct rk_orders *st, const struct rk_fv *v, uint32_t inv,
    uint32_t retailer, uint32_t sku)
{
	struct rk_oline *l;

	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 1024;
		st->lines = rk_xreallocarray(st->lines, st->cap, sizeof(*st->lines));
	}
	l = &st->lines[st->n];
	l->retailer = retailer != RK_NOID ? retailer :
	    rk_intern_add(&st->retailers, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n);
	l->sku = sku != RK_NOID ? sku :
	    rk_intern_add(&st->skus, v[OL_SKU].p, v[OL_SKU].n);
	l->order = order_text(st, v[OL_ORDER_ID].p, v[OL_ORDER_ID].n);
	l->invoice = inv;
	l->line_no = (uint32_t)v[OL_LINE_NO].i;
	l->date = v[OL_DELIVERED_AT].present ? v[OL_DELIVERED_AT].date :
	    v[OL_INVOICE_DATE].date;
	l->qty = l->remaining = (uint32_t)v[OL_QTY].i;
	l->price = v[OL_UNIT_PRICE].d.v;
	l->price_fmt = (uint8_t)(v[OL_UNIT_PRICE].d.intd << 4 |
	    v[OL_UNIT_PRICE].d.frac);
	l->tax = (int32_t)v[OL_TAX_RATE].d.v;
	l->tax_fmt = (uint8_t)(v[OL_TAX_RATE].d.intd << 4 | v[OL_TAX_RATE].d.frac);
	l->cur = (uint8_t)v[OL_CURRENCY].cur;
	return st->n++;
}

/* Claim (inv, line_no): 0 when new, -1 when seen before. */
static int
claim_key(struct rk_orders *st, uint32_t inv, uint32_t line)
{
	int isnew;

	if (inv >= st->inv_cap) {
		uint32_t old = st->inv_cap;

		st->inv_cap = inv + 1 > 2 * old ? inv + 1024 : 2 * old;
		st->inv_dense = rk_xreallocarray(st->inv_dense, st->inv_cap,
		    sizeof(*st->inv_dense));
		st->inv_sparse = rk_xreallocarray(st->inv_sparse, st->inv_cap,
		    sizeof(*st->inv_sparse));
		for (uint32_t i = old; i < st->inv_cap; i++) {
			st->inv_dense[i] = 1;
			st->inv_sparse[i] = 0;
		}
	}
	if (line < st->inv_dense[inv])
		return -1;
	if (line == st->inv_dense[inv]) {
		st->inv_dense[inv]++;
		/* absorb lines that arrived early */
		while (st->inv_sparse[inv] &&
		    rk_u64map_get(&st->sparse, rk_pair(inv, st->inv_dense[inv]))) {
			st->inv_sparse[inv]--;
			st->inv_dense[inv]++;
		}
		return 0;
	}
	rk_u64map_put(&st->sparse, rk_pair(inv, line), &isnew);
	if (!isnew)
		return -1;
	st->inv_sparse[inv]++;
	return 0;
}

struct loadctx {
	struct rk_orders *st;
	rk_orders_visit visit;
	void *ctx;
	char last[RK_ID_MAX];  /* the previous row's invoice_id */
	size_t lastn;
	uint32_t inv;
};

/* A good order row: claim its key, then show it to the tool. */
static enum rk_code
order_row(void *vctx, const struct rk_fv *vals, char *msg, size_t cap)
{
	struct loadctx *lc = vctx;
	const struct rk_fv *iv = &vals[OL_INVOICE_ID];

	/* lines of one invoice come together: skip the lookup */
	if (lc->inv == RK_NOID || !rk_memeq(iv->p, iv->n, lc->last, lc->lastn)) {
		lc->inv = rk_intern_add(&lc->st->invoices, iv->p, iv->n);
		memcpy(lc->last, iv->p, iv->n);
		lc->lastn = iv->n;
	}
	if (claim_key(lc->st, lc->inv, (uint32_t)vals[OL_LINE_NO].i)) {
		char a[100], c[100];

		snprintf(msg, cap, "invoice %s line %s appears more than once; the "
		    "first one is used", rk_show(a, sizeof(a), iv->p, iv->n),
		    rk_show(c, sizeof(c), vals[OL_LINE_NO].p, vals[OL_LINE_NO].n));
		return RK_DUPLICATE_KEY;
	}
	lc->visit(lc->ctx, lc->st, vals, lc->inv);
	return RK_OK;
}

int
rk_orders_load(struct rk_orders *st, const char *path,
    const struct rk_reader_opts *ro, char dp, struct rk_rejects *rj,
    struct rk_progress *pg, rk_orders_visit visit, void *ctx,
    struct rk_err *err)
{
	static const struct rk_schema schema = { order_cols, OL_NCOLS, NULL, NULL,
		NULL };
	struct loadctx lc = { st, visit, ctx, "", 0, RK_NOID };
	struct rk_aux_count count = { 0, 0 };
	int rc;

	rc = rk_aux_read(path, &schema, ro, dp, rj, RK_SRC_ORDERS, pg, order_row,
	    &lc, &count, err);
	st->rows += count.rows;
	st->rejected += count.rejected;
	return rc;
}

int
rk_orders_require(const struct rk_orders *st, const char *path,
    uint64_t primary_rows, const char *answered, struct rk_err *err)
{
	if (primary_rows == 0 || st->rows > st->rejected)
		return 0;
	if (st->rows == 0)
		return rk_errf(err, RK_EX_DATAERR, "--orders '%s': no valid order "
		    "line (no order lines at all); no %s was answered", path,
		    answered);
	return rk_errf(err, RK_EX_DATAERR, "--orders '%s': no valid order line "
	    "(%lu malformed of %lu); no %s was answered", path, st->rejected,
	    st->rows, answered);
}

uint32_t
rk_orders_keep(struct rk_orders *orders, const struct rk_fv *vals,
    uint32_t inv, uint32_t retailer, uint32_t sku,
    const struct rk_consumed *taken)
{
	uint32_t idx = rk_orders_add(orders, vals, inv, retailer, sku);
	struct rk_oline *l = &orders->lines[idx];
	uint64_t took = rk_consumed_get(taken, inv, l->line_no);

	l->remaining = took >= l->qty ? 0 : l->qty - (uint32_t)took;
	return idx;
}

void
rk_oline_cells(const struct rk_orders *orders, const struct rk_oline *l,
    struct rk_val *cells, struct rk_oline_text *text)
{
	const char *p;
	size_t n;

	p = rk_orders_order(orders, l, &n);
	rk_val_set(&cells[0], p, n);
	p = rk_intern_str(&orders->invoices, l->invoice, &n);
	rk_val_set(&cells[1], p, n);
	rk_val_uint(&cells[2], text->line_no, l->line_no);
	rk_val_set(&cells[3], text->date, rk_date_format(l->date, text->date));
	rk_val_set(&cells[4], text->price, rk_oline_price(l, text->price));
	rk_val_str(&cells[5], rk_currency_code(l->cur));
	rk_val_set(&cells[6], text->tax, rk_oline_tax(l, text->tax));
}

void
rk_oline_amount(const struct rk_oline *l, uint32_t qty,
    struct rk_amounts *sums)
{
	struct rk_dec price = { l->price, 1, 6 };

	rk_amounts_add(sums, l->cur, qty, &price);
}
