/*
 * unit_csvstate.c - rk_csv_state() (lib/csvstate.h) against a real libcsv
 * parser, set up as the CSV reader sets it up (strict, spaces are data).
 * Each case feeds segments, as the reader feeds lines, and checks the
 * state the parser is in after them: every state, reached within a
 * segment and across segments, and the state a strict error leaves.
 * When libcsv is upgraded and its private states change, this fails.
 */
#include <string.h>

#include <csv.h>

#include "rk/util.h"

#include "csvstate.h"
#include "tap.h"

#define MAXSEG 3

struct state_case {
	const char *name;
	char delim;
	const char *seg[MAXSEG];  /* fed one after the other */
	enum rk_csv_state want;
	int stop;                 /* strict error: where the last segment stops */
};

static const struct state_case cases[] = {
	{ "nothing fed", ',', { NULL }, RK_CSV_BETWEEN_RECORDS, -1 },
	{ "a whole record", ',', { "a,b\n" }, RK_CSV_BETWEEN_RECORDS, -1 },
	{ "empty lines", ',', { "\n", "\r\n", "\r" }, RK_CSV_BETWEEN_RECORDS,
	  -1 },
	{ "a record ended by a bare CR", ',', { "a\r" },
	  RK_CSV_BETWEEN_RECORDS, -1 },
	{ "a quoted record with a line end in it", ',', { "\"a\n", "b\"\n" },
	  RK_CSV_BETWEEN_RECORDS, -1 },
	{ "after a delimiter", ',', { "a," }, RK_CSV_FIELD_NOT_BEGUN, -1 },
	{ "after a delimiter, ';'", ';', { "a;" }, RK_CSV_FIELD_NOT_BEGUN, -1 },
	{ "',' is data with ';'", ';', { "a," }, RK_CSV_IN_UNQUOTED, -1 },
	{ "after a quoted field and a delimiter", ',', { "\"a\"," },
	  RK_CSV_FIELD_NOT_BEGUN, -1 },
	{ "a leading space is data", ',', { " " }, RK_CSV_IN_UNQUOTED, -1 },
	{ "inside an unquoted field", ',', { "ab" }, RK_CSV_IN_UNQUOTED, -1 },
	{ "inside the second unquoted field", ',', { "a,b" },
	  RK_CSV_IN_UNQUOTED, -1 },
	{ "just after an opening quote", ',', { "\"" }, RK_CSV_IN_QUOTED, -1 },
	{ "inside a quoted field", ',', { "x,\"a" }, RK_CSV_IN_QUOTED, -1 },
	{ "a line end inside quotes", ',', { "\"a\n" }, RK_CSV_IN_QUOTED, -1 },
	{ "a quoted field over segments", ',', { "\"a\n", "b\n", "c" },
	  RK_CSV_IN_QUOTED, -1 },
	{ "a doubled quote: back inside", ',', { "\"a\"\"" },
	  RK_CSV_IN_QUOTED, -1 },
	{ "a doubled quote over two segments", ',', { "\"a\"", "\"b" },
	  RK_CSV_IN_QUOTED, -1 },
	{ "after a closing quote", ',', { "\"a\"" }, RK_CSV_AFTER_QUOTE, -1 },
	{ "after a doubled then a closing quote", ',', { "\"a\"\"\"" },
	  RK_CSV_AFTER_QUOTE, -1 },
	{ "after a closing quote on a later line", ',', { "\"a\n", "b\"" },
	  RK_CSV_AFTER_QUOTE, -1 },
	/* strict errors: the state the offending byte found */
	{ "error: a quote in an unquoted field", ',', { "ab\"" },
	  RK_CSV_IN_UNQUOTED, 2 },
	{ "error: text after a closing quote", ',', { "\"a\"b" },
	  RK_CSV_AFTER_QUOTE, 3 },
	{ "error: a space after a closing quote", ',', { "\"a\" " },
	  RK_CSV_AFTER_QUOTE, 3 },
	{ "error: after a quoted line end", ',', { "\"a\n", "\"x" },
	  RK_CSV_AFTER_QUOTE, 1 },
};

static const char *const state_names[] = {
	"between records", "field not begun", "in an unquoted field",
	"in a quoted field", "after a quote"
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
count_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(*(int *)data)++;
}

/* Feed c's segments; the count the last one stopped at, or -1. */
static int
feed(const struct state_case *c, struct csv_parser *p, int *fields)
{
	for (size_t i = 0; i < MAXSEG && c->seg[i]; i++) {
		size_t n = strlen(c->seg[i]);
		size_t k = csv_parse(p, c->seg[i], n, count_field, NULL, fields);

		if (k < n)
			return (int)k;
	}
	return -1;
}

int
main(void)
{
	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		const struct state_case *c = &cases[i];
		struct csv_parser p;
		int fields = 0, stop;

		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_delim(&p, (unsigned char)c->delim);
		csv_set_space_func(&p, no_space);
		stop = feed(c, &p, &fields);
		is_int(stop, c->stop, "%s: %s", c->name, c->stop < 0 ?
		    "every byte taken" : "stops at the offending byte");
		if (c->stop >= 0)
			is_int(csv_error(&p), CSV_EPARSE, "%s: a strict error",
			    c->name);
		is_str(state_names[rk_csv_state(&p)], state_names[c->want],
		    "%s: %s", c->name, state_names[c->want]);
		csv_free(&p);
	}

	/* csv_fini ends the record in progress: between records again */
	{
		struct csv_parser p;
		int fields = 0;

		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_space_func(&p, no_space);
		csv_parse(&p, "a,\"b\"", 5, count_field, NULL, &fields);
		is_int(rk_csv_state(&p), RK_CSV_AFTER_QUOTE, "a,\"b\": after a quote");
		is_int(csv_fini(&p, count_field, NULL, &fields), 0, "csv_fini ends it");
		is_int(fields, 2, "... with two fields");
		is_int(rk_csv_state(&p), RK_CSV_BETWEEN_RECORDS,
		    "... and the parser is between records");
		csv_free(&p);
	}
	return done_testing();
}
