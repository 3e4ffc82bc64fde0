/*
 * unit_reader.c - record input (returns-formats(5), "Input formats"):
 * strict RFC 4180 CSV, JSON Lines and JSON arrays, format detection, the
 * CSV delimiter of each input, and the structural errors of "CSV" and
 * "JSON input" (exit 65 with FILE:LINE:COL).
 *
 * Each case writes its input to a temporary file, reads it back and
 * renders what the reader handed out as text:
 *
 *	cols=a|b                      the column table after the last row
 *	L2 n2 x0: s"x" s"y"           a row: its line, nfields, nextra, values
 *
 * A value is s"text" (string), #text (JSON number), b:text (boolean),
 * o:text / a:text (object / array, compact JSON), null, or - (absent);
 * extra CSV fields follow as +"text".  CR, LF and non-printable bytes in
 * values are shown as \r, \n and \xNN.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/reader.h"
#include "rk/util.h"

#include "tap.h"

/* A byte string with an explicit length (inputs may hold NUL or BOM). */
#define B(s) s, sizeof(s) - 1

struct buf {
	char s[4096];
	size_t n;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n && b->n + 5 < sizeof(b->s); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r') {
			memcpy(b->s + b->n, "\\r", 2);
			b->n += 2;
		} else if (c == '\n') {
			memcpy(b->s + b->n, "\\n", 2);
			b->n += 2;
		} else if (c < 0x20 || c == 0x7f) {
			b->n += (size_t)snprintf(b->s + b->n, 5, "\\x%02x", c);
		} else {
			b->s[b->n++] = (char)c;
		}
	}
	b->s[b->n] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->n + n + 1 < sizeof(b->s)) {
		memcpy(b->s + b->n, s, n);
		b->n += n;
		b->s[b->n] = '\0';
	}
}

static void
put_val(struct buf *b, const struct rk_val *v, const char *strtag)
{
	switch (v->t) {
	case RK_V_ABSENT: puts_(b, "-"); return;
	case RK_V_NULL: puts_(b, "null"); return;
	case RK_V_STR: puts_(b, strtag); puts_(b, "\""); break;
	case RK_V_NUM: puts_(b, "#"); break;
	case RK_V_BOOL: puts_(b, "b:"); break;
	case RK_V_OBJ: puts_(b, "o:"); break;
	case RK_V_ARR: puts_(b, "a:"); break;
	default: puts_(b, "?"); break;
	}
	put(b, v->p, v->n);
	if (v->t == RK_V_STR)
		puts_(b, "\"");
}

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

/* Replace the temporary path at the start of msg by "FILE". */
static const char *
with_file(const char *msg, const char *path, char *out, size_t cap)
{
	size_t n = strlen(path);

	if (strncmp(msg, path, n) == 0)
		snprintf(out, cap, "FILE%s", msg + n);
	else
		snprintf(out, cap, "%s", msg);
	return out;
}

struct result {
	int start;         /* rk_reader_start */
	int end;           /* the last rk_reader_next: 0 or -1 */
	int status;        /* err.status when end or start is -1 */
	enum rk_fmt fmt;   /* format after start */
	char delim;        /* rk_reader_delim after start */
	char msg[1100];    /* err.msg with the path as FILE */
	struct buf rows;   /* cols=... then one line per row */
};

/* Read a whole input and render it. */
static void
read_all(const char *in, size_t n, enum rk_fmt fmt, char delim,
    struct result *res)
{
	struct rk_reader_opts o = { fmt, delim, NULL };
	struct rk_err err = { 0, "" };
	struct rk_reader *r;
	struct rk_row row;
	char path[TAP_PATH], line[64];
	int k;

	memset(res, 0, sizeof(*res));
	make_file(path, in, n);
	r = rk_reader_open(path, &o, &err);
	if (r == NULL) {
		res->start = -2;
		unlink(path);
		return;
	}
	res->start = rk_reader_start(r, &err);
	res->fmt = rk_reader_format(r);
	res->delim = rk_reader_delim(r);
	k = res->start;
	while (k > 0) {
		k = rk_reader_next(r, &row, &err);
		if (k <= 0)
			break;
		snprintf(line, sizeof(line), "L%lu n%zu x%zu:", row.line,
		    row.nfields, row.nextra);
		puts_(&res->rows, line);
		for (size_t i = 0; i < row.nvals; i++) {
			puts_(&res->rows, " ");
			put_val(&res->rows, &row.v[i], "s");
		}
		for (size_t i = 0; i < row.nextra; i++) {
			puts_(&res->rows, " ");
			put_val(&res->rows, &row.extra[i], "+");
		}
		puts_(&res->rows, "\n");
	}
	res->end = k;
	if (k < 0) {
		res->status = err.status;
		with_file(err.msg, path, res->msg, sizeof(res->msg));
	}
	/* the column table, as known at the end */
	{
		struct buf cols = { "", 0 };

		puts_(&cols, "cols=");
		for (size_t i = 0; i < rk_reader_ncols(r); i++) {
			size_t len;
			const char *name = rk_reader_col(r, i, &len);

			if (i)
				puts_(&cols, "|");
			put(&cols, name, len);
		}
		puts_(&cols, "\n");
		puts_(&cols, res->rows.s);
		res->rows = cols;
	}
	rk_reader_close(r);
	unlink(path);
}

/*
 * Inputs that read without error: the rows handed out, their line
 * numbers, field counts and values.
 */
struct read_case {
	const char *name;
	const char *in;
	size_t n;
	enum rk_fmt fmt;
	char delim;
	int start;              /* what rk_reader_start answers */
	enum rk_fmt detected;
	const char *want;
};

static const struct read_case read_cases[] = {
	/* CSV: header then rows, one value per column */
	{ "CSV header and rows", B("a,b\nx,y\n1,2\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV,
	  "cols=a|b\nL2 n2 x0: s\"x\" s\"y\"\nL3 n2 x0: s\"1\" s\"2\"\n" },
	{ "CSV without a final line end", B("a,b\nx,y"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV, "cols=a|b\nL2 n2 x0: s\"x\" s\"y\"\n" },
	{ "CSV header only", B("a,b\n"), RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a|b\n" },
	{ "CSV empty fields", B("a,b,c\n,,\n"), RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a|b|c\nL2 n3 x0: s\"\" s\"\" s\"\"\n" },
	{ "CSV spaces are data", B("a,b\n x , y\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV, "cols=a|b\nL2 n2 x0: s\" x \" s\" y\"\n" },
	/* RFC 4180 quoting: doubled quotes, delimiters and line ends inside */
	{ "CSV quoted fields", B("a,b\n\"x,\"\"q\"\"\",\"l1\r\nl2\"\n3,4\n"),
	  RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a|b\nL2 n2 x0: s\"x,\"q\"\" s\"l1\\r\\nl2\"\n"
	  "L4 n2 x0: s\"3\" s\"4\"\n" },
	{ "CSV quoted empty field and quoted header",
	  B("\"a\",\"b c\"\n\"\",\"\"\"\"\n"), RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a|b c\nL2 n2 x0: s\"\" s\"\"\"\n" },
	{ "CSV quoted field with a bare CR and an LF",
	  B("a\n\"x\ry\nz\"\nnext\n"), RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a\nL2 n1 x0: s\"x\\ry\\nz\"\nL5 n1 x0: s\"next\"\n" },
	/* a UTF-8 byte-order mark at the start is skipped */
	{ "CSV after a BOM", B("\xef\xbb\xbf" "a,b\nx,y\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV, "cols=a|b\nL2 n2 x0: s\"x\" s\"y\"\n" },
	{ "CSV after a BOM, detected", B("\xef\xbb\xbf" "a,b\nx,y\n"),
	  RK_FMT_AUTO, ',', 1, RK_FMT_CSV,
	  "cols=a|b\nL2 n2 x0: s\"x\" s\"y\"\n" },
	/* LF, CRLF and bare CR all end records; lines count each */
	{ "CSV mixed line ends", B("a\r\n1\r\n2\n3\r4\r\n\r\n5"), RK_FMT_CSV,
	  ',', 1, RK_FMT_CSV,
	  "cols=a\nL2 n1 x0: s\"1\"\nL3 n1 x0: s\"2\"\nL4 n1 x0: s\"3\"\n"
	  "L5 n1 x0: s\"4\"\nL7 n1 x0: s\"5\"\n" },
	{ "CSV bare CR only", B("a,b\rx,y\r1,2\r"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV,
	  "cols=a|b\nL2 n2 x0: s\"x\" s\"y\"\nL3 n2 x0: s\"1\" s\"2\"\n" },
	{ "CSV CRLF only", B("a,b\r\nx,y\r\n1,2\r\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV,
	  "cols=a|b\nL2 n2 x0: s\"x\" s\"y\"\nL3 n2 x0: s\"1\" s\"2\"\n" },
	/* empty lines are skipped, not rows, and still counted */
	{ "CSV blank lines", B("a,b\n\nx,y\n\n\n1,2\n\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV,
	  "cols=a|b\nL3 n2 x0: s\"x\" s\"y\"\nL6 n2 x0: s\"1\" s\"2\"\n" },
	{ "CSV blank lines before the header", B("\n\r\na,b\nx,y\n"),
	  RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a|b\nL4 n2 x0: s\"x\" s\"y\"\n" },
	/* no bytes, or blank lines only: no rows and no error */
	{ "empty file", B(""), RK_FMT_AUTO, ',', 0, RK_FMT_CSV, "cols=\n" },
	{ "empty file, CSV", B(""), RK_FMT_CSV, ',', 0, RK_FMT_CSV, "cols=\n" },
	{ "blank lines only", B("\n\n\r\n"), RK_FMT_AUTO, ',', 0, RK_FMT_CSV,
	  "cols=\n" },
	{ "blank lines only, CSV", B("\n\r\n\r"), RK_FMT_CSV, ',', 0,
	  RK_FMT_CSV, "cols=\n" },
	{ "a BOM only", B("\xef\xbb\xbf"), RK_FMT_AUTO, ',', 0, RK_FMT_CSV,
	  "cols=\n" },
	{ "a BOM and blank lines", B("\xef\xbb\xbf\n\r\n"), RK_FMT_AUTO, ',', 0,
	  RK_FMT_CSV, "cols=\n" },
	{ "CR then CRLF is two line ends", B("a\r\r\n1\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV, "cols=a\nL3 n1 x0: s\"1\"\n" },
	{ "a quoted empty field is a row, not an empty line",
	  B("a\n\"\"\n\n"), RK_FMT_CSV, ',', 1, RK_FMT_CSV,
	  "cols=a\nL2 n1 x0: s\"\"\n" },
	{ "empty file, JSON Lines", B(""), RK_FMT_JSONL, ',', 1, RK_FMT_JSONL,
	  "cols=\n" },
	{ "blank lines only, JSON Lines", B("\n \n"), RK_FMT_JSONL, ',', 1,
	  RK_FMT_JSONL, "cols=\n" },
	{ "empty file, JSON", B(""), RK_FMT_JSON, ',', 1, RK_FMT_JSON,
	  "cols=\n" },
	/* a row with another field count than the header is handed out */
	{ "CSV short and long rows", B("a,b\nx\nx,y,z,w\n"), RK_FMT_CSV, ',',
	  1, RK_FMT_CSV,
	  "cols=a|b\nL2 n1 x0: s\"x\" -\nL3 n4 x2: s\"x\" s\"y\" +\"z\" +\"w\"\n" },
	/* --delimiter ';' */
	{ "CSV with ';'", B("a;b\n1,5;\"x;y\"\n"), RK_FMT_CSV, ';', 1,
	  RK_FMT_CSV, "cols=a|b\nL2 n2 x0: s\"1,5\" s\"x;y\"\n" },
	{ "CSV with ';' detected", B("a;b\n1,5;2\n"), RK_FMT_AUTO, ';', 1,
	  RK_FMT_CSV, "cols=a|b\nL2 n2 x0: s\"1,5\" s\"2\"\n" },
	/* UTF-8 values pass through */
	{ "CSV UTF-8", B("name\nK\xc3\xa4rnt\xc3\xa4\n"), RK_FMT_CSV, ',', 1,
	  RK_FMT_CSV, "cols=name\nL2 n1 x0: s\"K\xc3\xa4rnt\xc3\xa4\"\n" },
	/*
	 * JSON Lines: keys in order of first appearance, numbers as their
	 * literal text, objects and arrays minified, null, booleans, a
	 * missing key absent.
	 */
	{ "JSON Lines",
	  B("{\"b\": 1, \"a\": \"x\"}\n"
	    "{\"a\":\"y\",\"c\":null,\"d\":true,\"e\":{ \"k\" : [1, 2] },"
	    "\"f\":3.10,\"g\":false,\"h\":[ ],\"i\":1e2}\n"),
	  RK_FMT_JSONL, ',', 1, RK_FMT_JSONL,
	  "cols=b|a|c|d|e|f|g|h|i\n"
	  "L1 n2 x0: #1 s\"x\"\n"
	  "L2 n8 x0: - s\"y\" null b:true o:{\"k\":[1,2]} #3.10 b:false a:[] "
	  "#1e2\n" },
	{ "JSON Lines detected, blank lines around",
	  B("\n  \n{\"a\":\"x\"}\n\n{\"a\":\"y\"}\n\n"), RK_FMT_AUTO, ',', 1,
	  RK_FMT_JSONL, "cols=a\nL3 n1 x0: s\"x\"\nL5 n1 x0: s\"y\"\n" },
	{ "JSON Lines after a BOM", B("\xef\xbb\xbf{\"a\":\"x\"}\n"),
	  RK_FMT_AUTO, ',', 1, RK_FMT_JSONL, "cols=a\nL1 n1 x0: s\"x\"\n" },
	{ "JSON string escapes",
	  B("{\"a\":\"q\\\"\\\\\\u00e9\\n\\t\",\"k\\u0065y\":\"v\"}\n"),
	  RK_FMT_JSONL, ',', 1, RK_FMT_JSONL,
	  "cols=a|key\nL1 n2 x0: s\"q\"\\\xc3\xa9\\n\\x09\" s\"v\"\n" },
	{ "JSON strings keep inner spaces when minified",
	  B("{\"o\": {\"x\": \"a b\" , \"y\" : [ \"c ,d\" ] }}\n"),
	  RK_FMT_JSONL, ',', 1, RK_FMT_JSONL,
	  "cols=o\nL1 n1 x0: o:{\"x\":\"a b\",\"y\":[\"c ,d\"]}\n" },
	{ "JSON object over several lines", B("{\"a\":\n  \"x\"}\n{\"a\":\"y\"}\n"),
	  RK_FMT_JSONL, ',', 1, RK_FMT_JSONL,
	  "cols=a\nL1 n1 x0: s\"x\"\nL3 n1 x0: s\"y\"\n" },
	{ "JSON empty object", B("{}\n{\"a\":\"x\"}\n"), RK_FMT_JSONL, ',', 1,
	  RK_FMT_JSONL, "cols=a\nL1 n0 x0:\nL2 n1 x0: s\"x\"\n" },
	/* a JSON array of objects */
	{ "JSON array", B("[\n {\"a\": \"x\"},\n {\"b\": 2, \"a\": null}\n]\n"),
	  RK_FMT_AUTO, ',', 1, RK_FMT_JSON,
	  "cols=a|b\nL2 n1 x0: s\"x\"\nL3 n2 x0: null #2\n" },
	{ "JSON array on one line", B("[{\"a\":\"x\"},{\"a\":\"y\"}]"),
	  RK_FMT_JSON, ',', 1, RK_FMT_JSON,
	  "cols=a\nL1 n1 x0: s\"x\"\nL1 n1 x0: s\"y\"\n" },
	{ "JSON empty array", B("[]\n"), RK_FMT_AUTO, ',', 1, RK_FMT_JSON,
	  "cols=\n" },
	{ "JSON empty array with blanks", B("  [ \n ]  \n"), RK_FMT_AUTO, ',',
	  1, RK_FMT_JSON, "cols=\n" },
	/* auto detection looks at the first non-blank byte only */
	{ "CSV whose first field starts with a space", B(" a\n1\n"),
	  RK_FMT_AUTO, ',', 1, RK_FMT_CSV, "cols= a\nL2 n1 x0: s\"1\"\n" },
};

/*
 * The delimiter of a CSV input read without --delimiter (delim 0): of
 * ',' ';' TAB '|', the one its header line holds most often outside
 * quotes, ties in that order, none of them ','.  Only the header line
 * counts; the rows show the input was then read with that delimiter.
 */
struct delim_case {
	const char *name;
	const char *in;
	size_t n;
	enum rk_fmt fmt;
	char delim;        /* what rk_reader_delim answers after start */
	const char *want;
};

static const struct delim_case delim_cases[] = {
	{ "';' most often", B("a,b;c;d\n1,2;3;4\n"), RK_FMT_CSV, ';',
	  "cols=a,b|c|d\nL2 n3 x0: s\"1,2\" s\"3\" s\"4\"\n" },
	{ "TAB", B("a\tb\tc\n1\t2,5\t3\n"), RK_FMT_AUTO, '\t',
	  "cols=a|b|c\nL2 n3 x0: s\"1\" s\"2,5\" s\"3\"\n" },
	{ "'|'", B("a|b\n1|2\n"), RK_FMT_AUTO, '|',
	  "cols=a|b\nL2 n2 x0: s\"1\" s\"2\"\n" },
	{ "',' only", B("a,b\n1;2,3\n"), RK_FMT_AUTO, ',',
	  "cols=a|b\nL2 n2 x0: s\"1;2\" s\"3\"\n" },
	/* ties go to the earlier of , ; TAB | */
	{ "tie ',' and ';'", B("a;b,c\n1;2,3\n"), RK_FMT_CSV, ',',
	  "cols=a;b|c\nL2 n2 x0: s\"1;2\" s\"3\"\n" },
	{ "tie ';' and TAB", B("a\tb;c\n"), RK_FMT_CSV, ';',
	  "cols=a\\x09b|c\n" },
	{ "tie TAB and '|'", B("a|b\tc\n"), RK_FMT_CSV, '\t',
	  "cols=a|b|c\n" },
	{ "tie of all four", B("a,b;c\td|e\n"), RK_FMT_CSV, ',',
	  "cols=a|b;c\\x09d|e\n" },
	{ "two ';' beat one ','", B("a;b;c,d\n"), RK_FMT_CSV, ';',
	  "cols=a|b|c,d\n" },
	/* no candidate in the header: ',' */
	{ "no delimiter at all", B("abc\n1;2\n"), RK_FMT_AUTO, ',',
	  "cols=abc\nL2 n1 x0: s\"1;2\"\n" },
	{ "no delimiter, one quoted name", B("\"a;b;c\"\n1\n"), RK_FMT_CSV, ',',
	  "cols=a;b;c\nL2 n1 x0: s\"1\"\n" },
	/* inside quotes nothing counts; every '"' toggles */
	{ "quoted names hide ';'", B("\"a;b;c\",\"d;e\",f\n1,2,3\n"),
	  RK_FMT_CSV, ',',
	  "cols=a;b;c|d;e|f\nL2 n3 x0: s\"1\" s\"2\" s\"3\"\n" },
	{ "a doubled quote toggles twice", B("\"a\"\";,\"\"b\";c;d,e\n"),
	  RK_FMT_CSV, ';', "cols=a\";,\"b|c|d,e\n" },
	{ "a quoted line end does not end the header line",
	  B("\"a\n,,,\";b\n1;2\n"), RK_FMT_CSV, ';',
	  "cols=a\\n,,,|b\nL3 n2 x0: s\"1\" s\"2\"\n" },
	/* only the header line counts, whatever the rows hold */
	{ "rows do not count", B("a;b\n1,2,3,4;5\n"), RK_FMT_CSV, ';',
	  "cols=a|b\nL2 n2 x0: s\"1,2,3,4\" s\"5\"\n" },
	/* empty lines before the header, a BOM, CRLF and bare CR */
	{ "empty lines before the header", B("\n\r\n\ra;b\n1;2\n"),
	  RK_FMT_CSV, ';', "cols=a|b\nL5 n2 x0: s\"1\" s\"2\"\n" },
	{ "empty lines before the header, format detected",
	  B("\n\n\"a\"\tb\tc\n1\t2\t3\n"), RK_FMT_AUTO, '\t',
	  "cols=a|b|c\nL4 n3 x0: s\"1\" s\"2\" s\"3\"\n" },
	{ "BOM", B("\xef\xbb\xbf" "a|b\n1|2\n"), RK_FMT_AUTO, '|',
	  "cols=a|b\nL2 n2 x0: s\"1\" s\"2\"\n" },
	{ "BOM and empty lines", B("\xef\xbb\xbf\r\n\r\na;b\r\n1;2\r\n"),
	  RK_FMT_AUTO, ';', "cols=a|b\nL4 n2 x0: s\"1\" s\"2\"\n" },
	{ "CRLF", B("a;b\r\n1,5;2\r\n"), RK_FMT_CSV, ';',
	  "cols=a|b\nL2 n2 x0: s\"1,5\" s\"2\"\n" },
	{ "bare CR ends the header line", B("a;b\r1,2,3\r"), RK_FMT_CSV, ';',
	  "cols=a|b\nL2 n1 x0: s\"1,2,3\" -\n" },
	{ "a header without a line end", B("a|b|c,d"), RK_FMT_CSV, '|',
	  "cols=a|b|c,d\n" },
	/* nothing to judge: ',' */
	{ "empty file", B(""), RK_FMT_CSV, ',', "cols=\n" },
	{ "empty lines only", B("\n\r\n"), RK_FMT_CSV, ',', "cols=\n" },
	/* JSON has no delimiter */
	{ "JSON Lines", B("{\"a;b\":\"x\"}\n"), RK_FMT_AUTO, 0,
	  "cols=a;b\nL1 n1 x0: s\"x\"\n" },
};

/*
 * Structurally broken inputs: rk_reader_start or rk_reader_next returns
 * -1 with status 65 and a message "FILE:LINE:COL: ...".
 */
struct error_case {
	const char *name;
	const char *in;
	size_t n;
	enum rk_fmt fmt;
	const char *msg;
};

static const struct error_case error_cases[] = {
	{ "unterminated quote", B("a,b\nx,\"yy\n"), RK_FMT_CSV,
	  "FILE:2:3: unterminated quoted field" },
	{ "unterminated quote over lines", B("a,b\n1,2\nx,\"y\ny\ny\n"),
	  RK_FMT_CSV, "FILE:3:3: unterminated quoted field" },
	{ "unterminated quote in the header", B("a,\"b\n"), RK_FMT_CSV,
	  "FILE:1:3: unterminated quoted field" },
	{ "quote inside an unquoted field", B("a,b\nx,y\"z\n"), RK_FMT_CSV,
	  "FILE:2:4: quote inside an unquoted field" },
	{ "quote inside an unquoted field after UTF-8",
	  B("a,b\n\xc3\xa9,x\"y\n"), RK_FMT_CSV,
	  "FILE:2:4: quote inside an unquoted field" },
	{ "quote inside an unquoted field after a quoted line end",
	  B("a\n\"x\ny\"\nz\"\n"), RK_FMT_CSV,
	  "FILE:4:2: quote inside an unquoted field" },
	{ "text after a closing quote", B("a,b\n\"x\"y,z\n"), RK_FMT_CSV,
	  "FILE:2:4: text after a closing quote" },
	{ "text after a closing quote on a later line",
	  B("a,b\n1,\"x\ny\" ,2\n"), RK_FMT_CSV,
	  "FILE:3:3: text after a closing quote" },
	{ "empty column name", B("a,,c\nx,y,z\n"), RK_FMT_CSV,
	  "FILE:1:3: empty column name" },
	{ "empty last column name", B("a,b,\n1,2,3\n"), RK_FMT_CSV,
	  "FILE:1:5: empty column name" },
	{ "duplicated column name", B("a,b,a\n1,2,3\n"), RK_FMT_CSV,
	  "FILE:1:5: duplicated column name \"a\"" },
	{ "duplicated column name after a BOM and blank line",
	  B("\xef\xbb\xbf\nsku,qty,sku\n"), RK_FMT_AUTO,
	  "FILE:2:9: duplicated column name \"sku\"" },
	/* JSON that is not an object, does not parse or is cut short */
	{ "JSON Lines element not an object", B("{\"a\":1}\n[1]\n"),
	  RK_FMT_JSONL, "FILE:2:1: expected a JSON object" },
	{ "JSON Lines number", B("{\"a\":1}\n  42\n"), RK_FMT_JSONL,
	  "FILE:2:3: expected a JSON object" },
	{ "JSON Lines string", B("\"a\"\n"), RK_FMT_JSONL,
	  "FILE:1:1: expected a JSON object" },
	{ "JSON array element not an object", B("[{\"a\":1}, 2]"),
	  RK_FMT_JSON, "FILE:1:11: expected a JSON object" },
	{ "JSON array of arrays", B("[[1]]"), RK_FMT_AUTO,
	  "FILE:1:2: expected a JSON object" },
	{ "JSON top level not an array", B("{\"a\":1}"), RK_FMT_JSON,
	  "FILE:1:1: expected '[' to start a JSON array" },
	{ "truncated JSON object", B("{\"a\":1}\n{\"a\":"), RK_FMT_JSONL,
	  "FILE:2:1: truncated JSON: the object started here is not closed" },
	{ "truncated JSON object in an array", B("[\n  {\"a\":1"), RK_FMT_AUTO,
	  "FILE:2:3: truncated JSON: the object started here is not closed" },
	{ "truncated JSON array", B("[{\"a\":1}"), RK_FMT_AUTO,
	  "FILE:1:9: truncated JSON: the array is not closed" },
	{ "JSON array without a comma", B("[{\"a\":1} {\"a\":2}]"), RK_FMT_JSON,
	  "FILE:1:10: expected ',' or ']' after an object" },
	{ "text after a JSON array", B("[{\"a\":1}]\nx\n"), RK_FMT_JSON,
	  "FILE:2:1: text after the end of the JSON array" },
	{ "JSON empty key", B("{\"\":1}\n"), RK_FMT_JSONL,
	  "FILE:1:1: empty column name" },
	/* JSON syntax errors inside an element (jansson's words, our place) */
	{ "JSON bad token", B("{\"a\":1}\n  {\"a\":tru}\n"), RK_FMT_JSONL,
	  "FILE:2:10: invalid token near 'tru'" },
	{ "JSON bad token in an array", B("[\n {\"a\":1},\n {\"b\":tru}]"),
	  RK_FMT_AUTO, "FILE:3:9: invalid token near 'tru'" },
	{ "JSON missing comma inside an object",
	  B("{\"a\":1}\n{\"a\": 1 \"b\":2}\n"), RK_FMT_JSONL,
	  "FILE:2:11: '}' expected near '\"b\"'" },
	/* jansson quotes the token: a control character in it is escaped */
	{ "JSON control character after a value", B("{\"a\":1\x13}\n"),
	  RK_FMT_JSONL, "FILE:1:7: '}' expected near '\\x13'" },
};

static void
test_read_cases(void)
{
	static const char *const fmt_names[] = { "auto", "csv", "jsonl", "json" };
	struct result res;

	for (size_t i = 0; i < RK_ARRAY_LEN(read_cases); i++) {
		const struct read_case *c = &read_cases[i];

		read_all(c->in, c->n, c->fmt, c->delim, &res);
		is_int(res.start, c->start, "%s: rk_reader_start returns %d",
		    c->name, c->start);
		is_str(fmt_names[res.fmt], fmt_names[c->detected],
		    "%s: format %s", c->name, fmt_names[c->detected]);
		is_int(res.end, 0, "%s: ends without error", c->name);
		if (res.end)
			printf("#   %s\n", res.msg);
		is_str(res.rows.s, c->want, "%s: rows", c->name);
	}
}

static void
test_delim_cases(void)
{
	struct result res;

	for (size_t i = 0; i < RK_ARRAY_LEN(delim_cases); i++) {
		const struct delim_case *c = &delim_cases[i];

		read_all(c->in, c->n, c->fmt, 0, &res);
		is_int(res.end, 0, "delimiter, %s: read without error", c->name);
		if (res.end)
			printf("#   %s\n", res.msg);
		is_int(res.delim, c->delim, "delimiter, %s: character %d", c->name,
		    c->delim);
		is_str(res.rows.s, c->want, "delimiter, %s: rows", c->name);
	}

	/* --delimiter turns detection off */
	read_all(B("a;b;c\n1;2;3\n"), RK_FMT_CSV, ',', &res);
	is_int(res.delim, ',', "--delimiter ',': ',' whatever the header holds");
	is_str(res.rows.s, "cols=a;b;c\nL2 n1 x0: s\"1;2;3\"\n",
	    "--delimiter ',': the header is one column");
}

static void
test_error_cases(void)
{
	struct result res;

	for (size_t i = 0; i < RK_ARRAY_LEN(error_cases); i++) {
		const struct error_case *c = &error_cases[i];
		int rc;

		read_all(c->in, c->n, c->fmt, ',', &res);
		rc = res.start < 0 ? res.start : res.end;
		is_int(rc, -1, "%s: an error", c->name);
		is_int(res.status, 65, "%s: status 65", c->name);
		is_str(res.msg, c->msg, "%s: message", c->name);
	}
}

int
main(void)
{
	test_read_cases();
	test_delim_cases();
	test_error_cases();
	return done_testing();
}
