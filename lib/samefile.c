/*
 * samefile.c - one file named for two options.  See rk/samefile.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rk/outfile.h"
#include "rk/samefile.h"
#include "rk/util.h"

void
rk_fileset_init(struct rk_fileset *fs)
{
	memset(fs, 0, sizeof(*fs));
}

void
rk_fileset_release(struct rk_fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->e[i].shown);
		free(fs->e[i].resolved);
	}
	free(fs->e);
	memset(fs, 0, sizeof(*fs));
}

static struct rk_fsent *
add(struct rk_fileset *fs, enum rk_fsrole role, const char *label,
    const char *shown)
{
	struct rk_fsent *e;

	RK_GROW(fs->e, fs->n, fs->cap);
	e = &fs->e[fs->n++];
	memset(e, 0, sizeof(*e));
	e->role = role;
	e->label = label;
	e->shown = rk_xstrdup(shown);
	return e;
}

void
rk_fileset_add(struct rk_fileset *fs, enum rk_fsrole role, const char *label,
    const char *path)
{
	struct stat st;
	struct rk_fsent *e;

	if (path == NULL || strcmp(path, "-") == 0)
		return;
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return; /* /dev/null, a terminal, a pipe: never a clash */
		e = add(fs, role, label, path);
		e->exists = 1;
		e->dev = st.st_dev;
		e->ino = st.st_ino;
	} else if (errno == ENOENT) {
		e = add(fs, role, label, path);
		e->resolved = rk_path_target(path);
	}
}

void
rk_fileset_add_fd(struct rk_fileset *fs, enum rk_fsrole role,
    const char *label, int fd)
{
	struct stat st;
	struct rk_fsent *e;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	e = add(fs, role, label, "");
	e->exists = 1;
	e->dev = st.st_dev;
	e->ino = st.st_ino;
}

static int
same(const struct rk_fsent *a, const struct rk_fsent *b)
{
	if (a->exists != b->exists)
		return 0;
	if (a->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return strcmp(a->resolved, b->resolved) == 0;
}

/* Reading a state file (a registry given as an input) is allowed. */
static int
may_share(const struct rk_fsent *a, const struct rk_fsent *b)
{
	if (a->role == RK_FS_READ && b->role == RK_FS_READ)
		return 1;
	return (a->role == RK_FS_READ && b->role == RK_FS_STATE) ||
	    (a->role == RK_FS_STATE && b->role == RK_FS_READ);
}

int
rk_fileset_check(const struct rk_fileset *fs, struct rk_err *err)
{
	for (size_t i = 0; i < fs->n; i++) {
		for (size_t j = i + 1; j < fs->n; j++) {
			const struct rk_fsent *a = &fs->e[i], *b = &fs->e[j];
			const char *name;

			if (may_share(a, b) || !same(a, b))
				continue;
			/* the one written first in the message, as named */
			if (b->role > a->role) {
				const struct rk_fsent *t = a;

				a = b;
				b = t;
			}
			name = *a->shown ? a->shown : b->shown;
			if (*name == '\0')
				return rk_errf(err, RK_EX_USAGE, "%s and %s are the same "
				    "file", a->label, b->label);
			return rk_errf(err, RK_EX_USAGE, "%s and %s name the same file "
			    "'%s'", a->label, b->label, name);
		}
	}
	return 0;
}
