/*
 * match.c - return-match (SPEC 5).
 *
 * Order of work, and why:
 *  1. the receipts: parcels are groups of rows anywhere in the input, and
 *     their skus say which order lines matter;
 *  2. the registry (read only: return-register replaces it atomically),
 *     then the journal under its lock: what each receipt already got, what
 *     each registered line already received, what order lines gave
 *     outside any RMA, and what earlier runs knew of each box;
 *  3. the retailers (countries, for sender inference) and the order
 *     lines of the receipts' skus;
 *  4. each parcel's sender (step 2), then allocation: parcels with a
 *     sender or a conflict first, in order of first appearance, then the
 *     others, each inferred against what is left (steps 2 and 3);
 *  5. output, --expected, rejects, then the journal commit.
 *
 * Registered lines and order lines are indexed by sku, then retailer
 * (counting sorts, linear in their number), so a sender's lines are a
 * binary search away and inference can walk every retailer of a sku.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/date.h"
#include "rk/hash.h"
#include "rk/match.h"
#include "rk/orders.h"
#include "rk/policy.h"
#include "rk/primary.h"
#include "rk/progress.h"
#include "rk/rejects.h"
#include "rk/retailers.h"
#include "rk/rowstore.h"
#include "rk/run.h"
#include "rk/state.h"
#include "rk/statefiles.h"
#include "rk/util.h"
#include "rk/writer.h"

/* Receipt columns of SPEC 5, in table order. */
enum {
	RC_RECEIPT_ID, RC_PARCEL_ID, RC_SKU, RC_QTY, RC_RETAILER_ID, RC_RMA_ID,
	RC_ORDER_ID, RC_CONDITION, RC_ORIGIN_COUNTRY, RC_RECEIVED_AT, RC_NCOLS
};

static const struct rk_colspec receipt_cols[RC_NCOLS] = {
	{ "receipt_id", RK_K_ID, 1 },
	{ "parcel_id", RK_K_ID, 1 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "retailer_id", RK_K_ID, 0 },
	{ "rma_id", RK_K_ID, 0 },
	{ "order_id", RK_K_ID, 0 },
	{ "condition", RK_K_ID, 0 },
	{ "origin_country", RK_K_ID, 0 },
	{ "received_at", RK_K_DATE, 0 },
};

enum { M_NONE, M_RMA, M_PARCEL_RMA, M_RETAILER_RMA, M_ORDER_HISTORY };
static const char *const match_names[] = {
	"none", "rma", "parcel_rma", "retailer_rma", "order_history"
};

enum { S_MATCHED, S_UNANNOUNCED, S_HELD, S_UNMATCHED, S_CONFLICT, S_NSTATUS };
static const char *const status_names[] = {
	"matched", "unannounced", "held", "unmatched", "conflict"
};

/* status_reason: fixed texts, or taken from the registered line/parcel */
enum {
	W_NONE, W_UNKNOWN_RMA, W_INFERRED, W_OUTSIDE, W_REGISTERED,
	W_UNKNOWN_SENDER, W_AMBIGUOUS, W_NOT_PURCHASED, W_EXCEEDS, W_CONFLICT
};
static const char *const why_names[] = {
	"", "unknown_rma", "retailer_inferred", "outside_window", "",
	"unknown_sender", "", "not_purchased", "exceeds_returnable",
	"sender_conflict"
};

/* Texts kept for a registered line, by position in its rowstore row. */
enum {
	RT_RMA_ID, RT_REASON, RT_STATUS_REASON, RT_ORDER_ID, RT_INVOICE_ID,
	RT_INVOICE_LINE, RT_LINE_DATE, RT_UNIT_PRICE, RT_CURRENCY, RT_TAX_RATE,
	RT_NTEXT
};

struct rcpt {
	uint64_t raw, ord;
	unsigned long line;
	uint32_t op;
	uint32_t parcel;
	uint32_t next;          /* next row of the same parcel */
	uint32_t sku;           /* order store sku id */
	uint32_t retailer;      /* the row's retailer_id, RK_NOID if empty */
	uint32_t rma;           /* rma pool id of the row's rma_id, or RK_NOID */
	uint32_t order;         /* ref_orders id of the row's order_id, or RK_NOID */
	uint32_t country;       /* countries id of origin_country, or RK_NOID */
	int32_t received;
	uint32_t qty;           /* as read */
	uint32_t todo;          /* not yet allocated (journal) */
	uint32_t seq;           /* last seq used */
	uint8_t rma_known, rma_unknown, skip;
	uint32_t out_first, nout;
};

enum { PK_NONE, PK_SENDER, PK_CONFLICT };

struct parcel {
	uint32_t first, last;   /* its rows, chained in input order */
	uint32_t sender;        /* retailer id or RK_NOID */
	uint8_t kind;
	uint8_t inferred;
	uint8_t fail;           /* W_UNKNOWN_SENDER or W_AMBIGUOUS */
	char *ambiguous;        /* "ambiguous_sender:a|b" */
	uint32_t *rmas;         /* known RMAs named: today's, then journal's */
	uint32_t nrmas, rmacap;
	uint32_t *jret;         /* retailers of its journal rows */
	uint32_t njret, jretcap;
	uint32_t country;       /* first non-empty origin_country */
};

struct regl {
	uint32_t rma, rma_line, retailer, sku;
	uint32_t qty, open;
	int32_t requested;
	uint8_t held;
	uint64_t texts;         /* rowstore offset, RT_NTEXT cells */
};

struct out {
	uint32_t rc;
	uint32_t seq;
	uint32_t qty;
	uint32_t regl;          /* registered line consumed, or RK_NOID */
	uint32_t oline;         /* order line consumed, or RK_NOID */
	uint8_t match, status, why;
};

struct mcand {
	uint32_t line;
	uint8_t group;          /* 0..3: tier 4 groups of SPEC 5 step 3 */
};

struct csr {
	uint32_t *off;          /* key -> first index in idx; off[n] = total */
	uint32_t *idx;
	uint32_t *sub;          /* retailer of idx[i], kept beside it so a
	                         * search does not touch the items */
	uint32_t n;
};

struct mat {
	const struct rk_opts *o;
	struct rk_run run;              /* policy, rejects, progress, lock */
	struct rk_orders st;
	struct rk_retailers rs;
	struct rk_primary pr;

	struct rcpt *rc;
	size_t nrc, rccap;
	struct rk_intern receipts;      /* receipt_id -> its rcpt index */
	struct rk_intern parcel_ids;
	struct parcel *parcels;
	size_t nparcels, parcelcap;
	struct rk_intern rmas;          /* RMA ids (registry and receipts) */
	uint32_t *rma_ret;              /* rma id -> retailer (known) or RK_NOID */
	size_t rma_retcap;
	struct rk_intern ref_orders;    /* order ids named by receipts */
	struct rk_intern countries;
	uint8_t *sku_wanted;
	uint32_t nsku_wanted;

	struct regl *rl;
	size_t nrl, rlcap;
	struct rk_rowstore rltexts;
	struct csr by_rma, rl_by_sku, ol_by_sku;
	struct rk_consumed cons;          /* (invoice, line) -> qty out of RMAs */
	struct rk_carried jcarry;

	struct out *outs;
	size_t nouts, outcap;
	struct mcand *cands;
	size_t candcap;
	int32_t window;                 /* tier-4 window */
	uint32_t lastret;               /* order scan: last retailer seen */
	char lastrettext[RK_ID_MAX];
	size_t lastretn;
	unsigned long skipped;          /* already matched */
	unsigned long jrows;
};

/* ---- small helpers ---- */

static int
u32_has(const uint32_t *a, uint32_t n, uint32_t v)
{
	for (uint32_t i = 0; i < n; i++)
		if (a[i] == v)
			return 1;
	return 0;
}

static uint32_t
rma_retailer(const struct mat *m, uint32_t rma)
{
	return rma != RK_NOID && rma < m->rma_retcap ? m->rma_ret[rma] : RK_NOID;
}

/*
 * Build a CSR of items 0..nitems-1 grouped by key[item] < nkeys, stable:
 * items in the order of `order` (or 0, 1, ... when NULL).  key is a
 * compact array, so the passes do not touch the items themselves.
 */
static void
csr_build(struct csr *c, uint32_t nkeys, uint32_t nitems, const uint32_t *key,
    const uint32_t *order)
{
	uint32_t *fill;

	c->n = nkeys;
	c->off = rk_xcalloc((size_t)nkeys + 1, sizeof(*c->off));
	c->idx = rk_xcalloc((size_t)nitems + 1, sizeof(*c->idx));
	c->sub = NULL;
	for (uint32_t i = 0; i < nitems; i++)
		c->off[key[i] + 1]++;
	for (uint32_t k = 0; k < nkeys; k++)
		c->off[k + 1] += c->off[k];
	fill = rk_xcalloc((size_t)nkeys + 1, sizeof(*fill));
	for (uint32_t i = 0; i < nitems; i++) {
		uint32_t it = order ? order[i] : i, k = key[it];

		c->idx[c->off[k] + fill[k]++] = it;
	}
	free(fill);
}

/* sub[pos] = sub_key[idx[pos]] */
static void
csr_sub(struct csr *c, uint32_t nitems, const uint32_t *sub_key)
{
	c->sub = rk_xcalloc((size_t)nitems + 1, sizeof(*c->sub));
	for (uint32_t i = 0; i < nitems; i++)
		c->sub[i] = sub_key[c->idx[i]];
}

static void
csr_free(struct csr *c)
{
	free(c->off);
	free(c->idx);
	free(c->sub);
	memset(c, 0, sizeof(*c));
}

/*
 * The run of positions of retailer r inside the group of sku in a CSR
 * sorted by retailer within each sku (c->sub): a binary search.
 */
static void
retailer_run(const struct csr *c, uint32_t sku, uint32_t r, uint32_t *from,
    uint32_t *to)
{
	uint32_t lo, hi;

	*from = *to = 0;
	if (sku == RK_NOID || sku >= c->n)
		return;
	lo = c->off[sku];
	hi = c->off[sku + 1];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->sub[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	hi = c->off[sku + 1];
	while (lo < hi && c->sub[lo] == r)
		lo++;
	*to = lo;
}

/* ---- 1. receipts ---- */

static enum rk_code
condition_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg,
    size_t cap)
{
	struct mat *m = ctx;

	if (col != RC_CONDITION)
		return RK_OK;
	return (enum rk_code)rk_policy_check_condition(&m->run.pol, v, msg, cap);
}

static void
take_receipt(void *ctx, struct rk_primary *pr, uint32_t op,
    struct rk_reader *r, const struct rk_row *row, enum rk_code code,
    struct rk_fv *v, char *msg, size_t msgcap)
{
	struct mat *m = ctx;
	struct rcpt *q;
	uint32_t id = RK_NOID, p;

	if (code == RK_OK) {
		uint32_t before = m->receipts.count;

		id = rk_intern_add(&m->receipts, v[RC_RECEIPT_ID].p,
		    v[RC_RECEIPT_ID].n);
		if (id < before) {
			char shown[100];

			snprintf(msg, msgcap, "receipt %s appears more than once; the "
			    "first one is used", rk_show(shown, sizeof(shown),
			    v[RC_RECEIPT_ID].p, v[RC_RECEIPT_ID].n));
			code = RK_DUPLICATE_KEY;
		}
	}
	if (code != RK_OK) {
		rk_rejects_add(m->run.rj, RK_SRC_PRIMARY, pr->nrows, r, row, code, msg);
		return;
	}
	RK_GROW(m->rc, m->nrc, m->rccap);
	q = &m->rc[m->nrc];
	memset(q, 0, sizeof(*q));
	/* ids are dense and given in the same order as rows: id == index */
	q->raw = rk_primary_keep(pr, row);
	q->ord = pr->nrows;
	q->line = row->line;
	q->op = op;
	q->next = RK_NOID;
	q->sku = rk_intern_add(&m->st.skus, v[RC_SKU].p, v[RC_SKU].n);
	q->retailer = v[RC_RETAILER_ID].present ?
	    rk_intern_add(&m->st.retailers, v[RC_RETAILER_ID].p,
	    v[RC_RETAILER_ID].n) : RK_NOID;
	q->rma = v[RC_RMA_ID].present ?
	    rk_intern_add(&m->rmas, v[RC_RMA_ID].p, v[RC_RMA_ID].n) : RK_NOID;
	q->order = v[RC_ORDER_ID].present ?
	    rk_intern_add(&m->ref_orders, v[RC_ORDER_ID].p, v[RC_ORDER_ID].n) :
	    RK_NOID;
	q->country = v[RC_ORIGIN_COUNTRY].present ?
	    rk_intern_add(&m->countries, v[RC_ORIGIN_COUNTRY].p,
	    v[RC_ORIGIN_COUNTRY].n) : RK_NOID;
	q->received = v[RC_RECEIVED_AT].present ? v[RC_RECEIVED_AT].date :
	    m->o->as_of;
	q->qty = q->todo = (uint32_t)v[RC_QTY].i;
	/* the parcel, in order of first appearance */
	{
		uint32_t before = m->parcel_ids.count;

		p = rk_intern_add(&m->parcel_ids, v[RC_PARCEL_ID].p,
		    v[RC_PARCEL_ID].n);
		if (p == before) {
			struct parcel *pc;

			RK_GROW(m->parcels, m->nparcels, m->parcelcap);
			pc = &m->parcels[m->nparcels++];
			memset(pc, 0, sizeof(*pc));
			pc->first = pc->last = (uint32_t)m->nrc;
			pc->sender = RK_NOID;
			pc->country = RK_NOID;
		} else {
			m->rc[m->parcels[p].last].next = (uint32_t)m->nrc;
			m->parcels[p].last = (uint32_t)m->nrc;
		}
		q->parcel = p;
		if (m->parcels[p].country == RK_NOID)
			m->parcels[p].country = q->country;
	}
	m->nrc++;
}

/* ---- 2. registry and journal ---- */

/* What a state row took from an order line before today's run. */
static void
consume(struct mat *m, const struct rk_schema *s, const struct rk_fv *v)
{
	struct rk_take t;
	uint32_t iv;

	if (!rk_state_row_takes(s, v, &t))
		return;
	iv = rk_intern_add(&m->st.invoices, t.invoice->p, t.invoice->n);
	rk_consumed_add(&m->cons, iv, (uint32_t)t.line->i, t.qty);
}

static int
registry_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct mat *m = ctx;
	struct regl *l;
	struct rk_val t[RT_NTEXT];
	char nbuf[RT_NTEXT][24];
	static const int from[RT_NTEXT] = {
		RG_RMA_ID, RG_REASON, RG_STATUS_REASON, RG_ORDER_ID, RG_INVOICE_ID,
		RG_INVOICE_LINE, RG_LINE_DATE, RG_UNIT_PRICE, RG_CURRENCY,
		RG_TAX_RATE
	};

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	/* a registered line is no longer returnable on its invoice line */
	consume(m, &rk_registry_schema, v);
	RK_GROW(m->rl, m->nrl, m->rlcap);
	l = &m->rl[m->nrl++];
	l->rma = rk_intern_add(&m->rmas, v[RG_RMA_ID].p, v[RG_RMA_ID].n);
	l->rma_line = (uint32_t)v[RG_RMA_LINE].i;
	l->retailer = rk_intern_add(&m->st.retailers, v[RG_RETAILER_ID].p,
	    v[RG_RETAILER_ID].n);
	l->sku = rk_intern_add(&m->st.skus, v[RG_SKU].p, v[RG_SKU].n);
	l->qty = l->open = (uint32_t)v[RG_QTY].i;
	l->requested = v[RG_REQUESTED_AT].date;
	l->held = rk_streq(v[RG_STATUS].p, v[RG_STATUS].n, "held");
	for (int i = 0; i < RT_NTEXT; i++)
		rk_fv_cell(&v[from[i]], rk_registry_schema.cols[from[i]].kind,
		    nbuf[i], &t[i]);
	l->texts = rk_rowstore_add(&m->rltexts, t, RT_NTEXT);
	RK_GROW_TO(m->rma_ret, (size_t)l->rma + 1, m->rma_retcap, 0xff);
	if (m->rma_ret[l->rma] == RK_NOID)
		m->rma_ret[l->rma] = l->retailer;
	return 0;
}

static int
rl_cmp_line(const void *a, const void *b, void *ctx)
{
	const struct mat *m = ctx;
	const struct regl *x = &m->rl[*(const uint32_t *)a];
	const struct regl *y = &m->rl[*(const uint32_t *)b];

	return (x->rma_line > y->rma_line) - (x->rma_line < y->rma_line);
}

/* Tier 3 order within (sku, retailer): requested_at, rma_id, rma_line. */
static int
rl_cmp_tier3(const void *a, const void *b, void *ctx)
{
	const struct mat *m = ctx;
	const struct regl *x = &m->rl[*(const uint32_t *)a];
	const struct regl *y = &m->rl[*(const uint32_t *)b];
	const char *xs, *ys;
	size_t xn, yn;
	int c;

	if (x->retailer != y->retailer)
		return x->retailer < y->retailer ? -1 : 1;
	if (x->requested != y->requested)
		return x->requested < y->requested ? -1 : 1;
	xs = rk_intern_str(&m->rmas, x->rma, &xn);
	ys = rk_intern_str(&m->rmas, y->rma, &yn);
	c = rk_memcmp2(xs, xn, ys, yn);
	if (c)
		return c;
	return (x->rma_line > y->rma_line) - (x->rma_line < y->rma_line);
}

/* Registered lines by RMA, each RMA's lines by rma_line. */
static void
index_by_rma(struct mat *m)
{
	uint32_t *key = rk_xcalloc(m->nrl + 1, sizeof(*key));

	for (size_t i = 0; i < m->nrl; i++)
		key[i] = m->rl[i].rma;
	csr_build(&m->by_rma, m->rmas.count, (uint32_t)m->nrl, key, NULL);
	free(key);
	for (uint32_t k = 0; k < m->by_rma.n; k++)
		if (m->by_rma.off[k + 1] - m->by_rma.off[k] > 1)
			qsort_r(m->by_rma.idx + m->by_rma.off[k],
			    m->by_rma.off[k + 1] - m->by_rma.off[k],
			    sizeof(uint32_t), rl_cmp_line, m);
}

/* Registered lines by sku, then retailer, then tier 3 order. */
static void
index_by_sku(struct mat *m)
{
	uint32_t n = (uint32_t)m->nrl;
	uint32_t *key = rk_xcalloc((size_t)n + 1, sizeof(*key));

	for (uint32_t i = 0; i < n; i++)
		key[i] = m->rl[i].sku;
	csr_build(&m->rl_by_sku, m->st.skus.count, n, key, NULL);
	for (uint32_t k = 0; k < m->rl_by_sku.n; k++)
		if (m->rl_by_sku.off[k + 1] - m->rl_by_sku.off[k] > 1)
			qsort_r(m->rl_by_sku.idx + m->rl_by_sku.off[k],
			    m->rl_by_sku.off[k + 1] - m->rl_by_sku.off[k],
			    sizeof(uint32_t), rl_cmp_tier3, m);
	for (uint32_t i = 0; i < n; i++)
		key[i] = m->rl[i].retailer;
	csr_sub(&m->rl_by_sku, n, key);
	free(key);
}

/* The registered line (rma, rma_line), or RK_NOID. */
static uint32_t
find_regl(const struct mat *m, uint32_t rma, uint32_t line)
{
	if (rma == RK_NOID || rma >= m->by_rma.n)
		return RK_NOID;
	for (uint32_t i = m->by_rma.off[rma]; i < m->by_rma.off[rma + 1]; i++)
		if (m->rl[m->by_rma.idx[i]].rma_line == line)
			return m->by_rma.idx[i];
	return RK_NOID;
}

static int
journal_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct mat *m = ctx;
	int allocated, from_rma;
	uint32_t id, p;

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	m->jrows++;
	allocated = rk_journal_allocated(v);
	from_rma = rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "rma") ||
	    rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "parcel_rma") ||
	    rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "retailer_rma");

	/* what today's receipts already got */
	id = rk_intern_find(&m->receipts, v[JN_RECEIPT_ID].p, v[JN_RECEIPT_ID].n);
	if (id != RK_NOID) {
		struct rcpt *q = &m->rc[id];

		if (allocated)
			q->todo = (uint64_t)v[JN_QTY].i >= q->todo ? 0 :
			    q->todo - (uint32_t)v[JN_QTY].i;
		if ((uint32_t)v[JN_SEQ].i > q->seq)
			q->seq = (uint32_t)v[JN_SEQ].i;
	}
	/* what registered lines and order lines already gave */
	if (allocated && from_rma) {
		uint32_t rma = rk_intern_find(&m->rmas, v[JN_RMA_ID].p, v[JN_RMA_ID].n);
		uint32_t l = find_regl(m, rma, (uint32_t)v[JN_RMA_LINE].i);

		if (l != RK_NOID)
			m->rl[l].open = (uint64_t)v[JN_QTY].i >= m->rl[l].open ? 0 :
			    m->rl[l].open - (uint32_t)v[JN_QTY].i;
	}
	consume(m, &rk_journal_schema, v);
	/* what earlier runs knew of today's boxes */
	p = rk_intern_find(&m->parcel_ids, v[JN_PARCEL_ID].p, v[JN_PARCEL_ID].n);
	if (p != RK_NOID) {
		struct parcel *pc = &m->parcels[p];

		if (v[JN_RETAILER_ID].present) {
			uint32_t r = rk_intern_add(&m->st.retailers, v[JN_RETAILER_ID].p,
			    v[JN_RETAILER_ID].n);

			if (!u32_has(pc->jret, pc->njret, r)) {
				RK_GROW(pc->jret, pc->njret, pc->jretcap);
				pc->jret[pc->njret++] = r;
			}
		}
		if (v[JN_RMA_ID].present) {
			uint32_t rma = rk_intern_find(&m->rmas, v[JN_RMA_ID].p,
			    v[JN_RMA_ID].n);

			/* the journal's RMAs, in journal order; today's go first
			 * (decide_senders) */
			if (rma != RK_NOID && rma_retailer(m, rma) != RK_NOID &&
			    !u32_has(pc->rmas, pc->nrmas, rma)) {
				RK_GROW(pc->rmas, pc->nrmas, pc->rmacap);
				pc->rmas[pc->nrmas++] = rma;
			}
		}
	}
	return 0;
}

/* ---- 3. order lines ---- */

static void
order_visit(void *ctx, struct rk_orders *st, const struct rk_fv *v,
    uint32_t inv)
{
	struct mat *m = ctx;
	uint32_t s = rk_intern_find(&st->skus, v[OL_SKU].p, v[OL_SKU].n);
	uint32_t idx;
	uint64_t c;
	struct rk_oline *l;

	if (s == RK_NOID || s >= m->nsku_wanted || !m->sku_wanted[s])
		return; /* no receipt of this sku */
	/* lines of one invoice share their retailer */
	if (m->lastret == RK_NOID || !rk_memeq(v[OL_RETAILER_ID].p,
	    v[OL_RETAILER_ID].n, m->lastrettext, m->lastretn)) {
		m->lastret = rk_intern_add(&st->retailers, v[OL_RETAILER_ID].p,
		    v[OL_RETAILER_ID].n);
		memcpy(m->lastrettext, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n);
		m->lastretn = v[OL_RETAILER_ID].n;
	}
	idx = rk_orders_add(st, v, inv, m->lastret, s);
	l = &st->lines[idx];
	c = rk_consumed_get(&m->cons, inv, l->line_no);
	if (c)
		l->remaining = l->remaining <= c ? 0 : l->remaining - (uint32_t)c;
}

/* Order lines by sku, then retailer, then file order (two stable passes). */
static void
index_orders(struct mat *m)
{
	uint32_t n = m->st.n;
	uint32_t *ret = rk_xcalloc((size_t)n + 1, sizeof(*ret));
	uint32_t *sku = rk_xcalloc((size_t)n + 1, sizeof(*sku));
	struct csr by_ret;

	for (uint32_t i = 0; i < n; i++) {
		ret[i] = m->st.lines[i].retailer;
		sku[i] = m->st.lines[i].sku;
	}
	csr_build(&by_ret, m->st.retailers.count, n, ret, NULL);
	csr_build(&m->ol_by_sku, m->st.skus.count, n, sku, by_ret.idx);
	csr_free(&by_ret);
	free(sku);
	/*
	 * Move the lines themselves into that order (in place, by cycles), so
	 * the lines of a sku and retailer lie side by side: inference and
	 * tier 4 then read memory in order instead of at random.
	 */
	{
		uint32_t *p = m->ol_by_sku.idx;
		uint8_t *done = rk_xcalloc((size_t)n / 8 + 1, 1);
		struct rk_oline tmp;

		for (uint32_t i = 0; i < n; i++) {
			uint32_t j = i;

			if (done[i >> 3] & (1u << (i & 7)))
				continue;
			tmp = m->st.lines[i];
			for (;;) {
				uint32_t k = p[j];

				done[j >> 3] |= (uint8_t)(1u << (j & 7));
				if (k == i) {
					m->st.lines[j] = tmp;
					break;
				}
				m->st.lines[j] = m->st.lines[k];
				j = k;
			}
		}
		free(done);
		for (uint32_t i = 0; i < n; i++) {
			p[i] = i;
			ret[i] = m->st.lines[i].retailer;
		}
	}
	m->ol_by_sku.sub = ret; /* lines are in order now: sub[i] = retailer */
}

/* ---- 4. senders ---- */

static void
decide_senders(struct mat *m)
{
	for (size_t p = 0; p < m->nparcels; p++) {
		struct parcel *pc = &m->parcels[p];
		uint32_t today[2], nt = 0, *jr;
		uint32_t *rmas = NULL, nr = 0, rcap = 0;

		/* known RMAs: today's rows first (first appearance), then journal */
		for (uint32_t i = pc->first; i != RK_NOID; i = m->rc[i].next) {
			struct rcpt *q = &m->rc[i];
			uint32_t rr;

			if (q->rma == RK_NOID)
				continue;
			rr = rma_retailer(m, q->rma);
			if (rr == RK_NOID) {
				q->rma_unknown = 1; /* treated as naming none */
				continue;
			}
			q->rma_known = 1;
			if (!u32_has(rmas, nr, q->rma)) {
				RK_GROW(rmas, nr, rcap);
				rmas[nr++] = q->rma;
			}
		}
		for (uint32_t k = 0; k < pc->nrmas; k++)
			if (!u32_has(rmas, nr, pc->rmas[k])) {
				RK_GROW(rmas, nr, rcap);
				rmas[nr++] = pc->rmas[k];
			}
		free(pc->rmas);
		pc->rmas = rmas;
		pc->nrmas = nr;
		pc->rmacap = rcap;

		/* today's retailer_ids and the retailers of today's known RMAs */
		for (uint32_t i = pc->first; i != RK_NOID; i = m->rc[i].next) {
			const struct rcpt *q = &m->rc[i];
			uint32_t cand[2] = { q->retailer,
				q->rma_known ? rma_retailer(m, q->rma) : RK_NOID };

			for (int c = 0; c < 2; c++) {
				if (cand[c] == RK_NOID)
					continue;
				if (nt == 0 || (today[0] != cand[c] &&
				    (nt == 1 || today[1] != cand[c]))) {
					if (nt < 2)
						today[nt++] = cand[c];
				}
			}
		}
		jr = pc->jret;
		if (nt > 1 || (nt == 0 && pc->njret > 1)) {
			pc->kind = PK_CONFLICT;
		} else if (nt == 1) {
			pc->kind = PK_SENDER;
			pc->sender = today[0];
		} else if (pc->njret == 1) {
			pc->kind = PK_SENDER;
			pc->sender = jr[0];
		} else {
			pc->kind = PK_NONE;
		}
	}
}

/* ---- allocation ---- */

static void
add_out(struct mat *m, uint32_t rc, uint32_t qty, int match, int status,
    int why, uint32_t regl, uint32_t oline)
{
	struct out *u;
	struct rcpt *q = &m->rc[rc];

	RK_GROW(m->outs, m->nouts, m->outcap);
	u = &m->outs[m->nouts++];
	u->rc = rc;
	u->seq = ++q->seq;
	u->qty = qty;
	u->match = (uint8_t)match;
	u->status = (uint8_t)status;
	u->why = (uint8_t)why;
	u->regl = regl;
	u->oline = oline;
	q->nout++;
}

/* status_reason of a matched or unannounced row (SPEC 5 "Statuses") */
static int
plain_why(const struct mat *m, const struct rcpt *q)
{
	if (q->rma_unknown)
		return W_UNKNOWN_RMA;
	if (m->parcels[q->parcel].inferred)
		return W_INFERRED;
	return W_NONE;
}

/* Take from one registered line; returns what was taken. */
static uint32_t
take_regl(struct mat *m, uint32_t rc, uint32_t li, uint32_t need, int match)
{
	struct regl *l = &m->rl[li];
	uint32_t take = l->open < need ? l->open : need;

	if (take == 0)
		return 0;
	l->open -= take;
	if (l->held)
		add_out(m, rc, take, match, S_HELD, W_REGISTERED, li, RK_NOID);
	else
		add_out(m, rc, take, match, S_MATCHED, plain_why(m, &m->rc[rc]), li,
		    RK_NOID);
	return take;
}

/* Tiers 1 and 2: open lines of one RMA with the sku, by rma_line. */
static uint32_t
take_rma(struct mat *m, uint32_t rc, uint32_t rma, uint32_t sender,
    uint32_t need, int match)
{
	uint32_t got = 0;

	if (rma == RK_NOID || rma >= m->by_rma.n || rma_retailer(m, rma) != sender)
		return 0;
	for (uint32_t i = m->by_rma.off[rma]; i < m->by_rma.off[rma + 1] &&
	    got < need; i++) {
		uint32_t li = m->by_rma.idx[i];

		if (m->rl[li].sku == m->rc[rc].sku)
			got += take_regl(m, rc, li, need - got, match);
	}
	return got;
}

static int
mcand_cmp(const void *a, const void *b, void *ctx)
{
	const struct mcand *x = a, *y = b;
	const struct mat *m = ctx;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return rk_oline_cmp(&m->st, m->run.pol.allocation, &m->st.lines[x->line],
	    &m->st.lines[y->line]);
}

static int
order_is(const struct mat *m, const struct rk_oline *l, uint32_t ref)
{
	size_t an, bn;
	const char *a, *b;

	if (ref == RK_NOID)
		return 0;
	a = rk_orders_order(&m->st, l, &an);
	b = rk_intern_str(&m->ref_orders, ref, &bn);
	return rk_memeq(a, an, b, bn);
}

/* Allocate one row of a parcel whose sender is known. */
static void
allocate_row(struct mat *m, uint32_t rc, uint32_t sender)
{
	struct rcpt *q = &m->rc[rc];
	const struct parcel *pc = &m->parcels[q->parcel];
	uint32_t need = q->todo, from, to;
	size_t nc = 0;
	int dated = 0, late_left = 0, why;

	/* 1. rma: the row's own RMA */
	if (q->rma_known)
		need -= take_rma(m, rc, q->rma, sender, need, M_RMA);
	/* 2. parcel_rma: the other known RMAs of the box */
	for (uint32_t k = 0; k < pc->nrmas && need > 0; k++)
		if (!(q->rma_known && pc->rmas[k] == q->rma))
			need -= take_rma(m, rc, pc->rmas[k], sender, need,
			    M_PARCEL_RMA);
	/* 3. retailer_rma: the retailer's other RMAs, oldest request first */
	retailer_run(&m->rl_by_sku, q->sku, sender, &from, &to);
	for (uint32_t i = from; i < to && need > 0; i++) {
		uint32_t li = m->rl_by_sku.idx[i];

		if (q->rma_known && m->rl[li].rma == q->rma)
			continue;
		if (u32_has(pc->rmas, pc->nrmas, m->rl[li].rma))
			continue;
		need -= take_regl(m, rc, li, need, M_RETAILER_RMA);
	}
	if (need == 0)
		return;
	/* 4. order_history: the retailer's order lines with the sku */
	retailer_run(&m->ol_by_sku, q->sku, sender, &from, &to);
	for (uint32_t i = from; i < to; i++) {
		uint32_t li = m->ol_by_sku.idx[i];
		const struct rk_oline *l = &m->st.lines[li];
		int inwin, mine;

		if (l->date > q->received)
			continue;
		dated = 1;
		if (l->remaining == 0)
			continue;
		inwin = q->received - l->date <= m->window;
		mine = order_is(m, l, q->order);
		if (nc == m->candcap) {
			m->candcap = m->candcap ? 2 * m->candcap : 64;
			m->cands = rk_xreallocarray(m->cands, m->candcap,
			    sizeof(*m->cands));
		}
		m->cands[nc].line = li;
		m->cands[nc].group = (uint8_t)((inwin ? 0 : 2) + (mine ? 0 : 1));
		nc++;
	}
	if (nc > 1)
		qsort_r(m->cands, nc, sizeof(*m->cands), mcand_cmp, m);
	for (size_t i = 0; i < nc && need > 0; i++) {
		struct rk_oline *l = &m->st.lines[m->cands[i].line];
		uint32_t take;

		if (m->cands[i].group >= 2 && m->run.pol.late != RK_LATE_HOLD) {
			late_left = 1;
			continue;
		}
		take = l->remaining < need ? l->remaining : need;
		l->remaining -= take;
		need -= take;
		if (m->cands[i].group < 2)
			add_out(m, rc, take, M_ORDER_HISTORY, S_UNANNOUNCED,
			    plain_why(m, q), RK_NOID, m->cands[i].line);
		else
			add_out(m, rc, take, M_ORDER_HISTORY, S_HELD, W_OUTSIDE,
			    RK_NOID, m->cands[i].line);
	}
	if (need > 0) {
		if (!dated)
			why = W_NOT_PURCHASED;
		else if (late_left)
			why = W_OUTSIDE;
		else
			why = W_EXCEEDS;
		add_out(m, rc, need, M_NONE, S_UNMATCHED, why, RK_NOID, RK_NOID);
	}
}

/* Step 3 for a parcel with a sender: known-RMA rows first, then the others. */
static void
allocate_parcel(struct mat *m, uint32_t p)
{
	const struct parcel *pc = &m->parcels[p];

	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = pc->first; i != RK_NOID; i = m->rc[i].next) {
			struct rcpt *q = &m->rc[i];

			if (q->skip || q->rma_known != (pass == 0))
				continue;
			q->out_first = (uint32_t)m->nouts;
			allocate_row(m, i, pc->sender);
		}
}

/* A parcel whose rows all get one status (conflict, or no sender). */
static void
answer_parcel(struct mat *m, uint32_t p, int status, int why)
{
	const struct parcel *pc = &m->parcels[p];

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rc[i].next) {
		struct rcpt *q = &m->rc[i];

		if (q->skip)
			continue;
		q->out_first = (uint32_t)m->nouts;
		add_out(m, i, q->todo, M_NONE, status, why, RK_NOID, RK_NOID);
	}
}

/* The parcel's quantity per sku (rows still to allocate). */
struct need {
	uint32_t sku;
	uint64_t qty;
};

static size_t
parcel_needs(const struct mat *m, const struct parcel *pc, struct need **out)
{
	struct need *nd = NULL;
	size_t n = 0, cap = 0;

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rc[i].next) {
		const struct rcpt *q = &m->rc[i];
		size_t k;

		if (q->skip)
			continue;
		for (k = 0; k < n && nd[k].sku != q->sku; k++)
			;
		if (k == n) {
			RK_GROW(nd, n, cap);
			nd[n].sku = q->sku;
			nd[n++].qty = 0;
		}
		nd[k].qty += q->todo;
	}
	*out = nd;
	return n;
}

/* What one registered line (stage 1: open) or order line (stage 2:
 * remaining, when in the tier-4 window of day) can still give. */
static uint64_t
item_available(const struct mat *m, int stage, uint32_t item, int32_t day)
{
	const struct rk_oline *l;

	if (stage == 1)
		return m->rl[item].open;
	l = &m->st.lines[item];
	return l->date <= day && day - l->date <= m->window ? l->remaining : 0;
}

/* What retailer r could still give of sku, summed over its lines. */
static uint64_t
available(const struct mat *m, int stage, uint32_t sku, uint32_t r,
    int32_t day)
{
	const struct csr *c = stage == 1 ? &m->rl_by_sku : &m->ol_by_sku;
	uint32_t from, to;
	uint64_t sum = 0;

	retailer_run(c, sku, r, &from, &to);
	for (uint32_t i = from; i < to; i++)
		sum += item_available(m, stage, c->idx[i], day);
	return sum;
}

static int
country_ok(const struct mat *m, const struct parcel *pc, uint32_t r)
{
	const struct rk_retailer *rt;
	size_t n;
	const char *c;

	if (pc->country == RK_NOID)
		return 1;
	rt = rk_retailers_find(&m->rs, r);
	if (rt == NULL || rt->f[RT_COUNTRY] == NULL)
		return 1;
	c = rk_intern_str(&m->countries, pc->country, &n);
	return rk_streq(c, n, rt->f[RT_COUNTRY]);
}

static int
ret_cmp(const void *a, const void *b, void *ctx)
{
	const struct mat *m = ctx;
	size_t an, bn;
	const char *as = rk_intern_str(&m->st.retailers, *(const uint32_t *)a, &an);
	const char *bs = rk_intern_str(&m->st.retailers, *(const uint32_t *)b, &bn);

	return rk_memcmp2(as, an, bs, bn);
}

/* Step 2 inference for a parcel with no retailer and no known RMA. */
static void
infer_parcel(struct mat *m, uint32_t p)
{
	struct parcel *pc = &m->parcels[p];
	struct need *nd;
	size_t nn = parcel_needs(m, pc, &nd);
	uint32_t *cands = NULL, nc = 0, ccap = 0;
	int32_t day = m->rc[pc->first].received;

	for (int stage = 1; stage <= 2 && nc == 0 && nn > 0; stage++) {
		const struct csr *c = stage == 1 ? &m->rl_by_sku : &m->ol_by_sku;
		size_t first = 0;
		uint32_t i, end;

		/* walk the sku with the fewest lines; check the others per retailer */
		for (size_t k = 1; k < nn; k++) {
			uint32_t a = nd[k].sku, b = nd[first].sku;

			if (a < c->n && (b >= c->n || c->off[a + 1] - c->off[a] <
			    c->off[b + 1] - c->off[b]))
				first = k;
		}
		if (nd[first].sku >= c->n)
			continue;
		i = c->off[nd[first].sku];
		end = c->off[nd[first].sku + 1];
		while (i < end) {
			uint32_t r = c->sub[i];
			uint64_t sum = 0;
			int ok;

			for (; i < end && c->sub[i] == r; i++)
				sum += item_available(m, stage, c->idx[i], day);
			if (sum < nd[first].qty || !country_ok(m, pc, r))
				continue;
			ok = 1;
			for (size_t k = 0; k < nn && ok; k++)
				if (k != first)
					ok = available(m, stage, nd[k].sku, r, day) >= nd[k].qty;
			if (ok) {
				RK_GROW(cands, nc, ccap);
				cands[nc++] = r;
			}
		}
	}
	free(nd);
	if (nc == 1) {
		pc->sender = cands[0];
		pc->inferred = 1;
		pc->kind = PK_SENDER;
		allocate_parcel(m, p);
	} else if (nc == 0) {
		pc->fail = W_UNKNOWN_SENDER;
		answer_parcel(m, p, S_UNMATCHED, W_UNKNOWN_SENDER);
	} else {
		/*
		 * status_reason is text of at most 1000 bytes (SPEC 2.2): a list
		 * that would be longer ends, after the ids that fit, with "|..."
		 * so the journal stays readable by the next run.
		 */
		size_t len = 17, cap = RK_TEXT_MAX - 4;
		char *s = rk_xmalloc(RK_TEXT_MAX + 1);

		qsort_r(cands, nc, sizeof(*cands), ret_cmp, m);
		memcpy(s, "ambiguous_sender:", 17);
		for (uint32_t i = 0; i < nc; i++) {
			size_t n;
			const char *id = rk_intern_str(&m->st.retailers, cands[i], &n);

			if (len + (i > 0) + n > cap) {
				memcpy(s + len, "|...", 4);
				len += 4;
				break;
			}
			if (i)
				s[len++] = '|';
			memcpy(s + len, id, n);
			len += n;
		}
		s[len] = '\0';
		pc->ambiguous = s;
		pc->fail = W_AMBIGUOUS;
		answer_parcel(m, p, S_UNMATCHED, W_AMBIGUOUS);
	}
	free(cands);
}

static void
allocate_all(struct mat *m)
{
	/* parcels with a sender or a conflict, in order of first appearance */
	for (uint32_t p = 0; p < m->nparcels; p++) {
		if (m->parcels[p].kind == PK_SENDER)
			allocate_parcel(m, p);
		else if (m->parcels[p].kind == PK_CONFLICT)
			answer_parcel(m, p, S_CONFLICT, W_CONFLICT);
	}
	/* then the others, each inferred against what is left */
	for (uint32_t p = 0; p < m->nparcels; p++)
		if (m->parcels[p].kind == PK_NONE)
			infer_parcel(m, p);
}

/* ---- 5. output ---- */

struct rowbuf {
	struct rk_val *cells;
	char num[4][24];
	char date[16], rdate[16], price[48], tax[48];
};

/* The standard journal columns of an answer row. */
static void
fill_row(struct mat *m, const struct out *u, const struct rk_val *raw,
    size_t nraw, struct rowbuf *rb)
{
	const struct rcpt *q = &m->rc[u->rc];
	const struct parcel *pc = &m->parcels[q->parcel];
	struct rk_val *c = rb->cells, cond;
	size_t n;
	const char *p;

	rk_primary_col(&m->pr, q->op, raw, nraw, RC_RECEIPT_ID, &c[JN_RECEIPT_ID]);
	rk_val_uint(&c[JN_SEQ], rb->num[0], u->seq);
	rk_primary_col(&m->pr, q->op, raw, nraw, RC_PARCEL_ID, &c[JN_PARCEL_ID]);
	if (u->status == S_CONFLICT) {
		rk_primary_col(&m->pr, q->op, raw, nraw, RC_RETAILER_ID,
		    &c[JN_RETAILER_ID]);
	} else if (pc->sender != RK_NOID && pc->kind == PK_SENDER) {
		p = rk_intern_str(&m->st.retailers, pc->sender, &n);
		rk_val_set(&c[JN_RETAILER_ID], p, n);
	} else {
		rk_val_set(&c[JN_RETAILER_ID], "", 0);
	}
	rk_primary_col(&m->pr, q->op, raw, nraw, RC_SKU, &c[JN_SKU]);
	rk_val_uint(&c[JN_QTY], rb->num[1], u->qty);
	rk_primary_col(&m->pr, q->op, raw, nraw, RC_CONDITION, &cond);
	if (cond.n == 0 && m->run.pol.default_condition)
		rk_val_str(&cond, m->run.pol.default_condition);
	c[JN_CONDITION] = cond;
	rk_val_set(&c[JN_RECEIVED_AT], rb->rdate, rk_date_format(q->received, rb->rdate));
	rk_val_str(&c[JN_MATCH], match_names[u->match]);
	rk_val_str(&c[JN_STATUS], status_names[u->status]);
	for (int k = JN_RMA_ID; k < JN_NCOLS; k++)
		rk_val_set(&c[k], "", 0);
	if (u->why == W_AMBIGUOUS)
		rk_val_str(&c[JN_STATUS_REASON], pc->ambiguous);
	else if (u->why != W_REGISTERED)
		rk_val_str(&c[JN_STATUS_REASON], why_names[u->why]);
	if (u->regl != RK_NOID) {
		const struct regl *l = &m->rl[u->regl];
		struct rk_val t[RT_NTEXT];

		rk_rowstore_get(&m->rltexts, l->texts, t, RT_NTEXT);
		if (u->why == W_REGISTERED)
			c[JN_STATUS_REASON] = t[RT_STATUS_REASON];
		c[JN_RMA_ID] = t[RT_RMA_ID];
		rk_val_uint(&c[JN_RMA_LINE], rb->num[2], l->rma_line);
		c[JN_REASON] = t[RT_REASON];
		c[JN_ORDER_ID] = t[RT_ORDER_ID];
		c[JN_INVOICE_ID] = t[RT_INVOICE_ID];
		c[JN_INVOICE_LINE] = t[RT_INVOICE_LINE];
		c[JN_LINE_DATE] = t[RT_LINE_DATE];
		c[JN_UNIT_PRICE] = t[RT_UNIT_PRICE];
		c[JN_CURRENCY] = t[RT_CURRENCY];
		c[JN_TAX_RATE] = t[RT_TAX_RATE];
	} else if (u->oline != RK_NOID) {
		const struct rk_oline *l = &m->st.lines[u->oline];

		p = rk_orders_order(&m->st, l, &n);
		rk_val_set(&c[JN_ORDER_ID], p, n);
		p = rk_intern_str(&m->st.invoices, l->invoice, &n);
		rk_val_set(&c[JN_INVOICE_ID], p, n);
		rk_val_uint(&c[JN_INVOICE_LINE], rb->num[3], l->line_no);
		rk_val_set(&c[JN_LINE_DATE], rb->date, rk_date_format(l->date, rb->date));
		rk_val_set(&c[JN_UNIT_PRICE], rb->price, rk_oline_price(l, rb->price));
		rk_val_str(&c[JN_CURRENCY], rk_currency_code(l->cur));
		rk_val_set(&c[JN_TAX_RATE], rb->tax, rk_oline_tax(l, rb->tax));
	} else {
		/* none: echo the row's references */
		rk_primary_col(&m->pr, q->op, raw, nraw, RC_RMA_ID, &c[JN_RMA_ID]);
		rk_primary_col(&m->pr, q->op, raw, nraw, RC_ORDER_ID, &c[JN_ORDER_ID]);
	}
}

/* Write the answer rows in processing order through w; carried columns
 * go to positions map[i] (identity when map is NULL). */
static void
write_rows(struct mat *m, struct rk_writer *w, size_t nout_cols,
    const uint32_t *map)
{
	size_t ncarried = rk_carried_count(&m->pr.carry);
	struct rk_val *raw = rk_xcalloc(m->pr.maxcols + 1, sizeof(*raw));
	struct rk_val *car = rk_xcalloc(ncarried + 1, sizeof(*car));
	struct rowbuf rb;
	uint32_t lastrc = RK_NOID;
	size_t nraw = 0;

	rb.cells = rk_xcalloc(nout_cols + 1, sizeof(*rb.cells));
	for (size_t i = 0; i < m->nouts; i++) {
		const struct out *u = &m->outs[i];

		if (u->rc != lastrc) {
			nraw = rk_primary_get(&m->pr, m->rc[u->rc].raw, raw);
			rk_primary_carried(&m->pr, m->rc[u->rc].op, raw, nraw, car,
			    ncarried);
			lastrc = u->rc;
		}
		fill_row(m, u, raw, nraw, &rb);
		for (size_t k = JN_NCOLS; k < nout_cols; k++)
			rk_val_set(&rb.cells[k], "", 0);
		for (size_t k = 0; k < ncarried; k++)
			rb.cells[JN_NCOLS + (map ? map[k] : k)] = car[k];
		rk_writer_row(w, rb.cells);
	}
	free(raw);
	free(car);
	free(rb.cells);
}

static int
write_expected(struct mat *m)
{
	static const char *const names[] = {
		"rma_id", "rma_line", "retailer_id", "sku", "qty_registered",
		"qty_received", "qty_open", "requested_at", "age_days"
	};
	static const enum rk_ctype types[] = {
		RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_TEXT, RK_C_INT, RK_C_INT,
		RK_C_INT, RK_C_TEXT, RK_C_INT
	};
	struct rk_writer_opts wo = rk_opts_writer(m->o);
	struct rk_writer *w;
	FILE *fp = rk_run_report(&m->run, RK_REP_EXPECTED);
	int rc = 0;

	if (fp == NULL)
		return 0;
	w = rk_writer_new(fp, &wo);
	rk_writer_columns(w, names, NULL, types, 9);
	for (size_t i = 0; i < m->nrl; i++) {
		const struct regl *l = &m->rl[i];
		struct rk_val c[9], t[RT_NTEXT];
		char num[5][24], date[16];
		size_t n;
		int64_t age = (int64_t)m->o->as_of - l->requested;

		if (l->open == 0)
			continue;
		rk_rowstore_get(&m->rltexts, l->texts, t, RT_NTEXT);
		c[0] = t[RT_RMA_ID];
		rk_val_set(&c[1], num[0], rk_utoa(l->rma_line, num[0]));
		c[2].p = rk_intern_str(&m->st.retailers, l->retailer, &n);
		c[2].n = n;
		c[3].p = rk_intern_str(&m->st.skus, l->sku, &n);
		c[3].n = n;
		rk_val_set(&c[4], num[1], rk_utoa(l->qty, num[1]));
		rk_val_set(&c[5], num[2], rk_utoa(l->qty - l->open, num[2]));
		rk_val_set(&c[6], num[3], rk_utoa(l->open, num[3]));
		rk_val_set(&c[7], date, rk_date_format(l->requested, date));
		if (age < 0) {
			num[4][0] = '-';
			rk_val_set(&c[8], num[4], 1 + rk_utoa((uint64_t)-age, num[4] + 1));
		} else {
			rk_val_set(&c[8], num[4], rk_utoa((uint64_t)age, num[4]));
		}
		rk_writer_row(w, c);
	}
	if (rk_writer_end(w))
		rc = rk_errf(&m->run.err, RK_EX_IOERR, "--expected '%s': write "
		    "error: %s", m->o->expected, strerror(errno));
	rk_writer_free(w);
	return rc;
}

struct jemit {
	struct mat *m;
	uint32_t *map;
};

static void
emit_journal(void *ctx, struct rk_writer *w, const struct rk_carried *carry)
{
	struct jemit *e = ctx;

	write_rows(e->m, w, JN_NCOLS + rk_carried_count(carry), e->map);
}

static int
commit_journal(struct mat *m)
{
	struct jemit e = { m, NULL };
	int rc;

	if (m->o->journal == NULL || m->nouts == 0)
		return 0;
	e.map = rk_xcalloc(rk_carried_count(&m->pr.carry) + 1, sizeof(*e.map));
	rk_carried_merge(&m->pr.carry, &m->jcarry, e.map);
	rc = rk_state_commit("--journal", m->o->journal, &rk_journal_schema, &m->jcarry,
	    emit_journal, &e, &m->run.err);
	free(e.map);
	return rc;
}

static void
summary(struct mat *m)
{
	unsigned long by[S_NSTATUS] = { 0 }, in = 0;
	struct rk_amounts *sums = rk_xcalloc(1, sizeof(*sums));

	for (size_t i = 0; i < m->nouts; i++) {
		const struct out *u = &m->outs[i];

		by[u->status]++;
		if (u->oline != RK_NOID) {
			const struct rk_oline *l = &m->st.lines[u->oline];
			struct rk_dec price = { l->price, 1, 6 };

			rk_amounts_add(sums, l->cur, u->qty, &price);
		} else if (u->regl != RK_NOID) {
			struct rk_val t[RT_NTEXT];
			struct rk_dec price;

			rk_rowstore_get(&m->rltexts, m->rl[u->regl].texts, t, RT_NTEXT);
			if (rk_dec_parse(t[RT_UNIT_PRICE].p, t[RT_UNIT_PRICE].n, '.', 12,
			    6, &price) == 0)
				rk_amounts_add(sums, rk_currency_find(t[RT_CURRENCY].p,
				    t[RT_CURRENCY].n), u->qty, &price);
		}
	}
	for (size_t i = 0; i < m->nrc; i++)
		in += !m->rc[i].skip;
	rk_warnx("%llu receipt rows in, %lu processed, %lu already matched, "
	    "%lu rows out, %lu malformed", (unsigned long long)m->pr.nrows, in,
	    m->skipped, (unsigned long)m->nouts, rk_rejects_count(m->run.rj));
	rk_warnx("matched %lu, unannounced %lu, held %lu, unmatched %lu, "
	    "conflict %lu", by[S_MATCHED], by[S_UNANNOUNCED], by[S_HELD],
	    by[S_UNMATCHED], by[S_CONFLICT]);
	rk_warnx("registered lines: %lu, journal rows: %lu; order lines: %lu "
	    "read, %lu malformed, %lu kept", (unsigned long)m->nrl, m->jrows,
	    m->st.rows, m->st.rejected, (unsigned long)m->st.n);
	rk_amounts_report(sums, "received");
	free(sums);
	rk_run_summary_end(&m->run);
}

/* ---- the run ---- */

static void
mat_release(struct mat *m)
{
	rk_orders_release(&m->st);
	rk_retailers_release(&m->rs);
	rk_primary_release(&m->pr);
	for (size_t p = 0; p < m->nparcels; p++) {
		free(m->parcels[p].rmas);
		free(m->parcels[p].jret);
		free(m->parcels[p].ambiguous);
	}
	free(m->parcels);
	free(m->rc);
	rk_intern_release(&m->receipts);
	rk_intern_release(&m->parcel_ids);
	rk_intern_release(&m->rmas);
	rk_intern_release(&m->ref_orders);
	rk_intern_release(&m->countries);
	free(m->rma_ret);
	free(m->sku_wanted);
	free(m->rl);
	rk_rowstore_release(&m->rltexts);
	csr_free(&m->by_rma);
	csr_free(&m->rl_by_sku);
	csr_free(&m->ol_by_sku);
	rk_consumed_release(&m->cons);
	rk_carried_release(&m->jcarry);
	free(m->outs);
	free(m->cands);
}

int
rk_match_run(const struct rk_opts *o)
{
	struct mat m;
	struct rk_writer_opts wo = rk_opts_writer(o);
	struct rk_reader_opts ro = rk_opts_aux_reader(o);
	const struct rk_aux_file aux[] = {
		{ "--orders", o->orders }, { "--retailers", o->retailers }
	};
	struct rk_writer *w = NULL;
	int failed = 1;

	memset(&m, 0, sizeof(m));
	m.o = o;
	m.lastret = RK_NOID;
	rk_orders_init(&m.st);
	rk_retailers_init(&m.rs);
	rk_intern_init(&m.receipts);
	rk_intern_init(&m.parcel_ids);
	rk_intern_init(&m.rmas);
	rk_intern_init(&m.ref_orders);
	rk_intern_init(&m.countries);
	rk_rowstore_init(&m.rltexts);
	rk_carried_init(&m.jcarry, rk_journal_names, JN_NCOLS);
	rk_primary_init(&m.pr, receipt_cols, RC_NCOLS, condition_hook, &m,
	    rk_journal_names, JN_NCOLS);

	if (rk_run_begin(&m.run, o, "--journal", o->journal, aux, 2))
		goto out;
	m.window = rk_policy_window(&m.run.pol, m.run.pol.default_reason,
	    m.run.pol.default_reason ? strlen(m.run.pol.default_reason) : 0);
	if (rk_primary_read(&m.pr, o, m.run.rj, &m.run.pg, take_receipt, &m,
	    &m.run.err))
		goto out;
	rk_phase("receipts");
	m.nsku_wanted = m.st.skus.count;
	m.sku_wanted = rk_xcalloc(m.nsku_wanted + 1, 1);
	for (size_t i = 0; i < m.nrc; i++)
		m.sku_wanted[m.rc[i].sku] = 1;
	if (rk_state_load("--registry", o->registry, &rk_registry_schema, NULL, registry_row, &m,
	    &m.run.err))
		goto out;
	index_by_rma(&m); /* the journal names registered lines by RMA */
	if (rk_state_load("--journal", o->journal, &rk_journal_schema, &m.jcarry, journal_row,
	    &m, &m.run.err))
		goto out;
	rk_consumed_build(&m.cons, m.st.invoices.count);
	rk_phase("state");
	for (size_t i = 0; i < m.nrc; i++)
		if (m.rc[i].todo == 0) {
			m.rc[i].skip = 1;
			m.skipped++;
		}
	if (rk_retailers_load(&m.rs, &m.st.retailers, o->retailers, &ro, m.run.rj,
	    &m.run.err))
		goto out;
	if (rk_orders_load(&m.st, o->orders, &ro, rk_opts_dp(o), m.run.rj,
	    &m.run.pg, order_visit, &m, &m.run.err))
		goto out;
	if (rk_orders_require(&m.st, o->orders, m.pr.nrows, "receipt",
	    &m.run.err))
		goto out;
	rk_phase("orders");
	index_by_sku(&m);
	index_orders(&m);
	rk_phase("index");
	decide_senders(&m);
	allocate_all(&m);
	rk_phase("allocate");
	w = rk_output_open(stdout, &wo, rk_journal_names, rk_journal_types,
	    JN_NCOLS, &m.pr.carry);
	write_rows(&m, w, JN_NCOLS + rk_carried_count(&m.pr.carry), NULL);
	if (write_expected(&m) || rk_run_output(&m.run, w))
		goto out;
	if (rk_run_commits(&m.run) && commit_journal(&m))
		goto out;
	rk_phase("commit");
	if (o->summary)
		summary(&m);
	failed = 0;
out:
	rk_writer_free(w);
	mat_release(&m);
	return rk_run_end(&m.run, failed);
}
