/*
 * allocation.h - taking a quantity from order history: the rule that
 * return-register(1) ("Allocating a request line") and return-match(1)
 * ("Step 3: allocation", order_history) share, and the reason of what
 * remains.
 *
 * One ask is a quantity, a date (requested_at, received_at) and a window
 * in days, against a run: the kept order lines of one (retailer, sku).
 *
 *  - The candidates are the run's lines that the ask's group function
 *    admits, dated on or before the date, with remaining quantity.  A
 *    candidate is in window when the date less its line date is at most
 *    the window.
 *  - They are taken in this order: the in-window lines, group by group
 *    (lowest group number first); then, only under late: hold, the
 *    out-of-window lines, group by group again.  Within a group, the
 *    policy's allocation order (rk_oline_cmp: newest, oldest or
 *    lowest_price, ties by invoice_id bytewise, then line_no).
 *  - The allocation is greedy: from each candidate in turn the smaller of
 *    its remaining quantity and what is still needed; the line's
 *    remaining goes down by that much and the ask's take function is
 *    told, in this order.
 *  - What cannot be taken gets the first reason that applies:
 *    order_not_found (the ask names references that no order line has),
 *    not_purchased (no admitted line is dated on or before the date),
 *    outside_window (late: reject, and out-of-window lines with quantity
 *    were passed over), else exceeds_returnable.
 *
 * A run is passed whole, as the same array at every ask (the caller's
 * index of its lines); a group function narrows it, never the caller.
 * The allocator keeps what it learns of a run between asks: the run
 * ordered once (its first ask), and which of its lines are used up, so
 * an ask costs what it takes, not the size of its run (allocation.c).
 * The lines' remaining quantities change only through allocators while
 * they are in use; lines used up by another allocator (of
 * rk_allocator_split, or one used before) are found so on the way, as
 * the walk reads each line's remaining.
 *
 *	rk_allocator_init(&a, &orders, pol.allocation, pol.late);
 *	for each ask:
 *		left = rk_allocate(&a, run, nrun, &ask);
 *	rk_allocator_release(&a);
 */
#ifndef RK_ALLOCATION_H
#define RK_ALLOCATION_H

#include <stddef.h>
#include <stdint.h>

#include "rk/hash.h"
#include "rk/orders.h"

/* The status_reason of a held take or a remainder (rk_why_name). */
enum rk_why {
	RK_WHY_NONE, RK_WHY_OUTSIDE_WINDOW, RK_WHY_ORDER_NOT_FOUND,
	RK_WHY_NOT_PURCHASED, RK_WHY_EXCEEDS_RETURNABLE, RK_WHY_N
};

/* "outside_window", ...; "" for RK_WHY_NONE. */
const char *rk_why_name(int why);

/* A group function's answer for a line the ask does not admit. */
#define RK_ALLOC_OUT_OF_SCOPE (-1)

/*
 * The group of a line of the run: 0, 1, ... (lower is taken first; at
 * most 255), or RK_ALLOC_OUT_OF_SCOPE.
 */
typedef int (*rk_alloc_group_fn)(void *ctx, const struct rk_oline *l);

/* qty was taken from orders->lines[line]; in_window: the line was. */
typedef void (*rk_alloc_take_fn)(void *ctx, uint32_t line, uint32_t qty,
    int in_window);

struct rk_alloc_ask {
	uint32_t qty;
	int32_t date;             /* no line dated after it is a candidate */
	int32_t window;           /* days */
	int refs_missing;         /* names references no order line has */
	rk_alloc_group_fn group;  /* NULL: every line, all in group 0 */
	rk_alloc_take_fn take;
	void *ctx;                /* for group and take */
};

/* What an ask could not get: qty (0: none left) and its reason. */
struct rk_alloc_left {
	uint32_t qty;
	int why;                  /* enum rk_why; RK_WHY_NONE when qty is 0 */
};

/* How a line's sort key is packed (allocation.c): widths in bits. */
struct rk_alloc_pack {
	int packed;               /* the widths fit 64 bits */
	unsigned price_bits, date_bits, rank_bits, line_bits;
	int32_t mind, maxd;
	int64_t minp;
};

struct rk_allocator {
	struct rk_orders *orders; /* the lines whose remaining it takes */
	int allocation;           /* enum rk_alloc */
	int late;                 /* enum rk_late */
	struct rk_u64map by_run;  /* run address -> its entry of runs */
	struct rk_alloc_run *runs;    /* each run ordered once */
	size_t nruns, runcap;
	uint32_t *rank;           /* invoice pool id -> bytewise rank */
	size_t nrank;
	int rank_shared;          /* rank belongs to another allocator */
	struct rk_alloc_pack pack;
	struct rk_alloc_keyed *keyed, *keyed_tmp;  /* a run being ordered */
	size_t keyedcap, keyed_tmpcap;
	struct rk_alloc_cand *cands, *part;  /* a grouped ask's candidates */
	size_t candcap, partcap;
};

void rk_allocator_init(struct rk_allocator *a, struct rk_orders *orders,
    int allocation, int late);
/*
 * n allocators of the same orders and policy, for asks taken on n
 * threads at once: each may be used on a thread of its own when their
 * runs share no line (a line's remaining is written by the allocator
 * that takes from it).  They share the invoice ranking, made here
 * once (by parts[0], which frees it); release each.
 */
void rk_allocator_split(struct rk_allocator *parts, unsigned n,
    struct rk_orders *orders, int allocation, int late);
void rk_allocator_release(struct rk_allocator *a);

/* Take ask->qty from the run's lines run[0..nrun-1] (orders->lines). */
struct rk_alloc_left rk_allocate(struct rk_allocator *a, const uint32_t *run,
    size_t nrun, const struct rk_alloc_ask *ask);

#endif
