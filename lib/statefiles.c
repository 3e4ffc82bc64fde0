#include "rk/statefiles.h"
#include "rk/util.h"

static const struct rk_colspec registry_cols[RG_NCOLS] = {
	{ "rma_id", RK_K_ID, 1 },
	{ "rma_line", RK_K_INT, 1 },
	{ "request_id", RK_K_ID, 1 },
	{ "request_line", RK_K_INT, 1 },
	{ "retailer_id", RK_K_ID, 1 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "reason", RK_K_ID, 1 },
	{ "status", RK_K_ID, 1 },
	{ "status_reason", RK_K_TEXT, 0 },
	{ "order_id", RK_K_ID, 1 },
	{ "invoice_id", RK_K_ID, 1 },
	{ "invoice_line", RK_K_INT, 1 },
	{ "line_date", RK_K_DATE, 1 },
	{ "unit_price", RK_K_MONEY, 1 },
	{ "currency", RK_K_CUR, 1 },
	{ "tax_rate", RK_K_PCT, 1 },
	{ "requested_at", RK_K_DATE, 1 },
	{ "note", RK_K_TEXT, 0 },
};

const struct rk_schema rk_registry_schema = { registry_cols, RG_NCOLS, NULL,
	NULL, rk_registry_row_check };

const char *const rk_registry_names[RG_NCOLS] = {
	"rma_id", "rma_line", "request_id", "request_line", "retailer_id",
	"sku", "qty", "reason", "status", "status_reason", "order_id",
	"invoice_id", "invoice_line", "line_date", "unit_price", "currency",
	"tax_rate", "requested_at", "note"
};

const enum rk_ctype rk_registry_types[RG_NCOLS] = {
	RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_TEXT,
	RK_C_INT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT,
	RK_C_INT, RK_C_TEXT, RK_C_DEC, RK_C_TEXT, RK_C_DEC, RK_C_TEXT,
	RK_C_TEXT
};

static const struct rk_colspec journal_cols[JN_NCOLS] = {
	{ "receipt_id", RK_K_ID, 1 },
	{ "seq", RK_K_INT, 1 },
	{ "parcel_id", RK_K_ID, 1 },
	{ "retailer_id", RK_K_ID, 0 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "condition", RK_K_ID, 0 },
	{ "received_at", RK_K_DATE, 1 },
	{ "match", RK_K_ID, 1 },
	{ "status", RK_K_ID, 1 },
	{ "status_reason", RK_K_TEXT, 0 },
	{ "rma_id", RK_K_ID, 0 },
	{ "rma_line", RK_K_INT, 0 },
	{ "reason", RK_K_ID, 0 },
	{ "order_id", RK_K_ID, 0 },
	{ "invoice_id", RK_K_ID, 0 },
	{ "invoice_line", RK_K_INT, 0 },
	{ "line_date", RK_K_DATE, 0 },
	{ "unit_price", RK_K_MONEY, 0 },
	{ "currency", RK_K_CUR, 0 },
	{ "tax_rate", RK_K_PCT, 0 },
};

const struct rk_schema rk_journal_schema = { journal_cols, JN_NCOLS, NULL,
	NULL, rk_journal_row_check };

const char *const rk_journal_names[JN_NCOLS] = {
	"receipt_id", "seq", "parcel_id", "retailer_id", "sku", "qty",
	"condition", "received_at", "match", "status", "status_reason",
	"rma_id", "rma_line", "reason", "order_id", "invoice_id",
	"invoice_line", "line_date", "unit_price", "currency", "tax_rate"
};

const enum rk_ctype rk_journal_types[JN_NCOLS] = {
	RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_INT,
	RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT,
	RK_C_INT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_INT, RK_C_TEXT,
	RK_C_DEC, RK_C_TEXT, RK_C_DEC
};

int
rk_registry_status_ok(const char *p, size_t n)
{
	return rk_streq(p, n, "accepted") || rk_streq(p, n, "held");
}

int
rk_registry_row_check(const struct rk_fv *v, const char *path,
    unsigned long line, struct rk_err *err)
{
	char shown[100];

	if (rk_registry_status_ok(v[RG_STATUS].p, v[RG_STATUS].n))
		return 0;
	return rk_errf(err, RK_EX_CONFIG, "%s:%lu: status %s: the registry holds "
	    "only accepted and held lines", path, line,
	    rk_show(shown, sizeof(shown), v[RG_STATUS].p, v[RG_STATUS].n));
}

int
rk_journal_status_ok(const char *p, size_t n)
{
	return rk_streq(p, n, "matched") || rk_streq(p, n, "unannounced") ||
	    rk_streq(p, n, "held") || rk_streq(p, n, "unmatched") ||
	    rk_streq(p, n, "conflict");
}

int
rk_journal_match_ok(const char *p, size_t n)
{
	return rk_streq(p, n, "rma") || rk_streq(p, n, "parcel_rma") ||
	    rk_streq(p, n, "retailer_rma") || rk_streq(p, n, "order_history") ||
	    rk_streq(p, n, "none");
}

int
rk_journal_allocated(const struct rk_fv *v)
{
	const struct rk_fv *st = &v[JN_STATUS];

	return rk_streq(st->p, st->n, "matched") ||
	    rk_streq(st->p, st->n, "unannounced") || rk_streq(st->p, st->n, "held");
}

int
rk_journal_row_check(const struct rk_fv *v, const char *path,
    unsigned long line, struct rk_err *err)
{
	const struct rk_fv *mt = &v[JN_MATCH];
	char shown[100];

	if (!rk_journal_status_ok(v[JN_STATUS].p, v[JN_STATUS].n))
		return rk_errf(err, RK_EX_CONFIG, "%s:%lu: status %s is not one "
		    "return-match commits", path, line,
		    rk_show(shown, sizeof(shown), v[JN_STATUS].p, v[JN_STATUS].n));
	if (!rk_journal_match_ok(mt->p, mt->n))
		return rk_errf(err, RK_EX_CONFIG, "%s:%lu: match %s is not one "
		    "return-match commits", path, line,
		    rk_show(shown, sizeof(shown), mt->p, mt->n));
	if (!rk_journal_allocated(v))
		return 0;
	if (rk_streq(mt->p, mt->n, "order_history")) {
		if (!v[JN_RETAILER_ID].present || !v[JN_INVOICE_ID].present ||
		    !v[JN_INVOICE_LINE].present)
			return rk_errf(err, RK_EX_CONFIG, "%s:%lu: an order_history "
			    "row without retailer_id, invoice_id and invoice_line",
			    path, line);
	} else if (!rk_streq(mt->p, mt->n, "none")) {
		if (!v[JN_RMA_ID].present || !v[JN_RMA_LINE].present)
			return rk_errf(err, RK_EX_CONFIG, "%s:%lu: a %.*s row without "
			    "rma_id and rma_line", path, line, (int)mt->n, mt->p);
	}
	return 0;
}

int
rk_state_row_takes(const struct rk_schema *s, const struct rk_fv *v,
    struct rk_take *t)
{
	if (s == &rk_registry_schema) {
		/* every registered row: accepted or held */
		t->retailer = &v[RG_RETAILER_ID];
		t->sku = &v[RG_SKU];
		t->invoice = &v[RG_INVOICE_ID];
		t->line = &v[RG_INVOICE_LINE];
		t->qty = (uint64_t)v[RG_QTY].i;
		return 1;
	}
	if (s == &rk_journal_schema && rk_journal_allocated(v) &&
	    rk_streq(v[JN_MATCH].p, v[JN_MATCH].n, "order_history")) {
		t->retailer = &v[JN_RETAILER_ID];
		t->sku = &v[JN_SKU];
		t->invoice = &v[JN_INVOICE_ID];
		t->line = &v[JN_INVOICE_LINE];
		t->qty = (uint64_t)v[JN_QTY].i;
		return 1;
	}
	return 0;
}
