/*
 * orders.c - the --orders file (returns-formats(5), ORDER LINES): its
 * column table, the duplicate-key claim, the kept lines and their text,
 * what earlier runs took from each line, and the allocation order of
 * returns-policy(5).
 */
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
rk_orders_init(struct rk_orders *orders)
{
	memset(orders, 0, sizeof(*orders));
	rk_intern_init(&orders->retailers);
	rk_intern_init(&orders->skus);
	rk_intern_init(&orders->invoices);
	rk_u64map_init(&orders->early_keys);
	orders->min_date = INT32_MAX;
	orders->max_date = INT32_MIN;
	orders->min_price = INT64_MAX;
	orders->max_price = INT64_MIN;
}

void
rk_orders_release(struct rk_orders *orders)
{
	rk_intern_release(&orders->retailers);
	rk_intern_release(&orders->skus);
	free(orders->order_ids);
	free(orders->order_id_off);
	rk_intern_release(&orders->invoices);
	rk_u64map_release(&orders->early_keys);
	free(orders->lines);
	free(orders->seen);
	free(orders->inv_kept);
	memset(orders, 0, sizeof(*orders));
}

const char *
rk_orders_order(const struct rk_orders *orders, const struct rk_oline *l,
    size_t *n)
{
	uint64_t start = orders->order_id_off[l->order];

	*n = (size_t)(orders->order_id_off[l->order + 1] - start);
	return orders->order_ids + start;
}

/*
 * The index of an order id's text: the previous kept line's when it is
 * the same (lines of one order come together), else a new one.
 */
static uint32_t
order_text(struct rk_orders *orders, const char *p, size_t n)
{
	uint32_t nids = orders->norder_ids;

	if (nids > 0) {
		uint64_t start = orders->order_id_off[nids - 1];

		if (rk_memeq(orders->order_ids + start,
		    (size_t)(orders->order_ids_len - start), p, n))
			return nids - 1;
	}
	/* order_id_off[0] stays 0, as the array is zero-filled */
	RK_GROW_TO(orders->order_id_off, (size_t)nids + 2,
	    orders->order_id_off_cap, 0);
	/* a byte arena, grown without zero-filling like rk_intern's */
	while (orders->order_ids_len + n > orders->order_ids_cap) {
		size_t cap = orders->order_ids_cap;

		orders->order_ids_cap = cap ? 2 * cap : 1u << 16;
		orders->order_ids = rk_xrealloc(orders->order_ids,
		    orders->order_ids_cap);
	}
	memcpy(orders->order_ids + orders->order_ids_len, p, n);
	orders->order_ids_len += n;
	orders->order_id_off[nids + 1] = orders->order_ids_len;
	orders->norder_ids = nids + 1;
	return nids;
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
	RK_GROW(c->taken, c->ntaken, c->taken_cap);
	c->taken[c->ntaken].inv = inv;
	c->taken[c->ntaken].line = line;
	c->taken[c->ntaken].qty = qty;
	c->ntaken++;
}

void
rk_consumed_build(struct rk_consumed *c, uint32_t ninvoices)
{
	struct rk_taken *sorted = rk_xcalloc(c->ntaken + 1, sizeof(*sorted));
	uint32_t *fill = rk_xcalloc((size_t)ninvoices + 1, sizeof(*fill));

	c->ninv = ninvoices;
	c->first = rk_xcalloc((size_t)ninvoices + 1, sizeof(*c->first));
	for (size_t i = 0; i < c->ntaken; i++)
		c->first[c->taken[i].inv + 1]++;
	for (uint32_t k = 0; k < ninvoices; k++)
		c->first[k + 1] += c->first[k];
	for (size_t i = 0; i < c->ntaken; i++) {
		uint32_t k = c->taken[i].inv;

		sorted[c->first[k] + fill[k]++] = c->taken[i];
	}
	free(fill);
	free(c->taken);
	c->taken = sorted;
	c->taken_cap = c->ntaken;
}

uint64_t
rk_consumed_get(const struct rk_consumed *c, uint32_t inv, uint32_t line)
{
	uint64_t q = 0;

	if (inv >= c->ninv)
		return 0;
	for (uint32_t i = c->first[inv]; i < c->first[inv + 1]; i++)
		if (c->taken[i].line == line)
			q += c->taken[i].qty;
	return q;
}

void
rk_consumed_release(struct rk_consumed *c)
{
	free(c->taken);
	free(c->first);
	memset(c, 0, sizeof(*c));
}

int
rk_oline_key_cmp(int allocation, const struct rk_oline *l,
    const struct rk_oline *m)
{
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
	return 0;
}

int
rk_oline_cmp(const struct rk_orders *orders, int allocation,
    const struct rk_oline *l, const struct rk_oline *m)
{
	const char *ls, *ms;
	size_t ln, mn;
	int c;

	if ((c = rk_oline_key_cmp(allocation, l, m)) != 0)
		return c;
	ls = rk_intern_str(&orders->invoices, l->invoice, &ln);
	ms = rk_intern_str(&orders->invoices, m->invoice, &mn);
	if ((c = rk_memcmp2(ls, ln, ms, mn)) != 0)
		return c;
	return (l->line_no > m->line_no) - (l->line_no < m->line_no);
}

uint32_t
rk_orders_add(struct rk_orders *orders, const struct rk_fv *v, uint32_t inv,
    uint32_t retailer, uint32_t sku)
{
	struct rk_oline *l;

	RK_GROW_RAW(orders->lines, orders->n, orders->cap);
	orders->mapped = rk_populate_ahead(orders->lines, orders->mapped,
	    ((size_t)orders->n + 1) * sizeof(*l), orders->cap * sizeof(*l));
	l = &orders->lines[orders->n];
	memset(l, 0, sizeof(*l));	/* padding too: no byte left unset */
	if (orders->no_ids) {
		l->retailer = l->sku = RK_NOID;
	} else {
		l->retailer = retailer != RK_NOID ? retailer :
		    rk_intern_add(&orders->retailers, v[OL_RETAILER_ID].p,
		    v[OL_RETAILER_ID].n);
		l->sku = sku != RK_NOID ? sku :
		    rk_intern_add(&orders->skus, v[OL_SKU].p, v[OL_SKU].n);
	}
	l->order = order_text(orders, v[OL_ORDER_ID].p, v[OL_ORDER_ID].n);
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
	RK_GROW_TO(orders->inv_kept, (size_t)inv + 1, orders->inv_kept_cap, 0);
	orders->inv_kept[inv] = 1;
	orders->min_date = l->date < orders->min_date ? l->date : orders->min_date;
	orders->max_date = l->date > orders->max_date ? l->date : orders->max_date;
	orders->min_price = l->price < orders->min_price ? l->price :
	    orders->min_price;
	orders->max_price = l->price > orders->max_price ? l->price :
	    orders->max_price;
	orders->max_line_no = l->line_no > orders->max_line_no ? l->line_no :
	    orders->max_line_no;
	return orders->n++;
}

/*
 * Claim (inv, line_no): 0 when new, -1 when seen before.  Line numbers
 * mostly come 1, 2, 3, ... per invoice: those are only counted; a line
 * that comes early is kept in early_keys until the count reaches it.
 */
static int
claim_key(struct rk_orders *orders, uint32_t inv, uint32_t line)
{
	struct rk_lines_seen *seen;
	int isnew;

	RK_GROW_TO(orders->seen, (size_t)inv + 1, orders->seen_cap, 0);
	seen = &orders->seen[inv];
	if (line <= seen->dense)
		return -1;
	if (line == seen->dense + 1) {
		seen->dense++;
		while (seen->early && rk_u64map_get(&orders->early_keys,
		    rk_pair(inv, seen->dense + 1))) {
			seen->early--;
			seen->dense++;
		}
		return 0;
	}
	rk_u64map_put(&orders->early_keys, rk_pair(inv, line), &isnew);
	if (!isnew)
		return -1;
	seen->early++;
	return 0;
}

struct loadctx {
	struct rk_orders *orders;
	rk_orders_visit visit;
	void *ctx;
	char last[RK_ID_MAX];  /* the previous row's invoice_id */
	size_t lastn;
	uint32_t inv;
};

/* A good order row: claim its key, then show it to the tool. */
static enum rk_code
order_row(void *vctx, const struct rk_fv *vals, uint32_t looked, char *msg,
    size_t cap)
{
	struct loadctx *lc = vctx;
	const struct rk_fv *iv = &vals[OL_INVOICE_ID];

	/* lines of one invoice come together: skip the lookup */
	if (lc->inv == RK_NOID || !rk_memeq(iv->p, iv->n, lc->last, lc->lastn)) {
		lc->inv = rk_intern_add(&lc->orders->invoices, iv->p, iv->n);
		memcpy(lc->last, iv->p, iv->n);
		lc->lastn = iv->n;
	}
	if (claim_key(lc->orders, lc->inv, (uint32_t)vals[OL_LINE_NO].i)) {
		char a[100], c[100];

		snprintf(msg, cap, "invoice %s line %s appears more than once; the "
		    "first one is used", rk_show(a, sizeof(a), iv->p, iv->n),
		    rk_show(c, sizeof(c), vals[OL_LINE_NO].p, vals[OL_LINE_NO].n));
		return RK_DUPLICATE_KEY;
	}
	lc->visit(lc->ctx, lc->orders, vals, lc->inv, looked);
	return RK_OK;
}

int
rk_orders_load(struct rk_orders *orders, const char *path,
    const struct rk_reader_opts *ro, char dp, struct rk_rejects *rj,
    struct rk_progress *pg, rk_orders_visit visit, void *ctx,
    const struct rk_aux_look *look, struct rk_err *err)
{
	static const struct rk_schema schema = { order_cols, OL_NCOLS, NULL, NULL,
		NULL };
	struct loadctx lc = { orders, visit, ctx, "", 0, RK_NOID };
	struct rk_aux_count count = { 0, 0 };
	int rc;

	rc = rk_aux_read(path, &schema, ro, dp, rj, RK_SRC_ORDERS, pg, order_row,
	    &lc, look, &count, err);
	orders->rows += count.rows;
	orders->rejected += count.rejected;
	return rc;
}

int
rk_orders_require(const struct rk_orders *orders, const char *path,
    uint64_t primary_rows, const char *answered, struct rk_err *err)
{
	if (primary_rows == 0 || orders->rows > orders->rejected)
		return 0;
	if (orders->rows == 0)
		return rk_errf(err, RK_EX_DATAERR, "--orders '%s': no valid order "
		    "line (no order lines at all); no %s was answered", path,
		    answered);
	return rk_errf(err, RK_EX_DATAERR, "--orders '%s': no valid order line "
	    "(%lu malformed of %lu); no %s was answered", path,
	    orders->rejected, orders->rows, answered);
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

/* One stage of rk_orders_prefetch_ahead for line li. */
static void
prefetch_line(const struct rk_orders *orders, uint32_t li, int stage)
{
	const struct rk_intern *inv = &orders->invoices;
	const struct rk_oline *l;

	if (li == RK_NOID)
		return;
	l = &orders->lines[li];
	switch (stage) {
	case 0:
		__builtin_prefetch(l);
		break;
	case 1:
		__builtin_prefetch(&orders->order_id_off[l->order]);
		__builtin_prefetch(&inv->off[l->invoice]);
		__builtin_prefetch(&inv->len[l->invoice]);
		break;
	default:
		__builtin_prefetch(orders->order_ids +
		    orders->order_id_off[l->order]);
		__builtin_prefetch(inv->arena + inv->off[l->invoice]);
		break;
	}
}

void
rk_orders_prefetch_ahead(const struct rk_orders *orders, const void *rows,
    size_t size, size_t oline_at, size_t i, size_t n)
{
	static const size_t ahead[] = { 12, 8, 4 };

	for (int s = 0; s < 3; s++) {
		uint32_t li;

		if (i + ahead[s] >= n)
			continue;
		memcpy(&li, (const char *)rows + (i + ahead[s]) * size + oline_at,
		    sizeof(li));
		prefetch_line(orders, li, s);
	}
}

void
rk_oline_amount(const struct rk_oline *l, uint32_t qty,
    struct rk_amounts *sums)
{
	struct rk_dec price = { l->price, 1, 6 };

	rk_amounts_add(sums, l->cur, qty, &price);
}
