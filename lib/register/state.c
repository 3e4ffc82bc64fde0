/*
 * state.c - what earlier runs left (return-register(1), "Idempotency" and
 * "RMA numbers"): from the registry, the rows of today's keys (answered
 * as duplicates), the RMA number and last rma_line of each key and the
 * highest sequence of rma_format given; from the registry and the
 * journal, what they took from each invoice line of a requested pair.
 */
#include <stdio.h>

#include "rk/seqfmt.h"
#include "rk/statefiles.h"
#include "rk/state.h"
#include "rk/util.h"

#include "register.h"

/* What a state row took from an order line, when its pair matters today. */
static void
consume(struct regrun *g, const struct rk_schema *s, const struct rk_fv *v)
{
	struct rk_take t;
	uint32_t iv;

	if (!rk_state_row_takes(s, v, &t) || reg_pair_find(g, t.retailer->p,
	    t.retailer->n, t.sku->p, t.sku->n) == RK_NOID)
		return;
	iv = rk_intern_add(&g->orders.invoices, t.invoice->p, t.invoice->n);
	rk_consumed_add(&g->reg.consumed, iv, (uint32_t)t.line->i, t.qty);
}

/* Keep a registry row for the duplicate answer of q, in registry order. */
static void
add_dup(struct registry *reg, struct reqline *q, const struct rk_fv *v)
{
	struct rk_val cells[RG_NCOLS];
	char nbuf[RG_NCOLS][24];
	struct dup_row *d;

	for (size_t i = 0; i < RG_NCOLS; i++)
		rk_fv_cell(&v[i], rk_registry_schema.cols[i].kind, nbuf[i],
		    &cells[i]);
	RK_GROW(reg->dups, reg->ndups, reg->dupcap);
	d = &reg->dups[reg->ndups];
	d->cells = rk_rowstore_add(&reg->dup_cells, cells, RG_NCOLS);
	d->next = RK_NOID;
	if (q->dup_first == RK_NOID) {
		q->dup_first = (uint32_t)reg->ndups;
	} else {
		uint32_t t = q->dup_first;

		while (reg->dups[t].next != RK_NOID)
			t = reg->dups[t].next;
		reg->dups[t].next = (uint32_t)reg->ndups;
	}
	reg->ndups++;
}

static int
registry_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct regrun *g = ctx;
	struct registry *reg = &g->reg;
	char kbuf[KEYMAX];
	size_t kn;
	uint32_t key, qi;
	uint64_t seq;

	(void)row;
	(void)b;
	(void)path;
	(void)err;
	if (rk_seqfmt_match(g->run.pol.rma_format, v[RG_RMA_ID].p,
	    v[RG_RMA_ID].n, &seq) && seq > reg->maxseq)
		reg->maxseq = seq;
	consume(g, &rk_registry_schema, v);

	kn = reg_keytext(kbuf, v[RG_RETAILER_ID].p, v[RG_RETAILER_ID].n,
	    v[RG_REQUEST_ID].p, v[RG_REQUEST_ID].n);
	key = rk_intern_find(&g->rq.keys, kbuf, kn);
	if (key == RK_NOID)
		return 0; /* a request not in today's input */
	if (reg->key_rma[key] == RK_NOID)
		reg->key_rma[key] = rk_intern_add(&reg->rmas, v[RG_RMA_ID].p,
		    v[RG_RMA_ID].n);
	if ((uint32_t)v[RG_RMA_LINE].i > reg->key_last_line[key])
		reg->key_last_line[key] = (uint32_t)v[RG_RMA_LINE].i;

	qi = reg_request_line(&g->rq, key, (uint32_t)v[RG_REQUEST_LINE].i);
	if (qi != RK_NOID) {
		struct reqline *q = &g->rq.lines[qi];
		uint32_t s = rk_intern_find(&g->orders.skus, v[RG_SKU].p,
		    v[RG_SKU].n);

		if (s != q->sku) {
			q->sku_conflict = 1;
			return 0;
		}
		q->registered = 1;
		add_dup(reg, q, v);
	}
	return 0;
}

static int
journal_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	(void)row;
	(void)b;
	(void)path;
	(void)err;
	consume(ctx, &rk_journal_schema, v);
	return 0;
}

/*
 * A key registered with another sku: the request line is malformed
 * (duplicate_key), rejected now, in input order.
 */
static void
reject_sku_conflicts(struct regrun *g)
{
	for (size_t i = 0; i < g->rq.n; i++) {
		const struct reqline *q = &g->rq.lines[i];
		char msg[300];

		if (!q->sku_conflict)
			continue;
		snprintf(msg, sizeof(msg), "request line %u is already "
		    "registered with another sku; a request that spans "
		    "several runs must number its lines (request_line)",
		    q->request_line);
		rk_primary_reject(&g->rq.input, g->run.rj, q->operand, q->raw,
		    q->ord, q->input_line, RK_DUPLICATE_KEY, msg);
	}
}

/* Read the registry and the journal; 0, or -1 with g->run.err. */
int
reg_read_state(struct regrun *g)
{
	struct registry *reg = &g->reg;
	size_t nkeys = g->rq.keys.count;

	reg->key_rma = rk_xcalloc(nkeys + 1, sizeof(*reg->key_rma));
	reg->key_last_line = rk_xcalloc(nkeys + 1, sizeof(*reg->key_last_line));
	for (size_t i = 0; i <= nkeys; i++)
		reg->key_rma[i] = RK_NOID;
	if (rk_state_load("--registry", g->o->registry, &rk_registry_schema,
	    &reg->carry, registry_row, g, &g->run.err))
		return -1;
	if (rk_state_load("--journal", g->o->journal, &rk_journal_schema, NULL,
	    journal_row, g, &g->run.err))
		return -1;
	rk_consumed_build(&reg->consumed, g->orders.invoices.count);
	reject_sku_conflicts(g);
	return 0;
}
