#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "rk/run.h"

int
rk_run_begin(struct rk_run *run, const struct rk_opts *o, const char *state,
    const char *const *aux, size_t naux)
{
	struct rk_rejects_opts rjo = { o->rejects, o->delim, o->crlf };
	uint64_t psize = 0;

	memset(run, 0, sizeof(*run));
	run->o = o;
	run->lk.fd = -1;
	rk_policy_init(&run->pol);
	if (o->policy && rk_policy_load(&run->pol, o->policy, &run->err))
		return -1;
	for (size_t i = 0; i < naux; i++)
		if (aux[i] && access(aux[i], R_OK) != 0)
			return rk_errf(&run->err, RK_EX_NOINPUT, "cannot open '%s': %s",
			    aux[i], strerror(errno));
	run->rj = rk_rejects_open(&rjo, &run->err);
	if (run->rj == NULL)
		return -1;
	for (int i = 0; i < o->noperands; i++)
		psize += rk_file_size(o->operands[i]);
	if (o->noperands == 0)
		psize = rk_file_size("-");
	rk_progress_init(&run->pg, o->progress, psize,
	    psize + rk_file_size(o->orders));
	if (state && rk_state_lock(state, o->lock_timeout, &run->lk, &run->err))
		return -1;
	rk_phase("start");
	return 0;
}

int
rk_run_output(struct rk_run *run, struct rk_writer *w)
{
	rk_progress_end(&run->pg);
	if (rk_writer_end(w))
		return rk_errf(&run->err, RK_EX_IOERR, "write error on standard "
		    "output: %s", strerror(errno));
	/*
	 * Close standard output now, checked, so that a close-time error is
	 * still an error before any state file is committed (SPEC 2.6).
	 */
	rk_stdout_closed = 1;
	if (fclose(stdout) != 0)
		return rk_errf(&run->err, RK_EX_IOERR, "write error on standard "
		    "output: %s", strerror(errno));
	rk_phase("output");
	return rk_rejects_finish(run->rj, &run->err);
}

int
rk_run_end(struct rk_run *run, int failed)
{
	int status;

	rk_progress_end(&run->pg);
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
