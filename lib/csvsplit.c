/*
 * csvsplit.c - where a chunk of a CSV file ends: quote parity and line
 * ends (csvsplit.h).
 */
#include <string.h>

#include "csvsplit.h"

/* Sixteen bytes compared at once (GCC and Clang vector extensions). */
typedef unsigned char u8x16 __attribute__((vector_size(16)));

void
rk_csv_count(const char *p, size_t n, struct rk_csv_counts *c)
{
	const u8x16 quote = (u8x16){ 0 } + (unsigned char)'"';
	const u8x16 lf = (u8x16){ 0 } + (unsigned char)'\n';
	const u8x16 cr = (u8x16){ 0 } + (unsigned char)'\r';
	size_t i = 0;

	c->quotes = c->lf = c->cr = 0;
	while (i + 16 <= n) {
		u8x16 nq = { 0 }, nl = { 0 }, nc = { 0 }, v;

		/* a lane counts to 255 at most: add them up before that */
		for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			memcpy(&v, p + i, 16);
			nq -= (u8x16)(v == quote);
			nl -= (u8x16)(v == lf);
			nc -= (u8x16)(v == cr);
		}
		for (int l = 0; l < 16; l++) {
			c->quotes += nq[l];
			c->lf += nl[l];
			c->cr += nc[l];
		}
	}
	for (; i < n; i++) {
		c->quotes += p[i] == '"';
		c->lf += p[i] == '\n';
		c->cr += p[i] == '\r';
	}
}

unsigned long
rk_csv_crlf(const char *p, size_t n)
{
	const char *end = p + n, *cr;
	unsigned long pairs = 0;

	while ((cr = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if (cr + 1 < end && cr[1] == '\n')
			pairs++;
		p = cr + 1;
	}
	return pairs;
}

void
rk_csv_cut_init(struct rk_csv_cut *cut)
{
	memset(cut, 0, sizeof(*cut));
}

/* The chunk is p[0..at): its line ends. */
static int
cut_at(const char *p, size_t at, struct rk_csv_cut *cut)
{
	cut->at = at;
	cut->lines = cut->lf + cut->cr;
	if (cut->cr)
		cut->lines -= rk_csv_crlf(p, at);
	return 1;
}

int
rk_csv_cut(const char *p, size_t len, size_t want, int eof,
    struct rk_csv_cut *cut)
{
	size_t i;

	if (!cut->counted) {
		struct rk_csv_counts c;

		if (len < want && !eof)
			return 0;
		if (want > len)
			want = len;
		rk_csv_count(p, want, &c);
		cut->counted = 1;
		cut->scanned = want;
		cut->inq = c.quotes & 1;
		cut->lf = c.lf;
		cut->cr = c.cr;
	}
	for (i = cut->scanned; i < len; i++) {
		char ch = p[i];

		if (ch == '"') {
			cut->inq = !cut->inq;
		} else if (ch == '\n') {
			cut->lf++;
			if (!cut->inq)
				return cut_at(p, i + 1, cut);
		} else if (ch == '\r') {
			if (i + 1 == len && !eof)
				break; /* an LF may follow: it would belong here */
			cut->cr++;
			if (!cut->inq) {
				if (i + 1 < len && p[i + 1] == '\n') {
					cut->lf++;
					i++;
				}
				return cut_at(p, i + 1, cut);
			}
		}
	}
	cut->scanned = i;
	if (eof)
		return cut_at(p, len, cut);
	return 0;
}
