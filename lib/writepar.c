/*
 * writepar.c - rows formatted on several threads and written in order
 * (rk_writer_rows_par in rk/writer.h).
 *
 * The items are cut into chunks of equal count.  Chunk k is formatted
 * into slot k % nslots, a writer that keeps its text in memory and keeps
 * its memory from chunk to chunk.  Every thread takes the next chunk
 * while a slot is free; the calling thread also writes the chunk next in
 * order whenever it is finished, which frees its slot.  So the output
 * leaves in order, as fast as the threads format it, and memory stays at
 * a few chunks whatever the number of rows.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rk/threads.h"
#include "rk/util.h"
#include "rk/writer.h"

#include "writerimpl.h"

#define WRITE_ITEMS 4096
#define SLOTS_PER_THREAD 4

struct slot {
	struct rk_writer *sub;
	int ready;                /* formatted, not yet written */
};

struct wpar {
	struct rk_writer *w;
	rk_write_items write;
	void *ctx;
	size_t nitems, per, nchunks;
	struct slot *slot;        /* chunk k is in slot[k % nslots] */
	size_t nslots;

	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;              /* chunks taken */
	size_t written;           /* chunks written through w */
};

/* A writer of w's format and columns whose text stays in memory. */
static struct rk_writer *
sub_new(const struct rk_writer *w)
{
	struct rk_writer *sub = rk_xmalloc(sizeof(*sub));

	memcpy(sub, w, offsetof(struct rk_writer, buf));
	sub->fp = NULL;
	sub->mem = NULL;
	sub->mlen = sub->mcap = 0;
	sub->rows = 0;
	sub->ended = 0;
	sub->err = 0;
	sub->blen = 0;
	return sub;
}

/* Its columns are w's: only its own memory is freed. */
static void
sub_free(struct rk_writer *sub)
{
	free(sub->mem);
	free(sub);
}

static void
format_chunk(struct wpar *wp, size_t k)
{
	struct rk_writer *sub = wp->slot[k % wp->nslots].sub;
	size_t lo = k * wp->per;
	size_t hi = wp->nitems - lo < wp->per ? wp->nitems : lo + wp->per;

	sub->mlen = sub->blen = 0;
	sub->rows = 0;
	wp->write(wp->ctx, sub, lo, hi);
	rk_writer_flush(sub);
}

static void
write_chunk(struct wpar *wp, size_t k)
{
	struct rk_writer *sub = wp->slot[k % wp->nslots].sub;

	if (sub->mlen)            /* a chunk may write nothing: mem NULL */
		rk_writer_put(wp->w, sub->mem, sub->mlen);
	wp->w->rows += sub->rows;
}

/*
 * Each thread: format the next chunk while a slot is free; the calling
 * thread (i == 0) first writes the chunk next in order when it is ready,
 * and returns when every chunk is written.
 */
static void
run(void *arg, unsigned i)
{
	struct wpar *wp = arg;

	pthread_mutex_lock(&wp->mu);
	for (;;) {
		size_t k;

		if (i == 0 && wp->written < wp->nchunks &&
		    wp->slot[wp->written % wp->nslots].ready) {
			k = wp->written;
			pthread_mutex_unlock(&wp->mu);
			write_chunk(wp, k);
			pthread_mutex_lock(&wp->mu);
			wp->slot[k % wp->nslots].ready = 0;
			wp->written++;
			pthread_cond_broadcast(&wp->cv);
			continue;
		}
		if (wp->next < wp->nchunks && wp->next < wp->written + wp->nslots) {
			k = wp->next++;
			pthread_mutex_unlock(&wp->mu);
			format_chunk(wp, k);
			pthread_mutex_lock(&wp->mu);
			wp->slot[k % wp->nslots].ready = 1;
			pthread_cond_broadcast(&wp->cv);
			continue;
		}
		if (i == 0 ? wp->written == wp->nchunks : wp->next == wp->nchunks)
			break;
		pthread_cond_wait(&wp->cv, &wp->mu);
	}
	pthread_mutex_unlock(&wp->mu);
}

void
rk_writer_rows_par(struct rk_writer *w, size_t nitems, rk_write_items write,
    void *ctx)
{
	size_t per = rk_env_count("RK_WRITE_ITEMS", 1ul << 30);
	unsigned nthreads = rk_threads() + 1;
	struct wpar wp;

	if (per == 0)
		per = WRITE_ITEMS;
	if (nitems <= per || w->format->joined) {
		write(ctx, w, 0, nitems);
		return;
	}
	memset(&wp, 0, sizeof(wp));
	wp.w = w;
	wp.write = write;
	wp.ctx = ctx;
	wp.nitems = nitems;
	wp.per = per;
	wp.nchunks = (nitems - 1) / per + 1;
	if (nthreads > wp.nchunks)
		nthreads = (unsigned)wp.nchunks;
	wp.nslots = (size_t)nthreads * SLOTS_PER_THREAD;
	wp.slot = rk_xcalloc(wp.nslots, sizeof(*wp.slot));
	for (size_t s = 0; s < wp.nslots; s++)
		wp.slot[s].sub = sub_new(w);
	pthread_mutex_init(&wp.mu, NULL);
	pthread_cond_init(&wp.cv, NULL);
	rk_parallel(nthreads, run, &wp);
	pthread_mutex_destroy(&wp.mu);
	pthread_cond_destroy(&wp.cv);
	for (size_t s = 0; s < wp.nslots; s++)
		sub_free(wp.slot[s].sub);
	free(wp.slot);
}
