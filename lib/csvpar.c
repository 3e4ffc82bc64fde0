/*
 * csvpar.c - the parallel CSV reader (csvpar.h): how many threads, the
 * worker threads taking chunks in turn, and the calling thread serving
 * their rows in file order.  Every lock of struct rk_csv_par is taken
 * here.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "rk/threads.h"
#include "rk/util.h"

#include "csvpar.h"
#include "csvstate.h"

#define NO_CHUNK ULONG_MAX

/* Chunk k's slot, free to take: its start known, its slot served. */
static int
can_take(const struct rk_csv_par *par)
{
	return par->have_next && par->ntaken < par->nserved + par->nslots &&
	    (par->nlast == NO_CHUNK || par->ntaken <= par->nlast);
}

static int
nothing_left(const struct rk_csv_par *par)
{
	return par->stop || (par->nlast != NO_CHUNK && par->ntaken > par->nlast);
}

/* Take chunk k, find its end and let the next worker go on; parse it. */
static void
work_on(struct rk_csv_worker *w, unsigned long k, struct rk_csv_chunk *ch)
{
	struct rk_csv_par *par = w->par;
	unsigned long lines = 0;
	struct rk_err err;
	int rc;

	rc = rk_csv_chunk_cut(w, ch, &lines, &err);
	pthread_mutex_lock(&par->mu);
	if (rc == 0 && !ch->last) {
		par->next_start = ch->end;
		par->next_line = ch->line + lines;
		par->have_next = 1;
	} else if (par->nlast == NO_CHUNK || k < par->nlast) {
		par->nlast = k;
	}
	pthread_cond_broadcast(&par->cv);
	pthread_mutex_unlock(&par->mu);
	if (rc == 0) {
		rk_csv_chunk_parse(w, ch);
	} else {
		ch->batch.nrec = 0;
		ch->batch.failed = 1;
		ch->batch.err = err;
	}
	pthread_mutex_lock(&par->mu);
	if (ch->batch.failed && (par->nlast == NO_CHUNK || k < par->nlast))
		par->nlast = k; /* nothing after an error counts */
	ch->ready = 1;
	pthread_cond_broadcast(&par->cv);
	pthread_mutex_unlock(&par->mu);
}

static void *
work(void *worker)
{
	struct rk_csv_worker *w = worker;
	struct rk_csv_par *par = w->par;

	pthread_mutex_lock(&par->mu);
	for (;;) {
		unsigned long k;
		struct rk_csv_chunk *ch;

		while (!nothing_left(par) && !can_take(par))
			pthread_cond_wait(&par->cv, &par->mu);
		if (nothing_left(par))
			break;
		k = par->ntaken++;
		ch = &par->slot[k % par->nslots];
		ch->start = par->next_start;
		ch->line = par->next_line;
		ch->ready = 0;
		par->have_next = 0;
		pthread_mutex_unlock(&par->mu);
		work_on(w, k, ch);
		pthread_mutex_lock(&par->mu);
	}
	pthread_mutex_unlock(&par->mu);
	return NULL;
}

/* Stop the workers, wait for them, free everything. */
void
rk_csv_par_free(struct rk_csv_par *par)
{
	if (par == NULL)
		return;
	pthread_mutex_lock(&par->mu);
	__atomic_store_n(&par->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&par->cv);
	pthread_mutex_unlock(&par->mu);
	for (unsigned i = 0; i < par->nworkers; i++) {
		pthread_join(par->w[i].thread, NULL);
		free(par->w[i].win);
	}
	for (unsigned i = 0; i < par->nslots; i++)
		rk_csv_chunk_release(&par->slot[i]);
	pthread_mutex_destroy(&par->mu);
	pthread_cond_destroy(&par->cv);
	free(par->slot);
	free(par->w);
	free(par);
}

/* The file offset of the first byte the header's feeder left unused. */
static uint64_t
body_offset(const struct rk_reader *r)
{
	return rk_reader_consumed(r) - (r->ilen - r->ipos);
}

static struct rk_csv_par *
par_new(struct rk_reader *r, const struct rk_csv_lines *lines,
    size_t chunk_bytes, unsigned nthreads)
{
	struct rk_csv_par *par = rk_xcalloc(1, sizeof(*par));

	par->where = r->where;
	par->delim = r->delim;
	par->fd = r->fd;
	par->size = r->size;
	par->chunk_bytes = chunk_bytes;
	par->checker.check = r->check;
	par->checker.late = r->check_late;
	par->checker.ctx = r->check_ctx;
	par->checker.outsize = r->check_size;
	par->checker.ncols = r->cols.count;
	par->r = r;
	par->nslots = 2 * nthreads;
	par->slot = rk_xcalloc(par->nslots, sizeof(*par->slot));
	par->w = rk_xcalloc(nthreads, sizeof(*par->w));
	pthread_mutex_init(&par->mu, NULL);
	pthread_cond_init(&par->cv, NULL);
	par->have_next = 1;
	par->next_start = body_offset(r);
	par->next_line = lines->line;
	par->nlast = NO_CHUNK;
	return par;
}

struct rk_csv_par *
rk_csv_par_start(struct rk_reader *r, const struct rk_csv_lines *lines)
{
	size_t chunk_bytes = rk_env_count("RK_CHUNK_BYTES", 1ul << 30);
	unsigned nthreads = rk_threads();
	struct rk_csv_par *par;

	if (chunk_bytes == 0)
		chunk_bytes = RK_CHUNK_BYTES;
	if (nthreads < 2 || strcmp(r->name, "-") == 0 || r->size == 0 ||
	    r->size / RK_PAR_MIN_CHUNKS < chunk_bytes ||
	    rk_csv_state(&lines->parser) != RK_CSV_BETWEEN_RECORDS ||
	    lines->col != 0)
		return NULL;
	par = par_new(r, lines, chunk_bytes, nthreads);
	for (unsigned i = 0; i < nthreads; i++) {
		par->w[i].par = par;
		if (pthread_create(&par->w[i].thread, NULL, work, &par->w[i]))
			break;
		par->nworkers++;
	}
	if (par->nworkers == 0) {
		rk_csv_par_free(par);
		return NULL;
	}
	return par;
}

/* Done with the chunk served: its slot is free for a worker. */
static void
release_served(struct rk_csv_par *par)
{
	pthread_mutex_lock(&par->mu);
	par->serving->ready = 0;
	par->nserved++;
	pthread_cond_broadcast(&par->cv);
	pthread_mutex_unlock(&par->mu);
	par->serving = NULL;
}

/* Wait for the next chunk in file order. */
static void
take_next(struct rk_csv_par *par)
{
	struct rk_csv_chunk *ch = &par->slot[par->nserved % par->nslots];

	pthread_mutex_lock(&par->mu);
	while (!ch->ready)
		pthread_cond_wait(&par->cv, &par->mu);
	pthread_mutex_unlock(&par->mu);
	par->serving = ch;
	par->recpos = 0;
	__atomic_store_n(&par->r->consumed, ch->end, __ATOMIC_RELAXED);
}

int
rk_csv_par_next(struct rk_csv_par *par, struct rk_row *row,
    struct rk_row_verdict *verdict, struct rk_err *err)
{
	for (;;) {
		struct rk_csv_chunk *ch = par->serving;

		if (ch && par->recpos < ch->batch.nrec) {
			rk_csv_serve(&par->checker, &ch->batch, par->recpos++,
			    row, verdict);
			return 1;
		}
		if (par->done)
			return 0;
		if (ch && ch->batch.failed) {
			if (err)
				*err = ch->batch.err;
			par->done = 1;
			return -1;
		}
		if (ch && ch->last) {
			par->done = 1;
			return 0;
		}
		if (ch)
			release_served(par);
		take_next(par);
	}
}
