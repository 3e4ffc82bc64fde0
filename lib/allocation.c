/*
 * allocation.c - taking a quantity from order history (rk/allocation.h):
 * an ask's candidates among a run's lines, their order, the greedy take
 * and the reason of what remains.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/allocation.h"
#include "rk/policy.h"
#include "rk/util.h"

/* A candidate line and where it goes: in window first, then by group. */
struct rk_alloc_cand {
	uint32_t line;
	uint8_t late;             /* out of window */
	uint8_t group;
};

/* What gathering the candidates of an ask saw besides them. */
struct seen {
	size_t ncands;
	int dated;                /* an admitted line is dated on or before */
	int late_passed;          /* late: reject passed over a late line */
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
}

void
rk_allocator_release(struct rk_allocator *a)
{
	free(a->cands);
	memset(a, 0, sizeof(*a));
}

/* In window first, then by group, then the policy's allocation order. */
static int
cand_cmp(const void *x, const void *y, void *ctx)
{
	const struct rk_alloc_cand *c = x, *d = y;
	const struct rk_allocator *a = ctx;

	if (c->late != d->late)
		return c->late < d->late ? -1 : 1;
	if (c->group != d->group)
		return c->group < d->group ? -1 : 1;
	return rk_oline_cmp(a->orders, a->allocation,
	    &a->orders->lines[c->line], &a->orders->lines[d->line]);
}

/*
 * The ask's candidates into a->cands, in the order they are taken.
 * Under late: reject an out-of-window line is never taken: it is only
 * noted, for the remainder's reason.
 */
static struct seen
gather(struct rk_allocator *a, const uint32_t *run, size_t nrun,
    const struct rk_alloc_ask *ask)
{
	struct seen seen = { 0, 0, 0 };

	for (size_t i = 0; i < nrun; i++) {
		const struct rk_oline *l = &a->orders->lines[run[i]];
		int group = 0, late;

		if (ask->group != NULL &&
		    (group = ask->group(ask->ctx, l)) == RK_ALLOC_OUT_OF_SCOPE)
			continue;
		if (l->date > ask->date)
			continue;
		seen.dated = 1;
		if (l->remaining == 0)
			continue;
		late = ask->date - l->date > ask->window;
		if (late && a->late != RK_LATE_HOLD) {
			seen.late_passed = 1;
			continue;
		}
		RK_GROW(a->cands, seen.ncands, a->candcap);
		a->cands[seen.ncands].line = run[i];
		a->cands[seen.ncands].late = (uint8_t)late;
		a->cands[seen.ncands].group = (uint8_t)group;
		seen.ncands++;
	}
	if (seen.ncands > 1)
		qsort_r(a->cands, seen.ncands, sizeof(*a->cands), cand_cmp, a);
	return seen;
}

/* The status_reason of a remainder: the first that applies. */
static int
remainder_why(const struct rk_alloc_ask *ask, const struct seen *seen)
{
	if (ask->refs_missing)
		return RK_WHY_ORDER_NOT_FOUND;
	if (!seen->dated)
		return RK_WHY_NOT_PURCHASED;
	if (seen->late_passed)
		return RK_WHY_OUTSIDE_WINDOW;
	return RK_WHY_EXCEEDS_RETURNABLE;
}

struct rk_alloc_left
rk_allocate(struct rk_allocator *a, const uint32_t *run, size_t nrun,
    const struct rk_alloc_ask *ask)
{
	struct seen seen = gather(a, run, nrun, ask);
	struct rk_alloc_left left = { ask->qty, RK_WHY_NONE };

	for (size_t i = 0; i < seen.ncands && left.qty > 0; i++) {
		const struct rk_alloc_cand *c = &a->cands[i];
		struct rk_oline *l = &a->orders->lines[c->line];
		uint32_t take = l->remaining < left.qty ? l->remaining : left.qty;

		l->remaining -= take;
		left.qty -= take;
		ask->take(ask->ctx, c->line, take, !c->late);
	}
	if (left.qty > 0)
		left.why = remainder_why(ask, &seen);
	return left;
}
