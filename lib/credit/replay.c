/*
 * replay.c - --replay: credit notes re-emitted from the ledger, in any
 * output format, the ledger unchanged (credit-emit(1), REPLAY).  The
 * operands are the credit note ids, emitted in the order named; the
 * lines are the ledger's, as committed, with its carried columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/state.h"
#include "rk/util.h"

/* Ledger columns read back into the cells of a row: (cell, column). */
static const int to_cell[][2] = {
	{ JN_RETAILER_ID, LG_RETAILER_ID }, { JN_CURRENCY, LG_CURRENCY },
	{ JN_INVOICE_ID, LG_INVOICE_ID }, { JN_RECEIPT_ID, LG_RECEIPT_ID },
	{ JN_SEQ, LG_SEQ }, { JN_RMA_ID, LG_RMA_ID },
	{ JN_RMA_LINE, LG_RMA_LINE }, { JN_ORDER_ID, LG_ORDER_ID },
	{ JN_INVOICE_LINE, LG_INVOICE_LINE }, { JN_SKU, LG_SKU },
	{ JN_QTY, LG_QTY }, { JN_UNIT_PRICE, LG_UNIT_PRICE },
	{ JN_TAX_RATE, LG_TAX_RATE }, { CELL_REASON, LG_REASON },
	{ CELL_CONDITION, LG_CONDITION },
};

struct replay {
	struct credit *c;
	struct rk_intern ids;     /* the notes named, in the order named */
};

/* An amount of the ledger in minor units of the line's currency. */
static int64_t
minor_units(const struct rk_fv *v, int cur)
{
	int64_t scale = 1;

	for (int i = rk_currency_minor(cur); i < 6; i++)
		scale *= 10;
	return v->d.v / scale;
}

/* The cells of a ledger line, as input.c keeps a row's. */
static uint64_t
keep_cells(struct credit *c, const struct rk_fv *v)
{
	struct rk_val cells[CELLS_N];
	char buf[CELLS_N][48];

	for (size_t i = 0; i < CELLS_N; i++)
		rk_val_set(&cells[i], "", 0);
	for (size_t i = 0; i < RK_ARRAY_LEN(to_cell); i++) {
		int lg = to_cell[i][1], cell = to_cell[i][0];
		enum rk_kind kind = ledger_schema.cols[lg].kind;

		if (v[lg].present && (kind == RK_K_MONEY || kind == RK_K_PCT))
			rk_val_set(&cells[cell], buf[cell], rk_dec_format(&v[lg].d,
			    '.', buf[cell]));
		else
			rk_fv_cell(&v[lg], kind, buf[cell], &cells[cell]);
	}
	return rk_rowstore_add(&c->cellstore, cells, CELLS_N);
}

/* The carried values of a ledger row, in the ledger's carried order. */
static uint64_t
keep_carried(struct credit *c, const struct rk_row *row,
    const struct rk_binding *b)
{
	size_t n = rk_carried_count(c->carry);
	struct rk_val *out = rk_xcalloc(n + 1, sizeof(*out));
	uint64_t off;

	for (size_t i = 0; i < n; i++)
		rk_val_set(&out[i], "", 0);
	for (size_t id = 0; id < row->nvals && id < b->nbound; id++)
		if (b->carried[id] >= 0 && (size_t)b->carried[id] < n)
			out[b->carried[id]] = row->v[id];
	off = rk_rowstore_add(&c->carried, out, n);
	free(out);
	return off;
}

static int
replay_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *where, struct rk_err *err)
{
	struct replay *rp = ctx;
	struct credit *c = rp->c;
	uint32_t note;
	struct kept k;
	struct note *n;

	(void)where;
	(void)err;
	if (!v[LG_CREDIT_NOTE_ID].present)
		return 0; /* a replacement line */
	note = rk_intern_find(&rp->ids, v[LG_CREDIT_NOTE_ID].p,
	    v[LG_CREDIT_NOTE_ID].n);
	if (note == RK_NOID)
		return 0;
	memset(&k, 0, sizeof(k));
	k.fate = FATE_CREDIT;
	k.note = note;
	k.cur = (uint8_t)v[LG_CURRENCY].cur;
	k.gross = minor_units(&v[LG_GROSS], k.cur);
	k.allowance = minor_units(&v[LG_ALLOWANCE], k.cur);
	k.net = minor_units(&v[LG_NET], k.cur);
	k.allowance_pct = v[LG_ALLOWANCE_PCT].d.v;
	k.tax_rate = v[LG_TAX_RATE].d;
	k.line = row->line;
	k.cells = keep_cells(c, v);
	k.raw = keep_carried(c, row, b);
	n = &c->notes[note];
	if (n->id[0] == '\0') {
		snprintf(n->id, sizeof(n->id), "%.*s", (int)v[LG_CREDIT_NOTE_ID].n,
		    v[LG_CREDIT_NOTE_ID].p);
		n->issue = v[LG_ISSUE_DATE].date;
	}
	RK_GROW(c->rows, c->nrows, c->rowcap);
	c->rows[c->nrows++] = k;
	return 0;
}

int
replay_run(struct credit *c)
{
	struct replay rp = { c, { 0 } };
	int rc = -1;

	c->replaying = 1;
	c->carry = &c->led.carry;
	rk_intern_init(&rp.ids);
	for (int i = 0; i < c->o->noperands; i++)
		rk_intern_add(&rp.ids, c->o->operands[i], strlen(c->o->operands[i]));
	c->nnotes = rp.ids.count;
	c->notes = rk_xcalloc(c->nnotes + 1, sizeof(*c->notes));
	rk_carried_init(&c->led.carry, ledger_names, LEDGER_NCOLS);
	if (rk_state_load("--ledger", c->o->ledger, &ledger_schema,
	    &c->led.carry, replay_row, &rp, &c->run.err))
		goto out;
	for (size_t i = 0; i < c->nnotes; i++)
		if (c->notes[i].id[0] == '\0') {
			size_t n;
			const char *id = rk_intern_str(&rp.ids, (uint32_t)i, &n);
			char shown[100];

			rk_errf(&c->run.err, RK_EX_USAGE, "--replay: --ledger '%s' "
			    "holds no credit note %s", c->o->ledger,
			    rk_show(shown, sizeof(shown), id, n));
			goto out;
		}
	notes_total(c);
	for (size_t i = 0; i < c->nnotes; i++)
		note_texts(&c->notes[i], rk_currency_minor(note_line(c,
		    &c->notes[i], 0)->cur));
	rc = output_write(c);
out:
	rk_intern_release(&rp.ids);
	return rc;
}
