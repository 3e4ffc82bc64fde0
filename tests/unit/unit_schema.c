/*
 * unit_schema.c - column tables bound to an input (returns-formats(5),
 * Columns): required columns and the near-miss message, carried columns
 * (their union over operands, the tool's reserved names never carried),
 * JSON keys that appear after the first row; the checks of a row in the
 * order of returns-formats(5), MALFORMED ROWS (invalid_utf8, field_count,
 * then the first failing column in table order with its hook); checked
 * values as they are written back; and the messages of syntax rejects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/date.h"
#include "rk/schema.h"
#include "rk/util.h"

#include "tap.h"

static char dir[TAP_PATH], path[TAP_PATH + 16];

/* A request-like table: a hook on reason, optional columns last. */
enum { C_ID, C_LINE, C_QTY, C_AT, C_REASON, C_PRICE, C_NOTE, C_N };
static const struct rk_colspec cols[C_N] = {
	{ "request_id", RK_K_ID, 1 },
	{ "line_no", RK_K_INT, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "requested_at", RK_K_DATE, 1 },
	{ "reason", RK_K_ID, 0 },
	{ "unit_price", RK_K_MONEY, 0 },
	{ "note", RK_K_TEXT, 0 },
};

/* The hook's calls, as column numbers; reason "bogus" is unknown. */
static char hook_calls[64];

static enum rk_code
reason_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg,
    size_t msgcap)
{
	size_t n = strlen(hook_calls);

	(void)ctx;
	snprintf(hook_calls + n, sizeof(hook_calls) - n, "%zu", col);
	if (col == C_REASON && v->present && rk_streq(v->p, v->n, "bogus")) {
		snprintf(msg, msgcap, "reason 'bogus' is not in the policy");
		return RK_UNKNOWN_REASON;
	}
	return RK_OK;
}

static const struct rk_schema schema = { cols, C_N, reason_hook, NULL, NULL };
static const struct rk_schema plain = { cols, C_N, NULL, NULL, NULL };

static const char *const reserved[] = { "status", "status_reason" };

/* text with the scratch directory written "DIR". */
static const char *
with_dir(const char *text, char *out, size_t cap)
{
	const char *p = strstr(text, dir);

	if (p == NULL)
		snprintf(out, cap, "%s", text);
	else
		snprintf(out, cap, "%.*sDIR%s", (int)(p - text), text,
		    p + strlen(dir));
	return out;
}

/*
 * A started reader of text (named DIR/in.csv; the file is gone once the
 * reader has it open).  delim 0 detects the delimiter.
 */
static struct rk_reader *
reader_of(const char *text, char delim)
{
	struct rk_reader_opts ro = { RK_FMT_AUTO, delim, NULL };
	struct rk_reader *r;
	struct rk_err err;
	FILE *fp = fopen(path, "w");

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

/*
 * Bind text to the table: rk_bind's answer, its message in msg (the
 * scratch directory as "DIR"; prefixed with the status unless it is 65).
 */
static int
bind_text(const char *text, char delim, char dp, struct rk_carried *carry,
    struct rk_binding *b, char *msg, size_t cap)
{
	struct rk_reader *r = reader_of(text, delim);
	struct rk_err err = { 0, "" };
	int rc = rk_bind(b, &schema, carry, r, dp, &err);

	if (rc && err.status != RK_EX_DATAERR)
		snprintf(msg, cap, "status %d: %s", err.status, err.msg);
	else
		with_dir(err.msg, msg, cap);
	rk_reader_close(r);
	return rc;
}

static void
test_required(void)
{
	struct rk_binding b;
	char msg[1024];

	is_int(bind_text("note,qty,requested_at,extra,line_no,request_id\n",
	    0, '.', NULL, &b, msg, sizeof(msg)), 0,
	    "bind: every required column, in another order");
	is_int(b.col_of[C_ID], 5, "bind: request_id is column 5");
	is_int(b.col_of[C_LINE], 4, "bind: line_no is column 4");
	is_int(b.col_of[C_QTY], 1, "bind: qty is column 1");
	is_int(b.col_of[C_AT], 2, "bind: requested_at is column 2");
	is_int(b.col_of[C_REASON], -1, "bind: reason is not there");
	is_int(b.col_of[C_PRICE], -1, "bind: unit_price is not there");
	is_int(b.col_of[C_NOTE], 0, "bind: note is column 0");
	is_int(b.known[0], C_NOTE, "bind: column 0 is note");
	is_int(b.known[3], -1, "bind: column 3 (extra) is not in the table");
	is_int(b.carried[3], -1, "bind: nothing carried without a list");
	is_int(b.nbound, 6, "bind: 6 columns bound");
	is_int(b.header_cols, 6, "bind: the header has 6 columns");
	is_int(b.csv, 1, "bind: CSV");
	rk_bind_release(&b);

	is_int(bind_text("request_id,line_no,requested_at\n", 0, '.', NULL, &b,
	    msg, sizeof(msg)), -1, "bind: qty missing");
	is_str(msg, "DIR/in.csv:1:1: the header has no column 'qty'",
	    "bind: the message names the column");
	is_int(bind_text("request_id,requested_at\n", 0, '.', NULL, &b, msg,
	    sizeof(msg)), -1, "bind: line_no and qty missing");
	is_str(msg, "DIR/in.csv:1:1: the header has no column 'line_no'",
	    "bind: the first missing one in table order is named");
	is_int(bind_text("\n\nrequest_id,line_no,requested_at\n", 0, '.', NULL,
	    &b, msg, sizeof(msg)), -1, "bind: header after blank lines");
	is_str(msg, "DIR/in.csv:3:1: the header has no column 'qty'",
	    "bind: the message names the header's line");
	is_int(bind_text("{\"request_id\":\"A\"}\n", 0, '.', NULL, &b, msg,
	    sizeof(msg)), 0, "bind: JSON has no header to miss a column in");
	is_int(b.csv, 0, "bind: JSON is not CSV");
	rk_bind_release(&b);
}

/* The message for a header whose line_no column is written name. */
static const char *
near_miss(const char *name, char *msg, size_t cap)
{
	struct rk_binding b;
	char text[256];

	snprintf(text, sizeof(text), "request_id,%s,qty,requested_at\n", name);
	if (bind_text(text, ',', '.', NULL, &b, msg, cap) == 0) {
		rk_bind_release(&b);
		snprintf(msg, cap, "(bound)");
	}
	return msg;
}

static void
test_near_miss(void)
{
	static const struct {
		const char *name, *want;
	} cases[] = {
		{ "Line_No", "(found 'Line_No')" },
		{ "LINE-NO", "(found 'LINE-NO')" },
		{ "line no", "(found 'line no')" },
		{ " line_no ", "(found ' line_no ')" },
		{ "\"Line No  \"", "(found 'Line No  ')" },
		{ "line__no", "" },
		{ "Line", "" },
		{ "line_", "" },
		{ "lineno", "" },
		{ "line_no2", "" },
		{ "line.no", "" },
	};
	char msg[1024], want[256];

	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		snprintf(want, sizeof(want), "DIR/in.csv:1:1: the header has no "
		    "column 'line_no'%s%s", *cases[i].want ? " " : "",
		    cases[i].want);
		is_str(near_miss(cases[i].name, msg, sizeof(msg)), want,
		    "near miss: header name [%s]", cases[i].name);
	}
	is_str(near_miss("line_no", msg, sizeof(msg)), "(bound)",
	    "near miss: the exact name binds");
}

static void
test_decimal_separator(void)
{
	struct rk_binding b;
	char msg[1024];

	bind_text("request_id,line_no,qty,requested_at\n", ',', '.', NULL, &b,
	    msg, sizeof(msg));
	is_int(b.dp, '.', "dp: ','-delimited CSV takes '.' only");
	rk_bind_release(&b);
	bind_text("request_id,line_no,qty,requested_at\n", ',', ',', NULL, &b,
	    msg, sizeof(msg));
	is_int(b.dp, ',', "dp: --decimal-comma takes ',' too");
	rk_bind_release(&b);
	bind_text("request_id;line_no;qty;requested_at\n", 0, '.', NULL, &b,
	    msg, sizeof(msg));
	is_int(b.dp, ',', "dp: a ';'-delimited CSV takes ',' too");
	rk_bind_release(&b);
	bind_text("request_id\tline_no\tqty\trequested_at\n", '\t', '.', NULL,
	    &b, msg, sizeof(msg));
	is_int(b.dp, ',', "dp: a TAB-delimited CSV takes ',' too");
	rk_bind_release(&b);
	bind_text("{\"request_id\":\"A\"}\n", 0, ',', NULL, &b, msg,
	    sizeof(msg));
	is_int(b.dp, '.', "dp: JSON takes '.' only, even with --decimal-comma");
	rk_bind_release(&b);
}

/* The carried columns' names joined with '|'. */
static const char *
carried_names(const struct rk_carried *c, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rk_carried_count(c) && o < cap; i++) {
		size_t n;
		const char *p = rk_carried_name(c, i, &n);

		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", i ? "|" : "",
		    (int)n, p);
	}
	return out;
}

static void
test_carried(void)
{
	struct rk_carried carry;
	struct rk_binding b1, b2;
	char msg[1024], names[256];

	rk_carried_init(&carry, reserved, RK_ARRAY_LEN(reserved));
	is_int(bind_text("request_id,color,line_no,qty,status,requested_at,"
	    "size,status_reason\n", 0, '.', &carry, &b1, msg, sizeof(msg)), 0,
	    "carried: operand 1 bound");
	is_str(carried_names(&carry, names, sizeof(names)), "color|size",
	    "carried: unknown columns in order, reserved names left out");
	is_int(b1.carried[1], 0, "carried: color is carried column 0");
	is_int(b1.carried[4], -1, "carried: status is reserved");
	is_int(b1.carried[6], 1, "carried: size is carried column 1");
	is_int(b1.carried[7], -1, "carried: status_reason is reserved");
	is_int(b1.carried[0], -1, "carried: request_id is known, not carried");
	is_int(bind_text("size,weight,request_id,line_no,qty,requested_at,"
	    "color\n", 0, '.', &carry, &b2, msg, sizeof(msg)), 0,
	    "carried: operand 2 bound");
	is_str(carried_names(&carry, names, sizeof(names)), "color|size|weight",
	    "carried: the union over operands, in order of first appearance");
	is_int(b2.carried[0], 1, "carried: operand 2's size is column 1");
	is_int(b2.carried[1], 2, "carried: operand 2's weight is column 2");
	is_int(b2.carried[6], 0, "carried: operand 2's color is column 0");
	is_int(rk_carried_count(&carry), 3, "carried: 3 columns");
	rk_bind_release(&b1);
	rk_bind_release(&b2);
	rk_carried_release(&carry);
}

static void
test_carried_merge(void)
{
	struct rk_carried from, to;
	uint32_t map[3];
	char names[256];

	rk_carried_init(&from, NULL, 0);
	rk_carried_init(&to, reserved, RK_ARRAY_LEN(reserved));
	rk_intern_add(&from.names, "a", 1);
	rk_intern_add(&from.names, "b", 1);
	rk_intern_add(&from.names, "c", 1);
	rk_intern_add(&to.names, "c", 1);
	rk_intern_add(&to.names, "x", 1);
	rk_carried_merge(&from, &to, map);
	is_str(carried_names(&to, names, sizeof(names)), "c|x|a|b",
	    "merge: the names to lacks are added, in order");
	is_int(map[0], 2, "merge: a is column 2 of to");
	is_int(map[1], 3, "merge: b is column 3 of to");
	is_int(map[2], 0, "merge: c was column 0 of to already");
	is_str(carried_names(&from, names, sizeof(names)), "a|b|c",
	    "merge: from is unchanged");
	rk_carried_release(&from);
	rk_carried_init(&from, NULL, 0);
	rk_carried_merge(&from, &to, map);
	is_int(rk_carried_count(&to), 4,
	    "merge: nothing to add, nothing added");
	rk_carried_release(&from);
	rk_carried_release(&to);
}

/*
 * Check the rows of text in turn; each answer is "CODE: message", or
 * "ok" with the hook's calls, one line per row.
 */
static const char *
check_rows(const char *text, const struct rk_schema *s,
    struct rk_carried *carry, char *out, size_t cap)
{
	struct rk_reader *r = reader_of(text, 0);
	struct rk_binding b;
	struct rk_fv vals[C_N];
	struct rk_row row;
	struct rk_err err;
	char msg[700];
	size_t o = 0;

	out[0] = '\0';
	if (rk_bind(&b, s, carry, r, '.', &err)) {
		snprintf(out, cap, "bind: %s", err.msg);
		rk_reader_close(r);
		return out;
	}
	while (rk_reader_next(r, &row, &err) > 0 && o < cap) {
		enum rk_code code;

		hook_calls[0] = '\0';
		code = rk_row_check(&b, r, &row, vals, msg, sizeof(msg));
		if (code == RK_OK)
			o += (size_t)snprintf(out + o, cap - o, "ok %s\n",
			    hook_calls);
		else
			o += (size_t)snprintf(out + o, cap - o, "%s: %s\n",
			    rk_code_name(code), msg);
	}
	rk_bind_release(&b);
	rk_reader_close(r);
	return out;
}

#define CSV_HEAD "request_id,line_no,qty,requested_at,reason,unit_price,note\n"

static void
test_check_order(void)
{
	static const struct {
		const char *name, *row, *want;
	} cases[] = {
		{ "a good row: the hook sees every column in order",
		  "R1,1,2,2025-01-01,,,\n", "ok 0123456\n" },
		{ "invalid UTF-8 before field_count",
		  "R1,1,2,2025-01-01,,,bad\xff,extra\n",
		  "invalid_utf8: column 'note': invalid UTF-8 \"bad\\xff\"\n" },
		{ "invalid UTF-8 in the first such column of the row",
		  "R\xfe,0,0,x,,,\xff\n",
		  "invalid_utf8: column 'request_id': invalid UTF-8 "
		  "\"R\\xfe\"\n" },
		{ "invalid UTF-8 in an extra field",
		  "R1,1,2,2025-01-01,,,,x\xc3\n",
		  "invalid_utf8: column 'column_8': invalid UTF-8 \"x\\xc3\"\n" },
		{ "field_count before the columns (too many)",
		  "R1,0,0,x,,,,\n", "field_count: 8 fields, the header has 7\n" },
		{ "field_count before the columns (too few)",
		  "R1,0\n", "field_count: 2 fields, the header has 7\n" },
		{ "the first failing column in table order",
		  "R1,x,0,2025-01-01,,,\n",
		  "bad_integer: column 'line_no': \"x\" is not a whole number "
		  "from 1 to 1000000000\n" },
		{ "a required column empty",
		  "R1,1,,2025-01-01,,,\n",
		  "missing_value: column 'qty' is required and empty\n" },
		{ "syntax of an earlier column before an empty required one",
		  "R1,1000000001,,2025-01-01,,,\n",
		  "bad_integer: column 'line_no': \"1000000001\" is not a whole "
		  "number from 1 to 1000000000\n" },
		{ "the hook's code, before a later column's syntax",
		  "R1,1,2,2025-01-01,bogus,abc,\n",
		  "unknown_reason: reason 'bogus' is not in the policy\n" },
		{ "a column's syntax before a later hook",
		  "R1,1,0,2025-01-01,bogus,,\n",
		  "bad_qty: column 'qty': \"0\" is not a whole number from 1 to "
		  "1000000000\n" },
		{ "a bad optional column after the hook passed",
		  "R1,1,2,2025-01-01,ok,1.2.3,\n",
		  "bad_money: column 'unit_price': \"1.2.3\" is not an amount "
		  "(digits with an optional decimal part: at most 12 integer "
		  "and 6 fraction digits, no sign, exponent or thousands "
		  "separator)\n" },
		{ "an empty optional column is not checked",
		  "R1,1,2,2025-01-01,,,\n", "ok 0123456\n" },
		{ "a bad id",
		  " R1,1,2,2025-01-01,,,\n",
		  "bad_id: column 'request_id': \" R1\" is not an id (1 to 64 "
		  "bytes of UTF-8, no leading or trailing space, no control "
		  "character)\n" },
		{ "a bad date",
		  "R1,1,2,2025-02-30,,,\n",
		  "bad_date: column 'requested_at': \"2025-02-30\" is not a date "
		  "YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ss with Z or an "
		  "offset\n" },
	};
	char text[512], out[2048];

	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		snprintf(text, sizeof(text), "%s%s", CSV_HEAD, cases[i].row);
		is_str(check_rows(text, &schema, NULL, out, sizeof(out)),
		    cases[i].want, "check: %s", cases[i].name);
	}
	is_str(check_rows(CSV_HEAD "R1,1,2,2025-01-01,bogus,,\n", &plain, NULL,
	    out, sizeof(out)), "ok \n", "check: no hook, no reason check");
}

static void
test_check_json(void)
{
	static const char text[] =
	    "{\"request_id\":\"R1\",\"line_no\":1,\"qty\":2,"
	    "\"requested_at\":\"2025-01-01\"}\n"
	    "{\"request_id\":\"R2\",\"line_no\":1,\"qty\":true,"
	    "\"requested_at\":\"2025-01-01\"}\n"
	    "{\"request_id\":\"R3\",\"line_no\":{\"a\":1},\"qty\":2,"
	    "\"requested_at\":\"2025-01-01\"}\n"
	    "{\"request_id\":[1],\"line_no\":1,\"qty\":2,"
	    "\"requested_at\":\"2025-01-01\"}\n"
	    "{\"request_id\":\"R5\",\"line_no\":1,\"qty\":null,"
	    "\"requested_at\":\"2025-01-01\"}\n"
	    "{\"request_id\":\"R6\",\"line_no\":1,"
	    "\"requested_at\":\"2025-01-01\"}\n"
	    "{\"request_id\":\"R7\",\"line_no\":1,\"qty\":2,"
	    "\"requested_at\":\"2025-01-01\",\"color\":{\"r\":1},"
	    "\"note\":\"late\"}\n"
	    "{\"request_id\":\"R8\",\"line_no\":1,\"qty\":2,"
	    "\"requested_at\":\"2025-01-01\",\"reason\":\"bogus\"}\n";
	static const char want[] =
	    "ok 0123456\n"
	    "bad_value: column 'qty': a JSON boolean is not allowed\n"
	    "bad_value: column 'line_no': a JSON object is not allowed\n"
	    "bad_value: column 'request_id': a JSON array is not allowed\n"
	    "missing_value: column 'qty' is required and empty\n"
	    "missing_value: column 'qty' is required and empty\n"
	    "ok 0123456\n"
	    "unknown_reason: reason 'bogus' is not in the policy\n";
	struct rk_carried carry;
	char out[2048], names[256];

	rk_carried_init(&carry, reserved, RK_ARRAY_LEN(reserved));
	is_str(check_rows(text, &schema, &carry, out, sizeof(out)), want,
	    "JSON: booleans, objects and arrays are bad values; null and "
	    "absent are empty");
	is_str(carried_names(&carry, names, sizeof(names)), "color",
	    "JSON: a key that appears later is carried (an object too)");
	rk_carried_release(&carry);
}

/* The values of one row of text, each as rk_fv_cell writes it back. */
static const char *
cells_of(const char *text, char *out, size_t cap)
{
	struct rk_reader *r = reader_of(text, 0);
	struct rk_binding b;
	struct rk_fv vals[C_N];
	struct rk_row row;
	struct rk_err err;
	char msg[700];
	size_t o = 0;

	out[0] = '\0';
	if (rk_bind(&b, &plain, NULL, r, '.', &err) ||
	    rk_reader_next(r, &row, &err) != 1 ||
	    rk_row_check(&b, r, &row, vals, msg, sizeof(msg)) != RK_OK)
		snprintf(out, cap, "(row not good)");
	else
		for (size_t k = 0; k < C_N && o < cap; k++) {
			char buf[24];
			struct rk_val v = { "?", 1, RK_V_ABSENT };

			rk_fv_cell(&vals[k], cols[k].kind, buf, &v);
			o += (size_t)snprintf(out + o, cap - o, "%s%.*s%s",
			    k ? "|" : "", (int)v.n, v.p,
			    v.t == RK_V_STR ? "" : "(type?)");
		}
	rk_bind_release(&b);
	rk_reader_close(r);
	return out;
}

static void
test_fv_cell(void)
{
	char out[512];

	is_str(cells_of(CSV_HEAD "R-1,007,0012,2025-02-01T10:00:00+02:00,"
	    "damaged,012.50,a note\n", out, sizeof(out)),
	    "R-1|7|12|2025-02-01|damaged|012.50|a note",
	    "cell: integers without leading zeros, a timestamp's date, the "
	    "rest as read");
	is_str(cells_of(CSV_HEAD "R-1,1000000000,1,2024-02-29,,,\n", out,
	    sizeof(out)), "R-1|1000000000|1|2024-02-29|||",
	    "cell: empty values are empty");
	is_str(cells_of("{\"request_id\":\"R\",\"line_no\":3,\"qty\":4,"
	    "\"requested_at\":\"2025-03-01Z\",\"unit_price\":1.50}\n", out,
	    sizeof(out)), "(row not good)",
	    "cell: a date with a bare Z is not a date");
	is_str(cells_of("{\"request_id\":\"R\",\"line_no\":3,\"qty\":4,"
	    "\"requested_at\":\"2025-03-01T00:00:00Z\",\"unit_price\":1.50}\n",
	    out, sizeof(out)), "R|3|4|2025-03-01||1.50|",
	    "cell: JSON numbers as read, absent keys empty");
}

static void
test_fv_cell_direct(void)
{
	struct rk_fv v;
	struct rk_val out;
	char buf[24];

	memset(&v, 0, sizeof(v));
	v.p = "0042";
	v.n = 4;
	v.present = 1;
	v.i = 42;
	rk_fv_cell(&v, RK_K_INT, buf, &out);
	is_int(out.n, 2, "cell: 0042 as an integer is 2 bytes");
	ok(out.n == 2 && memcmp(out.p, "42", 2) == 0, "cell: 0042 is 42");
	is_int(out.t, RK_V_STR, "cell: written as text");
	rk_fv_cell(&v, RK_K_ID, buf, &out);
	ok(out.p == v.p && out.n == 4, "cell: an id is its bytes as read");
	v.present = 0;
	rk_fv_cell(&v, RK_K_INT, buf, &out);
	is_int(out.n, 0, "cell: an absent value is empty");
	v.present = 1;
	v.date = rk_days_from_civil(1999, 12, 31);
	rk_fv_cell(&v, RK_K_DATE, buf, &out);
	ok(out.n == 10 && memcmp(out.p, "1999-12-31", 10) == 0,
	    "cell: a date is written YYYY-MM-DD");
}

static void
test_reject_messages(void)
{
	static const struct {
		enum rk_code code;
		const char *value, *want;
	} cases[] = {
		{ RK_BAD_TEXT, "abc", "column 'c': 3 bytes of text: text must be "
		  "UTF-8 without NUL, at most 1000 bytes" },
		{ RK_BAD_PERCENT, "101", "column 'c': \"101\" is not a percentage "
		  "from 0 to 100 with at most 4 fraction digits" },
		{ RK_BAD_CURRENCY, "eur", "column 'c': \"eur\" is not an ISO 4217 "
		  "currency code with a minor unit" },
		{ RK_BAD_QTY, "-1", "column 'c': \"-1\" is not a whole number "
		  "from 1 to 1000000000" },
		{ RK_MISSING_VALUE, "", "column 'c' is required and empty" },
		{ RK_BAD_VALUE, "x\"y", "column 'c': \"x\\\"y\"" },
		{ RK_BAD_ID, "a\nb", "column 'c': \"a\\x0ab\" is not an id (1 to "
		  "64 bytes of UTF-8, no leading or trailing space, no control "
		  "character)" },
	};
	char msg[700];

	for (size_t i = 0; i < RK_ARRAY_LEN(cases); i++) {
		rk_reject_message(cases[i].code, "c", cases[i].value,
		    strlen(cases[i].value), msg, sizeof(msg));
		is_str(msg, cases[i].want, "message: %s",
		    rk_code_name(cases[i].code));
	}
}

int
main(void)
{
	rk_progname = "unit_schema";
	tap_tmpname(dir, sizeof(dir), "unit_schema");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/in.csv", dir);
	test_required();
	test_near_miss();
	test_decimal_separator();
	test_carried();
	test_carried_merge();
	test_check_order();
	test_check_json();
	test_fv_cell();
	test_fv_cell_direct();
	test_reject_messages();
	rmdir(dir);
	return done_testing();
}
