/*
 * unit_rejects.c - rejected rows (returns-formats(5), MALFORMED ROWS and
 * REJECTS FILE): the header (the primary input's columns, the other rows'
 * columns in order of first appearance, then reject_file, reject_line,
 * reject_code, reject_reason), the rows (primary input in input order
 * however late a row was found bad, then --orders, --retailers,
 * --approve), extra fields as column_N, CSV quoting, --delimiter and
 * --crlf, a write error, and the messages on stderr without a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/rejects.h"
#include "rk/util.h"

#include "tap.h"

static char dir[TAP_PATH], path[TAP_PATH + 16];

#define REJECT_COLS "reject_file,reject_line,reject_code,reject_reason"

/* Cells of add_cells: text, JSON number, null, absent. */
#define S(s) { s, sizeof(s) - 1, RK_V_STR }
#define NUM(s) { s, sizeof(s) - 1, RK_V_NUM }
#define NUL { "", 0, RK_V_NULL }
#define ABS { "", 0, RK_V_ABSENT }

/* A rejects file written to memory. */
struct spooled {
	char *buf;
	size_t len;
	FILE *fp;
	struct rk_rejects *rj;
};

static struct rk_rejects *
open_rejects(struct spooled *s, char delim, int crlf)
{
	struct rk_rejects_opts o = { NULL, "rejects.csv", delim, crlf };

	s->buf = NULL;
	s->len = 0;
	s->fp = o.fp = open_memstream(&s->buf, &s->len);
	s->rj = rk_rejects_open(&o);
	return s->rj;
}

/* Finish; the file's bytes, or "(error: MESSAGE)".  Frees the rejects. */
static const char *
finish(struct spooled *s, char *out, size_t cap)
{
	struct rk_err err;

	if (rk_rejects_finish(s->rj, &err))
		snprintf(out, cap, "(error: %s)", err.msg);
	else {
		fflush(s->fp);
		snprintf(out, cap, "%.*s", (int)s->len, s->buf);
	}
	rk_rejects_free(s->rj);
	fclose(s->fp);
	free(s->buf);
	return out;
}

/* Add a row of cells; names and vals are arrays of the same length. */
#define ADD(rj, src, ord, file, line, names, vals, code, msg)                \
	rk_rejects_add_cells(rj, src, ord, file, line, names, vals,          \
	    RK_ARRAY_LEN(names), code, msg)

/* A started reader of text, named DIR/NAME (the file is gone already). */
static struct rk_reader *
reader_of(const char *name, const char *text)
{
	struct rk_reader_opts ro = { RK_FMT_AUTO, 0, NULL };
	struct rk_reader *r;
	struct rk_err err;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
	r = rk_reader_open(path, &ro, &err);
	unlink(path);
	if (r == NULL || rk_reader_start(r, &err) != 1) {
		fprintf(stderr, "cannot read test input: %s\n", err.msg);
		exit(2);
	}
	return r;
}

/* text with every occurrence of the scratch directory written "DIR". */
static const char *
with_dir(const char *text, char *out, size_t cap)
{
	size_t n = strlen(dir), o = 0;

	while (*text && o + 1 < cap) {
		if (strncmp(text, dir, n) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "DIR");
			text += n;
		} else {
			out[o++] = *text++;
		}
	}
	out[o < cap ? o : cap - 1] = '\0';
	return out;
}

static void
test_header_and_order(void)
{
	static const struct rk_val o1_names[] = {
		S("order_id"), S("invoice_id"), S("delivered_at"), S("qty") };
	static const struct rk_val o1[] = { S("O1"), S("I1"), ABS, S("5") };
	static const struct rk_val a1_names[] = {
		S("request_id"), S("approved_by") };
	static const struct rk_val a1[] = { S("R1"), S("bob") };
	static const struct rk_val p3_names[] = {
		S("id"), S("qty"), S("note"), S("color") };
	static const struct rk_val p3[] = { S("P3"), S("0"), NUL, ABS };
	static const struct rk_val p_names[] = { S("id"), S("qty"), S("note") };
	static const struct rk_val p1[] = { S("P1"), S(""), S("a,b") };
	static const struct rk_val r1_names[] = { S("retailer_id"), S("name") };
	static const struct rk_val r1[] = { S("RT1"), S("Acme \"Best\"") };
	static const struct rk_val o2_names[] = { S("order_id"), S("gtin") };
	static const struct rk_val o2[] = { S("O2"), NUM("123") };
	static const struct rk_val p2[] = { S("P2"), S("1"), S("l1\nl2") };
	static const char want[] =
	    "id,qty,note,color,order_id,invoice_id,request_id,approved_by,"
	    "retailer_id,name,gtin," REJECT_COLS "\n"
	    "P1,,\"a,b\",,,,,,,,,p.csv,2,missing_value,"
	    "column 'qty' is required and empty\n"
	    "P2,1,\"l1\nl2\",,,,,,,,,q.csv,2,unknown_reason,reason\n"
	    "P3,0,,,,,,,,,,p.csv,4,bad_qty,zero\n"
	    ",5,,,O1,I1,,,,,,o.csv,2,bad_qty,column 'qty': bad\n"
	    ",,,,O2,,,,,,123,o.csv,3,bad_id,m\n"
	    ",,,,,,,,RT1,\"Acme \"\"Best\"\"\",,r.csv,3,duplicate_key,"
	    "\"retailer \"\"RT1\"\" appears more than once\"\n"
	    ",,,,,,R1,bob,,,,a.csv,2,duplicate_key,dup\n";
	struct spooled s;
	struct rk_rejects *rj = open_rejects(&s, ',', 0);
	struct rk_reader *r = reader_of("p.csv", "id,qty,note\n");
	char out[4096];

	rk_rejects_primary_columns(rj, r);
	rk_reader_close(r);
	ADD(rj, RK_SRC_ORDERS, 1, "o.csv", 2, o1_names, o1, RK_BAD_QTY,
	    "column 'qty': bad");
	ADD(rj, RK_SRC_APPROVE, 1, "a.csv", 2, a1_names, a1, RK_DUPLICATE_KEY,
	    "dup");
	ADD(rj, RK_SRC_PRIMARY, 3, "p.csv", 4, p3_names, p3, RK_BAD_QTY,
	    "zero");
	ADD(rj, RK_SRC_PRIMARY, 1, "p.csv", 2, p_names, p1, RK_MISSING_VALUE,
	    "column 'qty' is required and empty");
	ADD(rj, RK_SRC_RETAILERS, 1, "r.csv", 3, r1_names, r1, RK_DUPLICATE_KEY,
	    "retailer \"RT1\" appears more than once");
	ADD(rj, RK_SRC_ORDERS, 2, "o.csv", 3, o2_names, o2, RK_BAD_ID, "m");
	ADD(rj, RK_SRC_PRIMARY, 2, "q.csv", 2, p_names, p2, RK_UNKNOWN_REASON,
	    "reason");
	is_int(rk_rejects_count(rj), 7, "order: 7 rows rejected");
	is_str(finish(&s, out, sizeof(out)), want,
	    "order: primary columns first (an absent primary cell too), then "
	    "the others as they appear (absent ones left out); primary rows by "
	    "ord, then --orders, --retailers, --approve");
}

static void
test_header_only(void)
{
	struct spooled s;
	struct rk_rejects *rj;
	struct rk_reader *r;
	char out[1024];

	rj = open_rejects(&s, ',', 0);
	is_int(rk_rejects_count(rj), 0, "empty: nothing rejected");
	is_str(finish(&s, out, sizeof(out)), REJECT_COLS "\n",
	    "empty: the reject columns only");

	rj = open_rejects(&s, ',', 0);
	r = reader_of("p.csv", "b,a,c\n");
	rk_rejects_primary_columns(rj, r);
	rk_reader_close(r);
	r = reader_of("q.csv", "a,d\n");
	rk_rejects_primary_columns(rj, r);
	rk_reader_close(r);
	is_str(finish(&s, out, sizeof(out)), "b,a,c,d," REJECT_COLS "\n",
	    "empty: every operand's columns, each once, in order");

	rj = open_rejects(&s, ',', 0);
	rk_rejects_finish(rj, NULL);
	is_int(rk_rejects_finish(rj, NULL), 0, "finish twice: no error");
	is_str(finish(&s, out, sizeof(out)), REJECT_COLS "\n",
	    "finish twice: the file is written once");
}

static void
test_same_ord(void)
{
	static const struct rk_val names[] = { S("id") };
	static const struct rk_val v1[] = { S("first") };
	static const struct rk_val v2[] = { S("earlier") };
	static const struct rk_val v3[] = { S("second") };
	static const struct rk_val v4[] = { S("orders") };
	struct spooled s;
	struct rk_rejects *rj = open_rejects(&s, ',', 0);
	char out[1024];

	ADD(rj, RK_SRC_PRIMARY, 5, "p", 6, names, v1, RK_BAD_ID, "one");
	ADD(rj, RK_SRC_PRIMARY, 2, "p", 3, names, v2, RK_BAD_ID, "two");
	ADD(rj, RK_SRC_PRIMARY, 5, "p", 6, names, v3, RK_UNKNOWN_REASON,
	    "three");
	ADD(rj, RK_SRC_ORDERS, 1, "o", 2, names, v4, RK_BAD_ID, "four");
	is_str(finish(&s, out, sizeof(out)), "id," REJECT_COLS "\n"
	    "earlier,p,3,bad_id,two\n"
	    "first,p,6,bad_id,one\n"
	    "second,p,6,unknown_reason,three\n"
	    "orders,o,2,bad_id,four\n",
	    "same ord: rows of one ord in the order they came");
}

static void
test_many_unsorted(void)
{
	static const struct rk_val names[] = { S("id"), S("n") };
	struct spooled s;
	struct rk_rejects *rj = open_rejects(&s, ',', 0);
	static char out[65536], want[65536];
	size_t o;

	/* ords 1..306 in the order 7k mod 307 (307 is prime) */
	for (unsigned k = 1; k <= 306; k++) {
		unsigned ord = 7 * k % 307;
		char id[16], n[16];
		struct rk_val v[2];

		snprintf(id, sizeof(id), "r%u", ord);
		snprintf(n, sizeof(n), "%u", k);
		rk_val_str(&v[0], id);
		rk_val_str(&v[1], n);
		rk_rejects_add_cells(rj, RK_SRC_PRIMARY, ord, "p.csv", ord + 1,
		    names, v, 2, RK_BAD_ID, "bad");
	}
	o = (size_t)snprintf(want, sizeof(want), "id,n," REJECT_COLS "\n");
	for (unsigned ord = 1; ord <= 306; ord++) {
		unsigned k = 1;

		while (7 * k % 307 != ord)
			k++;
		o += (size_t)snprintf(want + o, sizeof(want) - o,
		    "r%u,%u,p.csv,%u,bad_id,bad\n", ord, k, ord + 1);
	}
	is_int(rk_rejects_count(rj), 306, "unsorted: 306 rows");
	is_str(finish(&s, out, sizeof(out)), want,
	    "unsorted: 306 primary rows added out of order come in ord order");
}

static void
test_reader_rows(void)
{
	struct spooled s;
	struct rk_rejects *rj = open_rejects(&s, ',', 0);
	struct rk_reader *p = reader_of("p.csv", "a,b\n1,2,3,\"4,5\"\n");
	struct rk_reader *q = reader_of("q.csv", "x,y\n7,8,9\n");
	struct rk_reader *j = reader_of("j.jsonl",
	    "{\"k\":\"v\"}\n{\"k\":\"w\",\"later\":{\"a\":[1,2]},\"n\":null,"
	    "\"t\":true,\"z\":1.50}\n");
	struct rk_row row;
	struct rk_err err;
	char out[4096], shown[4096];

	rk_rejects_primary_columns(rj, p);
	if (rk_reader_next(p, &row, &err) == 1)
		rk_rejects_add(rj, RK_SRC_PRIMARY, 1, p, &row, RK_FIELD_COUNT,
		    "4 fields, the header has 2");
	if (rk_reader_next(q, &row, &err) == 1)
		rk_rejects_add(rj, RK_SRC_ORDERS, 1, q, &row, RK_FIELD_COUNT,
		    "3 fields, the header has 2");
	rk_reader_next(j, &row, &err);
	if (rk_reader_next(j, &row, &err) == 1)
		rk_rejects_add(rj, RK_SRC_APPROVE, 2, j, &row, RK_BAD_ID,
		    "json");
	rk_reader_close(p);
	rk_reader_close(q);
	rk_reader_close(j);
	with_dir(finish(&s, out, sizeof(out)), shown, sizeof(shown));
	is_str(shown, "a,b,column_3,column_4,x,y,k,later,n,t,z," REJECT_COLS "\n"
	    "1,2,3,\"4,5\",,,,,,,,DIR/p.csv,2,field_count,"
	    "\"4 fields, the header has 2\"\n"
	    ",,9,,7,8,,,,,,DIR/q.csv,2,field_count,"
	    "\"3 fields, the header has 2\"\n"
	    ",,,,,,w,\"{\"\"a\"\":[1,2]}\",,true,1.50,DIR/j.jsonl,2,bad_id,"
	    "json\n",
	    "reader rows: extra fields as column_N, the same name shared; JSON "
	    "values as read, null empty");
}

static void
test_delimiter_crlf(void)
{
	static const struct rk_val names[] = { S("a;b"), S("c") };
	static const struct rk_val v[] = { S("1;2"), S("3,4\r") };
	struct spooled s;
	struct rk_rejects *rj = open_rejects(&s, ';', 1);
	char out[1024];

	ADD(rj, RK_SRC_PRIMARY, 1, "p;q.csv", 2, names, v, RK_BAD_TEXT,
	    "x; \"y\", z");
	is_str(finish(&s, out, sizeof(out)),
	    "\"a;b\";c;reject_file;reject_line;reject_code;reject_reason\r\n"
	    "\"1;2\";\"3,4\r\";\"p;q.csv\";2;bad_text;\"x; \"\"y\"\", z\"\r\n",
	    "--delimiter ';' --crlf: ';' quoted, ',' not; CR LF ends records");

	rj = open_rejects(&s, 0, 0);
	ADD(rj, RK_SRC_PRIMARY, 1, "p.csv", 2, names, v, RK_BAD_TEXT, "m");
	is_str(finish(&s, out, sizeof(out)),
	    "a;b,c," REJECT_COLS "\n1;2,\"3,4\r\",p.csv,2,bad_text,m\n",
	    "no delimiter given: ','");
}

/* The file for one primary row of a single value. */
static const char *
one_value(const char *value, char *out, size_t cap)
{
	static const struct rk_val names[] = { S("v") };
	struct rk_val v;
	struct spooled s;
	struct rk_rejects *rj = open_rejects(&s, ',', 0);

	rk_val_str(&v, value);
	rk_rejects_add_cells(rj, RK_SRC_PRIMARY, 1, "f", 2, names, &v, 1,
	    RK_BAD_TEXT, "m");
	return finish(&s, out, cap);
}

static void
test_quoting(void)
{
	static const struct {
		const char *value, *cell;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ " edge spaces ", " edge spaces " },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "l1\nl2", "\"l1\nl2\"" },
		{ "cr\r", "\"cr\r\"" },
		{ "crlf\r\n", "\"crlf\r\n\"" },
		{ "semi;colon|pipe\ttab", "semi;colon|pipe\ttab" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
	};
	char out[512], want[512];

	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		snprintf(want, sizeof(want),
		    "v," REJECT_COLS "\n%s,f,2,bad_text,m\n", cases[i].cell);
		is_str(one_value(cases[i].value, out, sizeof(out)), want,
		    "quoting: value %zu", i + 1);
	}
}

static void
swap(int *a, int *b)
{
	int t = *a;

	*a = *b;
	*b = t;
}

/* The next permutation of p[0..n) in lexicographic order; 0 after the
 * last. */
static int
next_permutation(int *p, int n)
{
	int i = n - 2, j = n - 1;

	while (i >= 0 && p[i] > p[i + 1])
		i--;
	if (i < 0)
		return 0;
	while (p[j] < p[i])
		j--;
	swap(&p[i], &p[j]);
	for (int a = i + 1, b = n - 1; a < b; a++, b--)
		swap(&p[a], &p[b]);
	return 1;
}

/*
 * One row from each source, added in every order: the file lists them
 * primary input, --orders, --retailers, --approve whatever the order.
 */
static void
test_source_order(void)
{
	static const struct rk_val names[] = { S("src") };
	static const char *const label[RK_NSRC] = {
		"primary", "orders", "retailers", "approve" };
	static const char want[] = "src," REJECT_COLS "\n"
	    "primary,f,2,bad_id,m\n" "orders,f,2,bad_id,m\n"
	    "retailers,f,2,bad_id,m\n" "approve,f,2,bad_id,m\n";
	int perm[RK_NSRC] = { 0, 1, 2, 3 }, tried = 0;
	char out[512];

	do {
		struct spooled s;
		struct rk_rejects *rj = open_rejects(&s, ',', 0);
		char order[64];
		size_t o = 0;

		for (int i = 0; i < RK_NSRC; i++) {
			const char *src = label[perm[i]];
			struct rk_val v;

			rk_val_str(&v, src);
			rk_rejects_add_cells(rj, (enum rk_source)perm[i], 1, "f",
			    2, names, &v, 1, RK_BAD_ID, "m");
			o += (size_t)snprintf(order + o, sizeof(order) - o,
			    "%s%s", i ? "," : "", src);
		}
		is_str(finish(&s, out, sizeof(out)), want,
		    "source order: added %s", order);
		tried++;
	} while (next_permutation(perm, RK_NSRC));
	is_int(tried, 24, "source order: all 24 orders tried");
}

static void
test_write_error(void)
{
	static const struct rk_val names[] = { S("a") };
	static const struct rk_val v[] = { S("1") };
	struct rk_rejects_opts o = { fopen("/dev/full", "w"), "/dev/full", ',',
		0 };
	struct rk_rejects *rj;
	struct rk_err err;

	if (o.fp == NULL) {
		for (int i = 0; i < 3; i++)
			ok(1, "write error: no /dev/full here # SKIP");
		return;
	}
	rj = rk_rejects_open(&o);
	ADD(rj, RK_SRC_PRIMARY, 1, "p.csv", 2, names, v, RK_BAD_ID, "m");
	is_int(rk_rejects_finish(rj, &err), -1, "write error: finish fails");
	is_str(err.msg, "--rejects '/dev/full': write error: No space left on "
	    "device", "write error: the message names the file");
	is_int(err.status, RK_EX_IOERR, "write error: status 74");
	rk_rejects_free(rj);
	fclose(o.fp);
}

/*
 * Run fn with stderr sent to a file; what it printed goes to out.
 */
static const char *
stderr_of(void (*fn)(void), char *out, size_t cap)
{
	char name[TAP_PATH + 16];
	int fd, saved;
	ssize_t n;

	snprintf(name, sizeof(name), "%s/stderr.XXXXXX", dir);
	fflush(stderr);
	if ((fd = mkstemp(name)) < 0 || (saved = dup(2)) < 0 ||
	    dup2(fd, 2) < 0) {
		perror(name);
		exit(2);
	}
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, out, cap - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(name);
	return out;
}

static unsigned long stderr_count;
static int stderr_finish;

static void
reject_to_stderr(void)
{
	static const struct rk_val names[] = { S("id"), S("qty") };
	static const struct rk_val v1[] = { S("A"), S("0") };
	static const struct rk_val v2[] = { S("B"), ABS };
	struct rk_rejects_opts o = { NULL, NULL, ',', 0 };
	struct rk_rejects *rj = rk_rejects_open(&o);
	struct rk_reader *r = reader_of("in.csv", "id,qty\nC,1,2\n");
	struct rk_row row;
	struct rk_err err;

	rk_rejects_primary_columns(rj, r);
	ADD(rj, RK_SRC_PRIMARY, 3, "p.csv", 4, names, v1, RK_BAD_QTY,
	    "column 'qty': \"0\" is not a whole number");
	ADD(rj, RK_SRC_ORDERS, 1, "o.csv", 2, names, v2, RK_DUPLICATE_KEY,
	    "invoice \"B\" line \"1\" appears more than once");
	ADD(rj, RK_SRC_PRIMARY, 1, "-", 2, names, v2, RK_MISSING_VALUE,
	    "column 'qty' is required and empty");
	if (rk_reader_next(r, &row, &err) == 1)
		rk_rejects_add(rj, RK_SRC_PRIMARY, 2, r, &row, RK_FIELD_COUNT,
		    "3 fields, the header has 2");
	rk_reader_close(r);
	stderr_count = rk_rejects_count(rj);
	stderr_finish = rk_rejects_finish(rj, &err);
	rk_rejects_free(rj);
}

static void
test_stderr(void)
{
	char out[2048], shown[2048];

	stderr_of(reject_to_stderr, out, sizeof(out));
	is_str(with_dir(out, shown, sizeof(shown)),
	    "unit_rejects: p.csv:4: bad_qty: column 'qty': \"0\" is not a whole "
	    "number\n"
	    "unit_rejects: o.csv:2: duplicate_key: invoice \"B\" line \"1\" "
	    "appears more than once\n"
	    "unit_rejects: -:2: missing_value: column 'qty' is required and "
	    "empty\n"
	    "unit_rejects: DIR/in.csv:2: field_count: 3 fields, the header has "
	    "2\n",
	    "stderr: PROG: FILE:LINE: CODE: message, at once, as they come");
	is_int(stderr_count, 4, "stderr: 4 rows counted");
	is_int(stderr_finish, 0, "stderr: finish has nothing to write");
}

int
main(void)
{
	rk_progname = "unit_rejects";
	tap_tmpname(dir, sizeof(dir), "unit_rejects");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	test_header_and_order();
	test_header_only();
	test_same_ord();
	test_many_unsorted();
	test_reader_rows();
	test_delimiter_crlf();
	test_quoting();
	test_source_order();
	test_write_error();
	test_stderr();
	rmdir(dir);
	return done_testing();
}
