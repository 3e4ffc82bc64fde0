/*
 * unit_threads.c - thread counts from the environment, rk_parallel,
 * rk_parallel_parts, rk_parts_plan, rk_share and rk_group_by_key
 * (rk/threads.h).
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "rk/threads.h"

#include "tap.h"

struct calls {
	atomic_uint seen[8];      /* how often fn(arg, i) ran */
	atomic_uint total;
};

static void
calls_init(struct calls *c)
{
	for (unsigned i = 0; i < 8; i++)
		atomic_init(&c->seen[i], 0);
	atomic_init(&c->total, 0);
}

static void
count_call(void *arg, unsigned i)
{
	struct calls *c = arg;

	atomic_fetch_add(&c->seen[i], 1);
	atomic_fetch_add(&c->total, 1);
}

static void
count_part(void *arg, unsigned thread, unsigned part)
{
	(void)thread;
	count_call(arg, part);
}

/*
 * rk_group_by_key on nthreads threads against the plain stable grouping
 * (items in order, appended to their key's list).
 */
static void
test_grouping(uint32_t nkeys, uint32_t nitems, int ordered, unsigned nthreads)
{
	uint32_t *key = calloc((size_t)nitems + 1, sizeof(*key));
	uint32_t *order = calloc((size_t)nitems + 1, sizeof(*order));
	uint32_t *off = calloc((size_t)nkeys + 1, sizeof(*off));
	uint32_t *idx = calloc((size_t)nitems + 1, sizeof(*idx));
	uint32_t *woff = calloc((size_t)nkeys + 2, sizeof(*woff));
	uint32_t *widx = calloc((size_t)nitems + 1, sizeof(*widx));
	uint32_t x = 12345;
	int same = 1;

	for (uint32_t i = 0; i < nitems; i++) {
		x = x * 1103515245u + 12345u;
		/* skewed: key 0 holds about half the items */
		key[i] = (x >> 16) % 2 ? 0 : (x >> 8) % nkeys;
		/* a permutation: i * 7919 mod nitems (7919 is prime) */
		order[i] = (uint32_t)((uint64_t)i * 7919 % nitems);
	}
	if (nitems % 7919 == 0)
		for (uint32_t i = 0; i < nitems; i++)
			order[i] = nitems - 1 - i;
	for (uint32_t i = 0; i < nitems; i++)
		woff[key[ordered ? order[i] : i] + 2]++;
	for (uint32_t k = 0; k < nkeys; k++)
		woff[k + 2] += woff[k + 1];
	for (uint32_t i = 0; i < nitems; i++) {
		uint32_t it = ordered ? order[i] : i;

		widx[woff[key[it] + 1]++] = it;
	}
	rk_group_by_key(nthreads, nkeys, nitems, key, ordered ? order : NULL,
	    off, idx);
	for (uint32_t k = 0; k <= nkeys; k++)
		same &= off[k] == woff[k];
	for (uint32_t i = 0; i < nitems; i++)
		same &= idx[i] == widx[i];
	ok(same, "rk_group_by_key: %u items, %u keys, %s, %u threads asked: the "
	    "plain stable grouping", nitems, nkeys, ordered ? "in an order" :
	    "in item order", nthreads);
	free(key);
	free(order);
	free(off);
	free(idx);
	free(woff);
	free(widx);
}

int
main(void)
{
	static const struct { const char *v; unsigned long max, want; } env[] = {
		{ "3", 1024, 3 }, { "1024", 1024, 1024 }, { "1025", 1024, 0 },
		{ "0", 1024, 0 }, { "", 1024, 0 }, { "-1", 1024, 0 },
		{ "2x", 1024, 0 }, { " 2", 1024, 0 }, { "7", 5, 0 },
	};

	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		setenv("RK_UNIT_COUNT", env[i].v, 1);
		is_int(rk_env_count("RK_UNIT_COUNT", env[i].max), env[i].want,
		    "RK_UNIT_COUNT=\"%s\" (at most %lu) is %lu", env[i].v,
		    env[i].max, env[i].want);
	}
	unsetenv("RK_UNIT_COUNT");
	is_int(rk_env_count("RK_UNIT_COUNT", 9), 0, "unset is 0");

	setenv("RK_THREADS", "5", 1);
	is_int(rk_threads(), 5, "RK_THREADS=5: 5 threads");
	setenv("RK_THREADS", "0", 1);
	ok(rk_threads() >= 1, "RK_THREADS=0: the default, at least 1");
	unsetenv("RK_THREADS");
	ok(rk_threads() >= 1, "no RK_THREADS: at least 1");

	for (unsigned n = 0; n <= 8; n++) {
		struct calls c;
		int once = 1;

		calls_init(&c);
		rk_parallel(n, count_call, &c);
		for (unsigned i = 0; i < 8; i++)
			once &= atomic_load(&c.seen[i]) == (i < n ? 1u : 0u);
		ok(once && atomic_load(&c.total) == n,
		    "rk_parallel(%u): fn ran once for each of 0 .. %u and no "
		    "other", n, n ? n - 1 : 0);
	}
	for (unsigned n = 1; n <= 3; n++) {
		struct calls c;
		int once = 1;

		calls_init(&c);
		rk_parallel_parts(n, 8, count_part, &c);
		for (unsigned i = 0; i < 8; i++)
			once &= atomic_load(&c.seen[i]) == 1u;
		ok(once && atomic_load(&c.total) == 8,
		    "rk_parallel_parts(%u threads, 8 parts): each part once", n);
	}
	{
		static const struct { unsigned threads; size_t items;
			unsigned parts, after; } plan[] = {
			{ 2, 1000000, 32, 2 }, { 2, 20, 20, 2 }, { 4, 3, 3, 3 },
			{ 2, 1, 1, 1 }, { 2, 0, 1, 1 }, { 1, 16, 16, 1 },
		};

		for (size_t i = 0; i < sizeof(plan) / sizeof(plan[0]); i++) {
			unsigned t = plan[i].threads;

			is_int(rk_parts_plan(&t, plan[i].items), plan[i].parts,
			    "rk_parts_plan: %u threads, %zu items: %u parts",
			    plan[i].threads, plan[i].items, plan[i].parts);
			is_int(t, plan[i].after, "... on %u threads",
			    plan[i].after);
		}
	}
	{
		uint32_t lo, hi, at = 0;
		int whole = 1;

		for (unsigned t = 0; t < 3; t++) {
			rk_share(10, 3, t, &lo, &hi);
			whole &= lo == at && hi >= lo;
			at = hi;
		}
		ok(whole && at == 10, "rk_share: 3 threads share 10 positions "
		    "in turn, none left");
		rk_share(2, 5, 0, &lo, &hi);
		ok(lo == 0 && hi == 0, "rk_share: 5 threads on 2 positions: "
		    "thread 0 has none");
	}
	test_grouping(37, 100000, 0, 1);
	test_grouping(37, 100000, 0, 2);
	test_grouping(37, 100000, 1, 2);
	test_grouping(37, 100000, 1, 5);
	test_grouping(1000, 99991, 1, 3);
	test_grouping(5, 3, 1, 5);
	test_grouping(5, 0, 0, 2);
	test_grouping(1, 1000, 1, 4);
	return done_testing();
}
