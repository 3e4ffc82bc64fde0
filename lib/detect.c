/*
 * detect.c - what an input is, judged from its first bytes: the format
 * (returns-formats(5), "Input formats") and the delimiter of a CSV input
 * (returns-formats(5), "Delimiter").  Both read into the input buffer
 * and look at it without taking anything from it, except a buffer that
 * holds nothing but blanks (the format) or empty lines (the delimiter):
 * that is dropped, its lines counted, to make room to read on.
 */
#include <string.h>

#include "rk/reader.h"

#include "readerimpl.h"

/*
 * The first byte that is not a space, tab, CR or LF decides: '{' is JSON
 * Lines, '[' a JSON array, anything else (or nothing) CSV.  A buffer
 * full of blanks is dropped, its LFs counted, and the next one read.
 */
int
rk_detect_format(struct rk_reader *r, struct rk_err *err)
{
	size_t i;

	for (;;) {
		for (i = r->ipos; i < r->ilen; i++)
			if (!rk_blank(r->ib[i]))
				break;
		if (i < r->ilen || r->ieof)
			break;
		/* all blank so far: read on (keeps the blank bytes) */
		if (r->ilen == RK_IBUF_SIZE) {
			for (i = r->ipos; i < r->ilen; i++)
				if (r->ib[i] == '\n')
					r->line++;
			r->ipos = r->ilen;
		}
		if (rk_input_fill(r, NULL, err) < 0)
			return -1;
	}
	if (i < r->ilen && r->ib[i] == '{')
		r->fmt = RK_FMT_JSONL;
	else if (i < r->ilen && r->ib[i] == '[')
		r->fmt = RK_FMT_JSON;
	else
		r->fmt = RK_FMT_CSV;
	return 0;
}

/*
 * Drop the empty lines that fill the whole buffer before a header,
 * counting them as the CSV feeder would (LF, CR LF, or a bare CR each end
 * one).  A CR at the very end stays: an LF may follow it.
 */
static void
drop_empty_lines(struct rk_reader *r)
{
	size_t i = r->ipos;

	while (i < r->ilen) {
		if (r->ib[i] == '\r') {
			if (i + 1 == r->ilen)
				break;
			if (r->ib[i + 1] == '\n')
				i++;
		}
		i++;
		r->line++;
	}
	r->ipos = i;
}

/*
 * Of ',' ';' TAB '|', the one the header line holds most often outside
 * quotes, ties going to the earlier; none of them means ','.  The header
 * line is the first record after empty lines: it ends at a CR or LF
 * outside quotes, and every '"' toggles "inside quotes" (a doubled quote
 * toggles twice).  The buffer is read on while that line is incomplete;
 * a header line longer than the buffer (RK_IBUF_SIZE) is judged by the
 * part of it the buffer holds.
 */
int
rk_detect_delim(struct rk_reader *r, struct rk_err *err)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	unsigned long count[sizeof(cand)] = { 0 };
	size_t off = 0, best = 0;
	int inq = 0, in_line = 0;

	for (;;) {
		for (; r->ipos + off < r->ilen; off++) {
			char c = r->ib[r->ipos + off];

			if (!in_line) {
				if (c == '\r' || c == '\n')
					continue;
				in_line = 1;
			}
			if (c == '"') {
				inq = !inq;
			} else if (!inq) {
				if (c == '\r' || c == '\n')
					goto found;
				for (size_t k = 0; k < sizeof(cand); k++)
					if (c == cand[k])
						count[k]++;
			}
		}
		if (r->ieof)
			break;
		if (r->ilen - r->ipos == RK_IBUF_SIZE) {
			if (in_line)
				break;
			drop_empty_lines(r);
			off = r->ilen - r->ipos;
		}
		if (rk_input_fill(r, NULL, err) < 0)
			return -1;
	}
found:
	for (size_t k = 1; k < sizeof(cand); k++)
		if (count[k] > count[best])
			best = k;
	r->delim = cand[best]; /* no candidate at all: count[0] is 0, so ',' */
	return 0;
}
