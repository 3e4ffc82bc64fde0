/*
 * run.c - rk_credit_run: the order of a credit-emit run (credit-emit(1)).
 *
 *  1. the policy, the reports and the lock (rk_run_begin); what the
 *     format of -o needs (output_ready);
 *  2. --approve, --retailers, then the ledger: what is approved, who
 *     the buyers are, what was emitted;
 *  3. every input row: checked, triaged, priced (input.c);
 *  4. the notes: grouped, taxed, numbered (notes.c);
 *  5. --held and --replacements, then the notes on standard output (or,
 *     -o ubl, in --out-dir), flushed with the rejects; then the ledger,
 *     unless --dry-run.
 *
 * With --replay only --retailers and the ledger are read and the named
 * notes written.
 */
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/credit.h"

static void
credit_release(struct credit *c)
{
	approvals_release(&c->ap);
	ledger_release(&c->led);
	rk_primary_release(&c->pr);
	rk_retailers_release(&c->retailers);
	rk_intern_release(&c->retailer_ids);
	rk_intern_release(&c->keys);
	rk_intern_release(&c->groups);
	rk_intern_release(&c->holds);
	rk_rowstore_release(&c->cellstore);
	rk_rowstore_release(&c->carried);
	free(c->rows);
	free(c->lines);
	free(c->notes);
	free(c->vats);
}

/* The columns of the output, never carried from the input. */
static const char *const reserved[] = {
	"credit_note_id", "issue_date", "retailer_id", "currency", "invoice_id",
	"line_no", "receipt_id", "seq", "rma_id", "rma_line", "order_id",
	"invoice_line", "sku", "qty", "unit_price", "gross_amount",
	"allowance_pct", "allowance_amount", "net_amount", "tax_rate",
	"reason", "condition", "note_net", "note_tax", "note_total",
	"disposition", "hold_reason"
};

/* --retailers: read and checked; the buyers of UBL credit notes. */
static int
retailers_load(struct credit *c)
{
	struct rk_reader_opts ro = rk_opts_aux_reader(c->o);

	return rk_retailers_load(&c->retailers, &c->retailer_ids,
	    c->o->retailers, &ro, c->run.rj, &c->run.err);
}

static int
credit_nightly(struct credit *c)
{
	if (approvals_load(c) || retailers_load(c) || ledger_load(c) ||
	    input_read(c))
		return -1;
	rk_phase("input");
	notes_build(c);
	rk_phase("notes");
	if (reports_write(c) || output_write(c))
		return -1;
	if (rk_run_commits(&c->run) && ledger_commit(c))
		return -1;
	rk_phase("commit");
	if (c->o->summary)
		credit_summary(c);
	return 0;
}

int
rk_credit_run(const struct rk_opts *o)
{
	struct credit c;
	const struct rk_aux_file aux[] = {
		{ "--approve", o->approve }, { "--retailers", o->retailers }
	};
	int failed = 1;

	if (o->replay && (o->ledger == NULL || o->noperands == 0)) {
		rk_warnx("--replay needs --ledger FILE and the ids of the notes");
		return RK_EX_USAGE;
	}
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.carry = &c.pr.carry;
	rk_retailers_init(&c.retailers);
	rk_intern_init(&c.retailer_ids);
	rk_intern_init(&c.keys);
	rk_intern_init(&c.groups);
	rk_intern_init(&c.holds);
	rk_rowstore_init(&c.cellstore);
	rk_rowstore_init(&c.carried);
	rk_primary_init(&c.pr, c.cols, JN_NCOLS, NULL, &c, reserved,
	    RK_ARRAY_LEN(reserved));
	if (o->replay) {
		if (rk_run_begin(&c.run, o, NULL, NULL, aux, 0) == 0 &&
		    output_ready(&c) == 0)
			failed = retailers_load(&c) || replay_run(&c);
	} else if (rk_run_begin(&c.run, o, "--ledger", o->ledger, aux, 2) == 0 &&
	    output_ready(&c) == 0) {
		failed = credit_nightly(&c) != 0;
	}
	credit_release(&c);
	return rk_run_end(&c.run, failed);
}
