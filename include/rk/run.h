/*
 * run.h - what every tool run does around its own work: refuse files
 * that cannot be read or written, load the policy, create the reports
 * under temporary names, set up --progress, lock its state file; then,
 * once the answer is written, flush it and complete the reports; after
 * the state commit put the reports in place; and at the end turn the
 * outcome into the exit status (returns-formats(5), EXIT STATUS).
 *
 *	rk_run_begin(&run, o, o->registry, aux, naux)   on -1: rk_run_end(&run, 1)
 *	... read, decide, write the answer through w, and any report
 *	    through rk_run_report(&run, RK_REP_EXPECTED) ...
 *	rk_run_output(&run, w)                         the answer and reports
 *	if (rk_run_commits(&run)) ... commit the state file ...
 *	return rk_run_end(&run, failed);               reports put in place
 *
 * Reports are complete or absent: each is written under a temporary name
 * in its directory and renamed into place by rk_run_end only when the run
 * succeeds (exit 0 or 1), after the state commit.  On any other exit the
 * file of that name is left as it was and no temporary file remains.
 */
#ifndef RK_RUN_H
#define RK_RUN_H

#include "rk/opts.h"
#include "rk/outfile.h"
#include "rk/policy.h"
#include "rk/progress.h"
#include "rk/rejects.h"
#include "rk/state.h"
#include "rk/writer.h"

/* The reports a run may write by option. */
enum rk_report {
	RK_REP_REJECTS, RK_REP_EXPECTED, RK_REP_HELD, RK_REP_REPLACEMENTS,
	RK_NREPORTS
};

/* An auxiliary input that must be readable: its option and path. */
struct rk_aux_file {
	const char *option;
	const char *path;   /* NULL: not given */
};

struct rk_run {
	const struct rk_opts *o;
	const char *state_option;         /* "--registry", or NULL */
	const char *state;                /* its path */
	struct rk_policy pol;
	struct rk_rejects *rj;
	struct rk_outfile rep[RK_NREPORTS];
	const char *rep_path[RK_NREPORTS];
	struct rk_progress pg;
	struct rk_lock lk;
	struct rk_err err;
};

/*
 * state_option, state: the state file to lock (NULL: none).  aux: input
 * files that must be readable.  0, or -1 with run->err.
 */
int rk_run_begin(struct rk_run *run, const struct rk_opts *o,
    const char *state_option, const char *state,
    const struct rk_aux_file *aux, size_t naux);
/* The open report (NULL when its option was not given). */
FILE *rk_run_report(struct rk_run *run, enum rk_report which);
/* Flush the answer on standard output (written through w, or, w NULL,
 * by the tool itself), write the rejects, complete every report (flushed
 * and synced, still under its temporary name). */
int rk_run_output(struct rk_run *run, struct rk_writer *w);
/* Whether the state file is to be written: not under --dry-run. */
int rk_run_commits(const struct rk_run *run);
/* The last --summary line under --dry-run (nothing otherwise). */
void rk_run_summary_end(const struct rk_run *run);
/*
 * The exit status: on failure run->err's status (and its message is
 * printed), and every report is removed; else the reports are put in
 * place and the status is 1 when rows were rejected, else 0.  Releases
 * the lock, the policy and the rejects.
 */
int rk_run_end(struct rk_run *run, int failed);

#endif
