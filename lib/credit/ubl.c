/*
 * ubl.c - -o ubl (credit-emit(1), UBL): one UBL credit note per note,
 * written to --out-dir as <credit_note_id>.xml, characters other than
 * A-Z a-z 0-9 . _ - replaced by _.  Every note is checked first (its
 * document written nowhere), so that what a document cannot hold is
 * refused before any file is written; then each file is written under a
 * temporary name, synced and renamed into place, and its path is written
 * on the standard output.  All of it happens before the ledger commit: a
 * run that fails on the way leaves the ledger as it was, and the files
 * already renamed are written again, the same, by the next run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rk/outfile.h"
#include "rk/util.h"
#include "ubl.h"

int
ubl_ready(struct credit *c)
{
	const char *dir = c->o->out_dir;
	struct stat st;
	struct ubl u;
	int rc, e = 0;

	if (dir == NULL)
		return rk_errf(&c->run.err, RK_EX_USAGE,
		    "-o ubl needs --out-dir DIR");
	if (c->o->retailers == NULL)
		return rk_errf(&c->run.err, RK_EX_USAGE,
		    "-o ubl needs --retailers FILE, the buyers of the notes");
	if (stat(dir, &st) != 0)
		e = errno;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR;
	else if (access(dir, W_OK | X_OK) != 0)
		e = errno;
	if (e)
		return rk_errf(&c->run.err, RK_EX_CANTCREAT, "--out-dir '%s': "
		    "cannot write there: %s", dir, strerror(e));
	rc = ubl_begin(&u, c);
	ubl_end(&u);
	return rc;
}

/* DIR/<id>.xml, the id's characters outside [A-Za-z0-9._-] as '_'. */
static char *
file_path(const char *dir, const char *id)
{
	size_t dn = strlen(dir), n = strlen(id);
	char *path = rk_xmalloc(dn + n + 6), *p = path + dn;

	memcpy(path, dir, dn);
	if (dn == 0 || dir[dn - 1] != '/')
		*p++ = '/';
	for (size_t i = 0; i < n; i++) {
		char ch = id[i];

		*p++ = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		    ch == '-' ? ch : '_';
	}
	memcpy(p, ".xml", 5);
	return path;
}

/*
 * Every note's document written nowhere: refused (65) before any file is
 * written when one cannot be, or when two notes would share a file.
 */
static int
check_all(struct ubl *u)
{
	struct credit *c = u->c;
	struct rk_intern paths;
	int rc = 0;

	rk_intern_init(&paths);
	for (size_t i = 0; i < c->nnotes && rc == 0; i++) {
		char *path = file_path(c->o->out_dir, c->notes[i].id);
		uint32_t other = rk_intern_add(&paths, path, strlen(path));

		/* a path's id is the index of the first note written there */
		if (other != i)
			rc = rk_errf(u->err, RK_EX_DATAERR, "credit notes %s "
			    "and %s would both be written to '%s'",
			    c->notes[other].id, c->notes[i].id, path);
		else if (ubl_facts(u, &c->notes[i]) ||
		    ubl_document(u, NULL, NULL))
			rc = -1;
		free(path);
	}
	rk_intern_release(&paths);
	return rc;
}

/* A note's file: temporary, written, synced, renamed; its path shown. */
static int
write_one(struct ubl *u, const struct note *n)
{
	char *path = file_path(u->c->o->out_dir, n->id);
	struct rk_outfile f;
	int rc = -1;

	if (ubl_facts(u, n) || rk_outfile_open(&f, "--out-dir", path, u->err))
		goto out;
	if (ubl_document(u, f.fp, path)) {
		rk_outfile_abort(&f);
		goto out;
	}
	if (rk_outfile_close(&f, u->err) || rk_outfile_publish(&f, u->err))
		goto out;
	printf("%s\n", path);
	rc = 0;
out:
	free(path);
	return rc;
}

int
ubl_write(struct credit *c)
{
	struct ubl u;
	int rc = -1;

	if (ubl_begin(&u, c) || check_all(&u))
		goto out;
	for (size_t i = 0; i < c->nnotes; i++)
		if (write_one(&u, &c->notes[i]))
			goto out;
	rc = rk_run_output(&c->run, NULL);
out:
	ubl_end(&u);
	return rc;
}
