/*
 * ledger.c - the ledger (--ledger): every credit line and replacement
 * line credit-emit committed (credit-emit(1), THE LEDGER).  Its schema,
 * what a run needs of it (the keys already emitted, the highest credit
 * note number), and the commit of a run's new lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/seqfmt.h"
#include "rk/state.h"
#include "rk/util.h"

static int ledger_rule(const struct rk_fv *v, const char *where,
    unsigned long line, struct rk_err *err);

static const struct rk_colspec ledger_cols[LEDGER_NCOLS] = {
	{ "credit_note_id", RK_K_ID, 0 },
	{ "issue_date", RK_K_DATE, 0 },
	{ "retailer_id", RK_K_ID, 0 },
	{ "currency", RK_K_CUR, 0 },
	{ "invoice_id", RK_K_ID, 0 },
	{ "line_no", RK_K_INT, 0 },
	{ "receipt_id", RK_K_ID, 1 },
	{ "seq", RK_K_INT, 1 },
	{ "rma_id", RK_K_ID, 0 },
	{ "rma_line", RK_K_INT, 0 },
	{ "order_id", RK_K_ID, 0 },
	{ "invoice_line", RK_K_INT, 0 },
	{ "sku", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "unit_price", RK_K_MONEY, 0 },
	{ "gross_amount", RK_K_MONEY, 0 },
	{ "allowance_pct", RK_K_PCT, 0 },
	{ "allowance_amount", RK_K_MONEY, 0 },
	{ "net_amount", RK_K_MONEY, 0 },
	{ "tax_rate", RK_K_PCT, 0 },
	{ "reason", RK_K_ID, 0 },
	{ "condition", RK_K_ID, 0 },
	{ "note_net", RK_K_TOTAL, 0 },
	{ "note_tax", RK_K_TOTAL, 0 },
	{ "note_total", RK_K_TOTAL, 0 },
	{ "disposition", RK_K_ID, 1 },
};

const struct rk_schema ledger_schema = { ledger_cols, LEDGER_NCOLS, NULL,
	NULL, ledger_rule };

const char *const ledger_names[LEDGER_NCOLS] = {
	"credit_note_id", "issue_date", "retailer_id", "currency", "invoice_id",
	"line_no", "receipt_id", "seq", "rma_id", "rma_line", "order_id",
	"invoice_line", "sku", "qty", "unit_price", "gross_amount",
	"allowance_pct", "allowance_amount", "net_amount", "tax_rate",
	"reason", "condition", "note_net", "note_tax", "note_total",
	"disposition"
};

const enum rk_ctype ledger_types[LEDGER_NCOLS] = {
	RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_INT,
	RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_INT, RK_C_TEXT, RK_C_INT,
	RK_C_TEXT, RK_C_INT, RK_C_DEC, RK_C_DEC, RK_C_DEC, RK_C_DEC,
	RK_C_DEC, RK_C_DEC, RK_C_TEXT, RK_C_TEXT, RK_C_DEC, RK_C_DEC,
	RK_C_DEC, RK_C_TEXT
};

/* The columns a credited line must have, and a replaced one must not. */
static const int note_cols[] = {
	LG_CREDIT_NOTE_ID, LG_ISSUE_DATE, LG_LINE_NO, LG_GROSS,
	LG_ALLOWANCE_PCT, LG_ALLOWANCE, LG_NET, LG_NOTE_NET, LG_NOTE_TAX,
	LG_NOTE_TOTAL
};

/*
 * Beyond the syntax of its columns: a disposition credit-emit commits,
 * and for a credited line every column of its note (and its price, its
 * currency and its rate); a replaced line has none of them.
 */
static int
ledger_rule(const struct rk_fv *v, const char *where, unsigned long line,
    struct rk_err *err)
{
	const struct rk_fv *d = &v[LG_DISPOSITION];
	int credit = rk_streq(d->p, d->n, "credit");
	char shown[100];

	if (!credit && !rk_streq(d->p, d->n, "replace"))
		return rk_errf(err, RK_EX_CONFIG, "%s:%lu: disposition %s: the "
		    "ledger holds only credit and replace lines", where, line,
		    rk_show(shown, sizeof(shown), d->p, d->n));
	for (size_t i = 0; i < RK_ARRAY_LEN(note_cols); i++)
		if (v[note_cols[i]].present != credit)
			return rk_errf(err, RK_EX_CONFIG, "%s:%lu: a %s line %s column "
			    "'%s'", where, line, credit ? "credit" : "replace",
			    credit ? "lacks" : "must leave empty",
			    ledger_names[note_cols[i]]);
	if (credit && (!v[LG_UNIT_PRICE].present || !v[LG_CURRENCY].present ||
	    !v[LG_TAX_RATE].present || !v[LG_INVOICE_ID].present))
		return rk_errf(err, RK_EX_CONFIG, "%s:%lu: a credit line lacks its "
		    "invoice, price, currency or tax rate", where, line);
	return 0;
}

size_t
key_text(char *buf, size_t cap, const char *receipt, size_t n, int64_t seq)
{
	if (n + 24 > cap)
		n = cap - 24; /* ids are at most 64 bytes: never cut */
	memcpy(buf, receipt, n);
	buf[n] = '\0';
	return n + 1 + rk_utoa((uint64_t)seq, buf + n + 1);
}

static int
ledger_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *where, struct rk_err *err)
{
	struct credit *c = ctx;
	char kbuf[128];
	uint64_t seq;
	size_t kn;

	(void)row;
	(void)b;
	(void)where;
	(void)err;
	c->led.rows++;
	kn = key_text(kbuf, sizeof(kbuf), v[LG_RECEIPT_ID].p, v[LG_RECEIPT_ID].n,
	    v[LG_SEQ].i);
	rk_intern_add(&c->led.keys, kbuf, kn);
	if (v[LG_CREDIT_NOTE_ID].present &&
	    rk_seqfmt_match(c->run.pol.credit_note_format, v[LG_CREDIT_NOTE_ID].p,
	    v[LG_CREDIT_NOTE_ID].n, &seq) && seq > c->led.maxseq)
		c->led.maxseq = seq;
	return 0;
}

int
ledger_load(struct credit *c)
{
	rk_intern_init(&c->led.keys);
	rk_carried_init(&c->led.carry, ledger_names, LEDGER_NCOLS);
	return rk_state_load("--ledger", c->o->ledger, &ledger_schema,
	    &c->led.carry, ledger_row, c, &c->run.err);
}

int
ledger_has(const struct credit *c, const struct rk_fv *receipt,
    const struct rk_fv *seq)
{
	char kbuf[128];
	size_t kn = key_text(kbuf, sizeof(kbuf), receipt->p, receipt->n, seq->i);

	return rk_intern_find(&c->led.keys, kbuf, kn) != RK_NOID;
}

void
ledger_release(struct ledger_state *l)
{
	rk_intern_release(&l->keys);
	rk_carried_release(&l->carry);
}

struct emit {
	struct credit *c;
	uint32_t *map;     /* today's carried column -> the ledger's */
};

/* One line as the ledger holds it: the output columns, disposition, carried. */
static void
emit_line(struct emit *e, struct rk_writer *w, const struct kept *k,
    const struct note *n, size_t nledger, struct rk_val *cells,
    struct rk_val *raw, struct rk_val *car)
{
	struct credit *c = e->c;
	char buf[OUT_NCOLS][48];
	size_t ncar = rk_carried_count(&c->pr.carry);

	for (size_t i = 0; i < nledger; i++)
		rk_val_set(&cells[i], "", 0);
	line_values(c, k, n, cells, buf);
	rk_val_str(&cells[LG_DISPOSITION], n ? "credit" : "replace");
	carried_values(c, k, raw, car);
	for (size_t i = 0; i < ncar; i++)
		cells[LEDGER_NCOLS + e->map[i]] = car[i];
	rk_writer_row(w, cells);
}

static void
emit_ledger(void *ctx, struct rk_writer *w, const struct rk_carried *carry)
{
	struct emit *e = ctx;
	struct credit *c = e->c;
	size_t nledger = LEDGER_NCOLS + rk_carried_count(carry);
	struct rk_val *cells = rk_xcalloc(nledger + 1, sizeof(*cells));
	struct rk_val *raw = rk_xcalloc(c->pr.maxcols + 1, sizeof(*raw));
	struct rk_val *car = rk_xcalloc(rk_carried_count(&c->pr.carry) + 1,
	    sizeof(*car));

	/* credited lines in output order, then replacements in input order */
	for (size_t ni = 0; ni < c->nnotes; ni++)
		for (uint32_t i = 0; i < c->notes[ni].nlines; i++)
			emit_line(e, w, note_line(c, &c->notes[ni], i), &c->notes[ni],
			    nledger, cells, raw, car);
	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].fate == FATE_REPLACE)
			emit_line(e, w, &c->rows[i], NULL, nledger, cells, raw, car);
	free(cells);
	free(raw);
	free(car);
}

int
ledger_commit(struct credit *c)
{
	struct emit e = { c, NULL };
	int rc;

	if (c->o->ledger == NULL || (c->nnotes == 0 && c->nreplaced == 0))
		return 0; /* nothing new: the ledger stays as it is */
	e.map = rk_xcalloc(rk_carried_count(&c->pr.carry) + 1, sizeof(*e.map));
	rk_carried_merge(&c->pr.carry, &c->led.carry, e.map);
	rc = rk_state_commit("--ledger", c->o->ledger, &ledger_schema,
	    &c->led.carry, emit_ledger, &e, &c->run.err);
	free(e.map);
	return rc;
}
