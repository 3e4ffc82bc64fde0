/*
 * progress.h - a progress line on stderr (--progress in return-register(1)).
 *
 * On by default only when stderr is a terminal and the primary input is a
 * regular file of 1 MB or more; --progress forces it on.  When the primary
 * input is a regular file the line shows the share of all input bytes
 * read, so a run that reads a small request file and a large order file
 * moves steadily.  When it is not (a pipe: no size to compare with), or
 * once more bytes were read than the inputs' sizes add up to, it shows
 * the rows and bytes read instead, without a share.  Updates are drawn at
 * most five times a second.
 *
 * The line ends without a newline.  While it is shown, the progress
 * registers with rk_diag_set_erase() (rk/diag.h), so a message printed
 * meanwhile erases it first and it is drawn again at the next update.
 *
 * RK_PROGRESS_INTERVAL=SECONDS in the environment sets the least time
 * between two redraws (0: at every update), a development aid for the
 * tests; it is not a user interface.
 */
#ifndef RK_PROGRESS_H
#define RK_PROGRESS_H

#include <stdint.h>

struct rk_progress {
	int on;
	int bytes_only;     /* no share: an input of unknown size */
	uint64_t total;     /* bytes of all regular-file inputs */
	uint64_t base;      /* bytes read from inputs already finished */
	uint64_t rows;      /* rows read from inputs already finished */
	double interval;    /* least seconds between two redraws */
	double last;
	int drawn;          /* the line is on the screen */
	int erased;         /* a message erased it: redraw at the next update */
};

/* mode: -1 automatic, 0 off, 1 on. */
void rk_progress_init(struct rk_progress *p, int mode, uint64_t primary_size,
    uint64_t total_size);
/* rows and bytes: read so far from the input being read. */
void rk_progress_update(struct rk_progress *p, uint64_t rows, uint64_t bytes);
/* rows and bytes: all that was read from the input just finished. */
void rk_progress_next_input(struct rk_progress *p, uint64_t rows,
    uint64_t bytes);
/* Erase the line if it is shown. */
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
