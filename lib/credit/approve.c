/*
 * approve.c - manual approval of unannounced and held rows (--approve,
 * credit-emit(1)): a file of receipt_id and, optionally, seq.  A row
 * without seq approves every row of its receipt.
 */
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/aux.h"
#include "rk/util.h"

enum { AP_RECEIPT_ID, AP_SEQ, AP_NCOLS };

static const struct rk_colspec approve_cols[AP_NCOLS] = {
	{ "receipt_id", RK_K_ID, 1 },
	{ "seq", RK_K_INT, 0 },
};

static enum rk_code
approve_row(void *ctx, const struct rk_fv *v, uint32_t looked, char *msg,
    size_t cap)
{
	struct approvals *ap = ctx;
	char kbuf[128];

	(void)looked;
	(void)msg;
	(void)cap;
	ap->rows_read++;
	if (!v[AP_SEQ].present)
		rk_intern_add(&ap->whole, v[AP_RECEIPT_ID].p, v[AP_RECEIPT_ID].n);
	else
		rk_intern_add(&ap->rows, kbuf, key_text(kbuf, sizeof(kbuf),
		    v[AP_RECEIPT_ID].p, v[AP_RECEIPT_ID].n, v[AP_SEQ].i));
	return RK_OK;
}

int
approvals_load(struct credit *c)
{
	static const struct rk_schema schema = { approve_cols, AP_NCOLS, NULL,
		NULL, NULL };
	struct rk_reader_opts ro = rk_opts_aux_reader(c->o);
	struct rk_aux_count count = { 0, 0 };

	rk_intern_init(&c->ap.whole);
	rk_intern_init(&c->ap.rows);
	if (c->o->approve == NULL)
		return 0;
	return rk_aux_read(c->o->approve, &schema, &ro, rk_opts_dp(c->o),
	    c->run.rj, RK_SRC_APPROVE, NULL, approve_row, &c->ap, NULL, &count,
	    &c->run.err);
}

int
approved(const struct credit *c, const struct rk_fv *receipt,
    const struct rk_fv *seq)
{
	char kbuf[128];

	if (rk_intern_find(&c->ap.whole, receipt->p, receipt->n) != RK_NOID)
		return 1;
	return rk_intern_find(&c->ap.rows, kbuf, key_text(kbuf, sizeof(kbuf),
	    receipt->p, receipt->n, seq->i)) != RK_NOID;
}

void
approvals_release(struct approvals *ap)
{
	rk_intern_release(&ap->whole);
	rk_intern_release(&ap->rows);
}
