/*
 * csvcheck.c - the rows of a batch of CSV records checked in the thread
 * that parsed them (a worker of the parallel reader, or the producer of
 * the one-thread reader: csvread.h), and served in file order from
 * there by the thread that takes them.  The check must only read what
 * its context holds while the rows are read (rk/reader.h), unless it
 * runs in order (rk_reader_check_in_order: one thread, file order).
 */
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"

#include "csvread.h"

/* Room for what the batch's records need. */
static void
make_room(const struct rk_csv_checker *k, const struct rk_csv_batch *b,
    struct rk_csv_checks *cs)
{
	size_t nvals = 0;

	for (size_t i = 0; i < b->nrec; i++)
		nvals += k->ncols + rk_csv_nextra(&b->rec[i], k->ncols);
	RK_GROW_TO(cs->vals, nvals, cs->valcap, 0);
	RK_GROW_TO(cs->chk, b->nrec, cs->chkcap, 0);
	RK_GROW_TO(cs->out, b->nrec * k->outsize, cs->outcap, 0);
	cs->mlen = 0;
}

void
rk_csv_check_batch(const struct rk_csv_checker *k, struct rk_csv_batch *b)
{
	struct rk_csv_checks *cs = &b->checks;
	char msg[RK_CHECK_MSG_MAX];
	size_t nvals = 0;

	make_room(k, b, cs);
	for (size_t i = 0; i < b->nrec; i++) {
		const struct rk_csv_record *rc = &b->rec[i];
		struct rk_csv_checked *c = &cs->chk[i];
		struct rk_row row;

		rk_csv_row(b, rc, k->ncols, cs->vals + nvals, &row);
		row.clean = rk_csv_clean(b, rc);
		c->val = nvals;
		c->clean = row.clean;
		nvals += k->ncols + row.nextra;
		c->code = k->check(k->ctx, &row, cs->out + i * k->outsize, msg,
		    sizeof(msg));
		if (k->late && i > 0 && cs->chk[i - 1].code == RK_OK)
			k->late(k->ctx, cs->out + (i - 1) * k->outsize);
		if (c->code != RK_OK) {
			size_t n = strlen(msg) + 1;

			RK_GROW_TO(cs->msgs, cs->mlen + n, cs->mcap, 0);
			memcpy(cs->msgs + cs->mlen, msg, n);
			c->msg = cs->mlen;
			cs->mlen += n;
		}
	}
	if (k->late && b->nrec > 0 && cs->chk[b->nrec - 1].code == RK_OK)
		k->late(k->ctx, cs->out + (b->nrec - 1) * k->outsize);
}

void
rk_csv_serve(const struct rk_csv_checker *k, const struct rk_csv_batch *b,
    size_t i, struct rk_row *row, struct rk_row_verdict *verdict)
{
	const struct rk_csv_checks *cs = &b->checks;
	const struct rk_csv_record *rc = &b->rec[i];
	const struct rk_csv_checked *c = &cs->chk[i];

	row->line = rc->line;
	row->nvals = k->ncols;
	row->v = cs->vals + c->val;
	row->nfields = rc->nf;
	row->nextra = rk_csv_nextra(rc, k->ncols);
	row->extra = row->v + k->ncols;
	row->clean = c->clean;
	if (verdict) {
		verdict->code = c->code;
		verdict->msg = c->code == RK_OK ? "" : cs->msgs + c->msg;
		verdict->out = cs->out + i * k->outsize;
	}
}

void
rk_csv_checks_release(struct rk_csv_checks *cs)
{
	free(cs->vals);
	free(cs->chk);
	free(cs->out);
	free(cs->msgs);
	memset(cs, 0, sizeof(*cs));
}
