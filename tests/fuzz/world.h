/*
 * world.h - the fixed world the whole-tool targets run the tools in: a
 * scratch directory holding the example data (tests/fixtures/examples:
 * orders, retailers, policy, requests, receipts), and the state files a
 * clean pipeline leaves (registry, journal, ledger), made once by
 * running return-register, return-match and credit-emit on the
 * examples.  The targets run from the top of the source tree (make fuzz
 * and make check do).
 *
 * The directory is $TMPDIR/rk-fuzz.XXXXXX, or under /dev/shm (where an
 * fsync costs nothing) when TMPDIR is not set; it is removed at exit.
 *
 *	fz_world_reset();                    the state files as made, no
 *	                                     report
 *	struct fz_tool_run run;
 *	fz_tool_opts(&run, FZ_REGISTER, input_path, selector);
 *	fz_tool_run(&run);                   run.status, run.cap; checked
 *	fz_tool_run_free(&run);
 *
 * fz_tool_run() checks every run: a status of the tool's EXIT STATUS
 * the run may give (allowed), messages that name no control character,
 * and then what the status promises: after 0 or 1 a valid answer (CSV
 * that parses back with the same number of fields per record, JSON
 * that parses), valid reports, and a state file that the next run
 * reads; after a failure no answer, no report, and the state file as it
 * was.  Never a temporary file left.
 */
#ifndef FZ_WORLD_H
#define FZ_WORLD_H

#include <stdint.h>

#include "fuzz.h"
#include "rk/opts.h"

enum fz_tool { FZ_REGISTER, FZ_MATCH, FZ_CREDIT, FZ_NTOOLS };
enum fz_state { FZ_REGISTRY, FZ_JOURNAL, FZ_LEDGER, FZ_NSTATES };

/* Set the world up (once), then the state files as made, no report. */
void fz_world_reset(void);
/* One state file as made. */
void fz_world_restore(enum fz_state s);
/* The path of a file of the world ("orders.csv", "registry.csv"). */
const char *fz_world_path(const char *name);
/* The state file a tool commits, and its path. */
enum fz_state fz_tool_state(enum fz_tool t);
const char *fz_state_path(enum fz_state s);

struct fz_tool_run {
	enum fz_tool tool;
	struct rk_opts o;
	char *operands[2];
	uint64_t allowed;        /* a bit per exit status: 0..31, 64..95 */
	int status;
	struct fz_capture cap;
};

/*
 * The options of a run of t on input: the world's files, its reports,
 * --as-of the examples' date; selector picks the formats: bits 0-1 -o
 * (csv, jsonl, json, csv), bits 2-3 -i (auto, csv, jsonl, json), bit 4
 * --decimal-comma, bit 5 --crlf, bits 6-7 --delimiter (none, ',', ';',
 * TAB).  Allowed statuses: 0, 1 and 65 (data error).
 */
void fz_tool_opts(struct fz_tool_run *run, enum fz_tool t, const char *input,
    unsigned selector);
/* Allow one more exit status. */
void fz_tool_allow(struct fz_tool_run *run, int status);
/* Run it in this process and check it; fz_fail() on a broken promise. */
void fz_tool_run(struct fz_tool_run *run);
void fz_tool_run_free(struct fz_tool_run *run);

/*
 * The state files the world holds now are read again: the registry
 * and the journal by rk_state_load(), the ledger (when ledger is set) by
 * a dry run of credit-emit on an empty input (status 0).
 */
void fz_world_check_states(int ledger);

#endif
