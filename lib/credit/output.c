/*
 * output.c - what credit-emit writes (credit-emit(1), OUTPUT): the notes
 * in the format of -o, each format an entry of the table of emitters:
 * the credit lines, note by note, as CSV or JSON Lines rows, one JSON
 * object per note (-o json), or one UBL document per note (-o ubl,
 * ubl.c); --summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/date.h"
#include "rk/util.h"

/* Output columns taken from the input row: (output, return-match) pairs. */
static const int from_input[][2] = {
	{ LG_RETAILER_ID, JN_RETAILER_ID }, { LG_CURRENCY, JN_CURRENCY },
	{ LG_INVOICE_ID, JN_INVOICE_ID }, { LG_RECEIPT_ID, JN_RECEIPT_ID },
	{ LG_SEQ, JN_SEQ }, { LG_RMA_ID, JN_RMA_ID },
	{ LG_RMA_LINE, JN_RMA_LINE }, { LG_ORDER_ID, JN_ORDER_ID },
	{ LG_INVOICE_LINE, JN_INVOICE_LINE }, { LG_SKU, JN_SKU },
	{ LG_QTY, JN_QTY }, { LG_UNIT_PRICE, JN_UNIT_PRICE },
	{ LG_TAX_RATE, JN_TAX_RATE },
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
	out[LG_REASON] = in[CELL_REASON];
	out[LG_CONDITION] = in[CELL_CONDITION];
	if (n == NULL)
		return; /* a replacement line: no note, no amounts */
	minor = rk_currency_minor(k->cur);
	rk_val_str(&out[LG_CREDIT_NOTE_ID], n->id);
	out[LG_ISSUE_DATE] = n->issue_text;
	rk_val_uint(&out[LG_LINE_NO], buf[LG_LINE_NO], k->line_no);
	rk_val_set(&out[LG_GROSS], buf[LG_GROSS],
	    rk_amount_format(k->gross, minor, '.', buf[LG_GROSS]));
	rk_val_set(&out[LG_ALLOWANCE_PCT], buf[LG_ALLOWANCE_PCT],
	    pct_format(k->allowance_pct, buf[LG_ALLOWANCE_PCT]));
	rk_val_set(&out[LG_ALLOWANCE], buf[LG_ALLOWANCE],
	    rk_amount_format(k->allowance, minor, '.', buf[LG_ALLOWANCE]));
	rk_val_set(&out[LG_NET], buf[LG_NET],
	    rk_amount_format(k->net, minor, '.', buf[LG_NET]));
	out[LG_NOTE_NET] = n->net_text;
	out[LG_NOTE_TAX] = n->tax_text;
	out[LG_NOTE_TOTAL] = n->total_text;
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
	LG_CREDIT_NOTE_ID, LG_ISSUE_DATE, LG_RETAILER_ID, LG_CURRENCY,
	LG_NOTE_NET, LG_NOTE_TAX, LG_NOTE_TOTAL
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
struct columns {
	const char **names;
	size_t *lens;
	enum rk_ctype *types;
	size_t n;
};

static void
columns_make(const struct credit *c, struct columns *cols)
{
	size_t nc = rk_carried_count(c->carry), n = OUT_NCOLS + nc;

	cols->n = n;
	cols->names = rk_xcalloc(n + 1, sizeof(*cols->names));
	cols->lens = rk_xcalloc(n + 1, sizeof(*cols->lens));
	cols->types = rk_xcalloc(n + 1, sizeof(*cols->types));
	for (size_t i = 0; i < OUT_NCOLS; i++) {
		cols->names[i] = ledger_names[i];
		cols->lens[i] = strlen(ledger_names[i]);
		cols->types[i] = ledger_types[i];
	}
	for (size_t i = 0; i < nc; i++) {
		cols->names[OUT_NCOLS + i] = rk_carried_name(c->carry, i,
		    &cols->lens[OUT_NCOLS + i]);
		cols->types[OUT_NCOLS + i] = RK_C_CARRIED;
	}
}

static void
columns_free(struct columns *cols)
{
	free(cols->names);
	free(cols->lens);
	free(cols->types);
}

/* Standard output flushed with the rejects and the reports. */
static int
records_end(struct credit *c, struct rk_writer *w)
{
	int rc = rk_run_output(&c->run, w);

	rk_writer_free(w);
	return rc ? -1 : 0;
}

/* -o csv, -o jsonl: one row per credit line. */
static int
emit_rows(struct credit *c)
{
	struct rk_writer_opts wo = rk_opts_writer(c->o);
	struct rk_writer *w = rk_writer_new(stdout, &wo);
	struct columns cols;

	columns_make(c, &cols);
	rk_writer_columns(w, cols.names, cols.lens, cols.types, cols.n);
	write_rows(c, w);
	columns_free(&cols);
	return records_end(c, w);
}

/* -o json: one object per note. */
static int
emit_notes(struct credit *c)
{
	struct rk_writer_opts wo = rk_opts_writer(c->o);
	struct rk_writer *w;
	struct columns cols;

	wo.fmt = RK_OUT_JSONL; /* a byte sink: write_notes frames it */
	w = rk_writer_new(stdout, &wo);
	columns_make(c, &cols);
	write_notes(c, w, cols.names, cols.lens, cols.types, cols.n);
	columns_free(&cols);
	return records_end(c, w);
}

/* The record formats write to standard output: --out-dir is not theirs. */
static int
records_ready(struct credit *c)
{
	if (c->o->out_dir)
		return rk_errf(&c->run.err, RK_EX_USAGE, "--out-dir is only for "
		    "-o ubl");
	return 0;
}

/*
 * The emitter of each -o format (indexed by enum rk_ofmt, rk/writer.h):
 * what it needs before any row is read, and the notes written.  A new
 * format is one more entry.
 */
static const struct {
	int (*ready)(struct credit *c);
	int (*write)(struct credit *c);
} emitters[] = {
	[RK_OUT_CSV] = { records_ready, emit_rows },
	[RK_OUT_JSONL] = { records_ready, emit_rows },
	[RK_OUT_JSON] = { records_ready, emit_notes },
	[RK_OUT_UBL] = { ubl_ready, ubl_write },
};

int
output_ready(struct credit *c)
{
	return emitters[c->o->out_fmt].ready(c);
}

int
output_write(struct credit *c)
{
	return emitters[c->o->out_fmt].write(c);
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
