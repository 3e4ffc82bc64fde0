/*
 * state.c - fuzz target: the state-file loaders (returns-formats(5),
 * STATE FILES).  The first byte chooses the file the rest replaces (its
 * value modulo 3: the registry, the journal, the ledger); the other two
 * are those of the examples' pipeline (world.h).  Then each tool runs
 * on the examples' data: return-register on the requests and
 * return-match on the receipts (both read the registry and the
 * journal), credit-emit on return-match's answer (it reads the ledger).
 *
 * A state file that breaks its schema is a configuration error (78),
 * never silently repaired, and leaves every file as it was; one that
 * loads is carried into the new state, which the next run reads again.
 * Only the tools that read the file may refuse it, naming its option.
 */
#include <string.h>
#include <unistd.h>

#include "world.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const options[] = { "--registry", "--journal",
		"--ledger" };
	enum fz_state which;
	int committed = 0, refused = 0;

	if (size == 0)
		return 0;
	fz_world_reset();
	which = (enum fz_state)(data[0] % FZ_NSTATES);
	fz_spew(fz_state_path(which), data + 1, size - 1);
	for (int t = 0; t < FZ_NTOOLS; t++) {
		static const char *const inputs[] = { "requests.csv",
			"receipts.csv", "matches.csv" };
		struct fz_tool_run run;

		int reads = t == FZ_CREDIT ? which == FZ_LEDGER : which != FZ_LEDGER;

		fz_tool_opts(&run, (enum fz_tool)t, fz_world_path(inputs[t]), 0);
		if (reads)
			fz_tool_allow(&run, RK_EX_CONFIG);
		fz_tool_run(&run);
		if (run.status == RK_EX_CONFIG &&
		    strstr(run.cap.err, options[which]) == NULL)
			fz_fail("the refusal does not name %s: %s", options[which],
			    run.cap.err);
		if (run.status <= RK_EX_REJECTS)
			committed |= 1 << t;
		refused |= run.status == RK_EX_CONFIG;
		fz_tool_run_free(&run);
	}
	if (refused)
		fz_world_restore(which); /* the others were committed from it */
	if (committed)
		fz_world_check_states(committed >> FZ_CREDIT & 1);
	return 0;
}
