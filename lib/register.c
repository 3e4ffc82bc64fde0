/*
 * register.c - return-register (SPEC 4).
 *
 * Order of work, and why:
 *  1. the request lines are read and checked first: they say which
 *     (retailer, sku) pairs and which order/invoice references matter,
 *     so the much larger order file can be filtered while it streams;
 *  2. the registry (under its lock) and the journal: registered lines of
 *     today's keys (for `duplicate` answers), the RMA numbers already
 *     given, and what earlier runs consumed of each invoice line;
 *  3. the order lines, keeping only lines of requested pairs;
 *  4. each request line in input order: scope, candidates, allocation,
 *     remainder (steps 1-4 of SPEC 4);
 *  5. RMA numbers, in the order requests got their first registered row;
 *  6. output, rejects, then the registry commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/date.h"
#include "rk/hash.h"
#include "rk/orders.h"
#include "rk/policy.h"
#include "rk/primary.h"
#include "rk/progress.h"
#include "rk/register.h"
#include "rk/run.h"
#include "rk/rejects.h"
#include "rk/rowstore.h"
#include "rk/schema.h"
#include "rk/seqfmt.h"
#include "rk/state.h"
#include "rk/statefiles.h"
#include "rk/util.h"
#include "rk/writer.h"

/* Request columns of SPEC 4, in table order. */
enum {
	RQ_REQUEST_ID, RQ_RETAILER_ID, RQ_REQUEST_LINE, RQ_SKU, RQ_QTY,
	RQ_REASON, RQ_ORDER_ID, RQ_INVOICE_ID, RQ_REQUESTED_AT, RQ_NOTE,
	RQ_NCOLS
};

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

enum { ST_ACCEPTED, ST_HELD, ST_REJECTED, ST_DUPLICATE };
static const char *const status_names[] = {
	"accepted", "held", "rejected", "duplicate"
};

enum { WHY_NONE, WHY_OUTSIDE_WINDOW, WHY_ORDER_NOT_FOUND, WHY_NOT_PURCHASED,
       WHY_EXCEEDS };
static const char *const why_names[] = {
	"", "outside_window", "order_not_found", "not_purchased",
	"exceeds_returnable"
};

struct req {
	uint64_t raw;            /* rowstore offset: the row as read */
	uint64_t ord;            /* data-row position in the input */
	unsigned long line;      /* input line */
	uint32_t operand;
	uint32_t retailer, sku;  /* ids in the order store's pools */
	uint32_t pair;           /* (retailer, sku) */
	uint32_t rkey;           /* (retailer_id, request_id) */
	uint32_t order, invoice; /* references, RK_NOID when not given */
	uint32_t triple;         /* reference triple, RK_NOID without refs */
	uint32_t reqline;
	uint32_t qty;
	int32_t requested;
	int32_t window;
	uint8_t dup;             /* answered from the registry */
	uint8_t bad;             /* rejected after reading (registry sku) */
	uint32_t out_first, nout;
	uint32_t dup_first;      /* registry rows of a duplicate (list) */
};

struct out {
	uint32_t req;
	uint32_t line;           /* order line, RK_NOID for a remainder */
	uint32_t qty;
	uint32_t rma_line;
	uint8_t status, why;
};

struct dupref {
	uint64_t cells;
	uint32_t next;
};

struct cand {
	uint32_t line;
	uint8_t inwin;
};

struct reg {
	const struct rk_opts *o;
	struct rk_run run;                /* policy, rejects, progress, lock */

	struct rk_orders st;
	struct rk_primary pr;             /* the request lines */
	struct req *reqs;
	size_t nreqs, reqcap;

	struct rk_intern keys;            /* (retailer_id, request_id) texts */
	char *posbuf;                     /* key of any row, for positions */
	size_t poscap;
	uint32_t *keypos;                 /* rows seen per key (request_line) */
	uint32_t *keyop;                  /* ... in this operand (+1) */
	size_t keyposcap, keyopcap;
	struct rk_u64map lines;           /* (rkey, request_line) -> req + 1 */
	struct rk_intern pairs;           /* "retailer<US>sku" of requests */
	uint32_t *pair_head;              /* pair -> newest kept line */
	uint32_t *line_next;              /* kept line -> next of its pair */
	size_t nextcap;
	uint32_t *pair_ret, *pair_sku;    /* pair -> retailer and sku ids */
	size_t paircap;
	struct rk_bits pairbits;          /* hashes of the requested pairs */
	struct rk_intern ref_orders;      /* order ids requests name */
	struct rk_intern triples;         /* (retailer, order, invoice) refs */
	uint8_t *triple_found;
	uint8_t *invoice_ref;             /* invoice pool id -> named by a request */
	uint32_t ninvoice_ref;

	/* registry */
	struct rk_carried regcarry;
	struct rk_intern rmas;            /* RMA ids */
	uint32_t *key_rma;                /* rkey -> rma id or RK_NOID */
	uint32_t *key_nextline;           /* rkey -> last rma_line */
	uint64_t maxseq;
	struct rk_rowstore dups;
	struct dupref *duprefs;
	size_t nduprefs, dupcap;
	struct rk_consumed cons;            /* (invoice, line) -> qty consumed */
	unsigned long regrows;

	struct out *outs;
	size_t nouts, outcap;
	struct cand *cands;
	size_t candcap;

	/* order-file scan caches */
	char lastord[RK_ID_MAX];
	size_t lastordn;
	uint32_t lastordid;
	int havelastord;
	char lastret[RK_ID_MAX];
	size_t lastretn;
	uint32_t lastinv;         /* invoice of the last row marked */
};

/*
 * The key of two texts (retailer and request, or retailer and sku): the
 * length of the first as four bytes, then both, so no pair of texts can
 * look like another.  buf holds 4 + an + bn bytes (KEYMAX for two ids).
 */
#define KEYMAX (4 + 2 * RK_ID_MAX)

static size_t
keytext(char *buf, const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t len = (uint32_t)an;

	memcpy(buf, &len, 4);
	memcpy(buf + 4, a, an);
	memcpy(buf + 4 + an, b, bn);
	return 4 + an + bn;
}

/* Find a (retailer, sku) pair by its texts; RK_NOID when no request has it. */
static uint32_t
pair_find(const struct reg *g, const char *r, size_t rn, const char *s,
    size_t sn, int filter)
{
	char kbuf[KEYMAX];
	size_t kn = keytext(kbuf, r, rn, s, sn);
	uint64_t h = rk_hash(kbuf, kn);

	if (filter && !rk_bits_test(&g->pairbits, h))
		return RK_NOID; /* certainly not requested */
	return rk_intern_find_hashed(&g->pairs, kbuf, kn, h);
}

static enum rk_code
reason_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg,
    size_t cap)
{
	struct reg *g = ctx;

	if (col != RQ_REASON)
		return RK_OK;
	return (enum rk_code)rk_policy_check_reason(&g->run.pol, v, msg, cap);
}

/* ---- 1. request lines ---- */

static void
reject_req(struct reg *g, const struct req *q, enum rk_code code,
    const char *msg)
{
	rk_primary_reject(&g->pr, g->run.rj, q->operand, q->raw, q->ord, q->line, code,
	    msg);
}

static void
take_request(void *ctx, struct rk_primary *pr, uint32_t opi,
    struct rk_reader *r, const struct rk_row *row, enum rk_code code,
    struct rk_fv *v, char *msg, size_t msgcap)
{
	struct reg *g = ctx;
	struct rk_operand *op = &pr->ops[opi];
	char kbuf[KEYMAX];
	const struct rk_val *rv, *qv;
	size_t kn;
	uint32_t key, pos;
	struct req *q;
	int isnew;
	uint64_t *slot;

	/*
	 * position among the rows of this operand with the same retailer and
	 * request: a file given twice, or sent again, repeats its keys
	 */
	{
		int32_t ci = op->b.col_of[RQ_RETAILER_ID];
		int32_t cq = op->b.col_of[RQ_REQUEST_ID];

		rv = (ci >= 0 && (size_t)ci < row->nvals) ? &row->v[ci] : NULL;
		qv = (cq >= 0 && (size_t)cq < row->nvals) ? &row->v[cq] : NULL;
	}
	/* any row counts, so its texts may be long: a buffer that grows */
	{
		size_t an = rv ? rv->n : 0, bn = qv ? qv->n : 0;

		if (4 + an + bn > g->poscap) {
			g->poscap = 4 + an + bn;
			g->posbuf = rk_xrealloc(g->posbuf, g->poscap);
		}
		kn = keytext(g->posbuf, rv ? rv->p : "", an, qv ? qv->p : "", bn);
		key = rk_intern_add(&g->keys, g->posbuf, kn);
	}
	RK_GROW_TO(g->keypos, (size_t)key + 1, g->keyposcap, 0);
	RK_GROW_TO(g->keyop, (size_t)key + 1, g->keyopcap, 0);
	if (g->keyop[key] != opi + 1) {
		g->keyop[key] = opi + 1;
		g->keypos[key] = 0;
	}
	pos = ++g->keypos[key];

	if (code == RK_OK) {
		uint32_t line = v[RQ_REQUEST_LINE].present ?
		    (uint32_t)v[RQ_REQUEST_LINE].i : pos;

		slot = rk_u64map_put(&g->lines, rk_pair(key, line), &isnew);
		if (!isnew) {
			const struct req *first = &g->reqs[*slot - 1];
			char a[100], b[100];

			snprintf(msg, msgcap, "request %s of retailer %s has "
			    "line %u twice (first on line %lu)",
			    rk_show(a, sizeof(a), v[RQ_REQUEST_ID].p, v[RQ_REQUEST_ID].n),
			    rk_show(b, sizeof(b), v[RQ_RETAILER_ID].p,
			    v[RQ_RETAILER_ID].n), line, first->line);
			code = RK_DUPLICATE_KEY;
		} else {
			*slot = g->nreqs + 1;
			v[RQ_REQUEST_LINE].i = line;
		}
	}
	if (code != RK_OK) {
		rk_rejects_add(g->run.rj, RK_SRC_PRIMARY, pr->nrows, r, row, code, msg);
		return;
	}

	RK_GROW(g->reqs, g->nreqs, g->reqcap);
	q = &g->reqs[g->nreqs++];
	memset(q, 0, sizeof(*q));
	q->ord = pr->nrows;
	q->line = row->line;
	q->operand = opi;
	q->rkey = key;
	q->reqline = (uint32_t)v[RQ_REQUEST_LINE].i;
	q->qty = (uint32_t)v[RQ_QTY].i;
	q->requested = v[RQ_REQUESTED_AT].present ? v[RQ_REQUESTED_AT].date :
	    g->o->as_of;
	q->window = rk_policy_window(&g->run.pol, v[RQ_REASON].p, v[RQ_REASON].n);
	q->retailer = rk_intern_add(&g->st.retailers, v[RQ_RETAILER_ID].p,
	    v[RQ_RETAILER_ID].n);
	q->sku = rk_intern_add(&g->st.skus, v[RQ_SKU].p, v[RQ_SKU].n);
	q->order = q->invoice = q->triple = RK_NOID;
	q->dup_first = RK_NOID;
	if (v[RQ_ORDER_ID].present)
		q->order = rk_intern_add(&g->ref_orders, v[RQ_ORDER_ID].p,
		    v[RQ_ORDER_ID].n);
	if (v[RQ_INVOICE_ID].present)
		q->invoice = rk_intern_add(&g->st.invoices, v[RQ_INVOICE_ID].p,
		    v[RQ_INVOICE_ID].n);
	if (q->order != RK_NOID || q->invoice != RK_NOID) {
		uint32_t t[3] = { q->retailer, q->order, q->invoice };

		q->triple = rk_intern_add(&g->triples, (const char *)t, sizeof(t));
	}
	{
		size_t pn = keytext(kbuf, v[RQ_RETAILER_ID].p, v[RQ_RETAILER_ID].n,
		    v[RQ_SKU].p, v[RQ_SKU].n);
		uint32_t before = g->pairs.count;

		q->pair = rk_intern_add(&g->pairs, kbuf, pn);
		if (q->pair == before) {
			if (q->pair >= g->paircap) {
				g->paircap = g->paircap ? 2 * g->paircap : 1024;
				g->pair_head = rk_xreallocarray(g->pair_head, g->paircap,
				    sizeof(*g->pair_head));
				g->pair_ret = rk_xreallocarray(g->pair_ret, g->paircap,
				    sizeof(*g->pair_ret));
				g->pair_sku = rk_xreallocarray(g->pair_sku, g->paircap,
				    sizeof(*g->pair_sku));
			}
			g->pair_head[q->pair] = RK_NOID;
			g->pair_ret[q->pair] = q->retailer;
			g->pair_sku[q->pair] = q->sku;
		}
	}

	q->raw = rk_primary_keep(pr, row);
}

static int
read_requests(struct reg *g)
{
	rk_primary_init(&g->pr, request_cols, RQ_NCOLS, reason_hook, g,
	    rk_registry_names, RG_NCOLS);
	if (rk_primary_read(&g->pr, g->o, g->run.rj, &g->run.pg, take_request, g, &g->run.err))
		return -1;
	/* invoices named by requests, by pool id (orders have their own pool) */
	g->ninvoice_ref = g->st.invoices.count;
	g->invoice_ref = rk_xcalloc(g->ninvoice_ref + 1, 1);
	for (size_t i = 0; i < g->nreqs; i++) {
		if (g->reqs[i].invoice != RK_NOID)
			g->invoice_ref[g->reqs[i].invoice] = 1;
	}
	g->triple_found = rk_xcalloc(g->triples.count + 1, 1);
	rk_bits_init(&g->pairbits, g->pairs.count);
	for (uint32_t i = 0; i < g->pairs.count; i++) {
		size_t n;
		const char *p = rk_intern_str(&g->pairs, i, &n);

		rk_bits_set(&g->pairbits, rk_hash(p, n));
	}
	return 0;
}

/* ---- 2. registry and journal ---- */

/* What a state row took from an order line, when its pair matters today. */
static void
consume(struct reg *g, const struct rk_schema *s, const struct rk_fv *v)
{
	struct rk_take t;
	uint32_t iv;

	if (!rk_state_row_takes(s, v, &t) || pair_find(g, t.retailer->p,
	    t.retailer->n, t.sku->p, t.sku->n, 0) == RK_NOID)
		return;
	iv = rk_intern_add(&g->st.invoices, t.invoice->p, t.invoice->n);
	rk_consumed_add(&g->cons, iv, (uint32_t)t.line->i, t.qty);
}

static int
registry_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct reg *g = ctx;
	char kbuf[KEYMAX];
	size_t kn;
	uint32_t key;
	uint64_t seq, *slot;

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	g->regrows++;
	if (rk_seqfmt_match(g->run.pol.rma_format, v[RG_RMA_ID].p, v[RG_RMA_ID].n,
	    &seq) && seq > g->maxseq)
		g->maxseq = seq;
	consume(g, &rk_registry_schema, v);

	kn = keytext(kbuf, v[RG_RETAILER_ID].p, v[RG_RETAILER_ID].n,
	    v[RG_REQUEST_ID].p, v[RG_REQUEST_ID].n);
	key = rk_intern_find(&g->keys, kbuf, kn);
	if (key == RK_NOID)
		return 0; /* a request not in today's input */
	if (g->key_rma[key] == RK_NOID)
		g->key_rma[key] = rk_intern_add(&g->rmas, v[RG_RMA_ID].p,
		    v[RG_RMA_ID].n);
	if ((uint32_t)v[RG_RMA_LINE].i > g->key_nextline[key])
		g->key_nextline[key] = (uint32_t)v[RG_RMA_LINE].i;

	slot = rk_u64map_get(&g->lines, rk_pair(key, (uint32_t)v[RG_REQUEST_LINE].i));
	if (slot) {
		struct req *q = &g->reqs[*slot - 1];
		struct rk_val cells[RG_NCOLS];
		char nbuf[RG_NCOLS][24];
		uint32_t s = rk_intern_find(&g->st.skus, v[RG_SKU].p, v[RG_SKU].n);
		struct dupref *d;

		if (s != q->sku) {
			q->bad = 1;
			return 0;
		}
		q->dup = 1;
		for (size_t i = 0; i < RG_NCOLS; i++)
			rk_fv_cell(&v[i], rk_registry_schema.cols[i].kind, nbuf[i],
			    &cells[i]);
		RK_GROW(g->duprefs, g->nduprefs, g->dupcap);
		d = &g->duprefs[g->nduprefs];
		d->cells = rk_rowstore_add(&g->dups, cells, RG_NCOLS);
		d->next = RK_NOID;
		/* append, keeping registry order */
		if (q->dup_first == RK_NOID) {
			q->dup_first = (uint32_t)g->nduprefs;
		} else {
			uint32_t t = q->dup_first;

			while (g->duprefs[t].next != RK_NOID)
				t = g->duprefs[t].next;
			g->duprefs[t].next = (uint32_t)g->nduprefs;
		}
		g->nduprefs++;
	}
	return 0;
}

static int
journal_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct reg *g = ctx;

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	consume(g, &rk_journal_schema, v);
	return 0;
}

static int
read_state(struct reg *g)
{
	g->key_rma = rk_xcalloc(g->keys.count + 1, sizeof(*g->key_rma));
	g->key_nextline = rk_xcalloc(g->keys.count + 1, sizeof(*g->key_nextline));
	for (size_t i = 0; i <= g->keys.count; i++)
		g->key_rma[i] = RK_NOID;
	if (rk_state_load("--registry", g->o->registry, &rk_registry_schema, &g->regcarry,
	    registry_row, g, &g->run.err))
		return -1;
	if (rk_state_load("--journal", g->o->journal, &rk_journal_schema, NULL, journal_row, g,
	    &g->run.err))
		return -1;
	rk_consumed_build(&g->cons, g->st.invoices.count);
	/* a key registered with another sku: the request line is malformed */
	for (size_t i = 0; i < g->nreqs; i++) {
		struct req *q = &g->reqs[i];

		if (q->bad) {
			char msg[300];

			snprintf(msg, sizeof(msg), "request line %u is already "
			    "registered with another sku; a request that spans "
			    "several runs must number its lines (request_line)",
			    q->reqline);
			reject_req(g, q, RK_DUPLICATE_KEY, msg);
		}
	}
	return 0;
}

/* ---- 3. order lines ---- */

/*
 * Mark the reference triples an order line satisfies.  Lines of one
 * invoice come together and share order and retailer, so only the first
 * line of such a run does any lookup.
 */
static void
mark_refs(struct reg *g, struct rk_orders *st, const struct rk_fv *v,
    uint32_t inv)
{
	uint32_t ord, iv, r;

	if (inv == g->lastinv && g->havelastord &&
	    rk_memeq(v[OL_ORDER_ID].p, v[OL_ORDER_ID].n, g->lastord, g->lastordn) &&
	    rk_memeq(v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n, g->lastret,
	    g->lastretn))
		return; /* same order, invoice and retailer as the last row */
	g->lastinv = inv;
	memcpy(g->lastret, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n);
	g->lastretn = v[OL_RETAILER_ID].n;
	if (g->havelastord && rk_memeq(v[OL_ORDER_ID].p, v[OL_ORDER_ID].n,
	    g->lastord, g->lastordn)) {
		ord = g->lastordid;
	} else {
		ord = rk_intern_find(&g->ref_orders, v[OL_ORDER_ID].p,
		    v[OL_ORDER_ID].n);
		memcpy(g->lastord, v[OL_ORDER_ID].p, v[OL_ORDER_ID].n);
		g->lastordn = v[OL_ORDER_ID].n;
		g->lastordid = ord;
		g->havelastord = 1;
	}
	iv = inv < g->ninvoice_ref && g->invoice_ref[inv] ? inv : RK_NOID;
	if (ord == RK_NOID && iv == RK_NOID)
		return;
	r = rk_intern_find(&st->retailers, v[OL_RETAILER_ID].p,
	    v[OL_RETAILER_ID].n);
	if (r == RK_NOID)
		return;
	uint32_t t[3][3] = { { r, ord, RK_NOID }, { r, RK_NOID, iv },
		{ r, ord, iv } };

	for (int k = 0; k < 3; k++) {
		uint32_t id = rk_intern_find(&g->triples, (const char *)t[k],
		    sizeof(t[k]));

		if (id != RK_NOID)
			g->triple_found[id] = 1;
	}
}

static void
order_visit(void *ctx, struct rk_orders *st, const struct rk_fv *v,
    uint32_t inv)
{
	struct reg *g = ctx;
	uint32_t pr, idx;
	uint64_t c;
	struct rk_oline *l;

	if (g->triples.count)
		mark_refs(g, st, v, inv);
	pr = pair_find(g, v[OL_RETAILER_ID].p, v[OL_RETAILER_ID].n, v[OL_SKU].p,
	    v[OL_SKU].n, 1);
	if (pr == RK_NOID)
		return; /* no request for this retailer and sku */
	idx = rk_orders_add(st, v, inv, g->pair_ret[pr], g->pair_sku[pr]);
	l = &st->lines[idx];
	c = rk_consumed_get(&g->cons, inv, l->line_no);
	if (c)
		l->remaining = c >= l->qty ? 0 : l->qty - (uint32_t)c;
	if (idx >= g->nextcap) {
		g->nextcap = g->nextcap ? 2 * g->nextcap : 1024;
		g->line_next = rk_xreallocarray(g->line_next, g->nextcap,
		    sizeof(*g->line_next));
	}
	g->line_next[idx] = g->pair_head[pr];
	g->pair_head[pr] = idx;
}

/* ---- 4. allocation ---- */

static int
cand_cmp(const void *a, const void *b, void *ctx)
{
	const struct cand *x = a, *y = b;
	const struct reg *g = ctx;

	if (x->inwin != y->inwin)
		return x->inwin ? -1 : 1;
	return rk_oline_cmp(&g->st, g->run.pol.allocation, &g->st.lines[x->line],
	    &g->st.lines[y->line]);
}

static void
add_out(struct reg *g, uint32_t req, uint32_t line, uint32_t qty, int status,
    int why)
{
	struct out *u;

	RK_GROW(g->outs, g->nouts, g->outcap);
	u = &g->outs[g->nouts++];
	u->req = req;
	u->line = line;
	u->qty = qty;
	u->status = (uint8_t)status;
	u->why = (uint8_t)why;
	u->rma_line = 0;
}

static void
allocate(struct reg *g, uint32_t qi)
{
	struct req *q = &g->reqs[qi];
	uint32_t need = q->qty, li;
	size_t nc = 0;
	int dated = 0, late_left = 0, why;

	q->out_first = (uint32_t)g->nouts;
	for (li = g->pair_head[q->pair]; li != RK_NOID; li = g->line_next[li]) {
		const struct rk_oline *l = &g->st.lines[li];

		if (q->order != RK_NOID) {
			size_t an, bn;
			const char *a = rk_orders_order(&g->st, l, &an);
			const char *b = rk_intern_str(&g->ref_orders, q->order, &bn);

			if (!rk_memeq(a, an, b, bn))
				continue;
		}
		if (q->invoice != RK_NOID && l->invoice != q->invoice)
			continue;
		if (l->date > q->requested)
			continue;
		dated = 1;
		if (l->remaining == 0)
			continue;
		if (nc == g->candcap) {
			g->candcap = g->candcap ? 2 * g->candcap : 64;
			g->cands = rk_xreallocarray(g->cands, g->candcap,
			    sizeof(*g->cands));
		}
		g->cands[nc].line = li;
		g->cands[nc].inwin = q->requested - l->date <= q->window;
		nc++;
	}
	if (nc > 1)
		qsort_r(g->cands, nc, sizeof(*g->cands), cand_cmp, g);
	for (size_t i = 0; i < nc && need > 0; i++) {
		struct rk_oline *l = &g->st.lines[g->cands[i].line];
		uint32_t take;

		if (!g->cands[i].inwin && g->run.pol.late != RK_LATE_HOLD) {
			late_left = 1;
			continue;
		}
		take = l->remaining < need ? l->remaining : need;
		l->remaining -= take;
		need -= take;
		add_out(g, qi, g->cands[i].line, take,
		    g->cands[i].inwin ? ST_ACCEPTED : ST_HELD,
		    g->cands[i].inwin ? WHY_NONE : WHY_OUTSIDE_WINDOW);
	}
	if (need > 0) {
		if (q->triple != RK_NOID && !g->triple_found[q->triple])
			why = WHY_ORDER_NOT_FOUND;
		else if (!dated)
			why = WHY_NOT_PURCHASED;
		else if (late_left)
			why = WHY_OUTSIDE_WINDOW;
		else
			why = WHY_EXCEEDS;
		add_out(g, qi, RK_NOID, need, ST_REJECTED, why);
	}
	q->nout = (uint32_t)g->nouts - q->out_first;
}

/* ---- 5. RMA numbers ---- */

static int
number_rmas(struct reg *g)
{
	for (size_t i = 0; i < g->nouts; i++) {
		struct out *u = &g->outs[i];
		struct req *q = &g->reqs[u->req];

		if (u->status != ST_ACCEPTED && u->status != ST_HELD)
			continue;
		if (g->key_rma[q->rkey] == RK_NOID) {
			char id[128];
			size_t n = rk_seqfmt_make(g->run.pol.rma_format, g->o->as_of,
			    ++g->maxseq, id, sizeof(id));

			if (n == 0 || rk_check_id(id, n) != RK_OK)
				return rk_errf(&g->run.err, RK_EX_CONFIG, "rma_format makes "
				    "\"%s\", which is not an id (1 to 64 bytes)", id);
			g->key_rma[q->rkey] = rk_intern_add(&g->rmas, id, n);
		}
		u->rma_line = ++g->key_nextline[q->rkey];
	}
	return 0;
}

/* ---- 6. output ---- */

struct rowbuf {
	struct rk_val *cells;
	size_t n;
	char num[8][24];
	char price[48], tax[48], date[16], reqdate[16];
};

/* Raw value of a request column, by schema index. */
static void
req_col(const struct reg *g, uint32_t op, const struct rk_val *raw,
    size_t nraw, int col, struct rk_val *out)
{
	rk_primary_col(&g->pr, op, raw, nraw, (size_t)col, out);
}

/*
 * Fill the standard cells of an answer row and the carried cells of its
 * request (carried[i] goes to position base + map[i]).
 */
static void
fill_row(struct reg *g, const struct out *u, const struct rk_val *raw,
    size_t nraw, struct rowbuf *rb)
{
	const struct req *q = &g->reqs[u->req];
	uint32_t op = q->operand;
	struct rk_val *c = rb->cells;
	const struct rk_oline *l = u->line != RK_NOID ? &g->st.lines[u->line] : NULL;
	size_t n;
	const char *p;

	if (g->key_rma[q->rkey] != RK_NOID) {
		p = rk_intern_str(&g->rmas, g->key_rma[q->rkey], &n);
		rk_val_set(&c[RG_RMA_ID], p, n);
	} else {
		rk_val_set(&c[RG_RMA_ID], "", 0);
	}
	if (u->rma_line)
		rk_val_uint(&c[RG_RMA_LINE], rb->num[0], u->rma_line);
	else
		rk_val_set(&c[RG_RMA_LINE], "", 0);
	req_col(g, op, raw, nraw, RQ_REQUEST_ID, &c[RG_REQUEST_ID]);
	rk_val_uint(&c[RG_REQUEST_LINE], rb->num[1], q->reqline);
	req_col(g, op, raw, nraw, RQ_RETAILER_ID, &c[RG_RETAILER_ID]);
	req_col(g, op, raw, nraw, RQ_SKU, &c[RG_SKU]);
	rk_val_uint(&c[RG_QTY], rb->num[2], u->qty);
	req_col(g, op, raw, nraw, RQ_REASON, &c[RG_REASON]);
	p = status_names[u->status];
	rk_val_set(&c[RG_STATUS], p, strlen(p));
	p = why_names[u->why];
	rk_val_set(&c[RG_STATUS_REASON], p, strlen(p));
	if (l) {
		p = rk_orders_order(&g->st, l, &n);
		rk_val_set(&c[RG_ORDER_ID], p, n);
		p = rk_intern_str(&g->st.invoices, l->invoice, &n);
		rk_val_set(&c[RG_INVOICE_ID], p, n);
		rk_val_uint(&c[RG_INVOICE_LINE], rb->num[3], l->line_no);
		rk_val_set(&c[RG_LINE_DATE], rb->date, rk_date_format(l->date, rb->date));
		rk_val_set(&c[RG_UNIT_PRICE], rb->price, rk_oline_price(l, rb->price));
		p = rk_currency_code(l->cur);
		rk_val_set(&c[RG_CURRENCY], p, 3);
		rk_val_set(&c[RG_TAX_RATE], rb->tax, rk_oline_tax(l, rb->tax));
	} else {
		req_col(g, op, raw, nraw, RQ_ORDER_ID, &c[RG_ORDER_ID]);
		req_col(g, op, raw, nraw, RQ_INVOICE_ID, &c[RG_INVOICE_ID]);
		rk_val_set(&c[RG_INVOICE_LINE], "", 0);
		rk_val_set(&c[RG_LINE_DATE], "", 0);
		rk_val_set(&c[RG_UNIT_PRICE], "", 0);
		rk_val_set(&c[RG_CURRENCY], "", 0);
		rk_val_set(&c[RG_TAX_RATE], "", 0);
	}
	rk_val_set(&c[RG_REQUESTED_AT], rb->reqdate,
	    rk_date_format(q->requested, rb->reqdate));
	req_col(g, op, raw, nraw, RQ_NOTE, &c[RG_NOTE]);
}

/* Carried cells of a request's row, by carried-column index. */
static void
fill_carried(struct reg *g, const struct req *q, const struct rk_val *raw,
    size_t nraw, struct rk_val *out, size_t ncarried)
{
	rk_primary_carried(&g->pr, q->operand, raw, nraw, out, ncarried);
}

static int
write_output(struct reg *g, struct rk_writer *w, size_t ncarried)
{
	size_t ncols = RG_NCOLS + ncarried;
	struct rowbuf rb;
	struct rk_val *raw = rk_xcalloc(g->pr.maxcols + 1, sizeof(*raw));

	rb.cells = rk_xcalloc(ncols, sizeof(*rb.cells));
	rb.n = ncols;
	for (size_t i = 0; i < g->nreqs; i++) {
		const struct req *q = &g->reqs[i];
		size_t nraw;

		if (q->bad)
			continue;
		nraw = rk_primary_get(&g->pr, q->raw, raw);
		fill_carried(g, q, raw, nraw, rb.cells + RG_NCOLS, ncarried);
		if (q->dup) {
			for (uint32_t d = q->dup_first; d != RK_NOID;
			    d = g->duprefs[d].next) {
				rk_rowstore_get(&g->dups, g->duprefs[d].cells, rb.cells,
				    RG_NCOLS);
				rk_val_set(&rb.cells[RG_STATUS], "duplicate", 9);
				rk_writer_row(w, rb.cells);
			}
			continue;
		}
		for (uint32_t k = 0; k < q->nout; k++) {
			fill_row(g, &g->outs[q->out_first + k], raw, nraw, &rb);
			rk_writer_row(w, rb.cells);
		}
	}
	free(raw);
	free(rb.cells);
	return 0;
}

/* ---- 7. registry commit ---- */

struct regemit {
	struct reg *g;
	uint32_t *map;    /* carried column -> registry carried column */
	size_t ncarried;
};

static void
emit_registered(void *ctx, struct rk_writer *w, const struct rk_carried *carry)
{
	struct regemit *e = ctx;
	struct reg *g = e->g;
	size_t nreg = rk_carried_count(carry);
	struct rk_val *raw = rk_xcalloc(g->pr.maxcols + 1, sizeof(*raw));
	struct rk_val *carried = rk_xcalloc(e->ncarried + 1, sizeof(*carried));
	struct rowbuf rb;

	rb.cells = rk_xcalloc(RG_NCOLS + nreg + 1, sizeof(*rb.cells));
	rb.n = RG_NCOLS + nreg;
	for (size_t i = 0; i < g->nouts; i++) {
		const struct out *u = &g->outs[i];
		const struct req *q = &g->reqs[u->req];
		size_t nraw;

		if (u->status != ST_ACCEPTED && u->status != ST_HELD)
			continue;
		nraw = rk_primary_get(&g->pr, q->raw, raw);
		fill_row(g, u, raw, nraw, &rb);
		fill_carried(g, q, raw, nraw, carried, e->ncarried);
		for (size_t k = 0; k < nreg; k++)
			rk_val_set(&rb.cells[RG_NCOLS + k], "", 0);
		for (size_t k = 0; k < e->ncarried; k++)
			rk_val_set(&rb.cells[RG_NCOLS + e->map[k]], carried[k].p,
			    carried[k].n);
		rk_writer_row(w, rb.cells);
	}
	free(raw);
	free(carried);
	free(rb.cells);
}

static int
commit_registry(struct reg *g, size_t ncarried)
{
	struct regemit e = { g, NULL, ncarried };
	size_t ntoday = 0;
	int rc;

	for (size_t i = 0; i < g->nouts; i++)
		if (g->outs[i].status == ST_ACCEPTED || g->outs[i].status == ST_HELD)
			ntoday++;
	if (g->o->registry == NULL || ntoday == 0)
		return 0; /* nothing new: the registry stays as it is */
	e.map = rk_xcalloc(ncarried + 1, sizeof(*e.map));
	rk_carried_merge(&g->pr.carry, &g->regcarry, e.map);
	rc = rk_state_commit("--registry", g->o->registry, &rk_registry_schema, &g->regcarry,
	    emit_registered, &e, &g->run.err);
	free(e.map);
	return rc;
}

/* ---- summary ---- */

static void
summary(struct reg *g)
{
	unsigned long by[4] = { 0 }, rows_out = 0;
	struct rk_amounts *sums = rk_xcalloc(1, sizeof(*sums));

	for (size_t i = 0; i < g->nreqs; i++) {
		const struct req *q = &g->reqs[i];

		if (q->bad)
			continue;
		if (q->dup) {
			for (uint32_t d = q->dup_first; d != RK_NOID;
			    d = g->duprefs[d].next) {
				by[ST_DUPLICATE]++;
				rows_out++;
			}
			continue;
		}
		for (uint32_t k = 0; k < q->nout; k++) {
			const struct out *u = &g->outs[q->out_first + k];

			by[u->status]++;
			rows_out++;
			if (u->line != RK_NOID) {
				const struct rk_oline *l = &g->st.lines[u->line];
				struct rk_dec price = { l->price, 1, 6 };

				rk_amounts_add(sums, l->cur, u->qty, &price);
			}
		}
	}
	rk_warnx("%llu request lines in, %lu answer rows out, %lu malformed",
	    (unsigned long long)g->pr.nrows, rows_out, rk_rejects_count(g->run.rj));
	rk_warnx("accepted %lu, held %lu, rejected %lu, duplicate %lu",
	    by[ST_ACCEPTED], by[ST_HELD], by[ST_REJECTED], by[ST_DUPLICATE]);
	rk_warnx("order lines: %lu read, %lu malformed, %lu kept",
	    g->st.rows, g->st.rejected, (unsigned long)g->st.n);
	rk_amounts_report(sums, "registered");
	free(sums);
	rk_run_summary_end(&g->run);
}

/* ---- the run ---- */

static void
reg_release(struct reg *g)
{
	rk_orders_release(&g->st);
	rk_primary_release(&g->pr);
	rk_carried_release(&g->regcarry);
	rk_rowstore_release(&g->dups);
	free(g->reqs);
	rk_intern_release(&g->keys);
	free(g->posbuf);
	free(g->keypos);
	free(g->keyop);
	rk_u64map_release(&g->lines);
	rk_intern_release(&g->pairs);
	free(g->pair_head);
	free(g->line_next);
	free(g->pair_ret);
	free(g->pair_sku);
	rk_bits_release(&g->pairbits);
	rk_intern_release(&g->triples);
	rk_intern_release(&g->ref_orders);
	free(g->triple_found);
	free(g->invoice_ref);
	rk_intern_release(&g->rmas);
	free(g->key_rma);
	free(g->key_nextline);
	free(g->duprefs);
	rk_consumed_release(&g->cons);
	free(g->outs);
	free(g->cands);
}

int
rk_register_run(const struct rk_opts *o)
{
	struct reg g;
	struct rk_writer_opts wo = rk_opts_writer(o);
	struct rk_reader_opts ro = rk_opts_aux_reader(o);
	const struct rk_aux_file aux[] = { { "--orders", o->orders } };
	struct rk_writer *w = NULL;
	size_t ncarried;
	int failed = 1, status;

	memset(&g, 0, sizeof(g));
	g.o = o;
	rk_orders_init(&g.st);
	rk_carried_init(&g.regcarry, rk_registry_names, RG_NCOLS);
	rk_rowstore_init(&g.dups);
	rk_intern_init(&g.keys);
	rk_intern_init(&g.triples);
	rk_intern_init(&g.ref_orders);
	rk_intern_init(&g.rmas);
	rk_u64map_init(&g.lines);
	rk_intern_init(&g.pairs);
	g.lastinv = RK_NOID;

	if (rk_run_begin(&g.run, o, "--registry", o->registry, aux, 1))
		goto out;
	if (read_requests(&g))
		goto out;
	rk_phase("requests");
	if (read_state(&g))
		goto out;
	rk_phase("state");
	if (rk_orders_load(&g.st, o->orders, &ro, rk_opts_dp(o), g.run.rj,
	    &g.run.pg, order_visit, &g, &g.run.err))
		goto out;
	if (rk_orders_require(&g.st, o->orders, g.pr.nrows, "request",
	    &g.run.err))
		goto out;
	rk_phase("orders");
	for (size_t i = 0; i < g.nreqs; i++)
		if (!g.reqs[i].dup && !g.reqs[i].bad)
			allocate(&g, (uint32_t)i);
	if (number_rmas(&g))
		goto out;
	rk_phase("allocate");
	ncarried = rk_carried_count(&g.pr.carry);
	w = rk_output_open(stdout, &wo, rk_registry_names, rk_registry_types,
	    RG_NCOLS, &g.pr.carry);
	write_output(&g, w, ncarried);
	if (rk_run_output(&g.run, w))
		goto out;
	if (rk_run_commits(&g.run) && commit_registry(&g, ncarried))
		goto out;
	rk_phase("commit");
	if (o->summary)
		summary(&g);
	failed = 0;
out:
	rk_writer_free(w);
	reg_release(&g);
	status = rk_run_end(&g.run, failed);
	return status;
}
