/*
 * run.c - rk_register_run, the order of work of return-register(1): the
 * request lines first, as they say which order lines matter; then the
 * registry and the journal; then the order lines; allocation and RMA
 * numbers; and only after the whole input was read the answer, the
 * rejects and, last, the registry commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/progress.h"
#include "rk/register.h"
#include "rk/statefiles.h"

#include "register.h"

static void
regrun_init(struct regrun *g, const struct rk_opts *o)
{
	memset(g, 0, sizeof(*g));
	g->o = o;
	rk_orders_init(&g->orders);
	g->orders.no_ids = 1; /* lines are found by pair */
	rk_carried_init(&g->reg.carry, rk_registry_names, RG_NCOLS);
	rk_rowstore_init(&g->reg.dup_cells);
	rk_intern_init(&g->rq.keys);
	rk_intern_init(&g->want.triples);
	rk_intern_init(&g->want.ref_orders);
	rk_intern_init(&g->reg.rmas);
	rk_u64map_init(&g->rq.by_line);
	g->rq.lastkeyid = RK_NOID;
	rk_keytab_init(&g->want.pair_keys);
	g->last.invoice = RK_NOID;
}

static void
regrun_release(struct regrun *g)
{
	rk_orders_release(&g->orders);
	rk_primary_release(&g->rq.input);
	free(g->rq.lines);
	rk_intern_release(&g->rq.keys);
	free(g->rq.keybuf);
	free(g->rq.key_rows);
	free(g->rq.key_operand);
	free(g->rq.key_max);
	free(g->rq.claims);
	free(g->rq.lastkey);
	rk_u64map_release(&g->rq.by_line);
	rk_keytab_release(&g->want.pair_keys);
	free(g->want.pairs);
	free(g->want.line_pair);
	free(g->want.run_lines);
	rk_intern_release(&g->want.ref_orders);
	rk_intern_release(&g->want.triples);
	free(g->want.triple_found);
	free(g->want.invoice_named);
	rk_carried_release(&g->reg.carry);
	rk_intern_release(&g->reg.rmas);
	free(g->reg.key_rma);
	free(g->reg.key_last_line);
	rk_rowstore_release(&g->reg.dup_cells);
	free(g->reg.dups);
	rk_consumed_release(&g->reg.consumed);
	free(g->alloc.rows);
}

/* Read every input, then decide; 0, or -1 with g->run.err. */
static int
read_and_decide(struct regrun *g)
{
	const struct rk_opts *o = g->o;
	struct rk_reader_opts ro = rk_opts_aux_reader(o);
	const struct rk_aux_look look = { reg_order_look, g, reg_order_ahead };

	if (reg_read_requests(g))
		return -1;
	rk_phase("requests");
	if (reg_read_state(g))
		return -1;
	rk_phase("state");
	if (rk_orders_load(&g->orders, o->orders, &ro, rk_opts_dp(o), g->run.rj,
	    &g->run.pg, reg_order_visit, g, &look, &g->run.err))
		return -1;
	if (rk_orders_require(&g->orders, o->orders, g->rq.input.nrows,
	    "request", &g->run.err))
		return -1;
	reg_pair_runs(g);
	rk_phase("orders");
	reg_allocate(g);
	if (reg_number_rmas(g))
		return -1;
	rk_phase("allocate");
	return 0;
}

int
rk_register_run(const struct rk_opts *o)
{
	struct regrun g;
	struct rk_writer_opts wo = rk_opts_writer(o);
	const struct rk_aux_file aux[] = { { "--orders", o->orders } };
	struct rk_writer *w = NULL;
	int failed = 1;

	regrun_init(&g, o);
	if (rk_run_begin(&g.run, o, "--registry", o->registry, aux, 1))
		goto out;
	if (read_and_decide(&g))
		goto out;
	w = rk_output_open(stdout, &wo, rk_registry_names, rk_registry_types,
	    RG_NCOLS, &g.rq.input.carry);
	reg_write_answer(&g, w);
	if (rk_run_output(&g.run, w))
		goto out;
	if (rk_run_commits(&g.run) && reg_commit_registry(&g))
		goto out;
	rk_phase("commit");
	if (o->summary)
		reg_summary(&g);
	failed = 0;
out:
	rk_writer_free(w);
	regrun_release(&g);
	return rk_run_end(&g.run, failed);
}
