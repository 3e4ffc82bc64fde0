/*
 * unit_csvsplit.c - where the parallel CSV reader cuts a file into chunks
 * (lib/csvsplit.h), against a plain byte-by-byte reading of the same
 * text: quoted fields holding line ends and doubled quotes, CR LF pairs
 * across the size meant, the quote parity carried over many chunks, a
 * byte-order mark, empty lines, no line end at the end, an unterminated
 * quote; the same cuts when the bytes come a few at a time; and the
 * vector counts against a loop at every length and alignment.
 */
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "tap.h"

#define B(s) s, sizeof(s) - 1

/*
 * The reference: is[i] is 1 when a chunk may end at i (just past a line
 * end outside quotes, not between a CR and its LF), and lines[i] the
 * line ends in p[0..i).
 */
static void
reference(const char *p, size_t n, char *is, unsigned long *lines)
{
	int inq = 0;

	memset(is, 0, n + 1);
	lines[0] = 0;
	for (size_t i = 0; i < n; i++) {
		int end = p[i] == '\n' || (p[i] == '\r' &&
		    (i + 1 == n || p[i + 1] != '\n'));

		if (p[i] == '"')
			inq = !inq;
		lines[i + 1] = lines[i] + (unsigned long)end;
		if (end && !inq)
			is[i + 1] = 1;
	}
	is[n] = 1; /* the input's end ends the last chunk */
}

/* The cut the reference makes for a chunk from 0 meant to be want long. */
static size_t
reference_cut(const char *is, size_t n, size_t want)
{
	size_t at;

	/* the first line end at or after want ends at want + 1 or later */
	for (at = want + 1; at < n && !is[at]; at++)
		;
	return at < n ? at : n;
}

/*
 * Cut text into chunks of want bytes from each boundary found, one call
 * per chunk (whole) or a byte at a time (dribble), and compare every cut
 * and its line count with the reference.  Returns the chunks made, or 0
 * on a difference.
 */
static size_t
cut_all(const char *p, size_t n, size_t want, int dribble)
{
	char *is = malloc(n + 1);
	unsigned long *lines = malloc((n + 1) * sizeof(*lines));
	size_t at = 0, chunks = 0;

	reference(p, n, is, lines);
	while (at < n) {
		struct rk_csv_cut cut;
		size_t len = dribble ? 0 : n - at, wantcut;
		int found;

		rk_csv_cut_init(&cut);
		do {
			if (dribble)
				len++;
			found = rk_csv_cut(p + at, len, want, at + len == n, &cut);
		} while (!found && dribble && at + len < n);
		wantcut = reference_cut(is + at, n - at, want);
		if (!found || cut.at != wantcut ||
		    cut.lines != lines[at + cut.at] - lines[at] ||
		    !is[at + cut.at]) {
			printf("# want %zu from %zu: cut %zu (want %zu) lines %lu "
			    "(want %lu)\n", want, at, cut.at, wantcut, cut.lines,
			    lines[at + wantcut] - lines[at]);
			chunks = 0;
			break;
		}
		at += cut.at;
		chunks++;
	}
	free(is);
	free(lines);
	return chunks;
}

struct split_case {
	const char *name;
	const char *in;
	size_t n;
};

static const struct split_case cases[] = {
	{ "plain lines", B("a,b\n1,2\n3,4\n5,6\n") },
	{ "quoted line ends", B("a,b\n\"x\ny\",1\n\"\n\n\",2\nz,3\n") },
	{ "doubled quotes", B("a\n\"x\"\"\ny\"\n\"\"\"\"\nb\n\"\"\n") },
	{ "CR LF lines", B("a,b\r\n1,2\r\n\"q\r\nq\",3\r\n4,5\r\n") },
	{ "bare CRs", B("a\r1\r\"x\ry\"\r2\r\r3\r") },
	{ "mixed line ends", B("a\r\n1\r2\n3\r\r\n\"\r\n\"\n4") },
	{ "empty lines", B("\n\n\r\n\ra,b\n\n\n1,2\n\r\n\r\n") },
	{ "a byte-order mark", B("\xef\xbb\xbf" "a,b\n1,\"\xef\xbb\xbf\n\"\n") },
	{ "no line end at the end", B("a,b\n1,2\n3,\"4\n5\"") },
	{ "an unterminated quote", B("a,b\n1,2\n\"3,4\n5,6\n7,8\n") },
	{ "quote then line ends only", B("\"\n\n\n\"\n\n\n") },
	{ "nothing but line ends", B("\n\r\n\r\n\n") },
};

static void
test_cases(void)
{
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct split_case *k = &cases[c];
		size_t bad = 0, dbad = 0;

		for (size_t want = 0; want <= k->n + 1; want++) {
			if (cut_all(k->in, k->n, want, 0) == 0)
				bad++;
			if (cut_all(k->in, k->n, want, 1) == 0)
				dbad++;
		}
		ok(bad == 0, "%s: every cut at every size", k->name);
		ok(dbad == 0, "%s: the same cuts, a byte at a time", k->name);
	}
}

/*
 * A large text of quoted fields with line ends and commas, CR LF and LF
 * lines, empty lines: cut at many sizes, the parity carried over many
 * chunks (sizes below and above a vector's 16 bytes and 255 vectors).
 */
static void
test_many_chunks(void)
{
	enum { N = 200000 };
	char *p = malloc(N + 64);
	size_t n = 0, total = 0, bad = 0;
	unsigned seed = 7;

	while (n < N) {
		seed = seed * 1103515245u + 12345u;
		switch ((seed >> 16) % 7) {
		case 0: memcpy(p + n, "\"a\nb,\"\"c\"\"\",1\n", 15); n += 15; break;
		case 1: memcpy(p + n, "x,y\r\n", 5); n += 5; break;
		case 2: memcpy(p + n, "\n", 1); n += 1; break;
		case 3: memcpy(p + n, "\"\r\n\r\n\",\"\"\r\n", 12); n += 12; break;
		case 4: memcpy(p + n, "long,field,with,commas,only\n", 28); n += 28; break;
		case 5: memcpy(p + n, "q\r", 2); n += 2; break;
		default: memcpy(p + n, "\"\"\"\"\n", 5); n += 5; break;
		}
	}
	for (size_t want = 1; want < 9000; want = want * 3 + 1) {
		size_t chunks = cut_all(p, n, want, 0);

		if (chunks == 0)
			bad++;
		total += chunks;
	}
	ok(bad == 0, "a 200 kB text: every cut at sizes 1 to 9000 (%zu chunks)",
	    total);
	free(p);
}

/* The vector counts against a loop, at every length and alignment. */
static void
test_counts(void)
{
	static const char alphabet[] = "\"\r\na,";
	char buf[5000];
	size_t bad = 0;
	unsigned seed = 1;

	for (size_t i = 0; i < sizeof(buf); i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = alphabet[(seed >> 16) % 5];
	}
	for (size_t off = 0; off < 17; off++)
		for (size_t n = 0; off + n <= sizeof(buf); n += n < 40 ? 1 : 97) {
			struct rk_csv_counts c;
			unsigned long q = 0, lf = 0, cr = 0, crlf = 0;

			for (size_t i = off; i < off + n; i++) {
				q += buf[i] == '"';
				lf += buf[i] == '\n';
				cr += buf[i] == '\r';
				crlf += buf[i] == '\r' && i + 1 < off + n &&
				    buf[i + 1] == '\n';
			}
			rk_csv_count(buf + off, n, &c);
			if (c.quotes != q || c.lf != lf || c.cr != cr ||
			    rk_csv_crlf(buf + off, n) != crlf)
				bad++;
		}
	ok(bad == 0, "quotes, LF, CR and CR LF counted at every length");
}

int
main(void)
{
	test_cases();
	test_many_chunks();
	test_counts();
	return done_testing();
}
