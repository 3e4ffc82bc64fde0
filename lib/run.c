/*
 * run.c - what every tool run does around its own work.  See rk/run.h.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "rk/run.h"

static const char *const report_option[RK_NREPORTS] = {
	"--rejects", "--expected", "--held", "--replacements"
};

/* Close a duplicate of fd: 0, or -1 with errno. */
static int
close_dup(int fd)
{
	int d = dup(fd);

	return d >= 0 ? close(d) : 0;
}

int
rk_run_begin(struct rk_run *run, const struct rk_opts *o,
    const char *state_option, const char *state,
    const struct rk_aux_file *aux, size_t naux)
{
	struct rk_rejects_opts rjo = { NULL, o->rejects, o->delim, o->crlf };
	uint64_t psize = 0;

	memset(run, 0, sizeof(*run));
	run->o = o;
	run->state_option = state_option;
	run->state = state;
	run->lk.fd = -1;
	run->rep_path[RK_REP_REJECTS] = o->rejects;
	run->rep_path[RK_REP_EXPECTED] = o->expected;
	run->rep_path[RK_REP_HELD] = o->held;
	run->rep_path[RK_REP_REPLACEMENTS] = o->replacements;
	rk_policy_init(&run->pol);
	if (o->policy && rk_policy_load(&run->pol, o->policy, &run->err))
		return -1;
	for (size_t i = 0; i < naux; i++)
		if (aux[i].path && access(aux[i].path, R_OK) != 0)
			return rk_errf(&run->err, RK_EX_NOINPUT, "%s '%s': cannot "
			    "open: %s", aux[i].option, aux[i].path, strerror(errno));
	for (int i = 0; i < RK_NREPORTS; i++)
		if (run->rep_path[i] && rk_outfile_open(&run->rep[i],
		    report_option[i], run->rep_path[i], &run->err))
			return -1;
	rjo.fp = run->rep[RK_REP_REJECTS].fp;
	run->rj = rk_rejects_open(&rjo);
	for (int i = 0; i < o->noperands; i++)
		psize += rk_file_size(o->operands[i]);
	if (o->noperands == 0)
		psize = rk_file_size("-");
	rk_progress_init(&run->pg, o->progress, psize,
	    psize + rk_file_size(o->orders));
	if (state && rk_state_lock(state_option, state, o->lock_timeout,
	    &run->lk, &run->err))
		return -1;
	rk_phase("start");
	return 0;
}

FILE *
rk_run_report(struct rk_run *run, enum rk_report which)
{
	return run->rep[which].fp;
}

int
rk_run_output(struct rk_run *run, struct rk_writer *w)
{
	rk_progress_end(&run->pg);
	if (w && rk_writer_end(w))
		return rk_errf(&run->err, RK_EX_IOERR, "write error on standard "
		    "output: %s", strerror(errno));
	/*
	 * Flush standard output now, checked, so that a write error is an
	 * error before any state file is committed; then close a duplicate
	 * of it: a file system that reports write errors only on close
	 * (NFS) does so at every close of a descriptor.
	 */
	if (fflush(stdout) != 0 || ferror(stdout) || close_dup(STDOUT_FILENO))
		return rk_errf(&run->err, RK_EX_IOERR, "write error on standard "
		    "output: %s", strerror(errno ? errno : EIO));
	rk_phase("output");
	if (rk_rejects_finish(run->rj, &run->err))
		return -1;
	for (int i = 0; i < RK_NREPORTS; i++)
		if (run->rep[i].fp && rk_outfile_close(&run->rep[i], &run->err))
			return -1;
	return 0;
}

int
rk_run_commits(const struct rk_run *run)
{
	return !run->o->dry_run;
}

void
rk_run_summary_end(const struct rk_run *run)
{
	if (!run->o->dry_run)
		return;
	if (run->state)
		rk_warnx("dry run: nothing committed; %s '%s' is as it was",
		    run->state_option, run->state);
	else
		rk_warnx("dry run: nothing committed");
}

int
rk_run_end(struct rk_run *run, int failed)
{
	int status;

	rk_progress_end(&run->pg);
	/* the reports go in place after the state commit, on success only */
	for (int i = 0; i < RK_NREPORTS && !failed; i++)
		if (run->rep[i].path && rk_outfile_publish(&run->rep[i],
		    &run->err))
			failed = 1;
	for (int i = 0; i < RK_NREPORTS; i++)
		rk_outfile_abort(&run->rep[i]);
	if (failed) {
		rk_report(&run->err);
		status = run->err.status;
	} else {
		status = run->rj && rk_rejects_count(run->rj) ? RK_EX_REJECTS :
		    RK_EX_OK;
	}
	rk_state_unlock(&run->lk);
	rk_policy_release(&run->pol);
	rk_rejects_free(run->rj);
	run->rj = NULL;
	return status;
}
