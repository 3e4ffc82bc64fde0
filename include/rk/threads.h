/*
 * threads.h - how many threads the tools use, and running one function
 * on several at once.
 */
#ifndef RK_THREADS_H
#define RK_THREADS_H

#include <stdint.h>

/* A whole number 1 to max from the environment variable name, else 0. */
unsigned long rk_env_count(const char *name, unsigned long max);

/*
 * RK_THREADS, or one thread fewer than the online processors (at least
 * one): the threads that parse a large input beside the calling thread,
 * which takes their rows in file order (rk/reader.h); the allocations
 * run on as many and the calling thread.
 */
unsigned rk_threads(void);

/*
 * fn(arg, i) for each i of 0 .. n - 1 at once: i = 0 on the calling
 * thread, the others on threads of their own (on the calling thread
 * after it, one by one, when a thread cannot be made).  Returns when
 * every call has.  The calls must touch disjoint data, or only read.
 */
void rk_parallel(unsigned n, void (*fn)(void *arg, unsigned i), void *arg);

/*
 * fn(arg, thread, part) for each part of 0 .. nparts - 1, once, on
 * nthreads threads (rk_parallel) that take the parts in turn, lowest
 * first: many small parts even out parts of uneven work.  A thread's
 * number tells which of its own things (an allocator) it may use.
 */
void rk_parallel_parts(unsigned nthreads, unsigned nparts,
    void (*fn)(void *arg, unsigned thread, unsigned part), void *arg);

/*
 * How many parts to cut nitems items of uneven work into for
 * rk_parallel_parts on *nthreads threads: 16 a thread, so that skewed
 * items even out, but no more than the items (at least one); *nthreads
 * is lowered to the parts when there are fewer.
 */
unsigned rk_parts_plan(unsigned *nthreads, size_t nitems);

/* Thread t's share [*lo, *hi) of positions 0 .. n - 1 on nthreads. */
void rk_share(uint32_t n, unsigned nthreads, unsigned t, uint32_t *lo,
    uint32_t *hi);

/*
 * Items grouped by key, stably (a counting sort), on nthreads threads:
 * items 0 .. nitems - 1 taken in the order of order (0, 1, ... when
 * NULL), key[item] < nkeys.  off (nkeys + 1 entries) receives where
 * each key's items start in idx (nitems entries), off[nkeys] = nitems.
 * Each thread counts, then places, its share of the positions, its
 * items of a key after those of the threads before it: the result does
 * not depend on nthreads.  Each thread needs nkeys + 1 counters, so no
 * more threads are used than there are nkeys + 1 items for each.
 */
void rk_group_by_key(unsigned nthreads, uint32_t nkeys, uint32_t nitems,
    const uint32_t *key, const uint32_t *order, uint32_t *off, uint32_t *idx);

#endif
