/*
 * unit_allocation.c - taking a quantity from order history
 * (rk/allocation.h; return-register(1) "Allocating a request line",
 * return-match(1) "Step 3: allocation"): candidates, the window, late:
 * hold and reject, groups and scope, the three allocation orders and
 * their ties, the greedy take and the remainder's reason.  Then the
 * order-line helpers the two tools share: a kept line less what earlier
 * runs took, its answer-row cells and its value.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rk/allocation.h"
#include "rk/date.h"
#include "rk/money.h"
#include "rk/policy.h"
#include "rk/threads.h"
#include "rk/util.h"

#include "tap.h"

/* One order line of the fixture; date is in days after BASE. */
struct line_spec {
	const char *order, *invoice;
	uint32_t line_no;
	int32_t date;
	uint32_t qty;
	const char *price;
};

/*
 * The run of one (retailer, sku), asked on day 100 with a window of 30:
 * INV-9/3 is in window by exactly 30 days, INV-11/2 late by one day,
 * INV-10/3 late by 100; INV-11/1 is dated after the ask.  Three lines
 * share day 95 and price 4.00: invoice_id bytewise puts INV-10 before
 * INV-9, then line_no.
 */
static const struct line_spec fixture[] = {
	{ "O1", "INV-9", 1, 90, 2, "5.00" },
	{ "O1", "INV-9", 2, 95, 3, "4.00" },
	{ "O2", "INV-10", 2, 95, 1, "4.00" },
	{ "O2", "INV-10", 1, 95, 1, "4.00" },
	{ "O2", "INV-10", 3, 0, 4, "1.00" },
	{ "O3", "INV-11", 1, 105, 9, "0.50" },
	{ "O1", "INV-9", 3, 70, 1, "4.00" },
	{ "O3", "INV-11", 2, 69, 2, "3.00" },
};
#define NFIXTURE RK_ARRAY_LEN(fixture)

static int32_t base;

/* Keep one line as the order scan would, less taken (may be NULL). */
static uint32_t
keep(struct rk_orders *orders, const struct line_spec *ls,
    const struct rk_consumed *taken)
{
	struct rk_fv v[OL_NCOLS];
	uint32_t inv;

	memset(v, 0, sizeof(v));
	v[OL_ORDER_ID].p = ls->order;
	v[OL_ORDER_ID].n = strlen(ls->order);
	v[OL_RETAILER_ID].p = "R1";
	v[OL_RETAILER_ID].n = 2;
	v[OL_SKU].p = "SKU-1";
	v[OL_SKU].n = 5;
	v[OL_LINE_NO].i = ls->line_no;
	v[OL_INVOICE_DATE].date = base + ls->date;
	v[OL_QTY].i = ls->qty;
	if (rk_dec_parse(ls->price, strlen(ls->price), '.', 12, 6,
	    &v[OL_UNIT_PRICE].d) != 0 ||
	    rk_dec_parse("19", 2, '.', 3, 4, &v[OL_TAX_RATE].d) != 0) {
		fprintf(stderr, "bad fixture price %s\n", ls->price);
		exit(2);
	}
	v[OL_CURRENCY].cur = rk_currency_find("EUR", 3);
	inv = rk_intern_add(&orders->invoices, ls->invoice, strlen(ls->invoice));
	if (taken)
		return rk_orders_keep(orders, v, inv, RK_NOID, RK_NOID, taken);
	return rk_orders_add(orders, v, inv, RK_NOID, RK_NOID);
}

/* What an ask was told, as text: "INV-10/1:1 INV-11/2:2h ..." */
struct told {
	const struct rk_orders *orders;
	char text[512];
	size_t n;
	const char *group_order;    /* lines of this order come first */
	const char *scope_invoice;  /* only lines of this invoice */
};

static void
take(void *ctx, uint32_t line, uint32_t qty, int in_window)
{
	struct told *t = ctx;
	const struct rk_oline *l = &t->orders->lines[line];
	size_t n;
	const char *inv = rk_intern_str(&t->orders->invoices, l->invoice, &n);

	t->n += (size_t)snprintf(t->text + t->n, sizeof(t->text) - t->n,
	    "%s%.*s/%u:%u%s", t->n ? " " : "", (int)n, inv, l->line_no, qty,
	    in_window ? "" : "h");
}

static int
group_by_order(void *ctx, const struct rk_oline *l)
{
	const struct told *t = ctx;
	size_t n;
	const char *p = rk_orders_order(t->orders, l, &n);

	return rk_memeq(p, n, t->group_order, strlen(t->group_order)) ? 0 : 1;
}

static int
scope_by_invoice(void *ctx, const struct rk_oline *l)
{
	const struct told *t = ctx;
	size_t n;
	const char *p = rk_intern_str(&t->orders->invoices, l->invoice, &n);

	return rk_memeq(p, n, t->scope_invoice, strlen(t->scope_invoice)) ? 0 :
	    RK_ALLOC_OUT_OF_SCOPE;
}

/* One ask against a fresh fixture, and what it should give. */
struct alloc_case {
	const char *name;
	int allocation, late;
	int32_t date;               /* days after BASE */
	uint32_t qty;
	const char *group_order;    /* NULL: no groups */
	const char *scope_invoice;  /* NULL: the whole run */
	int refs_missing;
	const char *takes;
	uint32_t left;
	const char *why;
};

#define NEWEST RK_ALLOC_NEWEST
#define OLDEST RK_ALLOC_OLDEST
#define LOWEST RK_ALLOC_LOWEST_PRICE
#define HOLD RK_LATE_HOLD
#define REJECT RK_LATE_REJECT

static const struct alloc_case alloc_cases[] = {
	/* the three orders; late lines after the in-window ones */
	{ "newest, hold", NEWEST, HOLD, 100, 20, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-9/1:2 INV-9/3:1 INV-11/2:2h "
	  "INV-10/3:4h", 6, "exceeds_returnable" },
	{ "oldest, hold", OLDEST, HOLD, 100, 20, NULL, NULL, 0,
	  "INV-9/3:1 INV-9/1:2 INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-10/3:4h "
	  "INV-11/2:2h", 6, "exceeds_returnable" },
	{ "lowest_price, hold", LOWEST, HOLD, 100, 20, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-9/3:1 INV-9/1:2 INV-10/3:4h "
	  "INV-11/2:2h", 6, "exceeds_returnable" },
	/* greedy: stop when nothing more is needed, split a line */
	{ "newest, exactly met", NEWEST, HOLD, 100, 5, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3", 0, "" },
	{ "newest, part of a line", NEWEST, HOLD, 100, 4, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:2", 0, "" },
	{ "whole run taken", NEWEST, HOLD, 100, 14, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-9/1:2 INV-9/3:1 INV-11/2:2h "
	  "INV-10/3:4h", 0, "" },
	/* late: reject never takes an out-of-window line */
	{ "newest, reject", NEWEST, REJECT, 100, 20, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-9/1:2 INV-9/3:1", 12,
	  "outside_window" },
	{ "reject, met in window", NEWEST, REJECT, 100, 8, NULL, NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-9/1:2 INV-9/3:1", 0, "" },
	/* the window moves with the date; lines after it are no candidates */
	{ "later date: all late", NEWEST, HOLD, 200, 3, NULL, NULL, 0,
	  "INV-11/1:3h", 0, "" },
	{ "later date, reject", OLDEST, REJECT, 200, 3, NULL, NULL, 0, "", 3,
	  "outside_window" },
	{ "date before every line", NEWEST, HOLD, -1, 3, NULL, NULL, 0, "", 3,
	  "not_purchased" },
	{ "date of the oldest line", NEWEST, HOLD, 0, 5, NULL, NULL, 0,
	  "INV-10/3:4", 1, "exceeds_returnable" },
	/* groups: the row's order first, in window and then out of it */
	{ "groups, newest, hold", NEWEST, HOLD, 100, 20, "O2", NULL, 0,
	  "INV-10/1:1 INV-10/2:1 INV-9/2:3 INV-9/1:2 INV-9/3:1 INV-10/3:4h "
	  "INV-11/2:2h", 6, "exceeds_returnable" },
	{ "groups, oldest, hold", OLDEST, HOLD, 100, 20, "O1", NULL, 0,
	  "INV-9/3:1 INV-9/1:2 INV-9/2:3 INV-10/1:1 INV-10/2:1 INV-10/3:4h "
	  "INV-11/2:2h", 6, "exceeds_returnable" },
	{ "groups, lowest_price, reject", LOWEST, REJECT, 100, 4, "O1", NULL,
	  0, "INV-9/2:3 INV-9/3:1", 0, "" },
	{ "groups: an order with no line", NEWEST, HOLD, 100, 2, "O9", NULL,
	  0, "INV-10/1:1 INV-10/2:1", 0, "" },
	/* scope: lines outside it are not seen at all */
	{ "scope, hold", NEWEST, HOLD, 100, 5, NULL, "INV-11", 0,
	  "INV-11/2:2h", 3, "exceeds_returnable" },
	{ "scope, reject", NEWEST, REJECT, 100, 5, NULL, "INV-11", 0, "", 5,
	  "outside_window" },
	{ "scope, nothing dated before", NEWEST, HOLD, 60, 5, NULL, "INV-11",
	  0, "", 5, "not_purchased" },
	{ "references no line has", NEWEST, HOLD, 100, 5, NULL, "INV-12", 1,
	  "", 5, "order_not_found" },
	{ "order_not_found comes first", NEWEST, HOLD, -1, 5, NULL, "INV-12",
	  1, "", 5, "order_not_found" },
};

/* The fixture kept in a fresh store, and an allocator over it. */
struct setup {
	struct rk_orders orders;
	struct rk_allocator a;
	struct told t;
	uint32_t run[NFIXTURE];
};

static void
setup_init(struct setup *su, int allocation, int late)
{
	rk_orders_init(&su->orders);
	for (size_t i = 0; i < NFIXTURE; i++)
		su->run[i] = keep(&su->orders, &fixture[i], NULL);
	memset(&su->t, 0, sizeof(su->t));
	su->t.orders = &su->orders;
	rk_allocator_init(&su->a, &su->orders, allocation, late);
}

static void
setup_release(struct setup *su)
{
	rk_allocator_release(&su->a);
	rk_orders_release(&su->orders);
}

/* Ask, with what the ask is told started afresh. */
static struct rk_alloc_left
ask_run(struct setup *su, size_t nrun, const struct rk_alloc_ask *ask)
{
	memset(su->t.text, 0, sizeof(su->t.text));
	su->t.n = 0;
	return rk_allocate(&su->a, su->run, nrun, ask);
}

static void
run_case(const struct alloc_case *ac)
{
	struct setup su;
	struct rk_alloc_ask ask = { ac->qty, base + ac->date, 30,
		ac->refs_missing, NULL, take, &su.t };
	struct rk_alloc_left left;

	setup_init(&su, ac->allocation, ac->late);
	su.t.group_order = ac->group_order;
	su.t.scope_invoice = ac->scope_invoice;
	if (ac->group_order)
		ask.group = group_by_order;
	if (ac->scope_invoice)
		ask.group = scope_by_invoice;
	left = ask_run(&su, NFIXTURE, &ask);
	is_str(su.t.text, ac->takes, "%s: takes", ac->name);
	is_int(left.qty, ac->left, "%s: left", ac->name);
	is_str(rk_why_name(left.why), ac->why, "%s: reason", ac->name);
	setup_release(&su);
}

/* Asks one after another see what the earlier ones left. */
static void
test_sequence(void)
{
	struct setup su;
	struct rk_alloc_ask ask = { 3, 0, 30, 0, NULL, take, &su.t };
	struct rk_alloc_left left;

	setup_init(&su, RK_ALLOC_NEWEST, RK_LATE_REJECT);
	ask.date = base + 100;
	left = ask_run(&su, NFIXTURE, &ask);
	is_str(su.t.text, "INV-10/1:1 INV-10/2:1 INV-9/2:1",
	    "sequence 1: the newest lines");
	is_int(su.orders.lines[1].remaining, 2,
	    "sequence 1: INV-9/2 has 2 left");
	is_int(left.qty, 0, "sequence 1: nothing left");
	is_str(rk_why_name(left.why), "", "sequence 1: no reason");
	ask.qty = 6;
	left = ask_run(&su, NFIXTURE, &ask);
	is_str(su.t.text, "INV-9/2:2 INV-9/1:2 INV-9/3:1",
	    "sequence 2: exhausted lines are passed over");
	is_int(left.qty, 1, "sequence 2: one left");
	is_str(rk_why_name(left.why), "outside_window",
	    "sequence 2: late lines remain: outside_window");
	/* late lines used up too: more is asked than is returnable */
	su.orders.lines[4].remaining = su.orders.lines[7].remaining = 0;
	ask.qty = 1;
	left = ask_run(&su, NFIXTURE, &ask);
	is_str(su.t.text, "", "sequence 3: nothing to take");
	is_str(rk_why_name(left.why), "exceeds_returnable",
	    "sequence 3: dated lines, none left: exceeds_returnable");
	left = ask_run(&su, 0, &ask);
	is_int(left.qty, 1, "empty run: the whole quantity is left");
	is_str(rk_why_name(left.why), "not_purchased",
	    "empty run: not_purchased");
	setup_release(&su);
}

/* rk_orders_keep: a kept line's qty less what earlier runs took. */
static void
test_keep(void)
{
	struct rk_orders orders;
	struct rk_consumed taken;
	uint32_t i;

	rk_orders_init(&orders);
	memset(&taken, 0, sizeof(taken));
	/* invoice ids as the state files would have interned them first */
	rk_intern_add(&orders.invoices, "INV-9", 5);
	rk_intern_add(&orders.invoices, "INV-10", 6);
	rk_consumed_add(&taken, 0, 2, 1);
	rk_consumed_add(&taken, 0, 2, 1);
	rk_consumed_add(&taken, 1, 1, 7);
	rk_consumed_build(&taken, orders.invoices.count);
	i = keep(&orders, &fixture[1], &taken);
	is_int(orders.lines[i].qty, 3, "keep: qty as read");
	is_int(orders.lines[i].remaining, 1, "keep: less what two rows took");
	i = keep(&orders, &fixture[3], &taken);
	is_int(orders.lines[i].remaining, 0,
	    "keep: more taken than the line has: nothing left");
	i = keep(&orders, &fixture[0], &taken);
	is_int(orders.lines[i].remaining, 2, "keep: nothing taken: its qty");
	i = keep(&orders, &fixture[5], &taken);
	is_int(orders.lines[i].remaining, 9,
	    "keep: an invoice the state files never named: its qty");
	rk_consumed_release(&taken);
	rk_orders_release(&orders);
}

/* rk_oline_cells and rk_oline_amount: what an answer row shows of a line. */
static void
test_cells(void)
{
	static const char *const want[RK_OLINE_NCELLS] = {
		"O1", "INV-9", "2", "2025-06-09", "4.00", "EUR", "19"
	};
	struct rk_orders orders;
	struct rk_val cells[RK_OLINE_NCELLS + 1];
	struct rk_oline_text text;
	struct rk_amounts *sums = rk_xcalloc(1, sizeof(*sums));
	char buf[64];
	uint32_t i;
	int eur = rk_currency_find("EUR", 3);

	rk_orders_init(&orders);
	i = keep(&orders, &fixture[1], NULL);
	memset(cells, 0, sizeof(cells));
	rk_oline_cells(&orders, &orders.lines[i], cells, &text);
	for (int k = 0; k < RK_OLINE_NCELLS; k++) {
		snprintf(buf, sizeof(buf), "%.*s", (int)cells[k].n, cells[k].p);
		is_str(buf, want[k], "cells: column %d", k);
	}
	ok(cells[RK_OLINE_NCELLS].p == NULL, "cells: nothing written past them");
	rk_oline_amount(&orders.lines[i], 3, sums);
	rk_oline_amount(&orders.lines[i], 1, sums);
	is_int(sums->v[eur], 1600, "amount: 3 + 1 at 4.00 EUR is 1600 cents");
	is_int(sums->n, 1, "amount: one currency");
	free(sums);
	rk_orders_release(&orders);
}

/* ---- the allocator against a brute-force reference ---- */

/* The rule of rk/allocation.h written plainly: gather, sort, take. */
struct ref_cand {
	uint32_t line;
	int late, group;
	const struct rk_orders *orders;
	int allocation;
};

static int
ref_cmp(const void *x, const void *y)
{
	const struct ref_cand *c = x, *d = y;

	if (c->late != d->late)
		return c->late - d->late;
	if (c->group != d->group)
		return c->group - d->group;
	return rk_oline_cmp(c->orders, c->allocation, &c->orders->lines[c->line],
	    &c->orders->lines[d->line]);
}

static struct rk_alloc_left
ref_allocate(struct rk_orders *o, int allocation, int late, const uint32_t *run,
    size_t nrun, const struct rk_alloc_ask *ask)
{
	struct ref_cand c[256];
	size_t n = 0;
	int dated = 0, passed = 0;
	struct rk_alloc_left left = { ask->qty, RK_WHY_NONE };

	for (size_t i = 0; i < nrun; i++) {
		const struct rk_oline *l = &o->lines[run[i]];
		int g = ask->group ? ask->group(ask->ctx, l) : 0;
		int lt;

		if (g == RK_ALLOC_OUT_OF_SCOPE || l->date > ask->date)
			continue;
		dated = 1;
		if (l->remaining == 0)
			continue;
		lt = ask->date - l->date > ask->window;
		if (lt && late != RK_LATE_HOLD) {
			passed = 1;
			continue;
		}
		c[n++] = (struct ref_cand){ run[i], lt, g, o, allocation };
	}
	qsort(c, n, sizeof(c[0]), ref_cmp);
	for (size_t i = 0; i < n && left.qty; i++) {
		struct rk_oline *l = &o->lines[c[i].line];
		uint32_t t = l->remaining < left.qty ? l->remaining : left.qty;

		l->remaining -= t;
		left.qty -= t;
		ask->take(ask->ctx, c[i].line, t, !c[i].late);
	}
	if (left.qty)
		left.why = ask->refs_missing ? RK_WHY_ORDER_NOT_FOUND : !dated ?
		    RK_WHY_NOT_PURCHASED : passed ? RK_WHY_OUTSIDE_WINDOW :
		    RK_WHY_EXCEEDS_RETURNABLE;
	return left;
}

static uint64_t seed = 88172645463325252ULL;

static uint32_t
rnd(uint32_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (uint32_t)(seed % n);
}

/*
 * Random runs of up to 200 lines with many ties (few dates, prices and
 * invoices), asked 300 times each with random dates, windows and
 * quantities, with and without groups: the allocator and the reference,
 * each on its own copy of the store, take the same lines in the same
 * order and leave the same remainder for the same reason.  Runs of up
 * to 48 lines are ordered by insertion, longer ones by radix; in the
 * last 30 rounds the prices span 60 bits (the first two lines hold the
 * extremes), so under lowest_price the sort keys do not fit 64 bits and
 * the runs are ordered by comparisons.
 */
static void
test_against_reference(void)
{
	static const char *const prices[] = { "1.00", "2.50", "2.5", "9.99" };
	static const char *const wide[] = { "0.000001", "999999999999.999999",
		"2.50", "9.99" };
	char order[16], invoice[16];
	int failures = 0, asks = 0, packed = 0, unpacked = 0;

	for (int round = 0; round < 90; round++) {
		int allocation = round % 3, late = (round / 3) % 2;
		const char *const *price = round < 60 ? prices : wide;
		size_t nrun = round < 60 ? 1 + rnd(200) : 2 + rnd(199);
		struct rk_orders fast, slow;
		struct rk_allocator a;
		struct told tf, ts;
		uint32_t run[200];

		rk_orders_init(&fast);
		rk_orders_init(&slow);
		for (size_t i = 0; i < nrun; i++) {
			struct line_spec ls;

			snprintf(order, sizeof(order), "O%u", rnd(5));
			snprintf(invoice, sizeof(invoice), "INV-%u", rnd(12));
			ls = (struct line_spec){ order, invoice, 1 + rnd(4),
				(int32_t)rnd(40), 1 + rnd(5),
				price[i < 2 && round >= 60 ? i : rnd(4)] };
			run[i] = keep(&fast, &ls, NULL);
			keep(&slow, &ls, NULL);
		}
		rk_allocator_init(&a, &fast, allocation, late);
		for (int k = 0; k < 300; k++) {
			struct rk_alloc_ask ask = { 1 + rnd(8),
				base + (int32_t)rnd(50), (int32_t)rnd(30), 0, NULL, take,
				&tf };
			struct rk_alloc_left lf, ls;
			int grouping = rnd(3);

			memset(&tf, 0, sizeof(tf));
			tf.orders = &fast;
			snprintf(order, sizeof(order), "O%u", rnd(5));
			snprintf(invoice, sizeof(invoice), "INV-%u", rnd(12));
			tf.group_order = order;
			tf.scope_invoice = invoice;
			ts = tf;
			ts.orders = &slow;
			if (grouping == 1)
				ask.group = group_by_order;
			else if (grouping == 2)
				ask.group = scope_by_invoice;
			lf = rk_allocate(&a, run, nrun, &ask);
			ask.ctx = &ts;
			ls = ref_allocate(&slow, allocation, late, run, nrun, &ask);
			asks++;
			if (strcmp(tf.text, ts.text) != 0 || lf.qty != ls.qty ||
			    lf.why != ls.why) {
				if (failures++ < 3)
					printf("# round %d ask %d: \"%s\" %u %d, reference "
					    "\"%s\" %u %d\n", round, k, tf.text, lf.qty, lf.why,
					    ts.text, ls.qty, ls.why);
			}
		}
		if (a.pack.packed)
			packed++;
		else
			unpacked++;
		rk_allocator_release(&a);
		rk_orders_release(&fast);
		rk_orders_release(&slow);
	}
	is_int(failures, 0, "%d asks on 90 random runs: the same takes and "
	    "remainders as the plain rule", asks);
	is_int(packed, 80, "80 runs ordered by packed keys");
	is_int(unpacked, 10, "10 runs (lowest_price, prices of 60 bits) "
	    "ordered by comparisons");
}

/* Two runs of the fixture, what each was told, an allocator each. */
struct split_runs {
	struct rk_allocator *a;
	uint32_t run[2][NFIXTURE];
	size_t nrun[2];
	struct told t[2];
};

/* Three asks of run i with allocator a. */
static void
ask_run_i(struct split_runs *sr, struct rk_allocator *a, unsigned i)
{
	for (int k = 0; k < 3; k++) {
		struct rk_alloc_ask ask = { 2, base + 100, 30, 0, NULL, take,
			&sr->t[i] };

		rk_allocate(a, sr->run[i], sr->nrun[i], &ask);
	}
}

static void
ask_split(void *arg, unsigned i)
{
	struct split_runs *sr = arg;

	ask_run_i(sr, &sr->a[i], i);
}

/*
 * rk_allocator_split: two allocators sharing one invoice ranking, asked
 * of two runs with no line in common at once, take what one allocator
 * takes asked of the same runs one after the other.
 */
static void
test_split(void)
{
	struct split_runs one, two;
	struct rk_orders oa, ob;
	struct rk_allocator single, parts[2];

	rk_orders_init(&oa);
	rk_orders_init(&ob);
	memset(&one, 0, sizeof(one));
	memset(&two, 0, sizeof(two));
	for (size_t i = 0; i < NFIXTURE; i++) {
		uint32_t la = keep(&oa, &fixture[i], NULL);

		keep(&ob, &fixture[i], NULL);
		one.run[i % 2][one.nrun[i % 2]++] = la;
	}
	memcpy(two.run, one.run, sizeof(one.run));
	memcpy(two.nrun, one.nrun, sizeof(one.nrun));
	for (int i = 0; i < 2; i++) {
		one.t[i].orders = &oa;
		two.t[i].orders = &ob;
	}
	rk_allocator_init(&single, &oa, RK_ALLOC_NEWEST, RK_LATE_HOLD);
	ask_run_i(&one, &single, 0);
	ask_run_i(&one, &single, 1);
	rk_allocator_split(parts, 2, &ob, RK_ALLOC_NEWEST, RK_LATE_HOLD);
	ok(parts[1].rank == parts[0].rank && parts[1].rank_shared &&
	    !parts[0].rank_shared, "split: one invoice ranking, shared");
	two.a = parts;
	rk_parallel(2, ask_split, &two);
	for (int i = 0; i < 2; i++)
		is_str(two.t[i].text, one.t[i].text,
		    "split: run %d asked on a thread of its own takes the same", i);
	ok(strlen(one.t[0].text) > 0 && strlen(one.t[1].text) > 0,
	    "split: both runs gave lines");
	{
		int same = oa.n == ob.n;

		for (uint32_t i = 0; same && i < oa.n; i++)
			same = oa.lines[i].remaining == ob.lines[i].remaining;
		ok(same, "split: the same remaining quantities");
	}
	rk_allocator_release(&parts[1]);
	rk_allocator_release(&parts[0]);
	rk_allocator_release(&single);
	rk_orders_release(&oa);
	rk_orders_release(&ob);
}

static void
no_take(void *ctx, uint32_t line, uint32_t qty, int in_window)
{
	(void)ctx;
	(void)line;
	(void)qty;
	(void)in_window;
}

/*
 * The invoice ranking of 70,000 invoices (enough to be sorted in two
 * halves at once, then merged) equals the one sorted on one thread at
 * the first ask: ids of mixed lengths and shared prefixes.
 */
static void
test_rank_halves(void)
{
	struct rk_orders o;
	struct rk_allocator two[2], one;
	char invoice[32];
	uint32_t run[1];
	struct rk_alloc_ask ask = { 1, 0, 30, 0, NULL, no_take, NULL };
	long diff = 0;

	rk_orders_init(&o);
	for (uint32_t i = 0; i < 70000; i++) {
		struct line_spec ls;

		snprintf(invoice, sizeof(invoice), "%s%u", i % 3 ? "INV-" : "I",
		    (i * 7919u) % 100003u);
		ls = (struct line_spec){ "O1", invoice, 1, 10, 1, "1.00" };
		run[0] = keep(&o, &ls, NULL);
	}
	rk_allocator_split(two, 2, &o, RK_ALLOC_NEWEST, RK_LATE_HOLD);
	rk_allocator_init(&one, &o, RK_ALLOC_NEWEST, RK_LATE_HOLD);
	ask.date = base + 100;
	rk_allocate(&one, run, 1, &ask);
	for (uint32_t k = 0; k < o.invoices.count; k++)
		diff += one.rank[k] != two[0].rank[k];
	is_int(diff, 0, "%u invoices ranked in two halves, merged: the ranks "
	    "of one sort", o.invoices.count);
	rk_allocator_release(&one);
	rk_allocator_release(&two[1]);
	rk_allocator_release(&two[0]);
	rk_orders_release(&o);
}

int
main(void)
{
	static const char *const whys[RK_WHY_N] = {
		"", "outside_window", "order_not_found", "not_purchased",
		"exceeds_returnable"
	};

	/* day 95 of the fixture is 2025-06-09 */
	base = rk_days_from_civil(2025, 3, 6);
	for (int w = 0; w < RK_WHY_N; w++)
		is_str(rk_why_name(w), whys[w], "why %d: its name", w);
	for (size_t i = 0; i < RK_ARRAY_LEN(alloc_cases); i++)
		run_case(&alloc_cases[i]);
	test_sequence();
	test_keep();
	test_cells();
	test_against_reference();
	test_split();
	test_rank_halves();
	return done_testing();
}
