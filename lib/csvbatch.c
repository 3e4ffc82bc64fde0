/*
 * csvbatch.c - the batches of CSV records, the queue that carries them
 * from the producer thread to the consumer and back, and the producer
 * (csvread.h).  Every lock of the queue is taken here.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"

#include "csvread.h"

void
rk_csv_queue_init(struct rk_csv_queue *q)
{
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
}

/*
 * A batch sized for the records of one read of the input, so that it
 * seldom grows: growing from nothing in the producer thread's malloc
 * arena leaves that arena fragmented, a few MiB more at the peak.
 */
static struct rk_csv_batch *
new_batch(void)
{
	struct rk_csv_batch *b = rk_xcalloc(1, sizeof(*b));

	RK_GROW_TO(b->arena, RK_IBUF_SIZE + (64u << 10), b->acap, 0);
	RK_GROW_TO(b->fld, 4096, b->fldcap, 0);
	RK_GROW_TO(b->rec, 1024, b->reccap, 0);
	return b;
}

struct rk_csv_batch *
rk_csv_batch_get(struct rk_csv_queue *q)
{
	struct rk_csv_batch *b = NULL;

	pthread_mutex_lock(&q->mu);
	while (!q->cancel && q->spare == NULL &&
	    q->nbatches >= RK_CSV_MAX_BATCHES)
		pthread_cond_wait(&q->cv, &q->mu);
	if (!q->cancel) {
		if (q->spare) {
			b = q->spare;
			q->spare = b->next;
		} else {
			b = new_batch();
			q->nbatches++;
		}
	}
	pthread_mutex_unlock(&q->mu);
	if (b) {
		b->alen = b->nfld = b->nrec = 0;
		b->end = b->failed = 0;
		b->next = NULL;
	}
	return b;
}

void
rk_csv_batch_publish(struct rk_csv_queue *q, struct rk_csv_batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = NULL;
	if (q->full_tail)
		q->full_tail->next = b;
	else
		q->full = b;
	q->full_tail = b;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

int
rk_csv_queue_waiting(struct rk_csv_queue *q)
{
	int waiting;

	pthread_mutex_lock(&q->mu);
	waiting = q->full != NULL;
	pthread_mutex_unlock(&q->mu);
	return waiting;
}

struct rk_csv_batch *
rk_csv_batch_take(struct rk_csv_queue *q)
{
	struct rk_csv_batch *b;

	pthread_mutex_lock(&q->mu);
	while (q->full == NULL)
		pthread_cond_wait(&q->cv, &q->mu);
	b = q->full;
	q->full = b->next;
	if (q->full == NULL)
		q->full_tail = NULL;
	pthread_mutex_unlock(&q->mu);
	return b;
}

void
rk_csv_batch_give_back(struct rk_csv_queue *q, struct rk_csv_batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->spare;
	q->spare = b;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void
rk_csv_queue_cancel(struct rk_csv_queue *q)
{
	pthread_mutex_lock(&q->mu);
	__atomic_store_n(&q->cancel, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void
rk_csv_batch_free(struct rk_csv_batch *b)
{
	if (b == NULL)
		return;
	free(b->arena);
	free(b->fld);
	free(b->rec);
	rk_csv_checks_release(&b->checks);
	free(b);
}

static void
free_list(struct rk_csv_batch *b)
{
	struct rk_csv_batch *next;

	for (; b; b = next) {
		next = b->next;
		rk_csv_batch_free(b);
	}
}

void
rk_csv_queue_release(struct rk_csv_queue *q)
{
	free_list(q->full);
	free_list(q->spare);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
}

/*
 * Publish b, its records checked first when rows are checked and the
 * consumer has batches to go on with (csvread.h, checking).
 */
static void
publish(struct rk_csvread *c, struct rk_csv_batch *b)
{
	b->checked = c->checking && c->check_thread != RK_CHECK_TAKE &&
	    (c->check_thread == RK_CHECK_PARSE ||
	    rk_csv_queue_waiting(&c->queue));
	if (b->checked)
		rk_csv_check_batch(&c->checker, b);
	rk_csv_batch_publish(&c->queue, b);
}

/*
 * Publish the complete records of the batch being filled and go on in a
 * new one holding the fields of the record in progress.  0, or -1 when
 * cancelled.
 */
static int
rotate(struct rk_csvread *c)
{
	struct rk_csv_lines *p = &c->lines;
	struct rk_csv_batch *b = p->filling, *nb;
	size_t nkeep = b->nfld - p->rec_first, base;

	nb = rk_csv_batch_get(&c->queue);
	if (nb == NULL)
		return -1;
	if (nkeep) {
		base = b->fld[p->rec_first].off;
		RK_GROW_TO(nb->arena, b->alen - base, nb->acap, 0);
		if (b->alen > base)
			memcpy(nb->arena, b->arena + base, b->alen - base);
		nb->alen = b->alen - base;
		RK_GROW_TO(nb->fld, nkeep, nb->fldcap, 0);
		for (size_t i = 0; i < nkeep; i++) {
			nb->fld[i] = b->fld[p->rec_first + i];
			nb->fld[i].off -= base;
		}
		nb->nfld = nkeep;
		b->nfld = p->rec_first;
		b->alen = base;
	}
	p->rec_first = 0;
	p->filling = nb;
	publish(c, b);
	return 0;
}

/* Feed what the input buffer holds. */
static int
feed_input(struct rk_csvread *c, struct rk_err *err)
{
	struct rk_reader *r = c->r;

	return rk_csv_feed(&c->lines, r->ib, r->ilen, r->ieof, 0, &r->ipos, err);
}

void *
rk_csv_produce(void *csvread)
{
	struct rk_csvread *c = csvread;
	struct rk_reader *r = c->r;
	struct rk_err err;
	int k;

	for (;;) {
		if (r->ipos < r->ilen && feed_input(c, &err))
			break;
		if (c->lines.filling->nrec > 0 && rotate(c))
			return NULL;
		k = rk_input_fill(r, &c->queue.cancel, &err);
		if (k < 0)
			break;
		if (k == 0) {
			if (r->ipos < r->ilen && feed_input(c, &err))
				break;
			if (rk_csv_finish(&c->lines, &err))
				break;
			c->lines.filling->end = 1;
			publish(c, c->lines.filling);
			c->lines.filling = NULL;
			return NULL;
		}
	}
	c->lines.filling->failed = 1;
	c->lines.filling->err = err;
	publish(c, c->lines.filling);
	c->lines.filling = NULL;
	return NULL;
}
