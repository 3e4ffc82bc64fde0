/*
 * samefile.h - one file named for two options (returns-formats(5),
 * "Same file").
 *
 * Before any row is read, every file a run writes (the reports, and
 * standard output when it is a regular file) is compared with every file
 * it reads (operands, --orders, --retailers, --approve, --policy, and
 * standard input when it is a regular file) and with every state file;
 * two files it writes, and two state files, are compared too.  A file
 * that is read and is also a state file is no clash.
 *
 * Files are the same when they have the same device and inode; a file
 * that does not exist yet is compared by its resolved path (its
 * directory made absolute, symbolic links followed).  Only regular files
 * and files not yet created take part: two options naming /dev/null, a
 * terminal or a pipe are not a clash.
 *
 *	struct rk_fileset fs;
 *	rk_fileset_init(&fs);
 *	rk_fileset_add(&fs, RK_FS_WRITE, "--rejects", path);
 *	rk_fileset_add_fd(&fs, RK_FS_WRITE, "standard output", 1);
 *	if (rk_fileset_check(&fs, &err)) ...   RK_EX_USAGE, names both
 *	rk_fileset_release(&fs);
 */
#ifndef RK_SAMEFILE_H
#define RK_SAMEFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "rk/diag.h"

enum rk_fsrole {
	RK_FS_READ,   /* an input: clashes with what is written */
	RK_FS_STATE,  /* a state file: clashes with what is written, and
	                 with another state file */
	RK_FS_WRITE   /* a report or standard output: clashes with all */
};

struct rk_fsent {
	enum rk_fsrole role;
	const char *label;   /* "--rejects", "standard output", "the input" */
	char *shown;         /* the name as given, for the message */
	int exists;          /* dev and ino are set */
	dev_t dev;
	ino_t ino;
	char *resolved;      /* a file not there yet: its resolved path */
};

struct rk_fileset {
	struct rk_fsent *e;
	size_t n, cap;
};

void rk_fileset_init(struct rk_fileset *fs);
void rk_fileset_release(struct rk_fileset *fs);
/* A file named by path ("-" is left out: add standard input by fd). */
void rk_fileset_add(struct rk_fileset *fs, enum rk_fsrole role,
    const char *label, const char *path);
/* An open descriptor (standard input or output); only a regular file. */
void rk_fileset_add_fd(struct rk_fileset *fs, enum rk_fsrole role,
    const char *label, int fd);
/* 0, or -1 with RK_EX_USAGE: "A and B name the same file 'NAME'". */
int rk_fileset_check(const struct rk_fileset *fs, struct rk_err *err);

#endif
