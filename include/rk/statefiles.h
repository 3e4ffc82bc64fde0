/*
 * statefiles.h - the schemas of the registry (return-register's output,
 * return-register(1)) and of the journal (return-match's output,
 * return-match(1)): the column tables, the JSON types of their columns,
 * the statuses each file may hold, and what a row took from an order
 * line.  Both tools read both files, so both schemas live here once.
 */
#ifndef RK_STATEFILES_H
#define RK_STATEFILES_H

#include "rk/schema.h"
#include "rk/writer.h"

enum {
	RG_RMA_ID, RG_RMA_LINE, RG_REQUEST_ID, RG_REQUEST_LINE, RG_RETAILER_ID,
	RG_SKU, RG_QTY, RG_REASON, RG_STATUS, RG_STATUS_REASON, RG_ORDER_ID,
	RG_INVOICE_ID, RG_INVOICE_LINE, RG_LINE_DATE, RG_UNIT_PRICE,
	RG_CURRENCY, RG_TAX_RATE, RG_REQUESTED_AT, RG_NOTE, RG_NCOLS
};

enum {
	JN_RECEIPT_ID, JN_SEQ, JN_PARCEL_ID, JN_RETAILER_ID, JN_SKU, JN_QTY,
	JN_CONDITION, JN_RECEIVED_AT, JN_MATCH, JN_STATUS, JN_STATUS_REASON,
	JN_RMA_ID, JN_RMA_LINE, JN_REASON, JN_ORDER_ID, JN_INVOICE_ID,
	JN_INVOICE_LINE, JN_LINE_DATE, JN_UNIT_PRICE, JN_CURRENCY, JN_TAX_RATE,
	JN_NCOLS
};

/* Column tables as the state files hold them (rows checked on load). */
extern const struct rk_schema rk_registry_schema;
extern const struct rk_schema rk_journal_schema;
/* Column names and JSON types, for writers. */
extern const char *const rk_registry_names[RG_NCOLS];
extern const enum rk_ctype rk_registry_types[RG_NCOLS];
extern const char *const rk_journal_names[JN_NCOLS];
extern const enum rk_ctype rk_journal_types[JN_NCOLS];

/* Statuses the registry commits. */
int rk_registry_status_ok(const char *p, size_t n);
/* A registry row's status: 0, or -1 with RK_EX_CONFIG naming the row. */
int rk_registry_row_check(const struct rk_fv *v, const char *path,
    unsigned long line, struct rk_err *err);
/* Statuses and match values the journal commits. */
int rk_journal_status_ok(const char *p, size_t n);
int rk_journal_match_ok(const char *p, size_t n);

/*
 * Check what a journal row must hold beyond its column syntax: a status
 * and a match return-match commits, and for an allocated row the line it
 * consumed (rma_id and rma_line for rma, parcel_rma and retailer_rma;
 * retailer_id, invoice_id and invoice_line for order_history).  0, or -1
 * with RK_EX_CONFIG naming path and the row's line.
 */
int rk_journal_row_check(const struct rk_fv *v, const char *path,
    unsigned long line, struct rk_err *err);
/* 1 when the row's quantity counts as allocated (matched, unannounced,
 * held). */
int rk_journal_allocated(const struct rk_fv *v);

/*
 * What a row of the registry or the journal (s says which) took from an
 * order line: the rule of an order line's remaining quantity in
 * returns-formats(5), written once for both tools.  Every registry row
 * (accepted or held) takes its qty; a journal row takes its qty when it
 * is allocated with match order_history.  1 with t filled, else 0.
 */
struct rk_take {
	const struct rk_fv *retailer, *sku, *invoice, *line;
	uint64_t qty;
};
int rk_state_row_takes(const struct rk_schema *s, const struct rk_fv *v,
    struct rk_take *t);

#endif
