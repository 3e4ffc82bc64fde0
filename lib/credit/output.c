/*
 * output.c - what credit-emit writes (credit-emit(1), OUTPUT): the credit
 * lines, note by note, as CSV or JSON Lines rows, or one JSON object per
 * note (-o json); the --held and --replacements reports; --summary.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/date.h"
#include "rk/util.h"

enum {
	OC_CREDIT_NOTE_ID, OC_ISSUE_DATE, OC_RETAILER_ID, OC_CURRENCY,
	OC_INVOICE_ID, OC_LINE_NO, OC_RECEIPT_ID, OC_SEQ, OC_RMA_ID,
	OC_RMA_LINE, OC_ORDER_ID, OC_INVOICE_LINE, OC_SKU, OC_QTY,
	OC_UNIT_PRICE, OC_GROSS, OC_ALLOWANCE_PCT, OC_ALLOWANCE, OC_NET,
	OC_TAX_RATE, OC_REASON, OC_CONDITION, OC_NOTE_NET, OC_NOTE_TAX,
	OC_NOTE_TOTAL
};

/* Output columns taken from the input row: (output, return-match) pairs. */
static const int from_input[][2] = {
	{ OC_RETAILER_ID, JN_RETAILER_ID }, { OC_CURRENCY, JN_CURRENCY },
	{ OC_INVOICE_ID, JN_INVOICE_ID }, { OC_RECEIPT_ID, JN_RECEIPT_ID },
	{ OC_SEQ, JN_SEQ }, { OC_RMA_ID, JN_RMA_ID },
	{ OC_RMA_LINE, JN_RMA_LINE }, { OC_ORDER_ID, JN_ORDER_ID },
	{ OC_INVOICE_LINE, JN_INVOICE_LINE }, { OC_SKU, JN_SKU },
	{ OC_QTY, JN_QTY }, { OC_UNIT_PRICE, JN_UNIT_PRICE },
	{ OC_TAX_RATE, JN_TAX_RATE },
};

void
line_values(const struct credit *c, const struct kept *k,
    const struct note *n, struct rk_val *out, char (*buf)[48])
{
	struct rk_val in[CELLS_N];
	int minor;

	rk_rowstore_get(&c->cellstore, k->cells, in, CELLS_N);
	for (size_t i = 0; i < OUT_NCOLS; i++)
		rk_val_set(&out[i], "", 0);
	for (size_t i = 0; i < RK_ARRAY_LEN(from_input); i++)
		out[from_input[i][0]] = in[from_input[i][1]];
	out[OC_REASON] = in[CELL_REASON];
	out[OC_CONDITION] = in[CELL_CONDITION];
	if (n == NULL)
		return; /* a replacement line: no note, no amounts */
	minor = rk_currency_minor(k->cur);
	rk_val_str(&out[OC_CREDIT_NOTE_ID], n->id);
	out[OC_ISSUE_DATE] = n->issue_text;
	rk_val_uint(&out[OC_LINE_NO], buf[OC_LINE_NO], k->line_no);
	rk_val_set(&out[OC_GROSS], buf[OC_GROSS],
	    rk_amount_format(k->gross, minor, '.', buf[OC_GROSS]));
	rk_val_set(&out[OC_ALLOWANCE_PCT], buf[OC_ALLOWANCE_PCT],
	    pct_format(k->allowance_pct, buf[OC_ALLOWANCE_PCT]));
	rk_val_set(&out[OC_ALLOWANCE], buf[OC_ALLOWANCE],
	    rk_amount_format(k->allowance, minor, '.', buf[OC_ALLOWANCE]));
	rk_val_set(&out[OC_NET], buf[OC_NET],
	    rk_amount_format(k->net, minor, '.', buf[OC_NET]));
	out[OC_NOTE_NET] = n->net_text;
	out[OC_NOTE_TAX] = n->tax_text;
	out[OC_NOTE_TOTAL] = n->total_text;
}

void
carried_values(const struct credit *c, const struct kept *k,
    struct rk_val *raw, struct rk_val *out)
{
	size_t ncar = rk_carried_count(c->carry), nraw;

	if (c->replaying) {
		rk_rowstore_get(&c->carried, k->raw, out, ncar);
		return;
	}
	if (k->raw == NO_RAW) {
		for (size_t i = 0; i < ncar; i++)
			rk_val_set(&out[i], "", 0);
		return;
	}
	nraw = rk_primary_get(&c->pr, k->raw, raw);
	rk_primary_carried(&c->pr, k->op, raw, nraw, out, ncar);
}

/* One credit line with its carried values (cells holds them all). */
static void
fill_line(const struct credit *c, const struct kept *k, const struct note *n,
    struct rk_val *cells, struct rk_val *raw, char (*buf)[48])
{
	line_values(c, k, n, cells, buf);
	carried_values(c, k, raw, cells + OUT_NCOLS);
}

/* CSV and JSON Lines: one row per credit line, note by note. */
static void
write_rows(struct credit *c, struct rk_writer *w)
{
	size_t ncar = rk_carried_count(c->carry);
	struct rk_val *cells = rk_xcalloc(OUT_NCOLS + ncar + 1, sizeof(*cells));
	struct rk_val *raw = rk_xcalloc(c->pr.maxcols + 1, sizeof(*raw));
	char buf[OUT_NCOLS][48];

	for (size_t ni = 0; ni < c->nnotes; ni++)
		for (uint32_t i = 0; i < c->notes[ni].nlines; i++) {
			fill_line(c, note_line(c, &c->notes[ni], i), &c->notes[ni],
			    cells, raw, buf);
			rk_writer_row(w, cells);
		}
	free(cells);
	free(raw);
}

/* The keys of a note object, and which output columns they are. */
static const int note_keys[] = {
	OC_CREDIT_NOTE_ID, OC_ISSUE_DATE, OC_RETAILER_ID, OC_CURRENCY,
	OC_NOTE_NET, OC_NOTE_TAX, OC_NOTE_TOTAL
};

static int
is_note_key(int col)
{
	for (size_t i = 0; i < RK_ARRAY_LEN(note_keys); i++)
		if (note_keys[i] == col)
			return 1;
	return 0;
}

/* A note's "tax": [{tax_rate, taxable, tax}], one per rate. */
static void
write_tax(const struct credit *c, struct rk_writer *w, const struct note *n,
    int minor)
{
	static const char *const names[] = { "tax_rate", "taxable", "tax" };
	static const size_t lens[] = { 8, 7, 3 };
	static const enum rk_ctype types[] = { RK_C_DEC, RK_C_DEC, RK_C_DEC };
	struct rk_val v[3];
	char buf[3][48];
	int first = 1;

	rk_writer_raw(w, ",\"tax\":[", 8);
	for (uint32_t t = n->first_tax; t != RK_NOID; t = c->vats[t].next) {
		const struct vat *x = &c->vats[t];

		rk_val_set(&v[0], buf[0], rk_dec_format(&x->rate, '.', buf[0]));
		rk_val_set(&v[1], buf[1], amount128_format(x->taxable, minor,
		    buf[1]));
		rk_val_set(&v[2], buf[2], amount128_format(x->tax, minor, buf[2]));
		rk_writer_raw(w, first ? "{" : ",{", first ? 1 : 2);
		rk_writer_members(w, names, lens, types, v, 3);
		rk_writer_raw(w, "}", 1);
		first = 0;
	}
	rk_writer_raw(w, "]", 1);
}

/* -o json: one object per note, its lines and its tax inside. */
static void
write_notes(struct credit *c, struct rk_writer *w, const char *const *names,
    const size_t *lens, const enum rk_ctype *types, size_t ncols)
{
	struct rk_val *cells = rk_xcalloc(ncols + 1, sizeof(*cells));
	struct rk_val *raw = rk_xcalloc(c->pr.maxcols + 1, sizeof(*raw));
	const char **ln = rk_xcalloc(ncols + 1, sizeof(*ln));
	size_t *ll = rk_xcalloc(ncols + 1, sizeof(*ll)), nl = 0;
	enum rk_ctype *lt = rk_xcalloc(ncols + 1, sizeof(*lt));
	struct rk_val *lv = rk_xcalloc(ncols + 1, sizeof(*lv));
	char buf[OUT_NCOLS][48];

	for (size_t i = 0; i < ncols; i++)
		if (i >= OUT_NCOLS || !is_note_key((int)i)) {
			ln[nl] = names[i];
			ll[nl] = lens[i];
			lt[nl++] = types[i];
		}
	rk_writer_raw(w, "[", 1);
	for (size_t ni = 0; ni < c->nnotes; ni++) {
		const struct note *n = &c->notes[ni];
		int minor = rk_currency_minor(note_line(c, n, 0)->cur);

		rk_writer_raw(w, ni ? ",\n{" : "\n{", ni ? 3 : 2);
		for (uint32_t i = 0; i < n->nlines; i++) {
			size_t k = 0;

			fill_line(c, note_line(c, n, i), n, cells, raw, buf);
			if (i == 0) {
				const char *nn[RK_ARRAY_LEN(note_keys)];
				size_t nnl[RK_ARRAY_LEN(note_keys)];
				enum rk_ctype nt[RK_ARRAY_LEN(note_keys)];
				struct rk_val nv[RK_ARRAY_LEN(note_keys)];

				for (size_t j = 0; j < RK_ARRAY_LEN(note_keys); j++) {
					nn[j] = names[note_keys[j]];
					nnl[j] = lens[note_keys[j]];
					nt[j] = types[note_keys[j]];
					nv[j] = cells[note_keys[j]];
				}
				rk_writer_members(w, nn, nnl, nt, nv,
				    RK_ARRAY_LEN(note_keys));
				rk_writer_raw(w, ",\"lines\":[", 10);
			}
			for (size_t j = 0; j < ncols; j++)
				if (j >= OUT_NCOLS || !is_note_key((int)j))
					lv[k++] = cells[j];
			rk_writer_raw(w, i ? ",{" : "{", i ? 2 : 1);
			rk_writer_members(w, ln, ll, lt, lv, nl);
			rk_writer_raw(w, "}", 1);
		}
		rk_writer_raw(w, "]", 1);
		write_tax(c, w, n, minor);
		rk_writer_raw(w, "}", 1);
	}
	rk_writer_raw(w, c->nnotes ? "\n]\n" : "]\n", c->nnotes ? 3 : 2);
	free(cells);
	free(raw);
	free(ln);
	free(ll);
	free(lt);
	free(lv);
}

/* The output columns' names, lengths and JSON types, carried ones last. */
static size_t
out_columns(const struct credit *c, const char ***names, size_t **lens,
    enum rk_ctype **types)
{
	size_t nc = rk_carried_count(c->carry), n = OUT_NCOLS + nc;

	*names = rk_xcalloc(n + 1, sizeof(**names));
	*lens = rk_xcalloc(n + 1, sizeof(**lens));
	*types = rk_xcalloc(n + 1, sizeof(**types));
	for (size_t i = 0; i < OUT_NCOLS; i++) {
		(*names)[i] = ledger_names[i];
		(*lens)[i] = strlen(ledger_names[i]);
		(*types)[i] = ledger_types[i];
	}
	for (size_t i = 0; i < nc; i++) {
		(*names)[OUT_NCOLS + i] = rk_carried_name(c->carry, i,
		    &(*lens)[OUT_NCOLS + i]);
		(*types)[OUT_NCOLS + i] = RK_C_CARRIED;
	}
	return n;
}

int
output_write(struct credit *c)
{
	struct rk_writer_opts wo = rk_opts_writer(c->o);
	const char **names;
	size_t *lens;
	enum rk_ctype *types;
	size_t n = out_columns(c, &names, &lens, &types);
	struct rk_writer *w = rk_writer_new(stdout, &wo);

	if (wo.fmt == RK_OUT_JSON) {
		wo.fmt = RK_OUT_JSONL; /* a byte sink: write_notes frames it */
		rk_writer_free(w);
		w = rk_writer_new(stdout, &wo);
		write_notes(c, w, names, lens, types, n);
	} else {
		rk_writer_columns(w, names, lens, types, n);
		write_rows(c, w);
	}
	free(names);
	free(lens);
	free(types);
	return rk_run_output(&c->run, w) ? (rk_writer_free(w), -1) :
	    (rk_writer_free(w), 0);
}

/* --held: the return-match columns, hold_reason, carried columns. */
static int
write_held(struct credit *c, FILE *fp)
{
	struct rk_writer_opts wo = rk_opts_writer(c->o);
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
	struct rk_writer_opts wo = rk_opts_writer(c->o);
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

void
credit_summary(const struct credit *c)
{
	struct rk_amounts *sums = rk_xcalloc(1, sizeof(*sums));
	unsigned long credited = 0;

	for (size_t ni = 0; ni < c->nnotes; ni++)
		credited += c->notes[ni].nlines;
	rk_warnx("%llu rows in, %lu already in the ledger, %lu malformed",
	    (unsigned long long)c->pr.nrows, c->skipped,
	    rk_rejects_count(c->run.rj));
	rk_warnx("credited %lu lines on %lu notes, held %lu, replaced %lu",
	    credited, (unsigned long)c->nnotes, c->nheld, c->nreplaced);
	for (size_t ni = 0; ni < c->nnotes; ni++) {
		const struct note *n = &c->notes[ni];
		int cur = note_line(c, n, 0)->cur;

		rk_amounts_add_minor(sums, cur, n->net + n->tax);
	}
	rk_amounts_report(sums, "credited");
	free(sums);
	rk_run_summary_end(&c->run);
}
