/*
 * seqfmt.h - number formats for RMA and credit note ids (returns-policy(5),
 * Number formats).
 *
 * {seq} is the sequence number, {seq:N} the same zero-padded to N digits,
 * {yyyy} and {mm} the year and month of --as-of; any other text is
 * literal.  Numbering continues from the highest sequence among existing
 * ids that match the format, whatever their year and month, so it never
 * restarts.
 */
#ifndef RK_SEQFMT_H
#define RK_SEQFMT_H

#include <stddef.h>
#include <stdint.h>

/* 1 when fmt has {seq} or {seq:N}. */
int rk_seqfmt_valid(const char *fmt);
/* Write the id of seq; returns its length (0 if it does not fit). */
size_t rk_seqfmt_make(const char *fmt, int32_t as_of, uint64_t seq, char *out,
    size_t cap);
/* 1 and *seq when id has the shape of fmt, else 0. */
int rk_seqfmt_match(const char *fmt, const char *id, size_t n, uint64_t *seq);

#endif
