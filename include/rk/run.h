/*
 * run.h - what every tool run does around its own work: load the policy,
 * check the auxiliary inputs can be read before any row is, create the
 * rejects file, set up --progress, lock its state file; then, once the
 * answer is written, flush it and write the rejects; and at the end turn
 * the outcome into the exit status (SPEC 2.5).
 *
 *	rk_run_begin(&run, o, o->registry, aux, naux)   on -1: rk_run_end(&run, 1)
 *	... read, decide, write the answer through w ...
 *	rk_run_output(&run, w)                         the answer and rejects
 *	... commit the state file ...
 *	return rk_run_end(&run, failed);
 */
#ifndef RK_RUN_H
#define RK_RUN_H

#include "rk/opts.h"
#include "rk/policy.h"
#include "rk/progress.h"
#include "rk/rejects.h"
#include "rk/state.h"
#include "rk/writer.h"

struct rk_run {
	const struct rk_opts *o;
	struct rk_policy pol;
	struct rk_rejects *rj;
	struct rk_progress pg;
	struct rk_lock lk;
	struct rk_err err;
};

/*
 * state: the state file to lock (NULL: none).  aux: input files that must
 * be readable (NULL entries are skipped).  0, or -1 with run->err.
 */
int rk_run_begin(struct rk_run *run, const struct rk_opts *o,
    const char *state, const char *const *aux, size_t naux);
/* Flush the answer on standard output, then write the rejects file. */
int rk_run_output(struct rk_run *run, struct rk_writer *w);
/*
 * The exit status: on failure run->err's status (and its message is
 * printed); else 1 when rows were rejected, else 0.  Releases the lock,
 * the policy and the rejects (a rejects file never finished is removed).
 */
int rk_run_end(struct rk_run *run, int failed);

#endif
