/*
 * state.h - state files (returns-formats(5), STATE FILES): --registry,
 * --journal, --ledger.
 *
 * Calling sequence of a run that updates a state file:
 *
 *	rk_state_lock(path, timeout, &lk, &err);   take FILE.lock (flock)
 *	rk_state_load(path, ...);                  read the current state
 *	... do the work, write and flush all output ...
 *	rk_state_commit(path, ...);                the whole new content:
 *	                                           temp file, fsync, rename,
 *	                                           fsync dir (rk/outfile.h)
 *	rk_state_unlock(&lk);
 *
 * A crash at any point leaves the old or the new file, never a mix (and
 * perhaps FILE.tmp.XXXXXX, which the next run removes once it holds the
 * lock).  The
 * lock file is never removed: removing it would let a third run lock a
 * different inode while the second still holds the old one.
 */
#ifndef RK_STATE_H
#define RK_STATE_H

#include <stdint.h>
#include <stdio.h>

#include "rk/diag.h"
#include "rk/reader.h"
#include "rk/schema.h"
#include "rk/writer.h"

struct rk_lock {
	int fd;
};

/* Wait at most timeout seconds: RK_EX_TEMPFAIL when still locked. */
int rk_state_lock(const char *option, const char *path, long timeout,
    struct rk_lock *lk, struct rk_err *err);
void rk_state_unlock(struct rk_lock *lk);

/*
 * option names the file in messages ("--journal j.csv:4: ..."; fn gets
 * that text as its path).  Read a state file row by row.  Its header must hold every column of the
 * schema; its other columns are added to carry.  Any row that breaks the
 * schema, and any error of fn, is RK_EX_CONFIG: a state file is never
 * silently repaired.  A missing or empty file is an empty state.
 */
typedef int (*rk_state_row_fn)(void *ctx, const struct rk_row *row,
    const struct rk_fv *vals, const struct rk_binding *b, const char *path,
    struct rk_err *err);
int rk_state_load(const char *option, const char *path,
    const struct rk_schema *s,
    struct rk_carried *carry, rk_state_row_fn fn, void *ctx,
    struct rk_err *err);

/*
 * Rewrite a state file under the caller's lock: the header is the schema's
 * columns then carry's names (the caller adds today's carried columns to
 * carry first); the current rows follow, read again from the file so
 * memory does not grow with it; then emit() writes the run's new rows.
 * Committed by temp file, fsync, rename, directory fsync.
 */
typedef void (*rk_state_emit_fn)(void *ctx, struct rk_writer *w,
    const struct rk_carried *carry);
int rk_state_commit(const char *option, const char *path,
    const struct rk_schema *s,
    struct rk_carried *carry, rk_state_emit_fn emit, void *ctx,
    struct rk_err *err);

/*
 * rk_state_commit for a run whose input carries columns of its own:
 * today's carried columns (today) are first added to the file's (carry,
 * those it lacks, in order), and emit is told where each went: today's
 * carried column i is the file's carried column map[i].
 */
typedef void (*rk_state_emit_merged_fn)(void *ctx, struct rk_writer *w,
    const struct rk_carried *carry, const uint32_t *map);
int rk_state_commit_merged(const char *option, const char *path,
    const struct rk_schema *s, const struct rk_carried *today,
    struct rk_carried *carry, rk_state_emit_merged_fn emit, void *ctx,
    struct rk_err *err);

#endif
