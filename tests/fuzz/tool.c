/*
 * tool.c - fuzz target: the whole tools on a fuzzed input.  The first
 * byte picks the formats and options (fz_tool_opts() in world.h: -o, -i,
 * --decimal-comma, --crlf, --delimiter); the rest is the input, given in
 * turn to return-register as request lines, to return-match as receipts
 * and to credit-emit as return-match's answer, each run in this process
 * in the world of world.h (the examples' orders, retailers and policy,
 * the state files of the examples' pipeline).
 *
 * Every run is checked by fz_tool_run(): exit status 0, 1 or 65; for
 * every input a tool accepts, its answer and reports parse back (CSV
 * with the same number of fields in every record, JSON with jansson);
 * after a failure nothing written and the state file as it was; no
 * temporary file left.  At the end, each state file committed is read
 * by the next run of the tools.
 */
#include <unistd.h>

#include "world.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[FZ_PATH];
	int fd, committed = 0;

	if (size == 0)
		return 0;
	fz_world_reset();
	fd = fz_memfile(data + 1, size - 1, path);
	for (int t = 0; t < FZ_NTOOLS; t++) {
		struct fz_tool_run run;

		fz_tool_opts(&run, (enum fz_tool)t, path, data[0]);
		fz_tool_run(&run);
		if (run.status <= RK_EX_REJECTS)
			committed |= 1 << t;
		fz_tool_run_free(&run);
	}
	if (committed)
		fz_world_check_states(committed >> FZ_CREDIT & 1);
	close(fd);
	return 0;
}
