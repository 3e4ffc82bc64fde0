/*
 * senders.c - the sender of each parcel (return-match(1), "Step 2: the
 * sender of each parcel"): the retailer its rows or their known RMAs
 * name, else the one its journal rows name, else a conflict; and, for a
 * parcel that names none, the retailer inferred from what the parcel
 * holds against what the earlier parcels left.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/field.h"
#include "rk/util.h"

#include "match.h"

/*
 * The parcel's known RMAs: today's rows' in order of first appearance,
 * then the journal's (already in pc->rmas).  Marks each row's RMA known
 * or unknown (an unknown RMA is treated as none).
 */
static void
parcel_rmas(struct match_run *m, struct parcel *pc)
{
	uint32_t *rmas = NULL, nr = 0, cap = 0;

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rcpt.rows[i].next) {
		struct receipt *q = &m->rcpt.rows[i];

		if (q->rma == RK_NOID)
			continue;
		if (match_rma_retailer(m, q->rma) == RK_NOID) {
			q->rma_unknown = 1;
			continue;
		}
		q->rma_known = 1;
		if (!match_u32_has(rmas, nr, q->rma)) {
			RK_GROW(rmas, nr, cap);
			rmas[nr++] = q->rma;
		}
	}
	for (uint32_t k = 0; k < pc->nrmas; k++)
		if (!match_u32_has(rmas, nr, pc->rmas[k])) {
			RK_GROW(rmas, nr, cap);
			rmas[nr++] = pc->rmas[k];
		}
	free(pc->rmas);
	pc->rmas = rmas;
	pc->nrmas = nr;
	pc->rmacap = cap;
}

/*
 * The retailers today's rows name, by retailer_id or by a known RMA:
 * up to two of them in named[] (two are already a conflict); returns
 * how many.
 */
static uint32_t
named_today(const struct match_run *m, const struct parcel *pc,
    uint32_t named[2])
{
	uint32_t n = 0;

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rcpt.rows[i].next) {
		const struct receipt *q = &m->rcpt.rows[i];
		uint32_t cand[2] = { q->retailer,
			q->rma_known ? match_rma_retailer(m, q->rma) : RK_NOID };

		for (int c = 0; c < 2; c++) {
			if (cand[c] == RK_NOID)
				continue;
			if (n == 0 || (named[0] != cand[c] &&
			    (n == 1 || named[1] != cand[c]))) {
				if (n < 2)
					named[n++] = cand[c];
			}
		}
	}
	return n;
}

/* Each parcel's sender from what its rows and its journal rows name. */
void
match_decide_senders(struct match_run *m)
{
	for (size_t p = 0; p < m->rcpt.nparcels; p++) {
		struct parcel *pc = &m->rcpt.parcels[p];
		uint32_t named[2], n;

		parcel_rmas(m, pc);
		n = named_today(m, pc, named);
		if (n > 1 || (n == 0 && pc->njretailers > 1)) {
			pc->kind = PARCEL_CONFLICT;
		} else if (n == 1) {
			pc->kind = PARCEL_SENDER;
			pc->sender = named[0];
		} else if (pc->njretailers == 1) {
			pc->kind = PARCEL_SENDER;
			pc->sender = pc->jretailers[0];
		} else {
			pc->kind = PARCEL_NO_SENDER;
		}
	}
}

/* The parcel's quantity of one sku (rows still to allocate). */
struct need {
	uint32_t sku;
	uint64_t qty;
};

static size_t
parcel_needs(const struct match_run *m, const struct parcel *pc,
    struct need **out)
{
	struct need *nd = NULL;
	size_t n = 0, cap = 0;

	for (uint32_t i = pc->first; i != RK_NOID; i = m->rcpt.rows[i].next) {
		const struct receipt *q = &m->rcpt.rows[i];
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

/* Stage 1 looks at registered lines, stage 2 at order lines. */
static const struct csr *
stage_index(const struct match_run *m, int stage)
{
	return stage == 1 ? &m->reg.by_sku : &m->olines.by_sku;
}

/* What one registered line (stage 1: open) or order line (stage 2:
 * remaining, when in the tier-4 window of day) can still give. */
static uint64_t
item_available(const struct match_run *m, int stage, uint32_t item,
    int32_t day)
{
	const struct rk_oline *l;

	if (stage == 1)
		return m->reg.lines[item].open;
	l = &m->orders.lines[item];
	return l->date <= day && day - l->date <= m->window ? l->remaining : 0;
}

/* What retailer r could still give of sku, summed over its lines. */
static uint64_t
available(const struct match_run *m, int stage, uint32_t sku, uint32_t r,
    int32_t day)
{
	const struct csr *c = stage_index(m, stage);
	uint32_t from, to;
	uint64_t sum = 0;

	match_retailer_run(c, sku, r, &from, &to);
	for (uint32_t i = from; i < to; i++)
		sum += item_available(m, stage, c->idx[i], day);
	return sum;
}

/* Not excluded by country: unknown on either side, or the same. */
static int
country_ok(const struct match_run *m, const struct parcel *pc, uint32_t r)
{
	const struct rk_retailer *rt;
	size_t n;
	const char *c;

	if (pc->country == RK_NOID)
		return 1;
	rt = rk_retailers_find(&m->retailers, r);
	if (rt == NULL || rt->f[RT_COUNTRY] == NULL)
		return 1;
	c = rk_intern_str(&m->rcpt.countries, pc->country, &n);
	return rk_streq(c, n, rt->f[RT_COUNTRY]);
}

/*
 * The retailers that could have sent the parcel at one stage: those
 * that can still give every sku's quantity, and whose country fits.
 * Walks the sku with the fewest lines and checks the others per
 * retailer.  Returns how many are in *cands (malloc'd).
 */
static uint32_t
stage_candidates(const struct match_run *m, const struct parcel *pc,
    int stage, const struct need *nd, size_t nn, uint32_t **cands)
{
	const struct csr *c = stage_index(m, stage);
	int32_t day = m->rcpt.rows[pc->first].received;
	uint32_t nc = 0, ccap = 0, i, end;
	size_t first = 0;

	for (size_t k = 1; k < nn; k++) {
		uint32_t a = nd[k].sku, b = nd[first].sku;

		if (a < c->n && (b >= c->n || c->off[a + 1] - c->off[a] <
		    c->off[b + 1] - c->off[b]))
			first = k;
	}
	if (nd[first].sku >= c->n)
		return 0;
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
			RK_GROW(*cands, nc, ccap);
			(*cands)[nc++] = r;
		}
	}
	return nc;
}

static int
retailer_cmp(const void *a, const void *b, void *ctx)
{
	const struct match_run *m = ctx;
	size_t an, bn;
	const char *as = rk_intern_str(&m->orders.retailers,
	    *(const uint32_t *)a, &an);
	const char *bs = rk_intern_str(&m->orders.retailers,
	    *(const uint32_t *)b, &bn);

	return rk_memcmp2(as, an, bs, bn);
}

/*
 * "ambiguous_sender:" and the candidates' ids sorted bytewise, separated
 * by "|".  A status_reason is text of at most 1000 bytes
 * (returns-formats(5), FIELD SYNTAX): a list that would be longer ends,
 * after the ids that fit, with "|..." so the journal stays readable by
 * the next run.
 */
static char *
ambiguous_reason(struct match_run *m, uint32_t *cands, uint32_t nc)
{
	size_t len = 17, cap = RK_TEXT_MAX - 4;
	char *s = rk_xmalloc(RK_TEXT_MAX + 1);

	qsort_r(cands, nc, sizeof(*cands), retailer_cmp, m);
	memcpy(s, "ambiguous_sender:", 17);
	for (uint32_t i = 0; i < nc; i++) {
		size_t n;
		const char *id = rk_intern_str(&m->orders.retailers, cands[i], &n);

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
	return s;
}

/*
 * Infer the sender of a parcel with no retailer_id, no known RMA and no
 * sender in the journal: stage 1, then stage 2 when stage 1 finds none.
 * The parcel gets its sender (inferred), or pc->fail says why not.
 */
void
match_infer_sender(struct match_run *m, uint32_t p)
{
	struct parcel *pc = &m->rcpt.parcels[p];
	struct need *nd;
	size_t nn = parcel_needs(m, pc, &nd);
	uint32_t *cands = NULL, nc = 0;

	for (int stage = 1; stage <= 2 && nc == 0 && nn > 0; stage++)
		nc = stage_candidates(m, pc, stage, nd, nn, &cands);
	free(nd);
	if (nc == 1) {
		pc->sender = cands[0];
		pc->inferred = 1;
		pc->kind = PARCEL_SENDER;
	} else if (nc == 0) {
		pc->fail = WHY_UNKNOWN_SENDER;
	} else {
		pc->ambiguous = ambiguous_reason(m, cands, nc);
		pc->fail = WHY_AMBIGUOUS;
	}
	free(cands);
}
