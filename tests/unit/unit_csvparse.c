/*
 * unit_csvparse.c - the CSV line feeder (lib/csvparse.c): the fields and
 * records it puts into a batch, and rk_csv_clean() on them.  An unquoted
 * field is kept where the line it is on was laid into the batch, a
 * quoted one (and any after it on its line) copied from libcsv's buffer:
 * each case mixes the two, and is fed whole, then cut in two at every
 * byte, the unused part moved to the front of the buffer between the two
 * feeds as the reader does, so that no field can point into the input
 * buffer, and a line can be cut anywhere (a CR at a cut is held back).
 */
#include <string.h>

#include "rk/util.h"

#include "csvread.h"
#include "tap.h"

struct parse_case {
	const char *name;
	char delim;
	const char *in;
	const char *want;   /* "LINE:f|f|.../LINE:..." */
};

static const struct parse_case cases[] = {
	{ "unquoted", ',', "a,b,c\n1,22,333\n", "1:a|b|c/2:1|22|333" },
	{ "quoted fields, doubled quotes, empty ones", ',',
	  "x,\"q,1\",y\n\"\",,\"a\"\"b\"\n", "1:x|q,1|y/2:||a\"b" },
	{ "a quoted line end", ',', "a,\"line1\nline2\",b\nc,d,e\n",
	  "1:a|line1\nline2|b/3:c|d|e" },
	{ "CR LF", ',', "a,b\r\nc,d\r\n", "1:a|b/2:c|d" },
	{ "bare CR", ',', "a,b\rc,,\r", "1:a|b/2:c||" },
	{ "empty fields only", ',', ",,\n,\n", "1:||/2:|" },
	{ "no line end at the end", ',', "a,b\nc,d", "1:a|b/2:c|d" },
	{ "an empty last field, no line end", ',', "a,b\nc,", "1:a|b/2:c|" },
	{ "blank lines between", ',', "a,b\n\n\r\nc,d\n", "1:a|b/4:c|d" },
	{ "long fields", ',',
	  "0123456789abcdefghij,\"0123456789abcdefghij,klm\",z\n",
	  "1:0123456789abcdefghij|0123456789abcdefghij,klm|z" },
	{ "a quoted field first, then unquoted ones", ',',
	  "\"a\",b,c\nd,\"e\",f\n", "1:a|b|c/2:d|e|f" },
	{ "tab delimiter", '\t', "a\tb\n\"x\ty\"\tz\n", "1:a|b/2:x\ty|z" },
	{ "semicolon, commas as data", ';', "a,1;b\n", "1:a,1|b" },
	{ "control and UTF-8 bytes", ',', "a\001b,c\n\xc3\xa9,d\n",
	  "1:a\001b|c/2:\xc3\xa9|d" },
};

/* Every byte of every field of record rc printable ASCII. */
static int
fields_printable(const struct rk_csv_batch *b, const struct rk_csv_record *rc)
{
	for (size_t i = 0; i < rc->nf; i++) {
		const struct rk_csv_field *f = &b->fld[rc->first + i];

		for (size_t j = 0; j < f->len; j++) {
			unsigned char ch = (unsigned char)b->arena[f->off + j];

			if (ch < 0x20 || ch > 0x7e)
				return 0;
		}
	}
	return 1;
}

/* The batch's records as "LINE:f|f/..."; *clean_ok: rk_csv_clean agrees. */
static void
render(const struct rk_csv_batch *b, char *out, size_t cap, int *clean_ok)
{
	size_t n = 0;

	*clean_ok = 1;
	out[0] = '\0';
	for (size_t r = 0; r < b->nrec; r++) {
		const struct rk_csv_record *rc = &b->rec[r];

		n += (size_t)snprintf(out + n, cap - n, "%s%lu:", r ? "/" : "",
		    rc->line);
		for (size_t i = 0; i < rc->nf; i++) {
			const struct rk_csv_field *f = &b->fld[rc->first + i];

			n += (size_t)snprintf(out + n, cap - n, "%s%.*s",
			    i ? "|" : "", (int)f->len, b->arena + f->off);
		}
		if (rk_csv_clean(b, rc) != fields_printable(b, rc))
			*clean_ok = 0;
	}
}

/* Feed c->in cut at byte k (k == n: whole, then the end); 0 or -1. */
static int
parse_cut(const struct parse_case *c, size_t k, char *out, size_t cap,
    int *clean_ok)
{
	struct rk_csv_batch *b = rk_xcalloc(1, sizeof(*b));
	struct rk_csv_lines p;
	struct rk_err err;
	size_t n = strlen(c->in), len, pos = 0;
	char buf[256];
	int rc = 0;

	rk_csv_lines_init(&p, "t.csv", c->delim, 1, b);
	memcpy(buf, c->in, k);
	len = k;
	if (rk_csv_feed(&p, buf, len, 0, 0, &pos, &err))
		rc = -1;
	memmove(buf, buf + pos, len - pos);
	len -= pos;
	pos = 0;
	memset(buf + len, 'Z', sizeof(buf) - len); /* no stale bytes */
	memcpy(buf + len, c->in + k, n - k);
	len += n - k;
	if (rc == 0 && (rk_csv_feed(&p, buf, len, 1, 0, &pos, &err) ||
	    rk_csv_finish(&p, &err)))
		rc = -1;
	memset(buf, 'Z', sizeof(buf));
	render(b, out, cap, clean_ok);
	rk_csv_lines_free(&p);
	rk_csv_batch_free(b);
	return rc;
}

int
main(void)
{
	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		const struct parse_case *c = &cases[i];
		size_t n = strlen(c->in);
		char got[512];
		int clean_ok, rc, cuts_ok = 1, cuts_clean = 1;

		rc = parse_cut(c, n, got, sizeof(got), &clean_ok);
		is_int(rc, 0, "%s: parsed", c->name);
		is_str(got, c->want, "%s: fields and lines", c->name);
		ok(clean_ok, "%s: rk_csv_clean is what the fields' bytes say",
		    c->name);
		for (size_t k = 0; k < n; k++) {
			rc = parse_cut(c, k, got, sizeof(got), &clean_ok);
			if (rc != 0 || strcmp(got, c->want) != 0) {
				if (cuts_ok)
					printf("# cut at %zu: got '%s'\n", k, got);
				cuts_ok = 0;
			}
			if (!clean_ok)
				cuts_clean = 0;
		}
		ok(cuts_ok, "%s: the same cut at every byte", c->name);
		ok(cuts_clean, "%s: ... and rk_csv_clean too", c->name);
	}
	return done_testing();
}
