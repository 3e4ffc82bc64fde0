/*
 * unit_state.c - state files of returns-formats(5): the FILE.lock flock (status 75
 * when another run holds it), the atomic commit (temporary file in the
 * same directory, rename, mode kept), a commit that adds today's carried
 * columns to the file's, and loading with every check (status 78 for a
 * state file that does not parse).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rk/outfile.h"
#include "rk/state.h"
#include "rk/util.h"

#include "tap.h"

static char dir[TAP_PATH], path[TAP_PATH + 16];

/* A small state schema: a key, a count and an optional note. */
static const struct rk_colspec cols[] = {
	{ "id", RK_K_ID, 1 },
	{ "n", RK_K_INT, 1 },
	{ "note", RK_K_TEXT, 0 },
};
static const struct rk_schema schema = { cols, 3, NULL, NULL, NULL };

static void
write_file(const char *p, const char *text)
{
	FILE *fp = fopen(p, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(p);
		exit(2);
	}
}

/* The whole content of a file, or "(missing)". */
static const char *
slurp(const char *p, char *out, size_t cap)
{
	FILE *fp = fopen(p, "r");
	size_t n;

	if (fp == NULL)
		return "(missing)";
	n = fread(out, 1, cap - 1, fp);
	out[n] = '\0';
	fclose(fp);
	return out;
}

/* The names in the scratch directory, sorted, joined with spaces. */
static const char *
listing(char *out, size_t cap)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
			o += (size_t)snprintf(out + o, cap - o, "%s%s",
			    o ? " " : "", name);
		free(ents[i]);
	}
	free(ents);
	return out;
}

/* Replace the scratch directory at the start of msg by "DIR". */
static const char *
with_dir(const char *msg, char *out, size_t cap)
{
	size_t n = strlen(dir);
	const char *p = strstr(msg, dir);

	if (p == NULL)
		snprintf(out, cap, "%s", msg);
	else
		snprintf(out, cap, "%.*sDIR%s", (int)(p - msg), msg, p + n);
	return out;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Try the lock from a child process with the given timeout.  Returns the
 * child's answer: 0 when it got the lock, else its err.status; the
 * child's message goes to msg.
 */
static int
lock_from_child(long timeout, char *msg, size_t cap)
{
	int fds[2], st = 0;
	pid_t pid;
	ssize_t k;

	fflush(stdout);
	if (pipe(fds) != 0)
		return -2;
	pid = fork();
	if (pid < 0)
		return -2;
	if (pid == 0) {
		struct rk_lock lk = { -1 };
		struct rk_err err = { 0, "" };
		int rc = rk_state_lock("--registry", path, timeout, &lk, &err);

		close(fds[0]);
		if (write(fds[1], err.msg, strlen(err.msg)) < 0)
			_exit(99);
		if (rc == 0)
			rk_state_unlock(&lk);
		_exit(rc == 0 ? 0 : err.status);
	}
	close(fds[1]);
	k = read(fds[0], msg, cap - 1);
	msg[k > 0 ? k : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Rows loaded, rendered "id=n;" for each. */
struct loaded {
	char text[256];
	int rows;
	int fail_at;  /* make the callback fail on this row (1-based) */
};

static int
on_row(void *ctx, const struct rk_row *row, const struct rk_fv *vals,
    const struct rk_binding *b, const char *p, struct rk_err *err)
{
	struct loaded *l = ctx;
	size_t o = strlen(l->text);

	(void)row;
	(void)b;
	l->rows++;
	if (l->rows == l->fail_at)
		return rk_errf(err, RK_EX_DATAERR, "%s: refused row %d", p,
		    l->rows);
	snprintf(l->text + o, sizeof(l->text) - o, "%.*s=%lld;",
	    (int)vals[0].n, vals[0].p, (long long)vals[1].i);
	return 0;
}

/*
 * rk_state_commit_merged's emit function: one new row B,2 whose carried
 * cells are today's "y" then "x", placed where map says.
 */
static void
emit_today(void *ctx, struct rk_writer *w, const struct rk_carried *carry,
    const uint32_t *map)
{
	static const char *const today[] = { "by", "bx" };
	struct rk_val cells[8];
	size_t n = 3 + rk_carried_count(carry);

	(void)ctx;
	for (size_t i = 0; i < n; i++)
		rk_val_set(&cells[i], "", 0);
	rk_val_set(&cells[0], "B", 1);
	rk_val_set(&cells[1], "2", 1);
	for (size_t k = 0; k < 2; k++)
		rk_val_str(&cells[3 + map[k]], today[k]);
	rk_writer_row(w, cells);
}

/*
 * rk_state_load: a missing, empty or header-only file is an empty state;
 * a file missing a standard column, with a bad value or broken CSV is
 * status 78.  Unknown columns become carried columns.
 */
struct load_case {
	const char *name;
	const char *content;   /* NULL: no file at all */
	int fail_at;
	int rc;
	int status;
	const char *rows;
	const char *carried;
	const char *msg;       /* with the path as DIR/state.csv */
};

static const struct load_case load_cases[] = {
	{ "missing file", NULL, 0, 0, 0, "", "", "" },
	{ "empty file", "", 0, 0, 0, "", "", "" },
	{ "blank lines only", "\n\n", 0, 0, 0, "", "", "" },
	{ "header only", "id,n,note\n", 0, 0, 0, "", "", "" },
	{ "header only, other order, carried column", "note,extra,n,id\n", 0, 0,
	  0, "", "extra", "" },
	{ "rows", "id,n,note,extra\nA,1,x,e1\nB,007,,e2\n", 0, 0, 0,
	  "A=1;B=7;", "extra", "" },
	{ "missing required column", "id,note\nA,x\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:1: state file has no column 'n'" },
	{ "missing optional column", "id,n\nA,1\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:1: state file has no column 'note'" },
	{ "bad integer", "id,n,note\nA,1,\nB,x,\n", 0, -1, 78, "A=1;", "",
	  "--registry DIR/state.csv:3: state file is damaged: bad_integer: column 'n': "
	  "\"x\" is not a whole number from 1 to 1000000000" },
	{ "zero integer", "id,n,note\nA,0,\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:2: state file is damaged: bad_integer: column 'n': "
	  "\"0\" is not a whole number from 1 to 1000000000" },
	{ "empty required value", "id,n,note\n,1,\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:2: state file is damaged: missing_value: column 'id' "
	  "is required and empty" },
	{ "field count", "id,n,note\nA,1\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:2: state file is damaged: field_count: 2 fields, the "
	  "header has 3" },
	{ "broken CSV", "id,n,note\n\"A,1,\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:2:1: unterminated quoted field" },
	{ "duplicated column", "id,n,note,id\n", 0, -1, 78, "", "",
	  "--registry DIR/state.csv:1:11: duplicated column name \"id\"" },
	{ "callback refuses a row", "id,n,note\nA,1,\nB,2,\n", 2, -1, 78,
	  "A=1;", "", "--registry DIR/state.csv: refused row 2" },
};

int
main(void)
{
	char buf[512], msg[1100], shown[1100];
	struct rk_err err;
	struct rk_lock lk = { -1 };
	struct rk_outfile c;
	struct stat st;
	int rc;

	tap_tmpname(dir, sizeof(dir), "rk-unit-state");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/state.csv", dir);

	/* --- the lock --- */
	memset(&err, 0, sizeof(err));
	is_int(rk_state_lock("--registry", path, 1, &lk, &err), 0, "lock: taken");
	ok(lk.fd >= 0, "lock: holds a descriptor");
	is_str(listing(buf, sizeof(buf)), "state.csv.lock",
	    "lock: FILE.lock is created beside the state file");
	{
		double t0 = now();

		rc = lock_from_child(1, msg, sizeof(msg));
		is_int(rc, 75, "lock: a second run times out with status 75");
		ok(now() - t0 >= 0.9, "lock: ... after waiting the timeout (%.2f s)",
		    now() - t0);
		is_str(with_dir(msg, shown, sizeof(shown)),
		    "--registry 'DIR/state.csv' is locked by another run (waited 1 s; see "
		    "--lock-timeout)", "lock: ... with this message");
	}
	is_int(lock_from_child(0, msg, sizeof(msg)), 75,
	    "lock: timeout 0 fails at once with status 75");
	rk_state_unlock(&lk);
	is_int(lk.fd, -1, "unlock: descriptor released");
	is_int(lock_from_child(1, msg, sizeof(msg)), 0,
	    "unlock: another run gets the lock");
	is_str(listing(buf, sizeof(buf)), "state.csv.lock",
	    "unlock: the lock file stays");
	rk_state_unlock(&lk); /* a second unlock does nothing */
	is_int(lk.fd, -1, "unlock twice: harmless");

	/* --- commit: replaces the file, keeps its mode, no temp left --- */
	write_file(path, "old\n");
	chmod(path, 0640);
	memset(&err, 0, sizeof(err));
	is_int(rk_outfile_open(&c, "--registry", path, &err), 0, "commit: begin");
	ok(c.fp != NULL && c.tmp != NULL, "commit: a temporary file is open");
	if (c.tmp) {
		size_t dn = strlen(dir);

		ok(strncmp(c.tmp, dir, dn) == 0 && c.tmp[dn] == '/' &&
		    strchr(c.tmp + dn + 1, '/') == NULL,
		    "commit: the temporary file is in the same directory");
	}
	fputs("id,n\nA,1\n", c.fp);
	fflush(c.fp);
	is_str(slurp(path, buf, sizeof(buf)), "old\n",
	    "commit: the state file is unchanged until the end");
	is_int(rk_outfile_close(&c, &err), 0, "commit: close");
	is_str(slurp(path, buf, sizeof(buf)), "old\n", "commit: closed, not yet published: the file is unchanged");
	is_int(rk_outfile_publish(&c, &err), 0, "commit: publish");
	is_str(slurp(path, buf, sizeof(buf)), "id,n\nA,1\n",
	    "commit: the state file has the new content");
	is_int(stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1, 0640,
	    "commit: mode 0640 kept");
	is_str(listing(buf, sizeof(buf)), "state.csv state.csv.lock",
	    "commit: no temporary file left");

	/* --- abort: the old file stays, no temp left --- */
	is_int(rk_outfile_open(&c, "--registry", path, &err), 0, "abort: begin");
	fputs("junk\n", c.fp);
	fflush(c.fp);
	rk_outfile_abort(&c);
	is_str(slurp(path, buf, sizeof(buf)), "id,n\nA,1\n",
	    "abort: the state file is unchanged");
	is_str(listing(buf, sizeof(buf)), "state.csv state.csv.lock",
	    "abort: no temporary file left");
	ok(c.fp == NULL && c.tmp == NULL && c.path == NULL,
	    "abort: the commit is cleared");

	/* --- commit of a new file: 0666 less the umask --- */
	{
		char newpath[TAP_PATH + 16];
		mode_t old = umask(022);

		snprintf(newpath, sizeof(newpath), "%s/new.csv", dir);
		is_int(rk_outfile_open(&c, "--registry", newpath, &err), 0, "new file: begin");
		fputs("x\n", c.fp);
		is_int(rk_outfile_close(&c, &err), 0, "new file: close");
		is_int(rk_outfile_publish(&c, &err), 0, "new file: publish");
		umask(old);
		is_str(slurp(newpath, buf, sizeof(buf)), "x\n",
		    "new file: content");
		is_int(stat(newpath, &st) == 0 ? (int)(st.st_mode & 07777) : -1,
		    0644, "new file: mode 0644 under umask 022");
		unlink(newpath);
	}

	/* --- commit beside a directory that does not exist: 73 --- */
	memset(&err, 0, sizeof(err));
	is_int(rk_outfile_open(&c, "--registry", "/nonexistent/rk/state.csv", &err), -1,
	    "commit in a missing directory fails");
	is_int(err.status, 73, "... with status 73");

	/* --- load --- */
	for (size_t i = 0; i < RK_ARRAY_LEN(load_cases); i++) {
		const struct load_case *lc = &load_cases[i];
		struct loaded l;
		struct rk_carried carry;
		struct rk_err e = { 0, "" };

		unlink(path);
		if (lc->content)
			write_file(path, lc->content);
		memset(&l, 0, sizeof(l));
		l.fail_at = lc->fail_at;
		rk_carried_init(&carry, NULL, 0);
		rc = rk_state_load("--registry", path, &schema, &carry, on_row, &l, &e);
		is_int(rc, lc->rc, "load %s: returns %d", lc->name, lc->rc);
		is_int(e.status, lc->status, "load %s: status %d", lc->name,
		    lc->status);
		is_str(l.text, lc->rows, "load %s: rows", lc->name);
		buf[0] = '\0';
		for (size_t k = 0, o = 0; k < rk_carried_count(&carry); k++) {
			size_t n;
			const char *name = rk_carried_name(&carry, k, &n);

			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%.*s",
			    k ? "|" : "", (int)n, name);
		}
		is_str(buf, lc->carried, "load %s: carried columns", lc->name);
		is_str(with_dir(e.msg, shown, sizeof(shown)), lc->msg,
		    "load %s: message", lc->name);
		rk_carried_release(&carry);
	}

	/* --- commit with today's carried columns merged in --- */
	{
		struct rk_carried file, today;
		struct rk_err e = { 0, "" };

		write_file(path, "id,n,note,x\nA,1,,ax\n");
		rk_carried_init(&file, NULL, 0);
		rk_carried_init(&today, NULL, 0);
		rk_intern_add(&today.names, "y", 1);
		rk_intern_add(&today.names, "x", 1);
		is_int(rk_state_load("--journal", path, &schema, &file, on_row,
		    &(struct loaded){ 0 }, &e), 0, "merged: the file loads");
		is_int(rk_state_commit_merged("--journal", path, &schema, &today,
		    &file, emit_today, NULL, &e), 0, "merged: commit");
		is_str(slurp(path, buf, sizeof(buf)),
		    "id,n,note,x,y\nA,1,,ax,\nB,2,,bx,by\n",
		    "merged: today's new column added, each cell in its column");
		is_int(rk_carried_count(&file), 2,
		    "merged: the file's carried columns now x, y");
		rk_carried_release(&file);
		rk_carried_release(&today);
	}

	unlink(path);
	snprintf(buf, sizeof(buf), "%s.lock", path);
	unlink(buf);
	rmdir(dir);
	return done_testing();
}
