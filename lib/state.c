#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rk/outfile.h"
#include "rk/state.h"
#include "rk/util.h"

/*
 * A run killed while committing leaves its temporary file behind.  Whoever
 * holds the lock next is the only writer, so it may remove them.
 */
static void
remove_stale_temps(const char *path)
{
	char *dcopy = rk_xstrdup(path), *bcopy = rk_xstrdup(path);
	const char *dir = dirname(dcopy), *base = basename(bcopy);
	size_t bn = strlen(base);
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, base, bn) == 0 &&
		    strncmp(e->d_name + bn, ".tmp.", 5) == 0 &&
		    strlen(e->d_name + bn + 5) == 6) {
			char *p = rk_xmalloc(strlen(dir) + strlen(e->d_name) + 2);

			sprintf(p, "%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	free(dcopy);
	free(bcopy);
}

int
rk_state_lock(const char *option, const char *path, long timeout,
    struct rk_lock *lk, struct rk_err *err)
{
	size_t n = strlen(path);
	char *lpath = rk_xmalloc(n + 6);
	struct timespec start, now, pause = { 0, 50 * 1000 * 1000 };
	int fd;

	memcpy(lpath, path, n);
	memcpy(lpath + n, ".lock", 6);
	fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		rk_errf(err, RK_EX_CANTCREAT, "%s '%s': cannot create the lock "
		    "file '%s': %s", option, path, lpath, strerror(errno));
		free(lpath);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rk_errf(err, RK_EX_IOERR, "%s '%s': cannot lock '%s': %s",
			    option, path, lpath, strerror(errno));
			goto fail;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec +
		    (now.tv_nsec - start.tv_nsec) / 1e9 >= (double)timeout) {
			rk_errf(err, RK_EX_TEMPFAIL, "%s '%s' is locked by another run "
			    "(waited %ld s; see --lock-timeout)", option, path,
			    timeout);
			goto fail;
		}
		nanosleep(&pause, NULL);
	}
	free(lpath);
	lk->fd = fd;
	remove_stale_temps(path);
	return 0;
fail:
	close(fd);
	free(lpath);
	return -1;
}

void
rk_state_unlock(struct rk_lock *lk)
{
	if (lk->fd >= 0) {
		close(lk->fd); /* releases the flock */
		lk->fd = -1;
	}
}

/* Every standard column must be in a state file's header. */
static int
has_columns(struct rk_reader *r, const struct rk_schema *s,
    const char *where, struct rk_err *err)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t c, n;

		for (c = 0; c < rk_reader_ncols(r); c++) {
			const char *name = rk_reader_col(r, c, &n);

			if (rk_streq(name, n, s->cols[i].name))
				break;
		}
		if (c == rk_reader_ncols(r))
			return rk_errf(err, RK_EX_CONFIG, "%s:%lu: state file has no "
			    "column '%s'", where, rk_reader_header_line(r),
			    s->cols[i].name);
	}
	return 0;
}

/*
 * Every row: its syntax (on every core when the file allows:
 * rk/reader.h), then in file order the file's rules and the caller's
 * function.
 */
static int
load_rows(struct rk_reader *r, struct rk_binding *b, rk_state_row_fn fn,
    void *ctx, const char *where, struct rk_err *err)
{
	const struct rk_schema *s = b->s;
	struct rk_row_verdict verdict;
	struct rk_row row;
	int k, rc = 0;

	rk_bind_check_rows(b);
	while (rc == 0 &&
	    (k = rk_reader_next_checked(r, &row, &verdict, err)) > 0) {
		const struct rk_fv *vals = verdict.out;

		if (verdict.code != RK_OK)
			rc = rk_errf(err, RK_EX_CONFIG, "%s:%lu: state file is "
			    "damaged: %s: %s", where, row.line,
			    rk_code_name(verdict.code), verdict.msg);
		else if ((s->rule && s->rule(vals, where, row.line, err)) ||
		    (fn && fn(ctx, &row, vals, b, where, err)))
			rc = -1;
	}
	if (rc == 0 && k < 0)
		rc = -1;
	return rc;
}

int
rk_state_load(const char *option, const char *path,
    const struct rk_schema *s, struct rk_carried *carry, rk_state_row_fn fn,
    void *ctx, struct rk_err *err)
{
	struct rk_reader_opts ro = { RK_FMT_CSV, ',', option };
	struct rk_reader *r;
	struct rk_binding b;
	char *where;
	int k, rc;

	if (path == NULL || (access(path, F_OK) != 0 && errno == ENOENT))
		return 0; /* no file yet: an empty state */
	if ((r = rk_reader_open(path, &ro, err)) == NULL)
		return -1;
	/* messages name the option and the file: "--journal j.csv:4: ..." */
	where = rk_xmalloc(strlen(option) + strlen(path) + 2);
	sprintf(where, "%s %s", option, path);
	k = rk_reader_start(r, err);
	if (k <= 0)
		rc = k; /* 0: no bytes, an empty state */
	else if (has_columns(r, s, where, err) ||
	    rk_bind(&b, s, carry, r, '.', err))
		rc = -1;
	else {
		rc = load_rows(r, &b, fn, ctx, where, err);
		/* the threads that check rows stop first: they read b */
		rk_reader_close(r);
		r = NULL;
		rk_bind_release(&b);
	}
	if (rc < 0)
		err->status = RK_EX_CONFIG;
	free(where);
	rk_reader_close(r);
	return rc;
}

struct copyctx {
	struct rk_writer *w;
	struct rk_val *cells;
	size_t n;
};

static int
copy_row(void *ctx, const struct rk_row *row, const struct rk_fv *v,
    const struct rk_binding *b, const char *path, struct rk_err *err)
{
	struct copyctx *cc = ctx;
	size_t nstd = b->s->n;

	(void)v;
	(void)path;
	(void)err;
	for (size_t i = 0; i < cc->n; i++) {
		cc->cells[i].p = "";
		cc->cells[i].n = 0;
	}
	for (size_t id = 0; id < row->nvals && id < b->nbound; id++) {
		const struct rk_val *x = &row->v[id];
		size_t at;

		if (b->known[id] >= 0)
			at = (size_t)b->known[id];
		else if (b->carried[id] >= 0)
			at = nstd + (size_t)b->carried[id];
		else
			continue;
		if (at < cc->n) {
			cc->cells[at].p = x->p;
			cc->cells[at].n = x->n;
		}
	}
	rk_writer_row(cc->w, cc->cells);
	return 0;
}

int
rk_state_commit(const char *option, const char *path,
    const struct rk_schema *s,
    struct rk_carried *carry, rk_state_emit_fn emit, void *ctx,
    struct rk_err *err)
{
	struct rk_writer_opts so = { RK_OUT_CSV, ',', 0, 0 };
	struct rk_outfile f;
	struct copyctx cc;
	size_t nc = rk_carried_count(carry), n = s->n + nc;
	const char **names;
	size_t *lens;

	if (rk_outfile_open(&f, option, path, err))
		return -1;
	names = rk_xcalloc(n + 1, sizeof(*names));
	lens = rk_xcalloc(n + 1, sizeof(*lens));
	for (size_t i = 0; i < s->n; i++) {
		names[i] = s->cols[i].name;
		lens[i] = strlen(names[i]);
	}
	for (size_t i = 0; i < nc; i++)
		names[s->n + i] = rk_carried_name(carry, i, &lens[s->n + i]);
	cc.w = rk_writer_new(f.fp, &so);
	rk_writer_columns(cc.w, names, lens, NULL, n);
	free(names);
	free(lens);
	cc.cells = rk_xcalloc(n + 1, sizeof(*cc.cells));
	cc.n = n;
	if (rk_state_load(option, path, s, carry, copy_row, &cc, err)) {
		free(cc.cells);
		rk_writer_free(cc.w);
		rk_outfile_abort(&f);
		return -1;
	}
	free(cc.cells);
	emit(ctx, cc.w, carry);
	if (rk_writer_end(cc.w)) {
		rk_errf(err, RK_EX_IOERR, "%s '%s': write error: %s", option, path,
		    strerror(errno));
		rk_writer_free(cc.w);
		rk_outfile_abort(&f);
		return -1;
	}
	rk_writer_free(cc.w);
	if (rk_outfile_close(&f, err))
		return -1;
	return rk_outfile_publish(&f, err);
}

/* rk_state_commit_merged's emit function: the caller's, with the map. */
struct merged_emit {
	rk_state_emit_merged_fn emit;
	void *ctx;
	const uint32_t *map;
};

static void
emit_merged(void *ctx, struct rk_writer *w, const struct rk_carried *carry)
{
	const struct merged_emit *me = ctx;

	me->emit(me->ctx, w, carry, me->map);
}

int
rk_state_commit_merged(const char *option, const char *path,
    const struct rk_schema *s, const struct rk_carried *today,
    struct rk_carried *carry, rk_state_emit_merged_fn emit, void *ctx,
    struct rk_err *err)
{
	uint32_t *map = rk_xcalloc(rk_carried_count(today) + 1, sizeof(*map));
	struct merged_emit me = { emit, ctx, map };
	int rc;

	rk_carried_merge(today, carry, map);
	rc = rk_state_commit(option, path, s, carry, emit_merged, &me, err);
	free(map);
	return rc;
}
