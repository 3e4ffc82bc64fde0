#include <inttypes.h>
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
	const char *env = getenv("RK_PROGRESS_INTERVAL");
	char *end;

	memset(p, 0, sizeof(*p));
	if (mode < 0)
		mode = isatty(STDERR_FILENO) && primary_size >= 1000000;
	p->on = mode;
	p->bytes_only = primary_size == 0;
	p->total = total_size;
	p->interval = 0.2;
	if (env && *env) {
		double v = strtod(env, &end);

		if (*end == '\0' && v >= 0)
			p->interval = v;
	}
	p->last = now();
}

static void
erase(void *ctx)
{
	struct rk_progress *p = ctx;

	fputs("\r\033[K", stderr);
	p->drawn = 0;
	p->erased = 1;
}

void
rk_progress_update(struct rk_progress *p, uint64_t rows, uint64_t bytes)
{
	double t;
	uint64_t all;

	if (!p->on)
		return;
	t = now();
	if (!p->erased && t - p->last < p->interval)
		return;
	p->last = t;
	p->erased = 0;
	all = p->base + bytes;
	rows += p->rows;
	if (all > p->total)
		p->bytes_only = 1;
	if (p->bytes_only)
		fprintf(stderr, "\r%s: %ju rows, %.1f MB read", rk_progname,
		    (uintmax_t)rows, (double)all / 1e6);
	else
		fprintf(stderr, "\r%s: %3d%% of %.1f MB read", rk_progname,
		    (int)(all * 100 / p->total), (double)p->total / 1e6);
	p->drawn = 1;
	rk_diag_set_erase(erase, p);
}

void
rk_progress_next_input(struct rk_progress *p, uint64_t rows, uint64_t bytes)
{
	p->rows += rows;
	p->base += bytes;
}

void
rk_progress_end(struct rk_progress *p)
{
	if (p->on && p->drawn) {
		fputs("\r\033[K", stderr);
		rk_diag_set_erase(NULL, NULL);
	}
	p->drawn = 0;
}
