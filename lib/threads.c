/*
 * threads.c - thread counts from the environment, rk_parallel and the
 * work shared with it: parts taken in turn, a grouping by key
 * (rk/threads.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "rk/threads.h"
#include "rk/util.h"

unsigned long
rk_env_count(const char *name, unsigned long max)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	v = strtoul(s, &end, 10);
	return *end == '\0' && v <= max ? v : 0;
}

/*
 * On 2 processors, two parsing threads made return-register 19 % slower
 * than one on 10 M skewed order lines: the thread that takes the rows
 * in file order is the busiest and needs a processor of its own.
 */
unsigned
rk_threads(void)
{
	unsigned long n = rk_env_count("RK_THREADS", 1024);
	long online;

	if (n > 0)
		return (unsigned)n;
	online = sysconf(_SC_NPROCESSORS_ONLN);
	return online > 2 ? (unsigned)(online <= 1024 ? online - 1 : 1024) : 1;
}

struct call {
	void (*fn)(void *, unsigned);
	void *arg;
	unsigned i;
	pthread_t thread;
	int started;
};

static void *
run_call(void *p)
{
	struct call *c = p;

	c->fn(c->arg, c->i);
	return NULL;
}

void
rk_parallel(unsigned n, void (*fn)(void *arg, unsigned i), void *arg)
{
	struct call *calls;

	if (n <= 1) {
		if (n == 1)
			fn(arg, 0);
		return;
	}
	calls = rk_xcalloc(n, sizeof(*calls));
	for (unsigned i = 1; i < n; i++) {
		calls[i] = (struct call){ .fn = fn, .arg = arg, .i = i };
		calls[i].started = pthread_create(&calls[i].thread, NULL,
		    run_call, &calls[i]) == 0;
	}
	fn(arg, 0);
	for (unsigned i = 1; i < n; i++) {
		if (calls[i].started)
			pthread_join(calls[i].thread, NULL);
		else
			fn(arg, i);
	}
	free(calls);
}

struct parts {
	void (*fn)(void *, unsigned, unsigned);
	void *arg;
	unsigned nparts;
	atomic_uint next;         /* the next part to take */
};

static void
take_parts(void *p, unsigned thread)
{
	struct parts *ps = p;
	unsigned k;

	while ((k = atomic_fetch_add(&ps->next, 1)) < ps->nparts)
		ps->fn(ps->arg, thread, k);
}

void
rk_parallel_parts(unsigned nthreads, unsigned nparts,
    void (*fn)(void *arg, unsigned thread, unsigned part), void *arg)
{
	struct parts ps = { fn, arg, nparts, 0 };

	rk_parallel(nthreads, take_parts, &ps);
}

/* Parts a thread: enough that skewed items even out between threads. */
#define PARTS_PER_THREAD 16

unsigned
rk_parts_plan(unsigned *nthreads, size_t nitems)
{
	size_t nparts = (size_t)*nthreads * PARTS_PER_THREAD;

	if (nparts > nitems)
		nparts = nitems > 0 ? nitems : 1;
	if (*nthreads > nparts)
		*nthreads = (unsigned)nparts;
	return (unsigned)nparts;
}

void
rk_share(uint32_t n, unsigned nthreads, unsigned t, uint32_t *lo,
    uint32_t *hi)
{
	*lo = (uint32_t)((uint64_t)n * t / nthreads);
	*hi = (uint32_t)((uint64_t)n * (t + 1) / nthreads);
}

/* What the threads of rk_group_by_key share. */
struct grouping {
	uint32_t nitems;
	const uint32_t *key, *order;
	uint32_t *idx;
	uint32_t **pos;           /* pos[t][k]: thread t's count, then slot, of k */
	unsigned nthreads;
};

static void
group_count(void *arg, unsigned t)
{
	struct grouping *s = arg;
	uint32_t lo, hi, *cnt = s->pos[t];

	rk_share(s->nitems, s->nthreads, t, &lo, &hi);
	for (uint32_t i = lo; i < hi; i++)
		cnt[s->key[s->order ? s->order[i] : i]]++;
}

static void
group_place(void *arg, unsigned t)
{
	struct grouping *s = arg;
	uint32_t lo, hi, *pos = s->pos[t];

	rk_share(s->nitems, s->nthreads, t, &lo, &hi);
	for (uint32_t i = lo; i < hi; i++) {
		uint32_t it = s->order ? s->order[i] : i;

		s->idx[pos[s->key[it]]++] = it;
	}
}

void
rk_group_by_key(unsigned nthreads, uint32_t nkeys, uint32_t nitems,
    const uint32_t *key, const uint32_t *order, uint32_t *off, uint32_t *idx)
{
	struct grouping s = { nitems, key, order, idx, NULL, nthreads };
	uint32_t at = 0;

	/* a thread is worth its nkeys counters when it has as many items */
	if (s.nthreads > nitems / ((uint64_t)nkeys + 1))
		s.nthreads = (unsigned)(nitems / ((uint64_t)nkeys + 1));
	if (s.nthreads == 0)
		s.nthreads = 1;
	s.pos = rk_xcalloc(s.nthreads, sizeof(*s.pos));
	for (unsigned t = 0; t < s.nthreads; t++)
		s.pos[t] = rk_xcalloc((size_t)nkeys + 1, sizeof(**s.pos));
	rk_parallel(s.nthreads, group_count, &s);
	for (uint32_t k = 0; k < nkeys; k++) {
		off[k] = at;
		for (unsigned t = 0; t < s.nthreads; t++) {
			uint32_t cnt = s.pos[t][k];

			s.pos[t][k] = at;
			at += cnt;
		}
	}
	off[nkeys] = at;
	rk_parallel(s.nthreads, group_place, &s);
	for (unsigned t = 0; t < s.nthreads; t++)
		free(s.pos[t]);
	free(s.pos);
}
