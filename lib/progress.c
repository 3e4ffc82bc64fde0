#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rk/diag.h"
#include "rk/progress.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t
rk_file_size(const char *path)
{
	struct stat st;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (fstat(STDIN_FILENO, &st) != 0 || !S_ISREG(st.st_mode))
			return 0;
		return (uint64_t)st.st_size;
	}
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return (uint64_t)st.st_size;
}

void
rk_phase(const char *what)
{
	static double t0 = -1;
	double t;

	if (getenv("RK_TIMING") == NULL)
		return;
	t = now();
	if (t0 < 0)
		t0 = t;
	fprintf(stderr, "timing: %-12s %.3f\n", what, t - t0);
}

void
rk_progress_init(struct rk_progress *p, int mode, uint64_t primary_size,
    uint64_t total_size)
{
	memset(p, 0, sizeof(*p));
	if (mode < 0)
		mode = isatty(STDERR_FILENO) && primary_size >= 1000000;
	p->on = mode && total_size > 0;
	p->total = total_size;
	p->last = now();
}

void
rk_progress_update(struct rk_progress *p, uint64_t done)
{
	double t;
	uint64_t all;

	if (!p->on)
		return;
	t = now();
	if (t - p->last < 0.2)
		return;
	p->last = t;
	all = p->base + done;
	if (all > p->total)
		all = p->total;
	fprintf(stderr, "\r%s: %3d%% of %.1f MB read", rk_progname,
	    (int)(all * 100 / p->total), (double)p->total / 1e6);
	p->drawn = 1;
}

void
rk_progress_next_input(struct rk_progress *p, uint64_t size)
{
	p->base += size;
}

void
rk_progress_end(struct rk_progress *p)
{
	if (p->on && p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}
