/*
 * unit_csvpar.c - rows read and checked on several threads (rk/reader.h,
 * rk_reader_check; lib/csvpar.h) against one thread: the same rows, line
 * numbers, values, verdicts and messages, and the same first structural
 * error, with chunks so small (RK_CHUNK_BYTES) that every record and
 * every error lands at a chunk's edge somewhere.  Inputs with quoted
 * line ends, CR LF and bare CR lines, empty lines, a byte-order mark, no
 * line end at the end; a quote inside an unquoted field, text after a
 * closing quote and an unterminated quote at each line in turn; and a
 * reader closed early, its threads still at work.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/reader.h"
#include "rk/util.h"

#include "tap.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void
put(struct buf *b, const char *p, size_t n)
{
	RK_GROW_TO(b->s, b->n + n + 1, b->cap, 0);
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
make_file(char *path, const char *p, size_t n)
{
	int fd;

	tap_tmpname(path, TAP_PATH, "rk-unit-csvpar");
	fd = mkstemp(path);
	if (fd < 0 || (n && write(fd, p, n) != (ssize_t)n)) {
		perror("temporary file");
		exit(2);
	}
	close(fd);
}

static pthread_t main_thread;
static int elsewhere;   /* the check ran on another thread (atomic) */

/* A check that rejects rows whose first value starts with 'b'. */
static enum rk_code
check(void *ctx, const struct rk_row *row, void *out, char *msg, size_t cap)
{
	unsigned long *o = out;

	(void)ctx;
	if (!pthread_equal(pthread_self(), main_thread))
		__atomic_store_n(&elsewhere, 1, __ATOMIC_RELAXED);
	*o = row->line * 1000 + row->nfields;
	if (row->nvals > 0 && row->v[0].n > 0 && row->v[0].p[0] == 'b') {
		snprintf(msg, cap, "bad %.*s", (int)row->v[0].n, row->v[0].p);
		return RK_BAD_VALUE;
	}
	return RK_OK;
}

/* Read path with threads and chunk size; everything it hands out. */
static void
read_all(const char *path, const char *threads, const char *chunk,
    long stop_after, struct buf *out)
{
	struct rk_reader_opts o = { RK_FMT_CSV, 0, NULL };
	struct rk_err err = { 0, "" };
	struct rk_row_verdict v;
	struct rk_reader *r;
	struct rk_row row;
	char line[200];
	long rows = 0;
	int k;

	setenv("RK_THREADS", threads, 1);
	setenv("RK_CHUNK_BYTES", chunk, 1);
	r = rk_reader_open(path, &o, &err);
	k = rk_reader_start(r, &err);
	snprintf(line, sizeof(line), "start %d\n", k);
	puts_(out, line);
	if (k > 0)
		rk_reader_check(r, check, NULL, NULL, sizeof(unsigned long));
	while (k > 0 && rows++ != stop_after &&
	    (k = rk_reader_next_checked(r, &row, &v, &err)) > 0) {
		snprintf(line, sizeof(line), "L%lu n%zu x%zu c%d %d %lu %s:",
		    row.line, row.nfields, row.nextra, row.clean, v.code,
		    *(unsigned long *)v.out, v.code ? v.msg : "");
		puts_(out, line);
		for (size_t i = 0; i < row.nvals + row.nextra; i++) {
			const struct rk_val *x = i < row.nvals ? &row.v[i] :
			    &row.extra[i - row.nvals];

			puts_(out, x->t == RK_V_ABSENT ? " -" : " [");
			put(out, x->p, x->n);
			puts_(out, "]");
		}
		puts_(out, "\n");
	}
	snprintf(line, sizeof(line), "end %d %d %s\n", k, k < 0 ? err.status : 0,
	    k < 0 ? err.msg : "");
	puts_(out, line);
	rk_reader_close(r);
}

static const char *const chunks[] = { "1", "2", "3", "5", "16", "61" };

/* Read text with one thread, then with three at each chunk size. */
static int
same_both_ways(const char *text, size_t n, long stop_after)
{
	char path[TAP_PATH];
	struct buf one = { NULL, 0, 0 };
	int same = 1;

	make_file(path, text, n);
	read_all(path, "1", "1", stop_after, &one);
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		struct buf many = { NULL, 0, 0 };

		elsewhere = 0;
		read_all(path, "3", chunks[c], stop_after, &many);
		if (strcmp(one.s, many.s) != 0) {
			printf("# chunks of %s bytes differ\n", chunks[c]);
			same = 0;
		}
		/* (a check runs only when there are rows) */
		if (strstr(one.s, "\nL") &&
		    !__atomic_load_n(&elsewhere, __ATOMIC_RELAXED)) {
			printf("# chunks of %s bytes: not read in parallel\n",
			    chunks[c]);
			same = 0;
		}
		free(many.s);
	}
	unlink(path);
	free(one.s);
	return same;
}

/* Lines of every kind, most of them as one record each. */
static const char *const body[] = {
	"a1,\"x\ny\",z\n", "b2,\"q,\"\"q\"\"\",z\r\n", "\n", "a3,b,c\r",
	"a4,\"\r\n\r\n\",\n", "\r\n", "b5,\xc3\xa9,z\n", "a6,only two\n",
	"a7,x,y,extra,more\n", "\"a8\",\"\",\"\"\"\"\n", "b9,\t,z\n",
};

/* The header, then the lines of body in turn up to about n bytes. */
static size_t
make_text(struct buf *t, size_t n, int bom)
{
	size_t lines = 0;

	t->n = 0;
	if (bom)
		puts_(t, "\xef\xbb\xbf");
	puts_(t, "id,name,val\n");
	while (t->n < n) {
		puts_(t, body[lines % (sizeof(body) / sizeof(body[0]))]);
		lines++;
	}
	return lines;
}

static void
test_good_inputs(void)
{
	struct buf t = { NULL, 0, 0 };

	make_text(&t, 4000, 0);
	ok(same_both_ways(t.s, t.n, -1), "quoted line ends, CR LF, CR, empty "
	    "lines, short and long records");
	make_text(&t, 4000, 1);
	ok(same_both_ways(t.s, t.n, -1), "... after a byte-order mark");
	t.n -= 1; /* the last line end */
	ok(same_both_ways(t.s, t.n, -1), "... without the last line end");
	puts_(&t, "\"open,\n\n");
	ok(same_both_ways(t.s, t.n, -1), "... and an unterminated quote at "
	    "the end");
	make_text(&t, 4000, 0);
	ok(same_both_ways(t.s, t.n, 7), "closed after 7 rows, the threads "
	    "at work");
	free(t.s);
}

/*
 * A structural error on each line in turn: the same rows before it, the
 * same message and status, nothing after it.
 */
static void
test_errors(void)
{
	static const char *const errors[] = {
		"a,b\"c,d\n", "\"a\"b,c\n", "a,\"unterminated\n",
	};
	static const char *const names[] = {
		"a quote inside an unquoted field", "text after a closing quote",
		"an unterminated quote",
	};
	struct buf t = { NULL, 0, 0 }, e = { NULL, 0, 0 };

	for (size_t k = 0; k < sizeof(errors) / sizeof(errors[0]); k++) {
		size_t lines = make_text(&t, 2500, 0), bad = 0;

		for (size_t at = 0; at < lines; at += 3) {
			size_t off = 0;

			/* the error after the header and at lines of body */
			off = strlen("id,name,val\n");
			for (size_t l = 0; l < at; l++)
				off += strlen(body[l % (sizeof(body) /
				    sizeof(body[0]))]);
			e.n = 0;
			put(&e, t.s, off);
			puts_(&e, errors[k]);
			put(&e, t.s + off, t.n - off);
			if (!same_both_ways(e.s, e.n, -1))
				bad++;
		}
		ok(bad == 0, "%s on each line in turn", names[k]);
	}
	free(t.s);
	free(e.s);
}

/* A check that keeps state: the rows it has seen, and whether two ran at once. */
struct in_order {
	unsigned long calls, last_line;
	int inside, overlapped, backwards, on_main;
};

static enum rk_code
count_check(void *ctx, const struct rk_row *row, void *out, char *msg,
    size_t cap)
{
	struct in_order *st = ctx;

	(void)msg;
	(void)cap;
	if (__atomic_exchange_n(&st->inside, 1, __ATOMIC_ACQ_REL))
		st->overlapped = 1;
	if (pthread_equal(pthread_self(), main_thread))
		st->on_main = 1;
	if (row->line <= st->last_line)
		st->backwards = 1;
	st->last_line = row->line;
	*(unsigned long *)out = ++st->calls; /* seen by the next call only */
	__atomic_store_n(&st->inside, 0, __ATOMIC_RELEASE);
	return RK_OK;
}

/*
 * rk_reader_check_in_order: a file that three threads would read in
 * parallel is checked row after row on one thread, each call after the
 * one before; RK_CHECK_THREAD=take keeps it on the calling thread.
 */
static void
test_in_order(void)
{
	const char *take[] = { NULL, "take" };
	struct buf text = { NULL, 0, 0 };
	char path[TAP_PATH], line[64];

	puts_(&text, "a,b\n");
	for (int i = 0; i < 3000; i++) {
		snprintf(line, sizeof(line), "%d,\"x\ny\"\n", i);
		puts_(&text, line);
	}
	make_file(path, text.s, text.n);
	for (size_t t = 0; t < 2; t++) {
		struct rk_reader_opts o = { RK_FMT_CSV, 0, NULL };
		struct rk_err err = { 0, "" };
		struct in_order st = { 0, 0, 0, 0, 0, 0 };
		struct rk_row_verdict v;
		struct rk_reader *r;
		struct rk_row row;
		unsigned long rows = 0, seq_ok = 1, lines_ok = 1;
		int k;

		setenv("RK_THREADS", "3", 1);
		setenv("RK_CHUNK_BYTES", "61", 1);
		if (take[t])
			setenv("RK_CHECK_THREAD", take[t], 1);
		r = rk_reader_open(path, &o, &err);
		k = rk_reader_start(r, &err);
		rk_reader_check_in_order(r);
		rk_reader_check(r, count_check, NULL, &st, sizeof(unsigned long));
		while ((k = rk_reader_next_checked(r, &row, &v, &err)) > 0) {
			rows++;
			if (*(unsigned long *)v.out != rows)
				seq_ok = 0;
			if (row.line != 2 * rows)
				lines_ok = 0;
		}
		rk_reader_close(r);
		unsetenv("RK_CHECK_THREAD");
		is_int(k, 0, "in order: read to the end");
		is_int((long)rows, 3000, "in order: every row");
		is_int((long)seq_ok, 1,
		    "in order: each row's check saw every one before it");
		is_int((long)lines_ok, 1, "in order: rows in file order");
		is_int(st.overlapped + st.backwards, 0,
		    "in order: never two checks at once, never a row back");
		is_int(st.on_main, take[t] != NULL, take[t] ?
		    "in order, RK_CHECK_THREAD=take: on the calling thread" :
		    "in order: on the parsing thread, not the calling one");
	}
	unlink(path);
	free(text.s);
}

int
main(void)
{
	main_thread = pthread_self();
	test_good_inputs();
	test_errors();
	test_in_order();
	return done_testing();
}
