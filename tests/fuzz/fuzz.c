/*
 * fuzz.c - what the fuzz targets share (see fuzz.h): in-memory files,
 * caught output, and the checks of messages and outputs.
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

void
fz_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(NULL);
	dprintf(STDERR_FILENO, "fuzz: ");
	va_start(ap, fmt);
	vdprintf(STDERR_FILENO, fmt, ap);
	va_end(ap);
	dprintf(STDERR_FILENO, "\n");
	abort();
}

int
fz_memfile(const void *data, size_t n, char path[FZ_PATH])
{
	const char *p = data;
	int fd = memfd_create("rk-fuzz", MFD_CLOEXEC);

	if (fd < 0)
		fz_fail("memfd_create: %s", strerror(errno));
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k <= 0)
			fz_fail("write to a memfd: %s", strerror(errno));
		p += k;
		n -= (size_t)k;
	}
	snprintf(path, FZ_PATH, "/proc/self/fd/%d", fd);
	return fd;
}

char *
fz_slurp_fd(int fd, size_t *n)
{
	struct stat st;
	char *buf;
	size_t got = 0;

	if (fstat(fd, &st) != 0)
		fz_fail("fstat: %s", strerror(errno));
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		fz_fail("out of memory");
	while (got < (size_t)st.st_size) {
		ssize_t k = pread(fd, buf + got, (size_t)st.st_size - got,
		    (off_t)got);

		if (k <= 0)
			fz_fail("pread: %s", k < 0 ? strerror(errno) : "end of file");
		got += (size_t)k;
	}
	buf[got] = '\0';
	*n = got;
	return buf;
}

char *
fz_slurp(const char *path, size_t *n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;

	if (fd < 0) {
		if (errno != ENOENT)
			fz_fail("open '%s': %s", path, strerror(errno));
		*n = 0;
		return NULL;
	}
	buf = fz_slurp_fd(fd, n);
	close(fd);
	return buf;
}

void
fz_spew(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fwrite(p, 1, n, fp) != n || fclose(fp) != 0)
		fz_fail("cannot write '%s': %s", path, strerror(errno));
}

/* A FILE on a new memfd, fully buffered like stdout to a file. */
static FILE *
mem_stream(int *fd)
{
	FILE *fp;

	*fd = memfd_create("rk-fuzz-out", MFD_CLOEXEC);
	if (*fd < 0 || (fp = fdopen(*fd, "w")) == NULL)
		fz_fail("cannot make an in-memory stream: %s", strerror(errno));
	return fp;
}

void
fz_capture_begin(struct fz_capture *c)
{
	memset(c, 0, sizeof(*c));
	fflush(stdout);
	fflush(stderr);
	c->out_fp = mem_stream(&c->out_fd);
	c->err_fp = mem_stream(&c->err_fd);
	c->saved_out = stdout;
	c->saved_err = stderr;
	stdout = c->out_fp;
	stderr = c->err_fp;
}

void
fz_capture_end(struct fz_capture *c)
{
	fflush(c->out_fp);
	fflush(c->err_fp);
	stdout = c->saved_out;
	stderr = c->saved_err;
	c->out = fz_slurp_fd(c->out_fd, &c->nout);
	c->err = fz_slurp_fd(c->err_fd, &c->nerr);
	fclose(c->out_fp);
	fclose(c->err_fp);
	c->out_fp = c->err_fp = NULL;
	if (getenv("RK_FUZZ_VERBOSE") && c->nerr)
		fwrite(c->err, 1, c->nerr, stderr);
}

void
fz_capture_free(struct fz_capture *c)
{
	free(c->out);
	free(c->err);
	c->out = c->err = NULL;
}

/* The length of a C1 control in UTF-8 at p (0 when none). */
static size_t
c1_control(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f ? 2 : 0;
}

void
fz_check_message(const char *prog, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t plen = prog ? strlen(prog) : 0, bol = 0;

	for (size_t i = 0; i < n; i++) {
		if (prog && i == bol && (n - i < plen + 2 ||
		    memcmp(p + i, prog, plen) != 0 || p[i + plen] != ':' ||
		    p[i + plen + 1] != ' '))
			fz_fail("a line on standard error does not start with "
			    "'%s: ': %.*s", prog, (int)(n - i > 200 ? 200 : n - i),
			    p + i);
		if (prog && s[i] == '\n') {
			bol = i + 1;
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f || c1_control(s + i, n - i))
			fz_fail("a message carries the control character 0x%02x "
			    "at byte %zu: %.*s", s[i], i, (int)(n > 300 ? 300 : n), p);
	}
	if (prog && n > 0 && p[n - 1] != '\n')
		fz_fail("standard error does not end with a line end");
}

void
fz_check_err(const struct rk_err *err)
{
	static const int statuses[] = { RK_EX_DATAERR, RK_EX_NOINPUT,
		RK_EX_IOERR, RK_EX_CONFIG, RK_EX_SOFTWARE, RK_EX_CANTCREAT,
		RK_EX_USAGE, RK_EX_TEMPFAIL };
	size_t i, n = strnlen(err->msg, sizeof(err->msg));

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (err->status == statuses[i])
			break;
	if (i == sizeof(statuses) / sizeof(statuses[0]))
		fz_fail("an error with status %d: %s", err->status, err->msg);
	if (n == 0 || n == sizeof(err->msg))
		fz_fail("an error (status %d) without a message", err->status);
	fz_check_message(NULL, err->msg, n);
}

/* The CSV check: fields of the record being read, fields of the first. */
struct csv_count {
	const char *what;
	size_t fields, first;
	unsigned long records;
};

static void
csv_field(void *s, size_t len, void *ctx)
{
	(void)s;
	(void)len;
	((struct csv_count *)ctx)->fields++;
}

static void
csv_record(int c, void *ctx)
{
	struct csv_count *cc = ctx;

	(void)c;
	if (cc->records++ == 0)
		cc->first = cc->fields;
	else if (cc->fields != cc->first)
		fz_fail("%s: record %lu has %zu fields, the header %zu", cc->what,
		    cc->records, cc->fields, cc->first);
	cc->fields = 0;
}

/* No space trimming: the delimiter may be a space or a tab. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

void
fz_check_csv(const char *what, const char *p, size_t n, char delim)
{
	struct csv_parser parser;
	struct csv_count cc = { what, 0, 0, 0 };

	if (n == 0)
		return;
	if (p[n - 1] != '\n')
		fz_fail("%s: the CSV output does not end with a line end", what);
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		fz_fail("csv_init failed");
	csv_set_delim(&parser, (unsigned char)delim);
	csv_set_space_func(&parser, no_space);
	if (csv_parse(&parser, p, n, csv_field, csv_record, &cc) != n ||
	    csv_fini(&parser, csv_field, csv_record, &cc) != 0)
		fz_fail("%s: the CSV output does not parse: %s (%.*s)", what,
		    csv_strerror(csv_error(&parser)), (int)(n > 400 ? 400 : n), p);
	csv_free(&parser);
	if (cc.records == 0)
		fz_fail("%s: CSV output without a header", what);
}

/*
 * One JSON text that must be an object (array: an array of objects).
 * jansson takes no "\u0000" in a key, which RFC 8259 allows (and jq
 * reads): the text is parsed with each one made "\u0001", which keeps
 * it valid or invalid as it was.
 */
static void
json_text(const char *what, const char *text, size_t n, int array)
{
	json_error_t e;
	char *p = malloc(n + 1);
	json_t *j, *el;
	size_t i;

	if (p == NULL)
		fz_fail("out of memory");
	memcpy(p, text, n);
	for (i = 0; i + 6 <= n; i++)
		if (memcmp(p + i, "\\u0000", 6) == 0)
			p[i + 5] = '1';
	j = json_loadb(p, n, JSON_ALLOW_NUL, &e);
	free(p);

	if (j == NULL)
		fz_fail("%s: the JSON output does not parse: %s at %d:%d (%.*s)",
		    what, e.text, e.line, e.column, (int)(n > 400 ? 400 : n), text);
	if (array) {
		if (!json_is_array(j))
			fz_fail("%s: the JSON output is not an array", what);
		json_array_foreach(j, i, el)
			if (!json_is_object(el))
				fz_fail("%s: element %zu of the JSON output is not an "
				    "object", what, i);
	} else if (!json_is_object(j)) {
		fz_fail("%s: a line of the JSON Lines output is not an object",
		    what);
	}
	json_decref(j);
}

void
fz_check_jsonl(const char *what, const char *p, size_t n)
{
	size_t i = 0;

	if (n > 0 && p[n - 1] != '\n')
		fz_fail("%s: the JSON Lines output does not end with a line end",
		    what);
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t len = (size_t)(nl - (p + i));

		json_text(what, p + i, len, 0);
		i += len + 1;
	}
}

void
fz_check_json(const char *what, const char *p, size_t n)
{
	json_text(what, p, n, 1);
}

int
fz_printable(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] > 0x7e)
			return 0;
	return 1;
}

/* Every byte of a value is read (for AddressSanitizer); a sum of them. */
static unsigned
touch(const struct rk_val *v)
{
	unsigned sum = 0;

	if (v->n && v->p == NULL)
		fz_fail("a value of %zu bytes without bytes", v->n);
	for (size_t i = 0; i < v->n; i++)
		sum += (unsigned char)v->p[i];
	return sum;
}

/* The properties of one row handed out by a reader of ncols columns. */
static unsigned
check_row(const struct rk_row *row, size_t ncols, enum rk_fmt fmt,
    unsigned long *last_line)
{
	unsigned sum = 0;

	if (row->nvals > ncols)
		fz_fail("a row of %zu values from a reader of %zu columns",
		    row->nvals, ncols);
	if (row->line < *last_line)
		fz_fail("row on line %lu after a row on line %lu", row->line,
		    *last_line);
	*last_line = row->line;
	if (fmt == RK_FMT_CSV && row->nextra !=
	    (row->nfields > row->nvals ? row->nfields - row->nvals : 0))
		fz_fail("a CSV row of %zu fields, %zu columns and %zu extra",
		    row->nfields, row->nvals, row->nextra);
	for (size_t i = 0; i < row->nvals; i++) {
		sum += touch(&row->v[i]);
		if (row->clean && !fz_printable(row->v[i].p, row->v[i].n))
			fz_fail("a row said clean holds a byte that is not "
			    "printable ASCII (column %zu, line %lu)", i, row->line);
	}
	for (size_t i = 0; i < row->nextra; i++) {
		sum += touch(&row->extra[i]);
		if (row->clean && !fz_printable(row->extra[i].p, row->extra[i].n))
			fz_fail("a row said clean holds a byte that is not "
			    "printable ASCII (extra field %zu, line %lu)", i,
			    row->line);
	}
	return sum;
}

unsigned
fz_read_input(const char *path, const struct rk_reader_opts *ro)
{
	struct rk_err err = { 0, "" };
	struct rk_reader *r = rk_reader_open(path, ro, &err);
	struct rk_row row;
	unsigned long last_line = 0;
	unsigned sum = 0;
	int k;

	if (r == NULL)
		fz_fail("cannot open the in-memory input: %s", err.msg);
	k = rk_reader_start(r, &err);
	if (k > 0) {
		for (size_t i = 0; i < rk_reader_ncols(r); i++) {
			struct rk_val name = { NULL, 0, RK_V_STR };

			name.p = rk_reader_col(r, i, &name.n);
			if (name.n == 0)
				fz_fail("an empty column name was accepted");
			sum += touch(&name);
		}
		if (ro->delim && rk_reader_format(r) == RK_FMT_CSV &&
		    rk_reader_delim(r) != ro->delim)
			fz_fail("the delimiter forced was '%c', the reader's is '%c'",
			    ro->delim, rk_reader_delim(r));
		while ((k = rk_reader_next(r, &row, &err)) > 0)
			sum += check_row(&row, rk_reader_ncols(r),
			    rk_reader_format(r), &last_line);
	}
	if (k < 0) {
		fz_check_err(&err);
		if (err.status != RK_EX_DATAERR)
			fz_fail("a reader error with status %d: %s", err.status,
			    err.msg);
	}
	rk_reader_close(r);
	return sum;
}
