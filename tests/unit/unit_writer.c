/*
 * unit_writer.c - record output (returns-formats(5), "Output formats"):
 * RFC 4180 CSV (quoting, --crlf, --delimiter, --decimal-comma), JSON
 * Lines and -o json, with the JSON types of the columns; and the output
 * formats by their -o names.  Each case writes to an open_memstream and
 * compares the whole output.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rk/util.h"
#include "rk/writer.h"

#include "tap.h"

#define MAXCOLS 8
#define MAXROWS 3

/* A cell: text, and the JSON type it was read with (carried columns). */
#define S(s) { s, sizeof(s) - 1, RK_V_STR }
#define NUM(s) { s, sizeof(s) - 1, RK_V_NUM }
#define BOOL(s) { s, sizeof(s) - 1, RK_V_BOOL }
#define OBJ(s) { s, sizeof(s) - 1, RK_V_OBJ }
#define ARR(s) { s, sizeof(s) - 1, RK_V_ARR }
#define NUL { "", 0, RK_V_NULL }
#define ABS { "", 0, RK_V_ABSENT }

struct out_case {
	const char *name;
	struct rk_writer_opts o;
	size_t ncols;
	const char *cols[MAXCOLS];
	enum rk_ctype types[MAXCOLS];
	size_t nrows;
	struct rk_val rows[MAXROWS][MAXCOLS];
	const char *want;
};

static const struct out_case cases[] = {
	/* CSV: fields quoted only when they hold the delimiter, ", CR or LF */
	{ "CSV plain", { RK_OUT_CSV, ',', 0, 0 }, 2, { "a", "b" },
	  { RK_C_TEXT, RK_C_TEXT }, 2,
	  { { S("x"), S("y") }, { S(""), S("z z") } },
	  "a,b\nx,y\n,z z\n" },
	{ "CSV quoting", { RK_OUT_CSV, ',', 0, 0 }, 5,
	  { "a", "b", "c", "d", "e" },
	  { RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT, RK_C_TEXT }, 1,
	  { { S("x,y"), S("q\"r"), S("l1\nl2"), S("c\rr"), S("semi;colon") } },
	  "a,b,c,d,e\n\"x,y\",\"q\"\"r\",\"l1\nl2\",\"c\rr\",semi;colon\n" },
	{ "CSV quote-only field and edge spaces", { RK_OUT_CSV, ',', 0, 0 }, 2,
	  { "a", "b" }, { RK_C_TEXT, RK_C_TEXT }, 1,
	  { { S("\""), S(" x ") } },
	  "a,b\n\"\"\"\", x \n" },
	{ "CSV header quoting", { RK_OUT_CSV, ',', 0, 0 }, 2,
	  { "a,b", "c\"d" }, { RK_C_TEXT, RK_C_TEXT }, 0, { { ABS } },
	  "\"a,b\",\"c\"\"d\"\n" },
	/* --crlf ends records with CR LF; CR LF inside a field is data */
	{ "CSV --crlf", { RK_OUT_CSV, ',', 1, 0 }, 2, { "a", "b" },
	  { RK_C_TEXT, RK_C_TEXT }, 2,
	  { { S("1"), S("l1\nl2") }, { S("2"), S("x") } },
	  "a,b\r\n1,\"l1\nl2\"\r\n2,x\r\n" },
	/* --delimiter ';': ';' is quoted, ',' is not */
	{ "CSV ';'", { RK_OUT_CSV, ';', 0, 0 }, 3, { "a", "b", "c" },
	  { RK_C_TEXT, RK_C_TEXT, RK_C_TEXT }, 1,
	  { { S("1,5"), S("x;y"), S("\"") } },
	  "a;b;c\n1,5;\"x;y\";\"\"\"\"\n" },
	/* --decimal-comma: RK_C_DEC columns only; a ',' is then quoted */
	{ "CSV decimal comma", { RK_OUT_CSV, ',', 0, 1 }, 5,
	  { "note", "unit_price", "qty", "tax_rate", "carried" },
	  { RK_C_TEXT, RK_C_DEC, RK_C_INT, RK_C_DEC, RK_C_CARRIED }, 2,
	  { { S("1.5"), S("12.50"), S("3"), S("25"), S("2.5") },
	    { S("v1.0"), S(""), S("1"), S("0.0001"), NUM("7.25") } },
	  "note,unit_price,qty,tax_rate,carried\n"
	  "1.5,\"12,50\",3,25,2.5\n"
	  "v1.0,,1,\"0,0001\",7.25\n" },
	{ "CSV decimal comma with ';'", { RK_OUT_CSV, ';', 0, 1 }, 3,
	  { "note", "unit_price", "amount" },
	  { RK_C_TEXT, RK_C_DEC, RK_C_DEC }, 1,
	  { { S("a.b"), S("12.50"), S("1250") } },
	  "note;unit_price;amount\na.b;12,50;1250\n" },
	{ "CSV without --decimal-comma", { RK_OUT_CSV, ';', 0, 0 }, 2,
	  { "unit_price", "tax_rate" }, { RK_C_DEC, RK_C_DEC }, 1,
	  { { S("12.50"), S("25") } },
	  "unit_price;tax_rate\n12.50;25\n" },
	/* a decimal read with ',' (a ';' file) gets the output's separator */
	{ "CSV decimal read with a comma", { RK_OUT_CSV, ',', 0, 0 }, 2,
	  { "unit_price", "note" }, { RK_C_DEC, RK_C_TEXT }, 1,
	  { { S("12,50"), S("1,5") } },
	  "unit_price,note\n12.50,\"1,5\"\n" },
	{ "CSV decimal read with a comma, --decimal-comma", { RK_OUT_CSV, ';', 0, 1 },
	  1, { "unit_price" }, { RK_C_DEC }, 1, { { S("12,50") } },
	  "unit_price\n12,50\n" },
	{ "JSONL decimal read with a comma", { RK_OUT_JSONL, ',', 0, 0 }, 1,
	  { "unit_price" }, { RK_C_DEC }, 1, { { S("12,50") } },
	  "{\"unit_price\":\"12.50\"}\n" },
	/* CSV writes a carried value's text, whatever its JSON type */
	{ "CSV carried JSON values", { RK_OUT_CSV, ',', 0, 0 }, 4,
	  { "n", "b", "o", "z" },
	  { RK_C_CARRIED, RK_C_CARRIED, RK_C_CARRIED, RK_C_CARRIED }, 1,
	  { { NUM("3.10"), BOOL("true"), OBJ("{\"k\":[1,2]}"), NUL } },
	  "n,b,o,z\n3.10,true,\"{\"\"k\"\":[1,2]}\",\n" },
	/*
	 * JSON Lines: keys in column order; RK_C_INT a bare integer,
	 * RK_C_DEC and RK_C_TEXT strings, an empty value null, carried
	 * values in the JSON type they were read with.
	 */
	{ "JSONL types", { RK_OUT_JSONL, ',', 0, 0 }, 4,
	  { "sku", "qty", "unit_price", "tax_rate" },
	  { RK_C_TEXT, RK_C_INT, RK_C_DEC, RK_C_DEC }, 2,
	  { { S("A-1"), S("3"), S("12.50"), S("25") },
	    { S(""), S(""), S(""), S("") } },
	  "{\"sku\":\"A-1\",\"qty\":3,\"unit_price\":\"12.50\",\"tax_rate\":\"25\"}\n"
	  "{\"sku\":null,\"qty\":null,\"unit_price\":null,\"tax_rate\":null}\n" },
	{ "JSONL carried values keep their type",
	  { RK_OUT_JSONL, ',', 0, 0 }, 8,
	  { "num", "str", "t", "f", "obj", "arr", "null", "absent" },
	  { RK_C_CARRIED, RK_C_CARRIED, RK_C_CARRIED, RK_C_CARRIED,
	    RK_C_CARRIED, RK_C_CARRIED, RK_C_CARRIED, RK_C_CARRIED }, 2,
	  { { NUM("3.10"), S("x"), BOOL("true"), BOOL("false"),
	      OBJ("{\"k\":[1,2]}"), ARR("[1,\"a\"]"), NUL, ABS },
	    { NUM("1e2"), S(""), S("true"), S("3"), S("{}"), S("[]"), S("null"),
	      ABS } },
	  "{\"num\":3.10,\"str\":\"x\",\"t\":true,\"f\":false,"
	  "\"obj\":{\"k\":[1,2]},\"arr\":[1,\"a\"],\"null\":null,\"absent\":null}\n"
	  "{\"num\":1e2,\"str\":null,\"t\":\"true\",\"f\":\"3\",\"obj\":\"{}\","
	  "\"arr\":\"[]\",\"null\":\"null\",\"absent\":null}\n" },
	/* --decimal-comma and --crlf are CSV only: JSON keeps '.' and LF */
	{ "JSONL ignores --decimal-comma", { RK_OUT_JSONL, ';', 0, 1 }, 1,
	  { "unit_price" }, { RK_C_DEC }, 1, { { S("12.50") } },
	  "{\"unit_price\":\"12.50\"}\n" },
	/* JSON strings: ", \ and every control character escaped */
	{ "JSON string escaping", { RK_OUT_JSONL, ',', 0, 0 }, 3,
	  { "a", "b", "k\"\n" }, { RK_C_TEXT, RK_C_TEXT, RK_C_TEXT }, 1,
	  { { S("q\"b\\s/\n\r\t\b\f"), S("\x01\x1f\x7f caf\xc3\xa9 \xe2\x82\xac"),
	      S("\x00" "end") } },
	  "{\"a\":\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\","
	  "\"b\":\"\\u0001\\u001f\x7f caf\xc3\xa9 \xe2\x82\xac\","
	  "\"k\\\"\\n\":\"\\u0000end\"}\n" },
	/* -o json: one array of the row objects */
	{ "JSON array, 0 rows", { RK_OUT_JSON, ',', 0, 0 }, 2, { "a", "n" },
	  { RK_C_TEXT, RK_C_INT }, 0, { { ABS } }, "[]\n" },
	{ "JSON array, 2 rows", { RK_OUT_JSON, ',', 0, 0 }, 2, { "a", "n" },
	  { RK_C_TEXT, RK_C_INT }, 2,
	  { { S("x"), S("1") }, { S("y"), S("") } },
	  "[\n{\"a\":\"x\",\"n\":1},\n{\"a\":\"y\",\"n\":null}\n]\n" },
	{ "JSON array, 1 row", { RK_OUT_JSON, ',', 0, 0 }, 1, { "a" },
	  { RK_C_TEXT }, 1, { { S("x") } }, "[\n{\"a\":\"x\"}\n]\n" },
	{ "CSV, 0 rows", { RK_OUT_CSV, ',', 0, 0 }, 2, { "a", "b" },
	  { RK_C_TEXT, RK_C_TEXT }, 0, { { ABS } }, "a,b\n" },
	{ "JSONL, 0 rows", { RK_OUT_JSONL, ',', 0, 0 }, 2, { "a", "b" },
	  { RK_C_TEXT, RK_C_TEXT }, 0, { { ABS } }, "" },
};

/* Run one case; the output is returned in *out (to free) and *n. */
static int
run(const struct out_case *c, char **out, size_t *n)
{
	FILE *fp = open_memstream(out, n);
	struct rk_writer *w;
	int rc;

	if (fp == NULL)
		return -2;
	w = rk_writer_new(fp, &c->o);
	rk_writer_columns(w, c->cols, NULL, c->types, c->ncols);
	for (size_t i = 0; i < c->nrows; i++)
		rk_writer_row(w, c->rows[i]);
	rc = rk_writer_end(w);
	rk_writer_free(w);
	fclose(fp);
	return rc;
}

/* -o names: the formats' own, exactly; anything else is none. */
struct name_case {
	const char *name;
	int found;
	enum rk_ofmt fmt;
	const char *empty_output; /* with one column and no rows */
};

static const struct name_case name_cases[] = {
	{ "csv", 0, RK_OUT_CSV, "a\n" },
	{ "jsonl", 0, RK_OUT_JSONL, "" },
	{ "json", 0, RK_OUT_JSON, "[]\n" },
	{ "CSV", -1, RK_OUT_CSV, NULL },
	{ "js", -1, RK_OUT_CSV, NULL },
	{ "jsonlines", -1, RK_OUT_CSV, NULL },
	{ "", -1, RK_OUT_CSV, NULL },
};

static void
test_format_names(void)
{
	char names[64];

	for (size_t i = 0; i < RK_ARRAY_LEN(name_cases); i++) {
		const struct name_case *c = &name_cases[i];
		enum rk_ofmt fmt = RK_OUT_CSV;

		is_int(rk_writer_format(c->name, RK_OUT_RECORDS, &fmt), c->found,
		    "-o '%s': %s", c->name, c->found ? "no such format" : "found");
		is_int(fmt, c->fmt, "-o '%s': format %d", c->name, (int)c->fmt);
		if (c->empty_output) {
			struct rk_writer_opts o = { fmt, ',', 0, 0 };
			const char *cols[] = { "a" };
			char *out = NULL;
			size_t n = 0;
			FILE *fp = open_memstream(&out, &n);
			struct rk_writer *w = rk_writer_new(fp, &o);

			rk_writer_columns(w, cols, NULL, NULL, 1);
			rk_writer_end(w);
			rk_writer_free(w);
			fclose(fp);
			is_str(out, c->empty_output, "-o '%s': writes that format",
			    c->name);
			free(out);
		}
	}
	is_str(rk_writer_format_names(RK_OUT_RECORDS, names, sizeof(names)),
	    "csv, jsonl, json", "the -o names, in order");
	is_str(rk_writer_format_names(RK_OUT_RECORDS, names, 8), "csv, js",
	    "the -o names, cut to a small buffer");
}

/* ubl: a document format, found only in a set that takes documents. */
static void
test_document_format(void)
{
	enum rk_ofmt fmt = RK_OUT_CSV;
	char names[64];

	is_int(rk_writer_format("ubl", RK_OUT_RECORDS, &fmt), -1,
	    "-o 'ubl': not a record format");
	is_int(fmt, RK_OUT_CSV, "-o 'ubl' refused: the format unchanged");
	is_int(rk_writer_format("ubl", RK_OUT_RECORDS | RK_OUT_DOCUMENTS, &fmt),
	    0, "-o 'ubl': a document format");
	is_int(fmt, RK_OUT_UBL, "-o 'ubl': format RK_OUT_UBL");
	is_int(rk_writer_format("csv", RK_OUT_DOCUMENTS, &fmt), -1,
	    "-o 'csv': not in a set of documents only");
	is_str(rk_writer_format_names(RK_OUT_RECORDS | RK_OUT_DOCUMENTS, names,
	    sizeof(names)), "csv, jsonl, json, ubl",
	    "the -o names of a tool that takes documents too");
	is_str(rk_writer_format_names(RK_OUT_DOCUMENTS, names, sizeof(names)),
	    "ubl", "the -o names of documents only: no leading comma");
}

/* Every case of the table: its output, and valid JSON for JSON. */
static void
test_cases(void)
{
	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		const struct out_case *c = &cases[i];
		char *out = NULL;
		size_t n = 0;

		is_int(run(c, &out, &n), 0, "%s: rk_writer_end returns 0", c->name);
		is_int(n, strlen(c->want), "%s: %zu bytes", c->name,
		    strlen(c->want));
		is_str(out, c->want, "%s: output", c->name);
		/* every JSON output is valid JSON (each line for JSONL) */
		if (c->o.fmt != RK_OUT_CSV && out) {
			int valid = 1, lines = 0;

			if (c->o.fmt == RK_OUT_JSON) {
				json_t *j = json_loadb(out, n, 0, NULL);

				valid = j && json_is_array(j) &&
				    json_array_size(j) == c->nrows;
				json_decref(j);
				lines = (int)c->nrows;
			} else {
				for (char *p = out, *e; *p; p = e + 1) {
					json_t *j;

					e = strchr(p, '\n');
					if (e == NULL)
						break;
					j = json_loadb(p, (size_t)(e - p),
					    JSON_ALLOW_NUL, NULL);
					if (j == NULL || !json_is_object(j) ||
					    json_object_size(j) != c->ncols)
						valid = 0;
					json_decref(j);
					lines++;
				}
			}
			ok(valid && lines == (int)c->nrows,
			    "%s: valid JSON, %zu rows", c->name, c->nrows);
		}
		free(out);
	}
}

/* names given with lengths: only that many bytes are used */
static void
test_names_with_lengths(void)
{
	const char *names[] = { "abc", "dexyz" };
	const size_t lens[] = { 2, 2 };
	const struct rk_val row[] = { S("1"), S("2") };
	struct rk_writer_opts o = { RK_OUT_JSONL, ',', 0, 0 };
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);
	struct rk_writer *w = rk_writer_new(fp, &o);

	rk_writer_columns(w, names, lens, NULL, 2);
	rk_writer_row(w, row);
	is_int(rk_writer_end(w), 0, "names with lengths: end");
	rk_writer_free(w);
	fclose(fp);
	is_str(out, "{\"ab\":\"1\",\"de\":\"2\"}\n",
	    "names with lengths, no types: text columns");
	free(out);
}

/* more than the 64 KiB buffer: every byte arrives, in order */
static void
test_large_output(void)
{
	enum { NROWS = 20000 };
	const char *names[] = { "n", "t" };
	const enum rk_ctype types[] = { RK_C_INT, RK_C_TEXT };
	struct rk_writer_opts o = { RK_OUT_CSV, ',', 0, 0 };
	char *out = NULL, *want = rk_xmalloc((size_t)NROWS * 32 + 8);
	size_t n = 0, wn = 0;
	FILE *fp = open_memstream(&out, &n);
	struct rk_writer *w = rk_writer_new(fp, &o);

	rk_writer_columns(w, names, NULL, types, 2);
	wn += (size_t)sprintf(want, "n,t\n");
	for (int i = 0; i < NROWS; i++) {
		char num[16];
		struct rk_val row[2] = { { num, 0, RK_V_STR },
			S("a,b") };

		row[0].n = (size_t)sprintf(num, "%d", i);
		rk_writer_row(w, row);
		wn += (size_t)sprintf(want + wn, "%d,\"a,b\"\n", i);
	}
	is_int(rk_writer_end(w), 0, "large CSV: end");
	rk_writer_free(w);
	fclose(fp);
	ok(n == wn && memcmp(out, want, n) == 0,
	    "large CSV: %zu bytes as expected (got %zu)", wn, n);
	free(out);
	free(want);
}

/*
 * rk_writer_rows_par: item i writes i % 3 rows (none for some items), a
 * long one every 1000 items (past the 64 KiB buffer); the bytes must be
 * those of one thread writing every item in turn.
 */
static char big[70000];         /* filled before the threads start */

static void
write_items(void *ctx, struct rk_writer *w, size_t lo, size_t hi)
{
	(void)ctx;
	for (size_t i = lo; i < hi; i++) {
		for (size_t k = 0; k < i % 3; k++) {
			char num[32];
			struct rk_val row[2] = { { num, 0, RK_V_STR },
				S("q,\"r\"") };

			row[0].n = (size_t)sprintf(num, "%zu-%zu", i, k);
			if (i % 1000 == 999)
				rk_val_set(&row[1], big, sizeof(big) - 1);
			rk_writer_row(w, row);
		}
	}
}

/* nitems items through a writer of format fmt; the output in *out. */
static size_t
write_par(enum rk_ofmt fmt, size_t nitems, char **out)
{
	const char *names[] = { "n", "t" };
	struct rk_writer_opts o = { fmt, ',', 0, 0 };
	size_t n = 0;
	FILE *fp = open_memstream(out, &n);
	struct rk_writer *w = rk_writer_new(fp, &o);

	rk_writer_columns(w, names, NULL, NULL, 2);
	rk_writer_rows_par(w, nitems, write_items, NULL);
	if (rk_writer_end(w) != 0)
		ok(0, "rows_par: end");
	rk_writer_free(w);
	fclose(fp);
	return n;
}

static void
test_rows_par(void)
{
	static const struct { size_t nitems; const char *per, *threads; } c[] = {
		{ 0, "1", "4" }, { 1, "1", "1" }, { 2, "1", "1" },
		{ 10, "1", "4" }, { 10, "3", "2" }, { 5000, "7", "3" },
		{ 5000, "4096", "1" }, { 5000, "1", "1" }, { 30000, NULL, NULL },
	};
	static const enum rk_ofmt fmts[] = { RK_OUT_CSV, RK_OUT_JSONL,
		RK_OUT_JSON };

	memset(big, 'x', sizeof(big) - 1);

	for (size_t f = 0; f < 3; f++) {
		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			char *want = NULL, *got = NULL;
			size_t wn, gn;

			setenv("RK_WRITE_ITEMS", "1000000", 1);
			setenv("RK_THREADS", "1", 1);
			wn = write_par(fmts[f], c[i].nitems, &want);
			if (c[i].per)
				setenv("RK_WRITE_ITEMS", c[i].per, 1);
			else
				unsetenv("RK_WRITE_ITEMS");
			if (c[i].threads)
				setenv("RK_THREADS", c[i].threads, 1);
			else
				unsetenv("RK_THREADS");
			gn = write_par(fmts[f], c[i].nitems, &got);
			ok(gn == wn && memcmp(got, want, gn) == 0,
			    "rows_par %s: %zu items, %s a chunk, RK_THREADS=%s: "
			    "%zu bytes as one thread writes them (got %zu)",
			    fmts[f] == RK_OUT_CSV ? "csv" : fmts[f] == RK_OUT_JSONL ?
			    "jsonl" : "json", c[i].nitems,
			    c[i].per ? c[i].per : "default",
			    c[i].threads ? c[i].threads : "unset", wn, gn);
			free(want);
			free(got);
		}
	}
	unsetenv("RK_WRITE_ITEMS");
	unsetenv("RK_THREADS");
}

/* a write error is reported by rk_writer_end */
static void
test_write_error(void)
{
	const char *names[] = { "a" };
	struct rk_writer_opts o = { RK_OUT_CSV, ',', 0, 0 };
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL) {
		ok(1, "# SKIP no /dev/full");
	} else {
		struct rk_writer *w = rk_writer_new(fp, &o);

		rk_writer_columns(w, names, NULL, NULL, 1);
		is_int(rk_writer_end(w), -1, "write to /dev/full: end fails");
		rk_writer_free(w);
		fclose(fp);
	}
}

int
main(void)
{
	test_cases();
	test_names_with_lengths();
	test_large_output();
	test_rows_par();
	test_write_error();
	test_format_names();
	test_document_format();
	return done_testing();
}
