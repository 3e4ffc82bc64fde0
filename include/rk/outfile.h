/*
 * outfile.h - a file written whole or not at all: state files and the
 * reports written by option (--rejects, --expected, ...).
 *
 *	rk_outfile_open(&f, "--rejects", path, &err);   a temporary file
 *	... write f.fp ...
 *	rk_outfile_close(&f, &err);          flush, fsync, close: all written
 *	rk_outfile_publish(&f, &err);        rename over path, fsync the dir
 *	rk_outfile_abort(&f);                at any point: remove the temporary
 *
 * The temporary file is named PATH.tmp.XXXXXX, in the directory of the
 * file it replaces (after symbolic links), with that file's permissions
 * (or 0666 less the umask).  A path that names something other than a
 * regular file (/dev/null, /dev/stdout, a pipe) is written in place,
 * since renaming over it would replace the device or pipe itself.
 *
 * While a temporary file exists its name is remembered, so that SIGINT,
 * SIGTERM and SIGHUP remove it before the process dies with that signal
 * (rk_outfile_signals installs the handlers).  A SIGKILL can leave one
 * behind: the next run that holds a state file's lock removes those of
 * that state file (rk/state.h).
 */
#ifndef RK_OUTFILE_H
#define RK_OUTFILE_H

#include <stdio.h>

#include "rk/diag.h"

struct rk_outfile {
	const char *option; /* named in messages: "--registry 'x': ..." */
	char *path;   /* the file to replace (symbolic links resolved) */
	char *tmp;    /* NULL when written in place */
	FILE *fp;
	int slot;     /* in the list of temporary files, or -1 */
};

/* RK_EX_CANTCREAT when the temporary file cannot be created. */
int rk_outfile_open(struct rk_outfile *f, const char *option,
    const char *path, struct rk_err *err);
/* RK_EX_IOERR when anything written did not reach the disk. */
int rk_outfile_close(struct rk_outfile *f, struct rk_err *err);
/* RK_EX_IOERR when the rename fails (the temporary file is removed). */
int rk_outfile_publish(struct rk_outfile *f, struct rk_err *err);
/* Close (unchecked) and remove the temporary file; safe to repeat. */
void rk_outfile_abort(struct rk_outfile *f);

/*
 * Remove temporary files on SIGINT, SIGTERM and SIGHUP; ignore SIGXFSZ,
 * so that a file size limit is a write error (EFBIG), not a kill.
 */
void rk_outfile_signals(void);

/*
 * The file a path will write: symbolic links followed, dangling ones
 * too, and the directory made absolute (allocated).  Two paths with the
 * same target name one file, whether it exists yet or not.
 */
char *rk_path_target(const char *path);

#endif
