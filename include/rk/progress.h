/*
 * progress.h - a progress line on stderr (SPEC 2.7: --progress).
 *
 * On by default only when stderr is a terminal and the primary input is a
 * regular file of 1 MB or more.  It shows the share of all input bytes
 * read, so a run that reads a small request file and a large order file
 * moves steadily.  Updates are drawn at most five times a second.
 */
#ifndef RK_PROGRESS_H
#define RK_PROGRESS_H

#include <stdint.h>

struct rk_progress {
	int on;
	uint64_t total;     /* bytes of all regular-file inputs */
	uint64_t base;      /* bytes of inputs already finished */
	double last;
	int drawn;
};

/* mode: -1 automatic, 0 off, 1 on. */
void rk_progress_init(struct rk_progress *p, int mode, uint64_t primary_size,
    uint64_t total_size);
void rk_progress_update(struct rk_progress *p, uint64_t done_in_current);
void rk_progress_next_input(struct rk_progress *p, uint64_t size_of_finished);
void rk_progress_end(struct rk_progress *p);
/* Size of a regular file ("-": standard input), 0 for anything else. */
uint64_t rk_file_size(const char *path);

/*
 * With RK_TIMING set in the environment, print "timing: WHAT SECONDS"
 * (seconds since the first call) on stderr: where a run spends its time,
 * for the benchmark notes.  Silent otherwise.
 */
void rk_phase(const char *what);

#endif
