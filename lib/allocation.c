/*
 * allocation.c - taking a quantity from order history (rk/allocation.h):
 * an ask's candidates among a run's lines, their order, the greedy take
 * and the reason of what remains.
 *
 * Real sales are skewed: one retailer's run of a popular sku may hold
 * thousands of lines and be asked of thousands of times.  So nothing is
 * sorted per ask.  The first ask of a run orders the run once, in the
 * policy's allocation order with ties broken by a rank of the invoice
 * ids computed once for the whole order store (no string compares in a
 * sort), and keeps, per run, skip pointers over its used-up lines.  The
 * order is a radix sort of one 64-bit key per line, packed from its
 * allocation key, invoice rank and line_no with widths measured once
 * over the store; a store whose widths do not fit 64 bits is sorted by
 * comparisons instead (the same order).  An
 * ask without a group function then walks only the lines it takes:
 * under newest and oldest the in-window lines and the late ones are two
 * ranges of the ordered run, found by binary search on the date; under
 * lowest_price the alive lines are walked once per range.  An ask with a
 * group function (references to narrow the run to, or its own order
 * first) walks the ordered run once and partitions it by a counting
 * sort, still without comparing lines.  Used-up lines are skipped in
 * near-constant time (path-compressed skip pointers).
 */
#include <stdlib.h>
#include <string.h>

#include "rk/allocation.h"
#include "rk/policy.h"
#include "rk/threads.h"
#include "rk/util.h"

/* A candidate line of a grouped ask: in window first, then by group. */
struct rk_alloc_cand {
	uint32_t line;
	uint16_t key;             /* late << 8 | group: the order taken */
};

/* A line and its packed sort key (struct rk_alloc_pack). */
struct rk_alloc_keyed {
	uint64_t key;
	uint32_t line;
};

/* A run as the allocator keeps it: its lines ordered once. */
struct rk_alloc_run {
	uint32_t n;
	uint32_t *sorted;         /* line indices in allocation order */
	uint32_t *next;           /* skip pointers: next[i] == i while alive */
	int32_t min_date;         /* of every line, alive or not */
};

const char *
rk_why_name(int why)
{
	static const char *const names[RK_WHY_N] = {
		"", "outside_window", "order_not_found", "not_purchased",
		"exceeds_returnable"
	};

	return names[why];
}

void
rk_allocator_init(struct rk_allocator *a, struct rk_orders *orders,
    int allocation, int late)
{
	memset(a, 0, sizeof(*a));
	a->orders = orders;
	a->allocation = allocation;
	a->late = late;
	rk_u64map_init(&a->by_run);
}

void
rk_allocator_release(struct rk_allocator *a)
{
	for (size_t i = 0; i < a->nruns; i++) {
		free(a->runs[i].sorted);
		free(a->runs[i].next);
	}
	free(a->runs);
	if (!a->rank_shared)
		free(a->rank);
	free(a->cands);
	free(a->part);
	free(a->keyed);
	free(a->keyed_tmp);
	rk_u64map_release(&a->by_run);
	memset(a, 0, sizeof(*a));
}

/* ---- the order of a run, computed once ---- */

static int
invoice_cmp(const void *x, const void *y, void *ctx)
{
	const struct rk_orders *o = ctx;
	size_t xn, yn;
	const char *xs = rk_intern_str(&o->invoices, *(const uint32_t *)x, &xn);
	const char *ys = rk_intern_str(&o->invoices, *(const uint32_t *)y, &yn);

	return rk_memcmp2(xs, xn, ys, yn);
}

/* The bits that hold v. */
static unsigned
bits_of(uint64_t v)
{
	return v == 0 ? 0 : 64 - (unsigned)__builtin_clzll(v);
}

/*
 * The widths of the packed key over every kept line: (price less the
 * lowest, under lowest_price), the date turned so that the order taken
 * first is the smallest, the invoice rank, line_no.  Packed when they
 * fit 64 bits; the key then orders lines exactly as line_cmp does.
 */
static void
measure_keys(struct rk_allocator *a, size_t nranked)
{
	const struct rk_orders *o = a->orders;
	struct rk_alloc_pack *k = &a->pack;
	unsigned total;

	memset(k, 0, sizeof(*k));
	if (o->n == 0)
		return;
	k->mind = o->min_date;
	k->maxd = o->max_date;
	k->minp = o->min_price;
	k->line_bits = bits_of(o->max_line_no);
	k->rank_bits = bits_of(nranked > 0 ? nranked - 1 : 0);
	k->date_bits = bits_of((uint64_t)((int64_t)o->max_date - o->min_date));
	k->price_bits = a->allocation == RK_ALLOC_LOWEST_PRICE ?
	    bits_of((uint64_t)o->max_price - (uint64_t)o->min_price) : 0;
	total = k->line_bits + k->rank_bits + k->date_bits + k->price_bits;
	k->packed = total <= 64;
}

/* Line l's packed key: smaller is taken first. */
static uint64_t
line_key(const struct rk_allocator *a, const struct rk_oline *l)
{
	const struct rk_alloc_pack *k = &a->pack;
	uint64_t date, key = 0;

	date = a->allocation == RK_ALLOC_OLDEST ?
	    (uint64_t)((int64_t)l->date - k->mind) :
	    (uint64_t)((int64_t)k->maxd - l->date);
	if (a->allocation == RK_ALLOC_LOWEST_PRICE)
		key = (uint64_t)l->price - (uint64_t)k->minp;
	/* shifts by a width of 64 cannot happen: the widths sum to <= 64 */
	key = k->date_bits ? key << k->date_bits | date : key;
	key = k->rank_bits ? key << k->rank_bits | a->rank[l->invoice] : key;
	key = k->line_bits ? key << k->line_bits | l->line_no : key;
	return key;
}

/*
 * Sort v[0..n) by key, stably (the tools' keys are distinct: one
 * invoice line each), tmp being as large: insertion for a few, else a
 * byte-wise radix sort that skips the bytes every key shares.  The
 * result is in v.
 */
static void
sort_keyed(struct rk_alloc_keyed *v, struct rk_alloc_keyed *tmp, size_t n)
{
	struct rk_alloc_keyed *from = v, *to = tmp, *t;
	uint64_t diff = 0;

	if (n <= 48) {
		for (size_t i = 1; i < n; i++) {
			struct rk_alloc_keyed x = v[i];
			size_t j = i;

			for (; j > 0 && v[j - 1].key > x.key; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	for (size_t i = 1; i < n; i++)
		diff |= v[i].key ^ v[0].key;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t count[256] = { 0 }, at = 0;

		if (((diff >> shift) & 0xff) == 0)
			continue;
		for (size_t i = 0; i < n; i++)
			count[(from[i].key >> shift) & 0xff]++;
		for (unsigned d = 0; d < 256; d++) {
			size_t c = count[d];

			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & 0xff]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
}

/* r->sorted: the run's lines by packed key; r->min_date on the way. */
static void
order_by_key(struct rk_allocator *a, struct rk_alloc_run *r,
    const uint32_t *run, size_t nrun)
{
	const struct rk_oline *lines = a->orders->lines;

	RK_GROW_TO(a->keyed, nrun, a->keyedcap, 0);
	RK_GROW_TO(a->keyed_tmp, nrun, a->keyed_tmpcap, 0);
	for (size_t i = 0; i < nrun; i++) {
		const struct rk_oline *l = &lines[run[i]];

		/* a run's lines lie anywhere: ask for them, and ranks, ahead */
		if (i + 16 < nrun)
			__builtin_prefetch(&lines[run[i + 16]]);
		if (i + 8 < nrun)
			__builtin_prefetch(&a->rank[lines[run[i + 8]].invoice]);
		a->keyed[i].key = line_key(a, l);
		a->keyed[i].line = run[i];
		if (l->date < r->min_date)
			r->min_date = l->date;
	}
	sort_keyed(a->keyed, a->keyed_tmp, nrun);
	for (size_t i = 0; i < nrun; i++)
		r->sorted[i] = a->keyed[i].line;
}

/* Two halves of ids, each sorted on a thread of its own. */
struct halves {
	uint32_t *ids;
	size_t n;
	const struct rk_orders *orders;
};

static void
sort_half(void *arg, unsigned h)
{
	const struct halves *hv = arg;
	size_t mid = hv->n / 2;

	qsort_r(h ? hv->ids + mid : hv->ids, h ? hv->n - mid : mid,
	    sizeof(*hv->ids), invoice_cmp, (void *)hv->orders);
}

/*
 * ids[0 .. n) (distinct invoices) sorted bytewise: with two threads or
 * more and many ids, the halves at once, then merged.
 */
static void
sort_invoices(const struct rk_orders *o, uint32_t *ids, size_t n,
    unsigned nthreads)
{
	struct halves hv = { ids, n, o };
	size_t mid = n / 2, i = 0, j = mid, k = 0;
	uint32_t *out;

	if (nthreads < 2 || n < 65536) {
		qsort_r(ids, n, sizeof(*ids), invoice_cmp, (void *)o);
		return;
	}
	rk_parallel(2, sort_half, &hv);
	out = rk_xmalloc(n * sizeof(*out));
	while (i < mid && j < n)
		out[k++] = invoice_cmp(&ids[j], &ids[i], (void *)o) < 0 ?
		    ids[j++] : ids[i++];
	while (i < mid)
		out[k++] = ids[i++];
	while (j < n)
		out[k++] = ids[j++];
	memcpy(ids, out, n * sizeof(*ids));
	free(out);
}

/*
 * The bytewise rank of every invoice of a kept line, sorted once (on
 * nthreads threads).
 */
static void
rank_invoices(struct rk_allocator *a, unsigned nthreads)
{
	const struct rk_orders *o = a->orders;
	size_t ninv = o->invoices.count, n = 0;
	uint32_t *ids;

	ids = rk_xcalloc(ninv + 1, sizeof(*ids));
	for (uint32_t inv = 0; inv < o->inv_kept_cap && inv < ninv; inv++)
		if (o->inv_kept[inv])
			ids[n++] = inv;
	sort_invoices(o, ids, n, nthreads);
	a->rank = rk_xcalloc(ninv + 1, sizeof(*a->rank));
	for (size_t r = 0; r < n; r++)
		a->rank[ids[r]] = (uint32_t)r;
	a->nrank = ninv;
	free(ids);
	measure_keys(a, n);
}

void
rk_allocator_split(struct rk_allocator *parts, unsigned n,
    struct rk_orders *orders, int allocation, int late)
{
	for (unsigned i = 0; i < n; i++)
		rk_allocator_init(&parts[i], orders, allocation, late);
	if (n < 2)
		return;
	rank_invoices(&parts[0], n);
	for (unsigned i = 1; i < n; i++) {
		parts[i].rank = parts[0].rank;
		parts[i].nrank = parts[0].nrank;
		parts[i].pack = parts[0].pack;
		parts[i].rank_shared = 1;
	}
}

/* rk_oline_cmp, with the invoice rank in place of the string compare. */
static int
line_cmp(const void *x, const void *y, void *ctx)
{
	const struct rk_allocator *a = ctx;
	const struct rk_oline *l = &a->orders->lines[*(const uint32_t *)x];
	const struct rk_oline *m = &a->orders->lines[*(const uint32_t *)y];
	int c;

	if ((c = rk_oline_key_cmp(a->allocation, l, m)) != 0)
		return c;
	if (l->invoice != m->invoice)
		return a->rank[l->invoice] < a->rank[m->invoice] ? -1 : 1;
	return (l->line_no > m->line_no) - (l->line_no < m->line_no);
}

static struct rk_alloc_run *run_build(struct rk_allocator *a,
    struct rk_alloc_run *r, const uint32_t *run, size_t nrun);

static struct rk_alloc_run *
run_of(struct rk_allocator *a, const uint32_t *run, size_t nrun)
{
	int isnew;
	uint64_t *slot = rk_u64map_put(&a->by_run, (uint64_t)(uintptr_t)run,
	    &isnew);
	struct rk_alloc_run *r;

	if (!isnew && a->runs[*slot].n == nrun)
		return &a->runs[*slot];
	if (!isnew) { /* the same address for another run: start again */
		r = &a->runs[*slot];
		free(r->sorted);
		free(r->next);
		return run_build(a, r, run, nrun);
	}
	RK_GROW(a->runs, a->nruns, a->runcap);
	*slot = a->nruns;
	return run_build(a, &a->runs[a->nruns++], run, nrun);
}

/* Order a run's lines once, every line alive. */
static struct rk_alloc_run *
run_build(struct rk_allocator *a, struct rk_alloc_run *r, const uint32_t *run,
    size_t nrun)
{
	if (a->rank == NULL)
		rank_invoices(a, 1);
	r->n = (uint32_t)nrun;
	r->sorted = rk_xmalloc((nrun + 1) * sizeof(*r->sorted));
	r->next = rk_xmalloc((nrun + 1) * sizeof(*r->next));
	r->min_date = INT32_MAX;
	if (a->pack.packed) {
		order_by_key(a, r, run, nrun);
	} else {
		memcpy(r->sorted, run, nrun * sizeof(*run));
		qsort_r(r->sorted, nrun, sizeof(*r->sorted), line_cmp, a);
		for (uint32_t i = 0; i < nrun; i++)
			if (a->orders->lines[r->sorted[i]].date < r->min_date)
				r->min_date = a->orders->lines[r->sorted[i]].date;
	}
	for (uint32_t i = 0; i <= nrun; i++)
		r->next[i] = i;
	return r;
}

/* The first alive position at or after i (n when none). */
static uint32_t
alive(struct rk_alloc_run *r, const struct rk_oline *lines, uint32_t i)
{
	uint32_t end = i, k;

	while (end < r->n && (r->next[end] != end ||
	    lines[r->sorted[end]].remaining == 0)) {
		if (r->next[end] == end)
			r->next[end] = end + 1; /* used up since last seen */
		end = r->next[end];
	}
	while (i < end) { /* path compression */
		k = r->next[i];
		r->next[i] = end;
		i = k;
	}
	return end;
}

/* The first position whose line date is <= d (dates descending), or
 * (ascending) whose line date is >= d. */
static uint32_t
date_bound(const struct rk_allocator *a, const struct rk_alloc_run *r,
    int32_t d, int descending)
{
	uint32_t lo = 0, hi = r->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int32_t md = a->orders->lines[r->sorted[mid]].date;

		if (descending ? md > d : md < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- one ask ---- */

struct walk {
	struct rk_allocator *a;
	struct rk_alloc_run *r;
	const struct rk_alloc_ask *ask;
	uint32_t need;
};

/* A line's place for the ask: dated on or before its date, in window or
 * late (out of window). */
static int
fits(const struct rk_oline *l, const struct rk_alloc_ask *ask, int in_window)
{
	if (l->date > ask->date)
		return 0;
	return (ask->date - l->date <= ask->window) == in_window;
}

static void
take(struct walk *w, uint32_t line, int in_window)
{
	struct rk_oline *l = &w->a->orders->lines[line];
	uint32_t n = l->remaining < w->need ? l->remaining : w->need;

	l->remaining -= n;
	w->need -= n;
	w->ask->take(w->ask->ctx, line, n, in_window);
}

/* Take from the alive lines of positions [from, to) in order; with
 * filter, only those that fit the range's window side. */
static void
take_range(struct walk *w, uint32_t from, uint32_t to, int in_window,
    int filter)
{
	const struct rk_oline *lines = w->a->orders->lines;
	struct rk_alloc_run *r = w->r;

	for (uint32_t i = alive(r, lines, from); i < to && w->need > 0;
	    i = alive(r, lines, i + 1))
		if (!filter || fits(&lines[r->sorted[i]], w->ask, in_window))
			take(w, r->sorted[i], in_window);
}

/* Under late: reject, whether a late line with quantity was passed over. */
static int
late_alive(struct walk *w, uint32_t from, uint32_t to, int filter)
{
	const struct rk_oline *lines = w->a->orders->lines;

	for (uint32_t i = alive(w->r, lines, from); i < to;
	    i = alive(w->r, lines, i + 1))
		if (!filter || fits(&lines[w->r->sorted[i]], w->ask, 0))
			return 1;
	return 0;
}

/* An ask of the whole run, one group: two ranges of the ordered run. */
static struct rk_alloc_left
allocate_plain(struct walk *w)
{
	struct rk_allocator *a = w->a;
	const struct rk_alloc_ask *ask = w->ask;
	int32_t edge = ask->date - ask->window;  /* in window: date >= edge */
	uint32_t n = w->r->n, in_from = 0, in_to = n, late_from = 0,
	    late_to = n;
	int filter = 0, hold = a->late == RK_LATE_HOLD;
	struct rk_alloc_left left = { 0, RK_WHY_NONE };

	if (a->allocation == RK_ALLOC_NEWEST) {
		in_from = date_bound(a, w->r, ask->date, 1);
		in_to = late_from = date_bound(a, w->r, edge - 1, 1);
	} else if (a->allocation == RK_ALLOC_OLDEST) {
		in_from = late_to = date_bound(a, w->r, edge, 0);
		in_to = date_bound(a, w->r, ask->date + 1, 0);
	} else {
		filter = 1; /* lowest_price: dates in any order */
	}
	take_range(w, in_from, in_to, 1, filter);
	if (hold)
		take_range(w, late_from, late_to, 0, filter);
	if ((left.qty = w->need) == 0)
		return left;
	if (ask->refs_missing)
		left.why = RK_WHY_ORDER_NOT_FOUND;
	else if (n == 0 || w->r->min_date > ask->date)
		left.why = RK_WHY_NOT_PURCHASED;
	else if (!hold && late_alive(w, late_from, late_to, filter))
		left.why = RK_WHY_OUTSIDE_WINDOW;
	else
		left.why = RK_WHY_EXCEEDS_RETURNABLE;
	return left;
}

/*
 * An ask with a group function: the ordered run walked once, its
 * candidates partitioned by (late, group) with a stable counting sort,
 * then taken in that order.
 */
static struct rk_alloc_left
allocate_grouped(struct walk *w)
{
	struct rk_allocator *a = w->a;
	const struct rk_alloc_ask *ask = w->ask;
	uint32_t count[512] = { 0 }, n = 0;
	int dated = 0, late_passed = 0;
	struct rk_alloc_left left = { 0, RK_WHY_NONE };

	for (uint32_t i = 0; i < w->r->n; i++) {
		uint32_t line = w->r->sorted[i];
		const struct rk_oline *l = &a->orders->lines[line];
		int group = ask->group(ask->ctx, l), late;

		if (group == RK_ALLOC_OUT_OF_SCOPE || l->date > ask->date)
			continue;
		dated = 1;
		if (l->remaining == 0)
			continue;
		late = ask->date - l->date > ask->window;
		if (late && a->late != RK_LATE_HOLD) {
			late_passed = 1;
			continue;
		}
		RK_GROW(a->cands, n, a->candcap);
		a->cands[n].line = line;
		a->cands[n].key = (uint16_t)(late << 8 | (group & 0xff));
		count[a->cands[n++].key]++;
	}
	RK_GROW_TO(a->part, n, a->partcap, 0);
	for (uint32_t k = 0, at = 0; k < 512; k++) {
		uint32_t c = count[k];

		count[k] = at;
		at += c;
	}
	for (uint32_t i = 0; i < n; i++)
		a->part[count[a->cands[i].key]++] = a->cands[i];
	for (uint32_t i = 0; i < n && w->need > 0; i++)
		take(w, a->part[i].line, !(a->part[i].key >> 8));
	if ((left.qty = w->need) == 0)
		return left;
	left.why = ask->refs_missing ? RK_WHY_ORDER_NOT_FOUND :
	    !dated ? RK_WHY_NOT_PURCHASED :
	    late_passed ? RK_WHY_OUTSIDE_WINDOW : RK_WHY_EXCEEDS_RETURNABLE;
	return left;
}

struct rk_alloc_left
rk_allocate(struct rk_allocator *a, const uint32_t *run, size_t nrun,
    const struct rk_alloc_ask *ask)
{
	struct walk w = { a, NULL, ask, ask->qty };
	static const uint32_t none[1];

	w.r = run_of(a, nrun ? run : none, nrun);
	return ask->group ? allocate_grouped(&w) : allocate_plain(&w);
}
