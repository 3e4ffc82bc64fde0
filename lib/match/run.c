/*
 * run.c - rk_match_run: return-match's order of work (return-match(1),
 * DESCRIPTION), and why:
 *  1. the receipts: parcels are groups of rows anywhere in the input, and
 *     their skus say which order lines matter;
 *  2. the registry (read only: return-register replaces it atomically),
 *     then the journal under its lock: what each receipt already got, what
 *     each registered line already received, what order lines gave
 *     outside any RMA, and what earlier runs knew of each box;
 *  3. the retailers (countries, for sender inference) and the order
 *     lines of the receipts' skus;
 *  4. each parcel's sender, then allocation: parcels with a sender or a
 *     conflict first, in order of first appearance, then the others, each
 *     inferred against what is left;
 *  5. output, --expected, rejects, then the journal commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/match.h"
#include "rk/progress.h"
#include "rk/statefiles.h"
#include "rk/util.h"

#include "match.h"

static void
match_init(struct match_run *m, const struct rk_opts *o)
{
	memset(m, 0, sizeof(*m));
	m->o = o;
	rk_orders_init(&m->orders);
	rk_retailers_init(&m->retailers);
	match_receipts_init(m);
	rk_intern_init(&m->reg.rma_ids);
	rk_rowstore_init(&m->reg.texts);
	rk_carried_init(&m->journal_carry, rk_journal_names, JN_NCOLS);
}

static void
match_release(struct match_run *m)
{
	struct match_receipts *rcpt = &m->rcpt;

	rk_orders_release(&m->orders);
	rk_retailers_release(&m->retailers);
	rk_primary_release(&rcpt->input);
	for (size_t p = 0; p < rcpt->nparcels; p++) {
		free(rcpt->parcels[p].rmas);
		free(rcpt->parcels[p].jretailers);
		free(rcpt->parcels[p].ambiguous);
	}
	free(rcpt->parcels);
	free(rcpt->rows);
	rk_intern_release(&rcpt->ids);
	rk_intern_release(&rcpt->parcel_ids);
	rk_intern_release(&rcpt->order_ids);
	rk_intern_release(&rcpt->countries);
	free(m->reg.lines);
	rk_rowstore_release(&m->reg.texts);
	rk_intern_release(&m->reg.rma_ids);
	free(m->reg.rma_retailer);
	match_csr_free(&m->reg.by_rma);
	match_csr_free(&m->reg.by_sku);
	rk_consumed_release(&m->olines.taken);
	rk_keytab_release(&m->olines.wanted_skus);
	match_csr_free(&m->olines.by_sku);
	rk_carried_release(&m->journal_carry);
	free(m->answers);
}

/* Everything up to the answers; 0, or -1 with m->run.err. */
static int
read_and_match(struct match_run *m)
{
	const struct rk_opts *o = m->o;
	const struct rk_aux_file aux[] = {
		{ "--orders", o->orders }, { "--retailers", o->retailers }
	};
	const char *dr;

	if (rk_run_begin(&m->run, o, "--journal", o->journal, aux, 2))
		return -1;
	dr = m->run.pol.default_reason;
	m->window = rk_policy_window(&m->run.pol, dr, dr ? strlen(dr) : 0);
	if (match_read_receipts(m))
		return -1;
	rk_phase("receipts");
	if (match_read_state(m) || match_read_orders(m))
		return -1;
	match_index_orders(m);
	rk_phase("index");
	match_decide_senders(m);
	match_allocate(m);
	rk_phase("allocate");
	return 0;
}

int
rk_match_run(const struct rk_opts *o)
{
	struct match_run m;
	struct rk_writer_opts wo = rk_opts_writer(o);
	struct rk_writer *w = NULL;
	int failed = 1;

	match_init(&m, o);
	if (read_and_match(&m))
		goto out;
	w = rk_output_open(stdout, &wo, rk_journal_names, rk_journal_types,
	    JN_NCOLS, &m.rcpt.input.carry);
	match_write_answers(&m, w, JN_NCOLS +
	    rk_carried_count(&m.rcpt.input.carry), NULL);
	if (match_write_expected(&m) || rk_run_output(&m.run, w))
		goto out;
	if (rk_run_commits(&m.run) && match_commit_journal(&m))
		goto out;
	rk_phase("commit");
	if (o->summary)
		match_summary(&m);
	failed = 0;
out:
	rk_writer_free(w);
	match_release(&m);
	return rk_run_end(&m.run, failed);
}
