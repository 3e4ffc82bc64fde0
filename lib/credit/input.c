/*
 * input.c - the rows of return-match's output, one at a time
 * (credit-emit(1), INPUT): checked against the return-match columns
 * (receipt_id, seq, sku, qty and status required), their reason and
 * condition against the policy, keyed by (receipt_id, seq); a row the
 * ledger already holds is skipped; the others are triaged, and a credited
 * row is priced.  A row is reported once: its first failing column, then
 * duplicate_key, then missing_value of a credited row, then
 * amount_overflow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/rejects.h"
#include "rk/util.h"

static const char *const required[] = {
	"receipt_id", "seq", "sku", "qty", "status"
};

/* Reason and condition codes against the policy, in column order. */
static enum rk_code
code_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg, size_t cap)
{
	struct credit *c = ctx;

	if (col == JN_REASON)
		return (enum rk_code)rk_policy_check_reason(&c->run.pol, v, msg,
		    cap);
	if (col == JN_CONDITION)
		return (enum rk_code)rk_policy_check_condition(&c->run.pol, v,
		    msg, cap);
	return RK_OK;
}

/*
 * A (receipt_id, seq) a valid row of today's input already has:
 * duplicate_key.  Only valid rows claim a key (claim_key, once the row
 * passed every check).
 */
static enum rk_code
key_taken(struct credit *c, const struct rk_fv *v, char *msg, size_t cap)
{
	char kbuf[128], shown[100];

	if (rk_intern_find(&c->keys, kbuf, key_text(kbuf, sizeof(kbuf),
	    v[JN_RECEIPT_ID].p, v[JN_RECEIPT_ID].n, v[JN_SEQ].i)) == RK_NOID)
		return RK_OK;
	snprintf(msg, cap, "receipt %s has seq %lld twice; the first one is used",
	    rk_show(shown, sizeof(shown), v[JN_RECEIPT_ID].p, v[JN_RECEIPT_ID].n),
	    (long long)v[JN_SEQ].i);
	return RK_DUPLICATE_KEY;
}

static void
claim_key(struct credit *c, const struct rk_fv *v)
{
	char kbuf[128];

	rk_intern_add(&c->keys, kbuf, key_text(kbuf, sizeof(kbuf),
	    v[JN_RECEIPT_ID].p, v[JN_RECEIPT_ID].n, v[JN_SEQ].i));
}

/* The row's return-match columns as written out: normalized values. */
static uint64_t
keep_cells(struct credit *c, const struct rk_fv *v, const struct rk_settings *s)
{
	struct rk_val cells[CELLS_N];
	char buf[JN_NCOLS][48];

	for (size_t i = 0; i < JN_NCOLS; i++) {
		enum rk_kind kind = c->cols[i].kind;

		if (v[i].present && (kind == RK_K_MONEY || kind == RK_K_PCT))
			rk_val_set(&cells[i], buf[i], rk_dec_format(&v[i].d, '.',
			    buf[i]));
		else
			rk_fv_cell(&v[i], kind, buf[i], &cells[i]);
	}
	rk_val_str(&cells[CELL_REASON], s->reason ? s->reason : "");
	rk_val_str(&cells[CELL_CONDITION], s->condition ? s->condition : "");
	return rk_rowstore_add(&c->cellstore, cells, CELLS_N);
}

/* The note key of a credited row: retailer, currency, group. */
static uint32_t
group_of(struct credit *c, const struct rk_fv *v)
{
	char key[3 * 66];
	const struct rk_fv *g = NULL;
	size_t n = 0;

	if (c->run.pol.group_by == RK_GROUP_INVOICE)
		g = &v[JN_INVOICE_ID];
	else if (c->run.pol.group_by == RK_GROUP_RMA)
		g = &v[JN_RMA_ID];
	memcpy(key + n, v[JN_RETAILER_ID].p, v[JN_RETAILER_ID].n);
	n += v[JN_RETAILER_ID].n;
	key[n++] = '\0';
	memcpy(key + n, v[JN_CURRENCY].p, v[JN_CURRENCY].n);
	n += v[JN_CURRENCY].n;
	key[n++] = '\0';
	if (g && g->present) {
		memcpy(key + n, g->p, g->n);
		n += g->n;
	}
	return rk_intern_add(&c->groups, key, n);
}

/* Whether the row has a carried column: if not, its raw row is not kept. */
static int
has_carried(const struct rk_binding *b, const struct rk_row *row)
{
	for (size_t id = 0; id < row->nvals && id < b->nbound; id++)
		if (b->carried[id] >= 0 && row->v[id].t != RK_V_ABSENT)
			return 1;
	return 0;
}

static void
take_row(void *ctx, struct rk_primary *pr, uint32_t op, struct rk_reader *r,
    const struct rk_row *row, enum rk_code code, struct rk_fv *v, char *msg,
    size_t cap)
{
	struct credit *c = ctx;
	struct rk_settings s;
	struct triage t;
	struct kept k;

	if (code == RK_OK)
		code = key_taken(c, v, msg, cap);
	if (code == RK_OK && ledger_has(c, &v[JN_RECEIPT_ID], &v[JN_SEQ])) {
		claim_key(c, v);
		c->skipped++; /* credited or replaced on an earlier night */
		return;
	}
	memset(&k, 0, sizeof(k));
	if (code == RK_OK) {
		rk_policy_settings(&c->run.pol, v[JN_REASON].p, v[JN_REASON].n,
		    v[JN_CONDITION].p, v[JN_CONDITION].n, &s);
		triage_row(c, v, &s, &t);
		k.fate = (uint8_t)t.fate;
		if (t.fate == FATE_CREDIT)
			code = (enum rk_code)line_amounts(v, &s, &k, msg, cap);
	}
	if (code != RK_OK) {
		rk_rejects_add(c->run.rj, RK_SRC_PRIMARY, pr->nrows, r, row, code,
		    msg);
		return;
	}
	claim_key(c, v);
	k.raw = has_carried(&pr->ops[op].b, row) ? rk_primary_keep(pr, row) :
	    NO_RAW;
	k.cells = keep_cells(c, v, &s);
	k.ord = pr->nrows;
	k.line = row->line;
	k.op = op;
	if (t.fate == FATE_CREDIT)
		k.note = group_of(c, v);
	else if (t.fate == FATE_HELD)
		k.note = rk_intern_add(&c->holds, t.why, strlen(t.why));
	c->nheld += t.fate == FATE_HELD;
	c->nreplaced += t.fate == FATE_REPLACE;
	RK_GROW(c->rows, c->nrows, c->rowcap);
	c->rows[c->nrows++] = k;
}

int
input_read(struct credit *c)
{
	uint64_t size = 0;

	for (size_t i = 0; i < JN_NCOLS; i++) {
		c->cols[i] = rk_journal_schema.cols[i];
		c->cols[i].required = 0;
		for (size_t k = 0; k < RK_ARRAY_LEN(required); k++)
			if (strcmp(c->cols[i].name, required[k]) == 0)
				c->cols[i].required = 1;
	}
	for (int i = 0; i < c->o->noperands; i++)
		size += rk_file_size(c->o->operands[i]);
	if (c->o->noperands == 0)
		size = rk_file_size("-");
	/* about 150 bytes a row: room for the keys and rows without growing */
	rk_intern_reserve(&c->keys, (size_t)(size / 150));
	RK_GROW_TO(c->rows, (size_t)(size / 150), c->rowcap, 0);
	c->pr.schema.hook = code_hook;
	c->pr.schema.hook_ctx = c;
	return rk_primary_read(&c->pr, c->o, c->run.rj, &c->run.pg, take_row, c,
	    &c->run.err);
}
