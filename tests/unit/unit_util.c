/*
 * unit_util.c - the growing and mapping helpers of rk/util.h: arrays
 * keep their contents as they grow, and rk_populate maps a range's
 * pages (mincore(2) says so) where the kernel can, touching no byte.
 * The order-line table and the kept rows are mapped 4 MiB ahead of
 * what is written, and no further: their spare capacity stays unmapped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rk/orders.h"
#include "rk/rowstore.h"
#include "rk/util.h"
#include "rk/value.h"

#include "tap.h"

#define MAPPED (16u << 20)

/* ok N # skip: what this machine cannot show. */
#define skip(why)                                                          \
	do {                                                               \
		tap_n++;                                                   \
		printf("ok %d # skip %s\n", tap_n, why);                    \
	} while (0)

/*
 * A fresh mapping of n bytes, in pages of the base size: with
 * transparent huge pages, touching one page would map its 2 MiB.
 */
static unsigned char *
fresh(size_t n)
{
	void *m = mmap(NULL, n, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
#ifdef MADV_NOHUGEPAGE
	(void)madvise(m, n, MADV_NOHUGEPAGE);
#endif
	return m;
}

/* Whether the kernel maps ranges on request (Linux 5.14 and later). */
static int
can_populate(void)
{
	int can = 0;
#ifdef MADV_POPULATE_WRITE
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *m = fresh(page);

	can = m != NULL && madvise(m, page, MADV_POPULATE_WRITE) == 0;
	if (m != NULL)
		munmap(m, page);
#endif
	return can;
}

/* Pages of [p, p + n) resident, and how many there are. */
static size_t
resident(void *p, size_t n, size_t *npages)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), k = 0;
	size_t np = (n + page - 1) / page;
	unsigned char *vec = calloc(np, 1);

	*npages = np;
	if (vec == NULL || mincore(p, n, vec) != 0) {
		free(vec);
		return SIZE_MAX;
	}
	for (size_t i = 0; i < np; i++)
		k += vec[i] & 1;
	free(vec);
	return k;
}

/* Resident pages of the whole pages inside [lo, hi); *np their number. */
static size_t
resident_inside(const void *lo, const void *hi, size_t *np)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)lo + page - 1) & ~(page - 1);
	uintptr_t b = (uintptr_t)hi & ~(page - 1);

	if (b <= a) {
		*np = 0;
		return 0;
	}
	return resident((void *)a, b - a, np);
}

/* Whether transparent huge pages are always on (a touch maps 2 MiB). */
static int
huge_always(void)
{
	char line[200] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

	if (f != NULL) {
		if (fgets(line, sizeof(line), f) == NULL)
			line[0] = '\0';
		fclose(f);
	}
	return strstr(line, "[always]") != NULL;
}

/*
 * An array of cap bytes whose first used are written: the 4 MiB after
 * them mapped (but for the pages at either end), nothing past that.
 */
static void
check_ahead(const char *what, const char *base, size_t used, size_t cap,
    int populates)
{
	size_t ahead = 4 * (size_t)RK_POPULATE_MIN, page = 64 * 1024, np, k;

	ok(cap - used > ahead + 2 * page, "%s: %zu bytes written of %zu",
	    what, used, cap);
	if (!populates) {
		skip("no MADV_POPULATE_WRITE here");
		skip("no MADV_POPULATE_WRITE here");
		return;
	}
	k = resident_inside(base + used + page, base + used + ahead - page, &np);
	ok(np > 0 && k == np, "%s: the 4 MiB past what is written mapped "
	    "(%zu of %zu pages)", what, k, np);
	if (huge_always()) {
		skip("transparent huge pages always on");
		return;
	}
	k = resident_inside(base + used + ahead + page, base + cap, &np);
	ok(np > 0 && k == 0, "%s: none of the %zu pages past that", what, np);
}

/* The order-line table and the kept rows, filled as the tools fill them. */
static void
test_ahead(int populates)
{
	struct rk_orders orders;
	struct rk_fv v[OL_NCOLS];
	struct rk_rowstore store;
	struct rk_val cells[2];
	static char text[1000];

	/* 2^17 + 1 lines: the table has just doubled to 2^18 */
	memset(v, 0, sizeof(v));
	for (size_t c = 0; c < OL_NCOLS; c++)
		v[c].p = "";
	v[OL_ORDER_ID].p = "PO-1"; /* required: never empty */
	v[OL_ORDER_ID].n = 4;
	rk_orders_init(&orders);
	for (uint32_t i = 0; i < (1u << 17) + 1; i++)
		rk_orders_add(&orders, v, 0, 0, 0);
	check_ahead("order lines", (const char *)orders.lines,
	    orders.n * sizeof(*orders.lines),
	    orders.cap * sizeof(*orders.lines), populates);
	rk_orders_release(&orders);

	/* rows of about 2 KB up to just past 8 MiB: a 16 MiB arena */
	memset(text, 'x', sizeof(text));
	rk_val_set(&cells[0], text, sizeof(text));
	rk_val_set(&cells[1], text, sizeof(text));
	rk_rowstore_init(&store);
	while (store.len <= (8u << 20))
		rk_rowstore_add(&store, cells, 2);
	check_ahead("kept rows", store.buf, store.len, store.cap, populates);
	rk_rowstore_release(&store);
}

int
main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), np, k;
	unsigned char *m;
	int populates = can_populate();

	/* first: the process has freed no memory that could be reused */
	test_ahead(populates);

	/* --- rk_populate on a fresh mapping --- */
	m = fresh(MAPPED);
	ok(m != NULL, "a fresh %u MiB mapping", MAPPED >> 20);
	if (m == NULL)
		return done_testing();
	k = resident(m, MAPPED, &np);
	is_int(k, 0, "nothing of it resident before");
	rk_populate(m + page, RK_POPULATE_MIN - 1);
	is_int(resident(m, MAPPED, &np), 0,
	    "a range under RK_POPULATE_MIN is left alone");
	/* from the middle of a page: only whole pages inside the range */
	rk_populate(m + page / 2, 4 * (size_t)RK_POPULATE_MIN);
	k = resident(m, MAPPED, &np);
	if (populates) {
		size_t first = 1, last = (page / 2 + 4 * RK_POPULATE_MIN) / page;

		is_int(k, last - first, "4 MiB from mid-page: %zu whole pages "
		    "mapped", last - first);
		k = resident(m, page, &np);
		is_int(k, 0, "the page the range starts inside is not");
		k = resident(m + last * page, page, &np);
		is_int(k, 0, "nor the page it ends inside");
	} else {
		skip("no MADV_POPULATE_WRITE here");
		skip("no MADV_POPULATE_WRITE here");
		skip("no MADV_POPULATE_WRITE here");
	}
	k = 0;
	for (size_t i = 0; i < MAPPED; i++)
		k |= m[i];
	is_int(k, 0, "populating wrote no byte");
	munmap(m, MAPPED);

	/* --- rk_populate_ahead: how far it maps --- */
	m = fresh(MAPPED);
	if (m == NULL)
		return done_testing();
	{
		size_t done = rk_populate_ahead(m, 0, 100, MAPPED);

		is_int(done, 100 + 4 * (size_t)RK_POPULATE_MIN,
		    "first call: need plus 4 MiB");
		is_int(rk_populate_ahead(m, done, done, MAPPED), done,
		    "need within what is mapped: nothing more");
		is_int(rk_populate_ahead(m, done, done + 1, MAPPED),
		    done + 1 + 4 * (size_t)RK_POPULATE_MIN,
		    "one byte past: 4 MiB more");
		is_int(rk_populate_ahead(m, done, MAPPED - 1, MAPPED), MAPPED,
		    "never past the capacity");
		if (populates) {
			k = resident(m, MAPPED, &np);
			ok(k >= np - 2 && k <= np, "the whole capacity mapped "
			    "after the last call (%zu of %zu pages)", k, np);
		} else {
			skip("no MADV_POPULATE_WRITE here");
		}
	}
	munmap(m, MAPPED);

	/* --- growing arrays keep their contents --- */
	{
		uint32_t *a = NULL;
		size_t n = 0, cap = 0, bad = 0;

		for (uint32_t i = 0; i < 3000000; i++) {
			RK_GROW_RAW(a, n, cap);
			a[n++] = i * 7u;
		}
		for (size_t i = 0; i < n; i++)
			bad += a[i] != (uint32_t)i * 7u;
		is_int(bad, 0, "RK_GROW_RAW: 3,000,000 values kept");
		free(a);
		a = NULL;
		n = cap = 0;
		bad = 0;
		for (uint32_t i = 0; i < 3000000; i++) {
			RK_GROW_TO(a, (size_t)i + 2, cap, 0xff);
			bad += a[i + 1] != UINT32_MAX;
			a[i] = i;
		}
		for (size_t i = 0; i < 3000000; i++)
			bad += a[i] != (uint32_t)i;
		is_int(bad, 0, "RK_GROW_TO: each new element filled, each "
		    "old one kept");
		free(a);
		a = rk_xgrowarray(NULL, 0, 1u << 20, sizeof(*a));
		for (size_t i = 0; i < 1u << 20; i++)
			a[i] = (uint32_t)i;
		a = rk_xgrowarray(a, 1u << 20, 1u << 22, sizeof(*a));
		bad = 0;
		for (size_t i = 0; i < 1u << 20; i++)
			bad += a[i] != (uint32_t)i;
		is_int(bad, 0, "rk_xgrowarray: 4 MiB to 16 MiB, contents kept");
		free(a);
	}

	/* --- rk_xcalloc_lines: a cache line; from RK_HUGE_TABLE, 2 MiB --- */
	{
		size_t sizes[] = { 100 * 32, RK_HUGE_TABLE - 64, RK_HUGE_TABLE,
			RK_HUGE_TABLE + 32 };
		const char *what[] = { "3,200 bytes", "just under RK_HUGE_TABLE",
			"RK_HUGE_TABLE", "just over RK_HUGE_TABLE" };
		size_t align[] = { 64, 64, (size_t)2 << 20, (size_t)2 << 20 };

		for (size_t t = 0; t < 4; t++) {
			unsigned char *p = rk_xcalloc_lines(sizes[t] / 32, 32);
			size_t nonzero = 0;

			for (size_t i = 0; i < sizes[t]; i++)
				nonzero += p[i] != 0;
			is_int((long)((uintptr_t)p % align[t]), 0,
			    "rk_xcalloc_lines, %s: aligned to %zu", what[t],
			    align[t]);
			is_int((long)nonzero, 0, "rk_xcalloc_lines, %s: zeroed",
			    what[t]);
			memset(p, 0xff, sizes[t]);
			free(p);
		}
	}
	return done_testing();
}
