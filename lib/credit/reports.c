/*
 * reports.c - the reports credit-emit writes by option (credit-emit(1),
 * OPTIONS): --held, the rows held for a person to look at, and
 * --replacements, the rows to replace rather than credit.  They are
 * written in the record format of -o; under a document format (-o ubl)
 * they are CSV.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/util.h"

/* The writer settings of a report: -o's, or CSV under a document format. */
static struct rk_writer_opts
report_opts(const struct credit *c)
{
	struct rk_writer_opts wo = rk_opts_writer(c->o);

	if (!(RK_OUT_RECORDS & 1u << wo.fmt))
		wo.fmt = RK_OUT_CSV;
	return wo;
}

/* --held: the return-match columns, hold_reason, carried columns. */
static int
write_held(struct credit *c, FILE *fp)
{
	struct rk_writer_opts wo = report_opts(c);
	size_t nc = rk_carried_count(c->carry), n = JN_NCOLS + 1 + nc;
	const char **names = rk_xcalloc(n + 1, sizeof(*names));
	enum rk_ctype *types = rk_xcalloc(n + 1, sizeof(*types));
	size_t *lens = rk_xcalloc(n + 1, sizeof(*lens));
	struct rk_val *cells = rk_xcalloc(n + 1, sizeof(*cells));
	struct rk_val *raw = rk_xcalloc(c->pr.maxcols + 1, sizeof(*raw));
	struct rk_writer *w = rk_writer_new(fp, &wo);
	int rc;

	for (size_t i = 0; i < n; i++) {
		names[i] = i < JN_NCOLS ? rk_journal_names[i] : i == JN_NCOLS ?
		    "hold_reason" : rk_carried_name(c->carry, i - JN_NCOLS - 1,
		    &lens[i]);
		if (i <= JN_NCOLS)
			lens[i] = strlen(names[i]);
		types[i] = i < JN_NCOLS ? rk_journal_types[i] : i == JN_NCOLS ?
		    RK_C_TEXT : RK_C_CARRIED;
	}
	rk_writer_columns(w, names, lens, types, n);
	for (size_t i = 0; i < c->nrows; i++) {
		const struct kept *k = &c->rows[i];
		size_t hn;

		if (k->fate != FATE_HELD)
			continue;
		rk_rowstore_get(&c->cellstore, k->cells, cells, JN_NCOLS);
		cells[JN_NCOLS].p = rk_intern_str(&c->holds, k->note, &hn);
		cells[JN_NCOLS].n = hn;
		cells[JN_NCOLS].t = RK_V_STR;
		carried_values(c, k, raw, cells + JN_NCOLS + 1);
		rk_writer_row(w, cells);
	}
	rc = rk_writer_end(w);
	rk_writer_free(w);
	free(names);
	free(types);
	free(lens);
	free(cells);
	free(raw);
	return rc;
}

/* --replacements: what to send back instead of a credit. */
static int
write_replacements(struct credit *c, FILE *fp)
{
	static const char *const names[] = {
		"retailer_id", "sku", "qty", "order_id", "invoice_id",
		"invoice_line", "rma_id", "rma_line", "receipt_id", "seq"
	};
	static const int from[] = {
		JN_RETAILER_ID, JN_SKU, JN_QTY, JN_ORDER_ID, JN_INVOICE_ID,
		JN_INVOICE_LINE, JN_RMA_ID, JN_RMA_LINE, JN_RECEIPT_ID, JN_SEQ
	};
	static const enum rk_ctype types[] = {
		RK_C_TEXT, RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_TEXT, RK_C_INT,
		RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_INT
	};
	struct rk_writer_opts wo = report_opts(c);
	struct rk_writer *w = rk_writer_new(fp, &wo);
	struct rk_val in[CELLS_N], out[RK_ARRAY_LEN(names)];
	int rc;

	rk_writer_columns(w, names, NULL, types, RK_ARRAY_LEN(names));
	for (size_t i = 0; i < c->nrows; i++) {
		if (c->rows[i].fate != FATE_REPLACE)
			continue;
		rk_rowstore_get(&c->cellstore, c->rows[i].cells, in, CELLS_N);
		for (size_t k = 0; k < RK_ARRAY_LEN(names); k++)
			out[k] = in[from[k]];
		rk_writer_row(w, out);
	}
	rc = rk_writer_end(w);
	rk_writer_free(w);
	return rc;
}

int
reports_write(struct credit *c)
{
	FILE *held = rk_run_report(&c->run, RK_REP_HELD);
	FILE *repl = rk_run_report(&c->run, RK_REP_REPLACEMENTS);

	if (held && write_held(c, held))
		return rk_errf(&c->run.err, RK_EX_IOERR, "--held '%s': write "
		    "error: %s", c->o->held, strerror(errno));
	if (repl && write_replacements(c, repl))
		return rk_errf(&c->run.err, RK_EX_IOERR, "--replacements '%s': "
		    "write error: %s", c->o->replacements, strerror(errno));
	return 0;
}
