/*
 * orders.h - the ERP's invoiced order lines (returns-formats(5), ORDER
 * LINES) and the index the tools allocate against.
 *
 * rk_orders_load() reads the --orders file once.  Every row is checked
 * like any input's and its key (invoice_id, line_no) claimed; malformed
 * rows and later duplicates go to the rejects.  Each good row is shown
 * to the tool's visit function, which keeps the lines it needs with
 * rk_orders_add(): memory follows what the run needs, not the file.
 *
 * Kept lines live in one array of fixed-size records (48 bytes); retailer,
 * sku and invoice ids are interned once, order ids are kept as text (lines
 * of one order share it).
 */
#ifndef RK_ORDERS_H
#define RK_ORDERS_H

#include <stdint.h>

#include "rk/aux.h"
#include "rk/field.h"
#include "rk/hash.h"
#include "rk/progress.h"
#include "rk/reader.h"
#include "rk/rejects.h"
#include "rk/value.h"

/* Columns of an order line, in the order of their checks. */
enum {
	OL_ORDER_ID, OL_INVOICE_ID, OL_LINE_NO, OL_INVOICE_DATE,
	OL_DELIVERED_AT, OL_RETAILER_ID, OL_SKU, OL_QTY, OL_UNIT_PRICE,
	OL_CURRENCY, OL_TAX_RATE, OL_DESCRIPTION, OL_GTIN, OL_NCOLS
};

struct rk_oline {
	int64_t price;       /* unit_price in millionths */
	int32_t tax;         /* tax_rate in millionths of a percent */
	int32_t date;        /* line date: delivered_at, else invoice_date */
	uint32_t qty;
	uint32_t remaining;  /* qty less what registry, journal and run took */
	uint32_t retailer, sku, invoice; /* pool ids (no_ids: RK_NOID,
	                                  * retailer and sku) */
	uint32_t order;      /* index of its text (rk_orders_order) */
	uint32_t line_no;
	uint8_t cur;         /* currency index */
	uint8_t price_fmt;   /* integer digits << 4 | fraction digits */
	uint8_t tax_fmt;     /* the same for tax_rate */
};                           /* 48 bytes: ten million lines in 480 MB */

struct rk_orders {
	struct rk_intern retailers, skus, invoices;
	/* order ids of kept lines: text only, no lookup needed */
	char *order_ids;        /* the texts, back to back */
	size_t order_ids_len, order_ids_cap;
	uint64_t *order_id_off; /* text i is [off[i], off[i + 1]) */
	uint32_t norder_ids, order_id_off_cap;
	struct rk_oline *lines;
	uint32_t n, cap;
	size_t mapped;          /* bytes of lines mapped (rk_populate_ahead) */
	/*
	 * Duplicate keys, per invoice: lines 1 to dense were all seen, and
	 * early lines above dense, each in early_keys as (invoice, line_no).
	 */
	struct rk_lines_seen { uint32_t dense, early; } *seen;
	uint32_t seen_cap;
	struct rk_u64map early_keys;
	unsigned long rows, rejected;  /* data rows read, of which rejected */
	/*
	 * Set by a tool that finds its lines otherwise (return-register, by
	 * their (retailer, sku) pair): kept lines have retailer and sku
	 * RK_NOID, neither given nor interned.
	 */
	int no_ids;
	/*
	 * What the allocator's keys need of the kept lines, gathered as they
	 * are added so that it never reads the lines whole again: which
	 * invoices have a kept line (inv_kept, by invoice id), and the
	 * smallest and largest date and unit price, the largest line_no.
	 */
	uint8_t *inv_kept;
	uint32_t inv_kept_cap;
	int32_t min_date, max_date;
	int64_t min_price, max_price;
	uint32_t max_line_no;
};

void rk_orders_init(struct rk_orders *orders);
void rk_orders_release(struct rk_orders *orders);

/*
 * vals are the checked columns of a good row; inv its invoice id; looked
 * what look answered of it (rk/aux.h: on a parsing thread; UINT32_MAX,
 * which is RK_NOID, without a look: a visit that acts on its look's
 * answer must be given the look, or it would keep no line).
 */
typedef void (*rk_orders_visit)(void *ctx, struct rk_orders *orders,
    const struct rk_fv *vals, uint32_t inv, uint32_t looked);

/* look may be NULL. */
int rk_orders_load(struct rk_orders *orders, const char *path,
    const struct rk_reader_opts *ro, char dp, struct rk_rejects *rj,
    struct rk_progress *pg, rk_orders_visit visit, void *ctx,
    const struct rk_aux_look *look, struct rk_err *err);

/*
 * A failed ERP export must not answer every row "not_purchased": when
 * the primary input has rows (primary_rows, malformed ones included) and
 * --orders gave no valid line (no bytes, a header only, or every line
 * malformed), RK_EX_DATAERR naming the file and the malformed count.
 * answered: what the primary rows are ("request", "receipt").
 */
int rk_orders_require(const struct rk_orders *orders, const char *path,
    uint64_t primary_rows, const char *answered, struct rk_err *err);

/*
 * Keep a line; returns its index.  retailer and sku are their pool ids
 * when the caller has them, else RK_NOID (they are interned then).
 * With orders->no_ids both are left RK_NOID on the line, whatever the
 * caller gives.
 */
uint32_t rk_orders_add(struct rk_orders *orders, const struct rk_fv *vals,
    uint32_t inv, uint32_t retailer, uint32_t sku);

/*
 * What earlier runs took from invoice lines (registry and journal rows),
 * by (invoice id, line_no).  Filled while the state files are read, then
 * built into one short list per invoice: the order scan looks up each
 * line in its invoice's list, which stays in cache while the invoice's
 * lines go by, instead of probing a large table for every line.
 */
struct rk_consumed {
	struct rk_taken { uint32_t inv, line; uint64_t qty; } *taken;
	size_t ntaken, taken_cap;
	uint32_t *first;     /* invoice id -> its first entry; then ntaken */
	uint32_t ninv;
};

void rk_consumed_add(struct rk_consumed *c, uint32_t inv, uint32_t line,
    uint64_t qty);
/* Group by invoice; call once, after the last add. */
void rk_consumed_build(struct rk_consumed *c, uint32_t ninvoices);
/* Quantity taken from (inv, line). */
uint64_t rk_consumed_get(const struct rk_consumed *c, uint32_t inv,
    uint32_t line);
void rk_consumed_release(struct rk_consumed *c);

/*
 * Order lines in the policy's allocation order (returns-policy(5),
 * allocation): newest (line date descending), oldest (ascending) or
 * lowest_price (unit price ascending whatever the currency, then newest);
 * ties by invoice_id bytewise, then line_no.  allocation is an enum
 * rk_alloc.
 */
int rk_oline_cmp(const struct rk_orders *orders, int allocation,
    const struct rk_oline *a, const struct rk_oline *b);
/* The same order up to its ties: 0 where the policy's key is equal. */
int rk_oline_key_cmp(int allocation, const struct rk_oline *a,
    const struct rk_oline *b);

/* Text of a kept line's values. */
const char *rk_orders_order(const struct rk_orders *orders,
    const struct rk_oline *l, size_t *n);
size_t rk_oline_price(const struct rk_oline *l, char *out);
size_t rk_oline_tax(const struct rk_oline *l, char *out);

/*
 * Keep a line (rk_orders_add) with what earlier runs left of it: its
 * remaining quantity is its qty less what taken holds for its (invoice,
 * line_no), and never below zero.
 */
uint32_t rk_orders_keep(struct rk_orders *orders, const struct rk_fv *vals,
    uint32_t inv, uint32_t retailer, uint32_t sku,
    const struct rk_consumed *taken);

/*
 * The columns an answer row takes from the order line it took from, in
 * the order of the registry and the journal (returns-formats(5)):
 * order_id, invoice_id, invoice_line, line_date, unit_price, currency,
 * tax_rate, into cells[0 .. RK_OLINE_NCELLS - 1].  The numbers are
 * written into text, which must outlive the cells.
 */
#define RK_OLINE_NCELLS 7
struct rk_oline_text {
	char line_no[24], date[16], price[48], tax[48];
};
void rk_oline_cells(const struct rk_orders *orders, const struct rk_oline *l,
    struct rk_val *cells, struct rk_oline_text *text);

/*
 * Before answer row i of rows[0 .. n) is written: ask for what
 * rk_oline_cells will read of the order lines of the rows a few places
 * ahead.  Each row is size bytes and holds its line's index (RK_NOID:
 * none) as a uint32_t at byte oline_at.  Lines read out of file order
 * cost a cache miss each for the line, its text offsets and its texts,
 * one after another, so the row 12 ahead has its line asked for, the
 * row 8 ahead its offsets, the row 4 ahead its texts.  A hint to the
 * processor; it changes no result.
 */
void rk_orders_prefetch_ahead(const struct rk_orders *orders,
    const void *rows, size_t size, size_t oline_at, size_t i, size_t n);

/* Add what qty of the line is worth, at its unit_price, to sums. */
void rk_oline_amount(const struct rk_oline *l, uint32_t qty,
    struct rk_amounts *sums);

#endif
