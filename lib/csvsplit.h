/*
 * csvsplit.h - where a chunk of a CSV file ends, for the parallel reader
 * (csvpar.h).
 *
 * A chunk starts at a record boundary: outside quotes, at the start of a
 * line.  It ends just past the first line end outside quotes at or after
 * the size it is meant to have, so it ends at a record boundary too:
 * RFC 4180 quoted fields may hold line ends, but every '"' toggles
 * "inside quotes" (a doubled quote toggles twice), so the quotes before
 * a line end say whether it ends a record.  That holds until the first
 * structural error (a quote inside an unquoted field, text after a
 * closing quote), which the chunk that holds it reports; what is cut
 * after it is never used.  A line end is an LF, a CR LF pair or a CR
 * alone, as the reader counts lines; a chunk never ends between a CR and
 * its LF.
 *
 * The bytes up to the size meant are counted in 16-byte vectors (the
 * quotes for the parity, LF and CR for the lines), the rest one by one.
 * tests/unit/unit_csvsplit.c checks the cuts against a plain byte-by-byte
 * reading of the same text.
 */
#ifndef RK_CSVSPLIT_H
#define RK_CSVSPLIT_H

#include <stddef.h>

struct rk_csv_cut {
	size_t at;              /* the chunk is bytes [0, at) */
	unsigned long lines;    /* line ends in them */
	/* how far the scan came, for a call with more bytes */
	int counted;            /* bytes [0, want) are counted */
	size_t scanned;         /* bytes [0, scanned) are */
	int inq;                /* inside quotes at scanned */
	unsigned long lf, cr;   /* LF and CR bytes in [0, scanned) */
};

/* Bytes '"', LF and CR in p[0..n). */
struct rk_csv_counts {
	unsigned long quotes, lf, cr;
};

void rk_csv_count(const char *p, size_t n, struct rk_csv_counts *c);

/* CR LF pairs in p[0..n). */
unsigned long rk_csv_crlf(const char *p, size_t n);

void rk_csv_cut_init(struct rk_csv_cut *cut);

/*
 * p[0..len) are the first bytes of a chunk that starts at a record
 * boundary; eof: nothing follows them.  Find where the chunk ends: just
 * past the first line end outside quotes that ends at or after want.
 * 1: found, cut->at and cut->lines set.  0: more bytes are needed; call
 * again with more of them (the same ones first, cut kept).  When the
 * input ends with no such line end, the chunk holds the rest: at = len.
 */
int rk_csv_cut(const char *p, size_t len, size_t want, int eof,
    struct rk_csv_cut *cut);

#endif
