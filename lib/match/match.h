/*
 * match.h - return-match's run, shared by the files of lib/match/ (private
 * to them; the public entry is rk_match_run in rk/match.h).
 *
 * One run of return-match(1) is one struct match_run, filled in this
 * order by run.c:
 *
 *	receipts.c   the receipt rows, checked, and their parcels (rcpt)
 *	state.c      the registry's lines (reg) and the journal: what today's
 *	             receipts already got, what registered lines and order
 *	             lines already gave, what earlier nights knew of a box
 *	orders.c     the retailers and the order lines of the receipts' skus,
 *	             less what earlier nights took of them
 *	index.c      registered lines by RMA and by sku, order lines by sku,
 *	             each sku's items grouped by retailer (struct csr)
 *	senders.c    each parcel's sender: named, or inferred (step 2)
 *	allocate.c   the four tiers and the remainder (step 3): the answers
 *	output.c     the answer rows, --expected, the journal commit, the
 *	             --summary
 *
 * Ids: retailers, skus and invoices are numbered by the order store's
 * pools (orders.retailers, orders.skus, orders.invoices), whoever met
 * them first; RMA ids by reg.rma_ids.  RK_NOID means none.
 * Memory: everything a run holds is released by match_release().
 */
#ifndef MATCH_MATCH_H
#define MATCH_MATCH_H

#include <stdint.h>

#include "rk/allocation.h"
#include "rk/hash.h"
#include "rk/keytab.h"
#include "rk/opts.h"
#include "rk/orders.h"
#include "rk/primary.h"
#include "rk/retailers.h"
#include "rk/rowstore.h"
#include "rk/run.h"
#include "rk/schema.h"

/* Receipt columns (returns-formats(5), RECEIPTS), in table order. */
enum {
	RCPT_RECEIPT_ID, RCPT_PARCEL_ID, RCPT_SKU, RCPT_QTY, RCPT_RETAILER_ID,
	RCPT_RMA_ID, RCPT_ORDER_ID, RCPT_CONDITION, RCPT_ORIGIN_COUNTRY,
	RCPT_RECEIVED_AT, RCPT_NCOLS
};

/* The match column: the tier an answer row came from, or none. */
enum {
	MATCH_NONE, MATCH_RMA, MATCH_PARCEL_RMA, MATCH_RETAILER_RMA,
	MATCH_ORDER_HISTORY
};

enum {
	STATUS_MATCHED, STATUS_UNANNOUNCED, STATUS_HELD, STATUS_UNMATCHED,
	STATUS_CONFLICT, STATUS_N
};

/*
 * status_reason: the order-history allocation's (enum rk_why), then
 * return-match's own: a fixed text (output.c), or the registered line's
 * own (WHY_REGISTERED), or the parcel's ambiguous_sender list
 * (WHY_AMBIGUOUS).
 */
enum {
	WHY_NONE = RK_WHY_NONE,
	WHY_OUTSIDE = RK_WHY_OUTSIDE_WINDOW,
	WHY_UNKNOWN_RMA = RK_WHY_N, WHY_INFERRED, WHY_REGISTERED,
	WHY_UNKNOWN_SENDER, WHY_AMBIGUOUS, WHY_CONFLICT
};

/* Registered-line texts kept for the answer rows, by position in the
 * line's rowstore row. */
enum {
	RLT_RMA_ID, RLT_REASON, RLT_STATUS_REASON, RLT_ORDER_ID, RLT_INVOICE_ID,
	RLT_INVOICE_LINE, RLT_LINE_DATE, RLT_UNIT_PRICE, RLT_CURRENCY,
	RLT_TAX_RATE, RLT_N
};

/* One valid receipt row. */
struct receipt {
	uint64_t raw;           /* the row as read (rk_primary_get) */
	uint32_t op;            /* its operand */
	uint32_t parcel;        /* index in rcpt.parcels */
	uint32_t next;          /* next row of the same parcel, or RK_NOID */
	uint32_t sku;
	uint32_t retailer;      /* its retailer_id, RK_NOID when empty */
	uint32_t rma;           /* reg.rma_ids id of its rma_id, or RK_NOID */
	uint32_t order;         /* rcpt.order_ids id of its order_id, or RK_NOID */
	int32_t received;       /* received_at, else --as-of */
	uint32_t todo;          /* qty less what the journal allocated */
	uint32_t seq;           /* the last seq used: journal's, then ours */
	uint8_t rma_known;      /* rma is a known RMA */
	uint8_t rma_unknown;    /* rma is named but not known: treated as none */
	uint8_t skip;           /* wholly allocated by earlier nights */
};

enum { PARCEL_NO_SENDER, PARCEL_SENDER, PARCEL_CONFLICT };

/* A box: the rows with one parcel_id, wherever they stand. */
struct parcel {
	uint32_t first, last;   /* its rows, chained in input order */
	uint32_t sender;        /* retailer, or RK_NOID */
	uint8_t kind;           /* PARCEL_* */
	uint8_t inferred;       /* the sender was inferred */
	uint8_t fail;           /* no sender inferred: WHY_UNKNOWN_SENDER or
	                         * WHY_AMBIGUOUS */
	char *ambiguous;        /* "ambiguous_sender:a|b" with WHY_AMBIGUOUS */
	uint32_t *rmas;         /* known RMAs named: today's, then journal's */
	uint32_t nrmas, rmacap;
	uint32_t *jretailers;   /* retailers named by its journal rows */
	uint32_t njretailers, jretailercap;
	uint32_t country;       /* rcpt.countries id of its first non-empty
	                         * origin_country, or RK_NOID */
};

/*
 * What today's input holds.  While the receipts are read, ids is the
 * step's (receipt_step, on the parsing thread for a CSV input) and the
 * rest the calling thread's: the two parts lie on cache lines of their
 * own.
 */
struct match_receipts {
	struct rk_primary input;        /* the operands, each row as read */
	struct receipt *rows;           /* valid rows; index == ids id */
	size_t n, cap;
	size_t mapped;                  /* bytes of rows mapped */
	struct parcel *parcels;         /* in order of first appearance */
	size_t nparcels, parcelcap;
	struct rk_intern parcel_ids;    /* parcel_id -> index in parcels */
	struct rk_intern order_ids;     /* order_ids the rows name */
	struct rk_intern countries;     /* origin_countries the rows name */
	unsigned long skipped;          /* rows wholly allocated already */
	_Alignas(64) struct rk_intern ids; /* receipt_id -> index in rows */
};

/*
 * Items 0..n-1 grouped by a key (a sku, an RMA): the items of key k are
 * idx[off[k]] .. idx[off[k+1]-1].  sub, when built, holds the retailer
 * of idx[i] beside it, so a search does not touch the items.
 */
struct csr {
	uint32_t *off;
	uint32_t *idx;
	uint32_t *sub;
	uint32_t n;             /* keys */
};

/* A line of the registry. */
struct regline {
	uint32_t rma, rma_line, retailer, sku;
	uint32_t qty;
	uint32_t open;          /* qty less what the journal and we matched */
	int32_t requested;
	uint8_t held;           /* its status is held */
	uint64_t texts;         /* reg.texts offset of its RLT_N cells */
};

/* The registry as read (only each line's open quantity changes). */
struct match_registered {
	struct regline *lines;          /* in registry order */
	size_t n, cap;
	struct rk_rowstore texts;
	struct rk_intern rma_ids;       /* RMA ids of the registry and the
	                                 * receipts */
	uint32_t *rma_retailer;         /* rma id -> retailer; RK_NOID: not
	                                 * known */
	size_t rma_retailer_cap;
	int rma_mixed;                  /* an RMA's lines name two retailers */
	struct csr by_rma;              /* each RMA's lines by rma_line */
	struct csr by_sku;              /* by sku, retailer, then tier 3 order */
};

/* The order lines the run keeps (in orders) and how it finds them. */
struct match_order_lines {
	struct rk_consumed taken;       /* what registry and journal rows took
	                                 * of each (invoice, line) */
	/*
	 * What order_look reads on a parsing thread, on cache lines of its
	 * own: the calling thread writes the last retailer row by row.
	 */
	_Alignas(64) struct rk_keytab wanted_skus; /* the texts of the skus
	                                 * receipts name -> sku id */
	_Alignas(64) uint32_t last_retailer; /* the scan's last, interned */
	char last_retailer_text[RK_ID_MAX];
	size_t last_retailer_len;
	struct csr by_sku;              /* by sku, then retailer, then file
	                                 * order (the lines stay in file order) */
};

/* One answer row: a receipt's allocation or remainder. */
struct answer {
	uint32_t receipt;       /* index in rcpt.rows */
	uint32_t seq;
	uint32_t qty;
	uint32_t regline;       /* registered line consumed, or RK_NOID */
	uint32_t oline;         /* order line consumed, or RK_NOID */
	uint8_t match, status, why;
};

struct match_run {
	const struct rk_opts *o;
	struct rk_run run;              /* policy, rejects, progress, lock */
	struct rk_orders orders;        /* order lines kept; its pools number
	                                 * every retailer, sku and invoice */
	struct rk_retailers retailers;  /* --retailers: their countries */
	int32_t window;                 /* the tier-4 window, in days */
	struct match_receipts rcpt;
	struct match_registered reg;
	struct match_order_lines olines;
	struct rk_carried journal_carry;        /* the journal's carried columns */
	unsigned long journal_rows;
	struct answer *answers;         /* in processing (output) order */
	size_t nanswers, answercap;
};

/* The retailer of a known RMA; RK_NOID for an unknown one or none. */
static inline uint32_t
match_rma_retailer(const struct match_run *m, uint32_t rma)
{
	return rma != RK_NOID && rma < m->reg.rma_retailer_cap ?
	    m->reg.rma_retailer[rma] : RK_NOID;
}

/* Whether v is among a[0..n-1] (short lists: a parcel's RMAs). */
static inline int
match_u32_has(const uint32_t *a, uint32_t n, uint32_t v)
{
	for (uint32_t i = 0; i < n; i++)
		if (a[i] == v)
			return 1;
	return 0;
}

/* receipts.c */
void match_receipts_init(struct match_run *m);
int match_read_receipts(struct match_run *m);

/* state.c */
int match_read_state(struct match_run *m);

/* orders.c */
int match_read_orders(struct match_run *m);

/* index.c */
void match_csr_free(struct csr *c);
void match_retailer_run(const struct csr *c, uint32_t sku, uint32_t r,
    uint32_t *from, uint32_t *to);
void match_index_reglines(struct match_run *m);
void match_index_orders(struct match_run *m);
uint32_t match_find_regline(const struct match_run *m, uint32_t rma,
    uint32_t rma_line);

/* senders.c */
void match_decide_senders(struct match_run *m);
void match_infer_sender(struct match_run *m, uint32_t p);

/* allocate.c */
void match_allocate(struct match_run *m);

/* output.c */
void match_write_answers(struct match_run *m, struct rk_writer *w,
    size_t nout_cols, const uint32_t *map);
int match_write_expected(struct match_run *m);
int match_commit_journal(struct match_run *m);
void match_summary(struct match_run *m);

#endif
