/*
 * unit_readinput.c - the reader across its 256 KiB input buffer: many
 * blocks with every kind of line end, a line end on the last byte of a
 * block, empty lines and a header line longer than the buffer; rows
 * whose bytes are all printable ASCII ("clean"); and how an input is
 * named in messages, by an option or when it cannot be opened
 * (returns-formats(5), "Input formats", "CSV" and "Delimiter").
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/reader.h"
#include "rk/util.h"

#include "tap.h"

/* A byte string with an explicit length (inputs may hold NUL or BOM). */
#define B(s) s, sizeof(s) - 1

/* Write n bytes to a new temporary file; its name goes to path[TAP_PATH]. */
static void
make_file(char *path, const char *p, size_t n)
{
	int fd;

	tap_tmpname(path, TAP_PATH, "rk-unit-reader");
	fd = mkstemp(path);
	if (fd < 0 || (n && write(fd, p, n) != (ssize_t)n)) {
		perror("temporary file");
		exit(2);
	}
	close(fd);
}

/* a row is "clean" when every byte is printable ASCII */
static void
test_clean_rows(void)
{
	struct rk_reader_opts o = { RK_FMT_CSV, ',', NULL };
	struct rk_err err = { 0, "" };
	struct rk_reader *r;
	struct rk_row row;
	char path[TAP_PATH];
	static const char in[] = "a,b\nx,y\n\xc3\xa9,y\nx,\ty\n";

	make_file(path, in, sizeof(in) - 1);
	r = rk_reader_open(path, &o, &err);
	ok(r != NULL, "open a CSV file");
	if (r) {
		is_int(rk_reader_start(r, &err), 1, "its header is read");
		is_int(rk_reader_next(r, &row, &err), 1, "row 1");
		is_int(row.clean, 1, "x,y is clean");
		is_int(rk_reader_next(r, &row, &err), 1, "row 2");
		is_int(row.clean, 0, "a row with U+00E9 is not clean");
		is_int(rk_reader_next(r, &row, &err), 1, "row 3");
		is_int(row.clean, 0, "a row with a tab is not clean");
		is_int(rk_reader_next(r, &row, &err), 0, "then the end");
		rk_reader_close(r);
	}
	unlink(path);
}

/*
 * A large input read in many blocks: line ends CRLF, CR and LF in
 * turn (so some CR LF pairs straddle a block boundary), every row on
 * its own line with its number as its value.
 */
static void
test_many_blocks(void)
{
	enum { NROWS = 200000 };
	struct rk_reader_opts o = { RK_FMT_AUTO, ',', NULL };
	struct rk_err err = { 0, "" };
	static const char *const ends[] = { "\r\n", "\r", "\n" };
	size_t cap = 32 + (size_t)NROWS * 16, n = 0;
	char *in = rk_xmalloc(cap), path[TAP_PATH];
	struct rk_reader *r;
	struct rk_row row;
	long rows = 0, badline = 0, badval = 0;
	int k;

	n += (size_t)snprintf(in + n, cap - n, "n,pad\r\n");
	for (long i = 0; i < NROWS; i++)
		n += (size_t)snprintf(in + n, cap - n, "%ld,x%s", i,
		    ends[i % 3]);
	make_file(path, in, n);
	free(in);
	r = rk_reader_open(path, &o, &err);
	is_int(rk_reader_start(r, &err), 1, "large CSV: header");
	while ((k = rk_reader_next(r, &row, &err)) > 0) {
		char want[24];

		snprintf(want, sizeof(want), "%ld", rows);
		if (row.line != (unsigned long)rows + 2)
			badline++;
		if (!rk_streq(row.v[0].p, row.v[0].n, want) ||
		    !rk_streq(row.v[1].p, row.v[1].n, "x"))
			badval++;
		rows++;
	}
	is_int(k, 0, "large CSV: ends without error");
	is_int(rows, NROWS, "large CSV: %d rows", NROWS);
	is_int(badline, 0, "large CSV: every row has its exact line");
	is_int(badval, 0, "large CSV: every row has its values");
	rk_reader_close(r);
	unlink(path);
}

/*
 * A line end at byte 262143, the last byte of the reader's first
 * 256 KiB block: a CR there is one line end whether an LF follows
 * in the next block or not.
 */
static void
test_cr_at_block_end(void)
{
	for (int lf = 0; lf <= 1; lf++) {
		enum { AT = 262143 };
		struct rk_reader_opts o = { RK_FMT_CSV, ',', NULL };
		struct rk_err err = { 0, "" };
		size_t n = 0, cap = AT + 64;
		char *in = rk_xmalloc(cap), path[TAP_PATH];
		struct rk_reader *r;
		struct rk_row row;
		size_t padn;

		memcpy(in, "n,pad\n0,", 8);
		n = 8;
		padn = AT - n;
		memset(in + n, 'x', padn);
		n += padn;
		in[n++] = '\r';
		if (lf)
			in[n++] = '\n';
		memcpy(in + n, "1,y\n2,z\n", 8);
		n += 8;
		make_file(path, in, n);
		free(in);
		r = rk_reader_open(path, &o, &err);
		is_int(rk_reader_start(r, &err), 1, "CR%s at a block end: header",
		    lf ? " LF" : "");
		is_int(rk_reader_next(r, &row, &err), 1, "... row 0");
		ok(row.line == 2 && row.v[1].n == padn, "... on line 2, %zu bytes",
		    padn);
		is_int(rk_reader_next(r, &row, &err), 1, "... row 1");
		ok(row.line == 3 && rk_streq(row.v[0].p, row.v[0].n, "1") &&
		    rk_streq(row.v[1].p, row.v[1].n, "y"), "... is 1,y on line 3");
		is_int(rk_reader_next(r, &row, &err), 1, "... row 2");
		ok(row.line == 4 && rk_streq(row.v[1].p, row.v[1].n, "z"),
		    "... is 2,z on line 4");
		is_int(rk_reader_next(r, &row, &err), 0, "... then the end");
		rk_reader_close(r);
		unlink(path);
	}
}

/*
 * Empty lines that fill more than the reader's 256 KiB buffer before
 * a ';' header (CR LF pairs straddling the block end): the header is
 * still the one judged, and every line is counted.
 */
static void
test_empty_lines_beyond_buffer(void)
{
	for (int bom = 0; bom <= 1; bom++) {
		enum { NEMPTY = 150000 };
		struct rk_reader_opts o = { RK_FMT_CSV, 0, NULL };
		struct rk_err err = { 0, "" };
		size_t n = 0, cap = 2 * NEMPTY + 64;
		char *in = rk_xmalloc(cap), path[64];
		struct rk_reader *r;
		struct rk_row row;

		if (bom) {
			memcpy(in, "\xef\xbb\xbf", 3);
			n = 3;
		} else {
			in[n++] = '\n';
		}
		for (int i = 0; i < NEMPTY; i++) {
			in[n++] = '\r';
			in[n++] = '\n';
		}
		memcpy(in + n, "a;b\n1;2\n", 8);
		n += 8;
		make_file(path, in, n);
		free(in);
		r = rk_reader_open(path, &o, &err);
		is_int(rk_reader_start(r, &err), 1, "%s300 KB of empty lines, then "
		    "a ';' header: header", bom ? "BOM, " : "");
		is_int(rk_reader_delim(r), ';', "... ';' detected");
		is_int(rk_reader_header_line(r), NEMPTY + 2 - bom,
		    "... the header on line %d", NEMPTY + 2 - bom);
		is_int(rk_reader_next(r, &row, &err), 1, "... a row");
		ok(row.line == (unsigned long)NEMPTY + 3 - (unsigned long)bom &&
		    row.nfields == 2 && rk_streq(row.v[1].p, row.v[1].n, "2"),
		    "... 1;2 on the next line");
		rk_reader_close(r);
		unlink(path);
	}
}

/*
 * A header line longer than the 256 KiB buffer is judged by the part
 * the buffer holds: here one ',' in it, four ';' beyond it.
 */
static void
test_long_header_line(void)
{
	enum { NAME = 300000 };
	struct rk_reader_opts o = { RK_FMT_AUTO, 0, NULL };
	struct rk_err err = { 0, "" };
	size_t n = 0, cap = NAME + 64;
	char *in = rk_xmalloc(cap), path[64];
	struct rk_reader *r;
	struct rk_row row;

	memcpy(in, "a,", 2);
	n = 2;
	memset(in + n, 'x', NAME);
	n += NAME;
	memcpy(in + n, ";;;;\n1,2\n", 9);
	n += 9;
	make_file(path, in, n);
	free(in);
	r = rk_reader_open(path, &o, &err);
	is_int(rk_reader_start(r, &err), 1, "a 300 KB header line: header");
	is_int(rk_reader_delim(r), ',', "... judged by its first 256 KiB: ','");
	is_int(rk_reader_ncols(r), 2, "... two columns");
	is_int(rk_reader_next(r, &row, &err), 1, "... a row");
	ok(row.nfields == 2, "... of two fields");
	rk_reader_close(r);
	unlink(path);
}

/*
 * An input named by an option: its messages name the option, its
 * name (reject_file) stays the file's.
 */
static void
test_named_by_option(void)
{
	struct rk_reader_opts o = { RK_FMT_AUTO, 0, "--orders" };
	struct rk_err err = { 0, "" };
	struct rk_reader *r;
	struct rk_row row;
	char path[64], want[200];

	make_file(path, B("a,b\n1,\"2\n"));
	r = rk_reader_open(path, &o, &err);
	is_str(rk_reader_name(r), path, "--orders: the name is the file's");
	snprintf(want, sizeof(want), "--orders %s", path);
	is_str(rk_reader_where(r), want, "--orders: messages say '%s'",
	    "--orders FILE");
	is_int(rk_reader_start(r, &err), 1, "--orders: header");
	is_int(rk_reader_next(r, &row, &err), -1, "--orders: broken row");
	snprintf(want, sizeof(want), "--orders %s:2:3: unterminated quoted "
	    "field", path);
	is_str(err.msg, want, "--orders: message with the option");
	rk_reader_close(r);
	unlink(path);

	make_file(path, B("{\"a\":1}\n{\"a\":\n"));
	o.option = "--retailers";
	r = rk_reader_open(path, &o, &err);
	rk_reader_start(r, &err);
	rk_reader_next(r, &row, &err);
	is_int(rk_reader_next(r, &row, &err), -1, "--retailers: broken JSON");
	snprintf(want, sizeof(want), "--retailers %s:2:1: truncated JSON: "
	    "the object started here is not closed", path);
	is_str(err.msg, want, "--retailers: JSON message with the option");
	rk_reader_close(r);
	unlink(path);

	o.option = "--orders";
	r = rk_reader_open("/nonexistent/rk/x.csv", &o, &err);
	ok(r == NULL, "--orders: a missing file does not open");
	is_int(err.status, 66, "... status 66");
	is_str(err.msg, "--orders '/nonexistent/rk/x.csv': cannot open: No "
	    "such file or directory", "... message with the option");
	r = rk_reader_open("/", &o, &err);
	ok(r == NULL, "--orders: a directory does not open");
	is_str(err.msg, "--orders '/': cannot open: Is a directory",
	    "... message with the option");
}

/* a file that cannot be opened is 66 */
static void
test_cannot_open(void)
{
	struct rk_reader_opts o = { RK_FMT_AUTO, ',', NULL };
	struct rk_err err = { 0, "" };
	struct rk_reader *r = rk_reader_open("/nonexistent/rk/x.csv", &o,
	    &err);

	ok(r == NULL, "a missing file does not open");
	is_int(err.status, 66, "... status 66");
	is_str(err.msg, "cannot open '/nonexistent/rk/x.csv': No such file "
	    "or directory", "... message");
	rk_reader_close(r);
}

int
main(void)
{
	test_clean_rows();
	test_many_blocks();
	test_cr_at_block_end();
	test_empty_lines_beyond_buffer();
	test_long_header_line();
	test_named_by_option();
	test_cannot_open();
	return done_testing();
}
