/*
 * requests.c - return-register's request lines (return-register(1),
 * "Checking a request line"): every operand read and checked, each valid
 * line's key claimed, and what the lines ask about collected: their
 * (retailer, sku) pairs and the order and invoice references they name.
 */
#include <stdio.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/policy.h"
#include "rk/statefiles.h"
#include "rk/util.h"

#include "register.h"

static const struct rk_colspec request_cols[RQ_NCOLS] = {
	{ "request_id", RK_K_ID, 1 },
	{ "retailer_id", RK_K_ID, 1 },
	{ "request_line", RK_K_INT, 0 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "reason", RK_K_ID, 1 },
	{ "order_id", RK_K_ID, 0 },
	{ "invoice_id", RK_K_ID, 0 },
	{ "requested_at", RK_K_DATE, 0 },
	{ "note", RK_K_TEXT, 0 },
};

/* buf holds 4 + an + bn bytes (KEYMAX for two ids). */
size_t
reg_keytext(char *buf, const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t len = (uint32_t)an;

	memcpy(buf, &len, 4);
	memcpy(buf + 4, a, an);
	memcpy(buf + 4 + an, b, bn);
	return 4 + an + bn;
}

/*
 * The key of a (retailer, sku) pair in want.pair_keys: the length of
 * the retailer_id, then its bytes, then the sku's (ids of at most
 * RK_ID_MAX bytes).
 */
#define PAIR_KEYMAX (1 + 2 * RK_ID_MAX)

static size_t
pair_key(char *key, const char *r, size_t rn, const char *s, size_t sn)
{
	key[0] = (char)rn;
	memcpy(key + 1, r, rn);
	memcpy(key + 1 + rn, s, sn);
	return 1 + rn + sn;
}

/*
 * The (retailer, sku) pair of a retailer_id and a sku by their texts;
 * RK_NOID when no request has it: one lookup of both texts in
 * want.pair_keys, filled line by line as the requests are read
 * (add_pair), where a key of up to 27 bytes lies in its slot
 * (rk/keytab.h).  It only reads: the order scan runs it on a parsing
 * thread (reg_order_look), once every request is read.
 */
uint32_t
reg_pair_find(const struct regrun *g, const char *r, size_t rn,
    const char *s, size_t sn)
{
	char key[PAIR_KEYMAX];

	if (rn > RK_ID_MAX || sn > RK_ID_MAX)
		return RK_NOID; /* not an id: no request names it */
	return rk_keytab_get(&g->want.pair_keys, key,
	    pair_key(key, r, rn, s, sn));
}

/* Ask for the slot reg_pair_find() will read (rk_keytab_prefetch). */
void
reg_pair_ahead(const struct regrun *g, const char *r, size_t rn,
    const char *s, size_t sn)
{
	char key[PAIR_KEYMAX];

	if (rn <= RK_ID_MAX && sn <= RK_ID_MAX)
		rk_keytab_prefetch(&g->want.pair_keys, key,
		    pair_key(key, r, rn, s, sn));
}

/* With --policy, reason must be one of its codes (unknown_reason). */
static enum rk_code
reason_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg,
    size_t cap)
{
	struct regrun *g = ctx;

	if (col != RQ_REASON)
		return RK_OK;
	return (enum rk_code)rk_policy_check_reason(&g->run.pol, v, msg, cap);
}

/*
 * The key of a row, and (*pos) its 1-based position among the rows of
 * its operand with the same retailer_id and request_id, malformed rows
 * included: a file given twice, or sent again, repeats its keys.  Any
 * row counts, so its texts may be long: the key is built in a buffer
 * that grows.
 */
static uint32_t
count_row(struct requests *rq, uint32_t opi, const struct rk_binding *b,
    const struct rk_row *row, uint32_t *pos)
{
	int32_t ci = b->col_of[RQ_RETAILER_ID];
	int32_t cq = b->col_of[RQ_REQUEST_ID];
	const struct rk_val *rv, *qv;
	size_t an, bn, kn;
	uint32_t key;

	rv = (ci >= 0 && (size_t)ci < row->nvals) ? &row->v[ci] : NULL;
	qv = (cq >= 0 && (size_t)cq < row->nvals) ? &row->v[cq] : NULL;
	an = rv ? rv->n : 0;
	bn = qv ? qv->n : 0;
	RK_GROW_TO(rq->keybuf, 4 + an + bn, rq->keybufcap, 0);
	kn = reg_keytext(rq->keybuf, rv ? rv->p : "", an, qv ? qv->p : "", bn);
	/* a request's lines come together: one lookup for them all */
	if (rq->lastkeyid != RK_NOID &&
	    rk_memeq(rq->keybuf, kn, rq->lastkey, rq->lastkeyn)) {
		key = rq->lastkeyid;
	} else {
		key = rk_intern_add(&rq->keys, rq->keybuf, kn);
		RK_GROW_TO(rq->lastkey, kn, rq->lastkeycap, 0);
		memcpy(rq->lastkey, rq->keybuf, kn);
		rq->lastkeyn = kn;
		rq->lastkeyid = key;
	}
	RK_GROW_TO(rq->key_rows, (size_t)key + 1, rq->key_rowscap, 0);
	RK_GROW_TO(rq->key_operand, (size_t)key + 1, rq->key_operandcap, 0);
	RK_GROW_TO(rq->key_max, (size_t)key + 1, rq->key_maxcap, 0);
	if (rq->key_operand[key] != opi + 1) {
		rq->key_operand[key] = opi + 1;
		rq->key_rows[key] = 0;
	}
	*pos = ++rq->key_rows[key];
	return key;
}

/*
 * The map of every claimed (key, request_line) to its line, made from
 * the claims when first needed (by_line_made), then kept up by every
 * claim.
 */
static void
make_by_line(struct requests *rq)
{
	if (rq->by_line_made)
		return;
	rk_u64map_reserve(&rq->by_line, rq->nclaims);
	for (size_t i = 0; i < rq->nclaims; i++)
		*rk_u64map_put(&rq->by_line, rk_pair(rq->claims[i].key,
		    rq->claims[i].line), NULL) = i + 1;
	rq->by_line_made = 1;
}

/* The request line of (key, request_line), or RK_NOID. */
uint32_t
reg_request_line(struct requests *rq, uint32_t key, uint32_t line)
{
	const uint64_t *slot;

	make_by_line(rq);
	slot = rk_u64map_get(&rq->by_line, rk_pair(key, line));
	return slot ? (uint32_t)(*slot - 1) : RK_NOID;
}

/*
 * Claim (key, request_line) for a valid row, request_line defaulting to
 * its position; it becomes request line number rq->nclaims (every claim
 * is a request line: take_request adds it).  A key seen before is a
 * duplicate_key (the first occurrence is used).  A request's lines
 * mostly come in rising request_line order: a line above every one its
 * key has claimed is new, known from key_max alone; the map of claims
 * is made the first time a line is not (make_by_line).
 */
static enum rk_code
claim_key(struct requests *rq, uint32_t key, uint32_t pos,
    unsigned long input_line, struct rk_fv *v, char *msg, size_t msgcap)
{
	uint32_t line = v[RQ_REQUEST_LINE].present ?
	    (uint32_t)v[RQ_REQUEST_LINE].i : pos;
	struct claim *c;
	uint64_t *slot;
	int isnew;

	if (!rq->by_line_made && line > rq->key_max[key]) {
		rq->key_max[key] = line;
	} else {
		make_by_line(rq);
		slot = rk_u64map_put(&rq->by_line, rk_pair(key, line), &isnew);
		if (!isnew) {
			char a[100], b[100];

			snprintf(msg, msgcap, "request %s of retailer %s has "
			    "line %u twice (first on line %lu)",
			    rk_show(a, sizeof(a), v[RQ_REQUEST_ID].p,
			    v[RQ_REQUEST_ID].n),
			    rk_show(b, sizeof(b), v[RQ_RETAILER_ID].p,
			    v[RQ_RETAILER_ID].n), line,
			    rq->claims[*slot - 1].input_line);
			return RK_DUPLICATE_KEY;
		}
		*slot = rq->nclaims + 1;
	}
	RK_GROW_RAW(rq->claims, rq->nclaims, rq->claimcap);
	c = &rq->claims[rq->nclaims++];
	c->key = key;
	c->line = line;
	c->input_line = input_line;
	v[RQ_REQUEST_LINE].i = line;
	return RK_OK;
}

/* The order and invoice a line names, and their reference triple. */
static void
add_refs(struct regrun *g, struct reqline *q, const struct rk_fv *v)
{
	if (v[RQ_ORDER_ID].present)
		q->order = rk_intern_add(&g->want.ref_orders, v[RQ_ORDER_ID].p,
		    v[RQ_ORDER_ID].n);
	if (v[RQ_INVOICE_ID].present) {
		struct wanted *w = &g->want;

		q->invoice = rk_intern_add(&g->orders.invoices,
		    v[RQ_INVOICE_ID].p, v[RQ_INVOICE_ID].n);
		RK_GROW_TO(w->invoice_named, (size_t)q->invoice + 1,
		    w->ninvoice_named, 0);
		w->invoice_named[q->invoice] = 1;
	}
	if (q->order != RK_NOID || q->invoice != RK_NOID) {
		uint32_t t[3] = { q->retailer, q->order, q->invoice };

		q->triple = rk_intern_add(&g->want.triples, (const char *)t,
		    sizeof(t));
	}
}

/*
 * The line's (retailer, sku) pair by its texts (reg_pair_find's key),
 * and the two ids' pool numbers, which a new pair (with no order line
 * yet) looks up once for all its lines.
 */
static void
add_pair(struct regrun *g, struct reqline *q, const struct rk_fv *v)
{
	struct wanted *w = &g->want;
	char key[PAIR_KEYMAX];

	q->pair = rk_keytab_add(&w->pair_keys, key, pair_key(key,
	    v[RQ_RETAILER_ID].p, v[RQ_RETAILER_ID].n, v[RQ_SKU].p, v[RQ_SKU].n),
	    w->npairs);
	if (q->pair == w->npairs) {
		RK_GROW_TO(w->pairs, (size_t)w->npairs + 1, w->paircap, 0);
		w->pairs[w->npairs].retailer = rk_intern_add(
		    &g->orders.retailers, v[RQ_RETAILER_ID].p,
		    v[RQ_RETAILER_ID].n);
		w->pairs[w->npairs].sku = rk_intern_add(&g->orders.skus,
		    v[RQ_SKU].p, v[RQ_SKU].n);
		w->npairs++;
	}
	q->retailer = w->pairs[q->pair].retailer;
	q->sku = w->pairs[q->pair].sku;
}

/*
 * Each row's step where it is checked (rk_primary's step): its key and
 * position, then, for a valid row, its claim.  It alone touches the
 * keys and the claims while the requests are read; take_request finds
 * the key in out[0] and the request_line claimed in v.
 */
static enum rk_code
request_step(void *ctx, uint32_t opi, const struct rk_binding *b,
    const struct rk_row *row, enum rk_code code, struct rk_fv *v,
    struct rk_fv *out, char *msg, size_t msgcap)
{
	struct requests *rq = ctx;
	uint32_t key, pos;

	key = count_row(rq, opi, b, row, &pos);
	out[0].i = key;
	if (code != RK_OK)
		return code;
	return claim_key(rq, key, pos, row->line, v, msg, msgcap);
}

/* A valid, claimed row becomes the next request line. */
static void
add_line(struct regrun *g, uint32_t opi, const struct rk_row *row,
    uint32_t key, const struct rk_fv *v)
{
	struct requests *rq = &g->rq;
	struct reqline *q;

	RK_GROW_RAW(rq->lines, rq->n, rq->cap);
	rq->mapped = rk_populate_ahead(rq->lines, rq->mapped,
	    (rq->n + 1) * sizeof(*q), rq->cap * sizeof(*q));
	q = &rq->lines[rq->n++];
	memset(q, 0, sizeof(*q));
	q->ord = rq->input.nrows;
	q->input_line = row->line;
	q->operand = opi;
	q->key = key;
	q->request_line = (uint32_t)v[RQ_REQUEST_LINE].i;
	q->qty = (uint32_t)v[RQ_QTY].i;
	q->requested = v[RQ_REQUESTED_AT].present ? v[RQ_REQUESTED_AT].date :
	    g->o->as_of;
	q->window = rk_policy_window(&g->run.pol, v[RQ_REASON].p,
	    v[RQ_REASON].n);
	q->order = q->invoice = q->triple = RK_NOID;
	q->dup_first = RK_NOID;
	add_pair(g, q, v);
	add_refs(g, q, v);
	q->raw = rk_primary_keep(&rq->input, row);
}

/*
 * Each row of the operands, with the verdict of its column checks and
 * its claim (request_step).
 */
static void
take_request(void *ctx, struct rk_primary *pr, uint32_t opi,
    struct rk_reader *r, const struct rk_row *row, enum rk_code code,
    struct rk_fv *v, char *msg, size_t msgcap)
{
	struct regrun *g = ctx;

	(void)msgcap;
	if (code != RK_OK) {
		rk_rejects_add(g->run.rj, RK_SRC_PRIMARY, pr->nrows, r, row,
		    code, msg);
		return;
	}
	add_line(g, opi, row, (uint32_t)v[RQ_NCOLS + 1].i, v);
}

/*
 * Once every line is read: room to mark the triples found.  The
 * invoices requests name were marked by pool id as the lines were read
 * (add_refs; order lines add their own invoices to the pool later).
 */
static void
index_wanted(struct regrun *g)
{
	g->want.triple_found = rk_xcalloc(g->want.triples.count + 1, 1);
}

/* Read every request line; 0, or -1 with g->run.err. */
int
reg_read_requests(struct regrun *g)
{
	rk_primary_init(&g->rq.input, request_cols, RQ_NCOLS, reason_hook, g,
	    rk_registry_names, RG_NCOLS);
	g->rq.input.step = request_step;
	g->rq.input.step_ctx = &g->rq;
	g->rq.input.step_vals = 1;
	if (rk_primary_read(&g->rq.input, g->o, g->run.rj, &g->run.pg,
	    take_request, g, &g->run.err))
		return -1;
	index_wanted(g);
	return 0;
}
