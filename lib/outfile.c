/*
 * outfile.c - a file written whole or not at all.  See rk/outfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rk/outfile.h"
#include "rk/util.h"

/*
 * The temporary files that exist now, for the signal handler: fixed
 * buffers, so the handler touches no memory that free() could change.
 */
#define NSLOTS 8
static char slot_name[NSLOTS][PATH_MAX];
static volatile sig_atomic_t slot_used[NSLOTS];

static int
slot_take(const char *name)
{
	if (strlen(name) >= PATH_MAX)
		return -1;
	for (int i = 0; i < NSLOTS; i++)
		if (!slot_used[i]) {
			strcpy(slot_name[i], name);
			slot_used[i] = 1;
			return i;
		}
	return -1;
}

static void
slot_drop(struct rk_outfile *f)
{
	if (f->tmp && f->slot >= 0)
		slot_used[f->slot] = 0;
	f->slot = -1;
}

static void
on_signal(int sig)
{
	int e = errno;

	for (int i = 0; i < NSLOTS; i++)
		if (slot_used[i])
			unlink(slot_name[i]);
	signal(sig, SIG_DFL);
	raise(sig);
	errno = e;
}

void
rk_outfile_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	/*
	 * A file size limit (ulimit -f) makes a write fail with EFBIG, an
	 * I/O error like a full disk, instead of killing the run.
	 */
	signal(SIGXFSZ, SIG_IGN);
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < RK_ARRAY_LEN(sigs); i++) {
		struct sigaction old;

		/* a signal ignored by the caller (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* "--registry 'rma.csv': what: strerror", or "'rma.csv': ..." */
static int
fail(const struct rk_outfile *f, struct rk_err *err, int status,
    const char *path, const char *what, int e)
{
	if (f->option)
		return rk_errf(err, status, "%s '%s': %s: %s", f->option, path,
		    what, strerror(e));
	return rk_errf(err, status, "'%s': %s: %s", path, what, strerror(e));
}

char *
rk_path_target(const char *path)
{
	char *cur = rk_xstrdup(path), *dcopy, *bcopy, *dir, *out;
	const char *base;

	/* follow symbolic links, dangling ones too (at most 40, as the kernel) */
	for (int hop = 0; hop < 40; hop++) {
		struct stat st;
		char link[PATH_MAX], *next;
		ssize_t n;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0)
			break;
		link[n] = '\0';
		if (link[0] == '/') {
			next = rk_xstrdup(link);
		} else {
			dcopy = rk_xstrdup(cur);
			dir = dirname(dcopy);
			next = rk_xmalloc(strlen(dir) + (size_t)n + 2);
			sprintf(next, "%s/%s", dir, link);
			free(dcopy);
		}
		free(cur);
		cur = next;
	}
	/* then make its directory absolute */
	dcopy = rk_xstrdup(cur);
	bcopy = rk_xstrdup(cur);
	dir = realpath(dirname(dcopy), NULL);
	base = basename(bcopy);
	if (dir == NULL) {
		out = rk_xstrdup(cur);
	} else {
		out = rk_xmalloc(strlen(dir) + strlen(base) + 2);
		sprintf(out, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, base);
		free(dir);
	}
	free(dcopy);
	free(bcopy);
	free(cur);
	return out;
}

int
rk_outfile_open(struct rk_outfile *f, const char *option, const char *path,
    struct rk_err *err)
{
	struct stat st;
	char *real = NULL;
	size_t n;
	int fd;

	memset(f, 0, sizeof(*f));
	f->slot = -1;
	f->option = option;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* /dev/null, /dev/stdout, a pipe: written in place */
		f->path = rk_xstrdup(path);
		f->fp = fopen(path, "w");
		if (f->fp == NULL) {
			fail(f, err, RK_EX_CANTCREAT, path, "cannot create", errno);
			free(f->path);
			f->path = NULL;
			return -1;
		}
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = rk_path_target(path); /* write the file, keep the link */
	f->path = real ? real : rk_xstrdup(path);
	n = strlen(f->path);
	f->tmp = rk_xmalloc(n + 16);
	memcpy(f->tmp, f->path, n);
	memcpy(f->tmp + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(f->tmp);
	if (fd < 0) {
		fail(f, err, RK_EX_CANTCREAT, path, "cannot create", errno);
		free(f->path);
		free(f->tmp);
		f->path = f->tmp = NULL;
		return -1;
	}
	f->slot = slot_take(f->tmp);
	/* keep the mode of the file being replaced; else 0666 less umask */
	if (stat(f->path, &st) == 0) {
		fchmod(fd, st.st_mode & 07777);
	} else {
		mode_t um = umask(0);

		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	f->fp = fdopen(fd, "w");
	if (f->fp == NULL) {
		fail(f, err, RK_EX_CANTCREAT, path, "cannot create", errno);
		close(fd);
		rk_outfile_abort(f);
		return -1;
	}
	setvbuf(f->fp, NULL, _IOFBF, 1u << 20);
	return 0;
}

void
rk_outfile_abort(struct rk_outfile *f)
{
	if (f->fp) {
		fclose(f->fp);
		f->fp = NULL;
	}
	if (f->tmp)
		unlink(f->tmp);
	slot_drop(f);
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
}

int
rk_outfile_close(struct rk_outfile *f, struct rk_err *err)
{
	FILE *fp = f->fp;
	int e = 0;

	f->fp = NULL;
	if (fflush(fp) != 0 || ferror(fp))
		e = errno ? errno : EIO;
	else if (f->tmp && fsync(fileno(fp)) != 0)
		e = errno;
	if (fclose(fp) != 0 && e == 0)
		e = errno;
	if (e == 0)
		return 0;
	fail(f, err, RK_EX_IOERR, f->path, "write error", e);
	rk_outfile_abort(f);
	return -1;
}

int
rk_outfile_publish(struct rk_outfile *f, struct rk_err *err)
{
	char *dcopy;
	int dfd;

	if (f->tmp == NULL) {
		free(f->path);
		f->path = NULL;
		return 0;
	}
	if (rename(f->tmp, f->path) != 0) {
		int e = errno;

		fail(f, err, RK_EX_IOERR, f->path, "cannot rename the new file "
		    "into place", e);
		rk_outfile_abort(f);
		return -1;
	}
	slot_drop(f);
	dcopy = rk_xstrdup(f->path);
	dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dcopy);
	/*
	 * The rename has happened: the new file is in place.  A failed
	 * directory sync only weakens durability against a power cut, so it
	 * is a warning, not an error status (which would claim the file had
	 * not changed).
	 */
	if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL))
		rk_warnx("warning: cannot sync the directory of '%s': %s", f->path,
		    strerror(errno));
	if (dfd >= 0)
		close(dfd);
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
	return 0;
}
