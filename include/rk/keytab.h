/*
 * keytab.h - a read-mostly table from short byte strings to numbers, for
 * lookups made once per input row against a table filled before the
 * rows are read (return-register's (retailer, sku) pairs, filled as the
 * requests are read, looked up for each order line).  A key of up to
 * RK_KEYTAB_INLINE bytes lies in its slot, beside its number, so a
 * lookup reads one slot (one cache line) and compares the bytes there:
 * no pool of texts to visit.  Longer keys are kept in a
 * string pool (rk_intern) instead, and so is the empty key.  Lookups
 * only read the table, so several threads may look up at once once it
 * is filled.  Slots are filled to three quarters at most.
 */
#ifndef RK_KEYTAB_H
#define RK_KEYTAB_H

#include <stddef.h>
#include <stdint.h>

#include "rk/hash.h"

#define RK_KEYTAB_INLINE 27

/* len 0: empty; the bytes after the key are zero */
struct rk_keyslot {
	uint8_t len;
	char text[RK_KEYTAB_INLINE];
	uint32_t val;
};

struct rk_keytab {
	struct rk_keyslot *slot;
	size_t mask, count;
	struct rk_intern longer;  /* keys longer than RK_KEYTAB_INLINE */
	uint32_t *longer_val;     /* ... their numbers, by pool id */
	size_t longer_cap;
};

void rk_keytab_init(struct rk_keytab *t);
void rk_keytab_release(struct rk_keytab *t);
/*
 * What the n bytes at p map to; when they map to nothing yet, they are
 * mapped to val, and val is returned (one lookup, get or put).
 */
uint32_t rk_keytab_add(struct rk_keytab *t, const char *p, size_t n,
    uint32_t val);
/*
 * Ask for the slot where rk_keytab_get() of the same bytes starts
 * looking (a prefetch: nothing is read yet), to call it a little later.
 */
void rk_keytab_prefetch(const struct rk_keytab *t, const char *p, size_t n);
/* What the n bytes at p map to, or RK_NOID. */
uint32_t rk_keytab_get(const struct rk_keytab *t, const char *p, size_t n);

#endif
