/*
 * reader.c - record input, the part every format shares: opening an
 * input, its buffer, the byte-order mark, the column table, and the
 * choice of the format's functions (readerimpl.h) once the format is
 * known.  See rk/reader.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rk/reader.h"
#include "rk/util.h"

#include "readerimpl.h"

int
rk_input_fill(struct rk_reader *r, const int *cancel, struct rk_err *err)
{
	ssize_t n;

	if (r->ieof)
		return 0;
	if (r->ipos > 0) {
		memmove(r->ib, r->ib + r->ipos, r->ilen - r->ipos);
		r->ilen -= r->ipos;
		r->ipos = 0;
	}
	/*
	 * A reading thread must not block for ever in read(2) on a pipe when
	 * the consumer gives up early (rk_reader_close): it waits in poll(2)
	 * with a timeout and looks at the cancel flag in between.
	 */
	if (cancel) {
		struct pollfd pfd = { r->fd, POLLIN, 0 };

		while (poll(&pfd, 1, 100) == 0 || (pfd.revents == 0 && errno == EINTR))
			if (__atomic_load_n(cancel, __ATOMIC_RELAXED))
				return rk_errf(err, RK_EX_IOERR, "%s: cancelled", r->where);
	}
	do
		n = read(r->fd, r->ib + r->ilen, RK_IBUF_SIZE - r->ilen);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return rk_errf(err, RK_EX_IOERR, "%s: read error: %s", r->where,
		    strerror(errno));
	if (n == 0) {
		r->ieof = 1;
		return 0;
	}
	r->ilen += (size_t)n;
	__atomic_add_fetch(&r->consumed, (uint64_t)n, __ATOMIC_RELAXED);
	return 1;
}

/* A file named by an option is named so: "--orders 'x.csv': cannot open". */
static void
open_failed(const struct rk_reader_opts *o, const char *path, int e,
    struct rk_err *err)
{
	if (o->option)
		rk_errf(err, RK_EX_NOINPUT, "%s '%s': cannot open: %s", o->option,
		    path, strerror(e));
	else
		rk_errf(err, RK_EX_NOINPUT, "cannot open '%s': %s", path,
		    strerror(e));
}

/* The descriptor of path ("-": stdin), not a directory; -1 on failure. */
static int
open_input(const char *path, const struct rk_reader_opts *o,
    struct rk_err *err)
{
	struct stat st;
	int fd = STDIN_FILENO;

	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			open_failed(o, path, errno, err);
			return -1;
		}
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		open_failed(o, path, EISDIR, err);
		if (fd != STDIN_FILENO)
			close(fd);
		return -1;
	}
	return fd;
}

struct rk_reader *
rk_reader_open(const char *path, const struct rk_reader_opts *o,
    struct rk_err *err)
{
	struct rk_reader *r;
	struct stat st;
	int fd;

	if (path == NULL)
		path = "-";
	fd = open_input(path, o, err);
	if (fd < 0)
		return NULL;
	r = rk_xcalloc(1, sizeof(*r));
	r->name = rk_xstrdup(path);
	if (o->option) {
		size_t n = strlen(o->option) + 1 + strlen(path) + 1;

		r->where = rk_xmalloc(n);
		snprintf(r->where, n, "%s %s", o->option, path);
	} else {
		r->where = rk_xstrdup(path);
	}
	r->fd = fd;
	r->fmt = o->fmt;
	r->delim = o->delim;
	r->size = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ?
	    (uint64_t)st.st_size : 0;
	if (r->size)
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL); /* read once, in order */
	r->ib = rk_xmalloc(RK_IBUF_SIZE);
	r->line = 1;
	rk_intern_init(&r->cols);
	return r;
}

void
rk_reader_close(struct rk_reader *r)
{
	if (r == NULL)
		return;
	if (r->ops)
		r->ops->close(r);
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	rk_intern_release(&r->cols);
	free(r->name);
	free(r->where);
	free(r->ib);
	free(r->v);
	free(r->check_out);
	free(r);
}

const char *
rk_reader_name(const struct rk_reader *r)
{
	return r->name;
}

const char *
rk_reader_where(const struct rk_reader *r)
{
	return r->where;
}

char
rk_reader_delim(const struct rk_reader *r)
{
	return r->ops && r->fmt == RK_FMT_CSV ? r->delim : 0;
}

enum rk_fmt
rk_reader_format(const struct rk_reader *r)
{
	return r->fmt;
}

uint64_t
rk_reader_consumed(const struct rk_reader *r)
{
	return __atomic_load_n(&r->consumed, __ATOMIC_RELAXED);
}

uint64_t
rk_reader_size(const struct rk_reader *r)
{
	return r->size;
}

unsigned long
rk_reader_header_line(const struct rk_reader *r)
{
	return r->header_line ? r->header_line : 1;
}

size_t
rk_reader_ncols(const struct rk_reader *r)
{
	return r->cols.count;
}

const char *
rk_reader_col(const struct rk_reader *r, size_t id, size_t *n)
{
	return rk_intern_str(&r->cols, (uint32_t)id, n);
}

struct rk_val *
rk_reader_vals(struct rk_reader *r, size_t n)
{
	RK_GROW_TO(r->v, n, r->vcap, 0);
	return r->v;
}

/* Skip a UTF-8 byte-order mark (returns-formats(5), "Input formats"). */
static int
skip_bom(struct rk_reader *r, struct rk_err *err)
{
	while (r->ilen < 3 && !r->ieof)
		if (rk_input_fill(r, NULL, err) < 0)
			return -1;
	if (r->ilen >= 3 && memcmp(r->ib, "\xef\xbb\xbf", 3) == 0)
		r->ipos = 3;
	return 0;
}

/*
 * Skip the byte-order mark, detect the format from the first byte and a
 * CSV input's delimiter from its header line, and open the format.
 */
static int
start(struct rk_reader *r, struct rk_err *err)
{
	const struct rk_format_ops *ops;

	if (skip_bom(r, err))
		return -1;
	if (r->fmt == RK_FMT_AUTO && rk_detect_format(r, err))
		return -1;
	if (r->fmt == RK_FMT_CSV && r->delim == 0 && rk_detect_delim(r, err))
		return -1;
	ops = r->fmt == RK_FMT_CSV ? &rk_csv_format : &rk_json_format;
	if (ops->open(r, err))
		return -1;
	r->ops = ops;
	return 0;
}

int
rk_reader_start(struct rk_reader *r, struct rk_err *err)
{
	if (r->ops == NULL && start(r, err))
		return -1;
	return r->ops->header(r, err);
}

int
rk_reader_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	if (r->ops == NULL && start(r, err))
		return -1;
	return r->ops->next(r, row, err);
}

void
rk_reader_check(struct rk_reader *r, rk_row_check_fn fn, rk_row_late_fn late,
    void *ctx, size_t outsize)
{
	r->check = fn;
	r->check_ctx = ctx;
	r->check_size = outsize;
	r->check_late = late;
	free(r->check_out);
	r->check_out = rk_xcalloc(1, outsize ? outsize : 1);
	r->checked_by_format = r->ops && r->ops->check && r->ops->check(r);
}

void
rk_reader_check_in_order(struct rk_reader *r)
{
	r->check_in_order = 1;
}

int
rk_reader_next_checked(struct rk_reader *r, struct rk_row *row,
    struct rk_row_verdict *verdict, struct rk_err *err)
{
	int k;

	if (r->checked_by_format)
		return r->ops->next_checked(r, row, verdict, err);
	k = rk_reader_next(r, row, err);
	if (k > 0) {
		verdict->code = r->check(r->check_ctx, row, r->check_out,
		    r->check_msg, sizeof(r->check_msg));
		if (verdict->code == RK_OK && r->check_late)
			r->check_late(r->check_ctx, r->check_out);
		verdict->msg = r->check_msg;
		verdict->out = r->check_out;
	}
	return k;
}
