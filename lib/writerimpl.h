/*
 * writerimpl.h - the writer's insides, shared by its files; rk/writer.h
 * is the API.
 *
 *	writer.c     the writer: its columns, its output buffer, and the
 *	             table of output formats with its lookup by name (-o)
 *	csvwrite.c   CSV: RFC 4180 quoting, --delimiter, --crlf,
 *	             --decimal-comma
 *	jsonwrite.c  JSON Lines and the JSON array, with the JSON types of
 *	             the columns
 *	writepar.c   rows formatted on several threads, written in order
 *
 * An output format is an entry of functions (struct rk_out_format).  A
 * new format is one more entry in the table of writer.c, a name in enum
 * rk_ofmt, and its functions in a file of its own.  A document format
 * (ubl) is an entry with a name and no functions: the tool that takes it
 * writes its documents itself, and no writer is made for it.
 */
#ifndef RK_WRITERIMPL_H
#define RK_WRITERIMPL_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rk/value.h"
#include "rk/writer.h"

#define RK_WBUF (64u << 10)

struct rk_out_format {
	const char *name;         /* as -o names it */
	/* The columns are set (w->names, w->types); NULL: nothing to write. */
	void (*header)(struct rk_writer *w);
	/* One row, a cell per column. */
	void (*row)(struct rk_writer *w, const struct rk_val *cells);
	/* After the last row; NULL: nothing to write. */
	void (*end)(struct rk_writer *w);
	/* A row's text depends on the rows before it (a separator). */
	int joined;
};

extern const struct rk_out_format rk_out_csv;   /* csvwrite.c */
extern const struct rk_out_format rk_out_jsonl; /* jsonwrite.c */
extern const struct rk_out_format rk_out_json;  /* jsonwrite.c */

struct rk_writer {
	FILE *fp;                 /* NULL: the text is kept in mem */
	char *mem;
	size_t mlen, mcap;
	struct rk_writer_opts o;  /* o.delim is never 0 */
	const struct rk_out_format *format;
	char **names;
	size_t *lens;
	enum rk_ctype *types;
	size_t n;                 /* columns */
	unsigned long rows;       /* written so far */
	int ended;
	int err;                  /* errno of the first write error */
	unsigned char quote_if[256]; /* CSV: bytes that make a field quoted */
	size_t blen;
	char buf[RK_WBUF];
};

/* Hand the buffer to stdio (or to mem). */
void rk_writer_flush(struct rk_writer *w);
/* n bytes past the buffer, which is empty: to stdio (or to mem). */
void rk_writer_spill(struct rk_writer *w, const char *p, size_t n);

static inline void
rk_writer_put(struct rk_writer *w, const char *p, size_t n)
{
	if (w->blen + n > RK_WBUF) {
		rk_writer_flush(w);
		if (n > RK_WBUF) {
			rk_writer_spill(w, p, n);
			return;
		}
	}
	memcpy(w->buf + w->blen, p, n);
	w->blen += n;
}

static inline void
rk_writer_putch(struct rk_writer *w, char c)
{
	if (w->blen == RK_WBUF)
		rk_writer_flush(w);
	w->buf[w->blen++] = c;
}

/*
 * A decimal (money, percent) with the output's separator sep, whichever
 * one it was read with.  Returns c, or a copy in tmp and buf (cap bytes).
 */
const struct rk_val *rk_writer_decimal(const struct rk_val *c, char sep,
    struct rk_val *tmp, char *buf, size_t cap);

#endif
