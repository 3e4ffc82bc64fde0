#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rk/diag.h"
#include "rk/util.h"

static void
oom(void)
{
	rk_warnx("out of memory");
	exit(RK_EX_SOFTWARE);
}

void *
rk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	rk_populate(p, n);
	return p;
}

void *
rk_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom();
	rk_populate(p, nmemb * size);
	return p;
}

/*
 * A table of RK_HUGE_TABLE bytes or more is probed at random, a page
 * apart at every probe: with 4 KiB pages nearly each probe misses the
 * TLB too, and on a virtual machine its walk costs more than the cache
 * miss.  Such a table is laid on 2 MiB pages where the kernel has them
 * (MADV_HUGEPAGE; transparent huge pages in "madvise" or "always" mode),
 * asked for before its pages are first touched.
 */
#define HUGE_PAGE ((size_t)2 << 20)

void *
rk_xcalloc_lines(size_t nmemb, size_t size)
{
	size_t align = 64, n;
	void *p;

	if (size && (nmemb > SIZE_MAX / size ||
	    nmemb * size > SIZE_MAX - HUGE_PAGE))
		oom();
	n = (nmemb * size + 63) / 64 * 64;
	if (n >= RK_HUGE_TABLE) {
		align = HUGE_PAGE;
		n = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	}
	p = aligned_alloc(align, n ? n : 64);
	if (p == NULL)
		oom();
#ifdef MADV_HUGEPAGE
	if (align == HUGE_PAGE)
		(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	rk_populate(p, n);
	memset(p, 0, n);
	return p;
}

void *
rk_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
rk_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom();
	return rk_xrealloc(p, nmemb * size);
}

char *
rk_xstrdup(const char *s)
{
	return rk_xstrndup(s, strlen(s));
}

char *
rk_xstrndup(const char *s, size_t n)
{
	char *p = rk_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
rk_memeq(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

int
rk_streq(const char *a, size_t an, const char *s)
{
	return rk_memeq(a, an, s, strlen(s));
}

int
rk_memcmp2(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n ? memcmp(a, b, n) : 0;

	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

size_t
rk_utoa(uint64_t v, char *out)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

size_t
rk_grow_cap(size_t cap, size_t need)
{
	size_t n = cap < 8 ? 16 : 2 * cap;

	return n < need ? need : n;
}

size_t
rk_edit_distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t row[65], prev, tmp;

	if (bn > 64)
		bn = 64;
	for (size_t j = 0; j <= bn; j++)
		row[j] = j;
	for (size_t i = 1; i <= an; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[bn];
}

void *
rk_xgrowarray(void *p, size_t nold, size_t nmemb, size_t size)
{
	p = rk_xreallocarray(p, nmemb, size);
	if (nmemb > nold)
		rk_populate((char *)p + nold * size, (nmemb - nold) * size);
	return p;
}

/*
 * On the virtual machines these tools run on, a page's first touch
 * costs about 10 microseconds, half of it the exception itself: the
 * order lines of a large run fault 250,000 times.  MADV_POPULATE_WRITE
 * (Linux 5.14) maps a range's pages in one call; where it is missing
 * the pages fault as before.
 */
void
rk_populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	long ps;
	uintptr_t page, a, b;

	if (n < RK_POPULATE_MIN)
		return;
	/* asked each time: any thread may come here, and it is cheap */
	ps = sysconf(_SC_PAGESIZE);
	page = ps > 0 ? (uintptr_t)ps : 4096;
	a = ((uintptr_t)p + page - 1) & ~(page - 1);
	b = ((uintptr_t)p + n) & ~(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

size_t
rk_populate_ahead(void *base, size_t done, size_t need, size_t cap)
{
	size_t to;

	if (need <= done)
		return done;
	to = need + 4 * (size_t)RK_POPULATE_MIN;
	if (to > cap)
		to = cap;
	if (to > done)
		rk_populate((char *)base + done, to - done);
	return to;
}
