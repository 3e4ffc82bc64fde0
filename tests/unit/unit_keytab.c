/*
 * unit_keytab.c - rk_keytab (lib/keytab.c): keys of every length from 0
 * to past the inline limit, keys that differ in one byte or hold NUL
 * bytes, the first value a key is given kept, growth through many keys,
 * and absent keys, checked against what was added.
 */
#include <stdio.h>
#include <string.h>

#include "rk/keytab.h"
#include "rk/util.h"

#include "tap.h"

#define NKEYS 50000

/*
 * Key i: its decimal digits, then i % 32 bytes 'x' (1 to 36 bytes, on
 * both sides of the inline limit), a different key for each i.
 */
static size_t
key_of(uint32_t i, char *k)
{
	int d = snprintf(k, 12, "%u", i);
	size_t n = (size_t)d + i % 32;

	memset(k + d, 'x', n - (size_t)d);
	return n;
}

int
main(void)
{
	struct rk_keytab t;
	char k[64], l[64];
	int all = 1;

	rk_keytab_init(&t);
	is_int(rk_keytab_get(&t, "a", 1), RK_NOID, "an empty table has no key");
	is_int(rk_keytab_get(&t, "", 0), RK_NOID, "... not even the empty one");

	/* lengths 0 to 40: inline up to RK_KEYTAB_INLINE, pooled after */
	for (size_t n = 0; n <= 40; n++) {
		memset(k, 'k', n);
		rk_keytab_add(&t, k, n, (uint32_t)(1000 + n));
	}
	for (size_t n = 0; n <= 40; n++) {
		memset(k, 'k', n);
		if (rk_keytab_get(&t, k, n) != 1000 + n)
			all = 0;
	}
	ok(all, "keys of 0 to 40 bytes, either side of the inline limit (%d)",
	    RK_KEYTAB_INLINE);
	memset(k, 'k', 41);
	is_int(rk_keytab_get(&t, k, 41), RK_NOID, "a longer key of the same bytes "
	    "is another key");

	/* one byte apart: first, last, and a NUL in place of a byte */
	memcpy(k, "R-01421SKU-022561", 17);
	rk_keytab_add(&t, k, 17, 7);
	memcpy(l, k, 17);
	l[0] = 'S';
	is_int(rk_keytab_get(&t, l, 17), RK_NOID, "the first byte tells keys apart");
	l[0] = 'R';
	l[16] = '2';
	is_int(rk_keytab_get(&t, l, 17), RK_NOID, "... and the last");
	is_int(rk_keytab_get(&t, k, 16), RK_NOID, "... and the length");
	memcpy(l, "R-01421\0SKU-02256", 17);
	rk_keytab_add(&t, l, 17, 8);
	is_int(rk_keytab_get(&t, l, 17), 8, "a key with a NUL byte");
	is_int(rk_keytab_get(&t, k, 17), 7, "... is not the key without it");
	memset(l, 0, sizeof(l));
	rk_keytab_add(&t, l, 3, 9);
	is_int(rk_keytab_get(&t, l, 3), 9, "a key of three NUL bytes");
	is_int(rk_keytab_get(&t, l, 2), RK_NOID, "... is not two of them");
	is_int(rk_keytab_get(&t, "", 0), 1000, "... nor the empty key");

	rk_keytab_release(&t);

	/* many keys: the table grows, every key keeps its value */
	rk_keytab_init(&t);
	for (uint32_t i = 0; i < NKEYS; i++)
		rk_keytab_add(&t, k, key_of(i, k), i);
	all = 1;
	for (uint32_t i = 0; i < NKEYS; i++)
		if (rk_keytab_get(&t, k, key_of(i, k)) != i)
			all = 0;
	ok(all, "%d keys of 1 to 36 bytes put, each found with its value",
	    NKEYS);
	ok(t.count <= (t.mask + 1) * 3 / 4, "slots at most three quarters full "
	    "(%zu of %zu)", t.count, t.mask + 1);
	ok(((uintptr_t)t.slot & 63) == 0, "slots start on a cache line");
	all = 1;
	for (uint32_t i = NKEYS; i < 2 * NKEYS; i++)
		if (rk_keytab_get(&t, k, key_of(i, k)) != RK_NOID)
			all = 0;
	ok(all, "keys never put are not found");
	rk_keytab_release(&t);

	/* add: the first value a key is given stays; prefetch changes nothing */
	rk_keytab_init(&t);
	rk_keytab_prefetch(&t, "a", 1);
	is_int(rk_keytab_add(&t, "abc", 3, 5), 5, "add: a new key takes its value");
	is_int(rk_keytab_add(&t, "abc", 3, 6), 5, "add: a known key keeps it");
	is_int(rk_keytab_add(&t, "abd", 3, 6), 6, "add: a key one byte apart is new");
	memset(l, 'y', 40);
	is_int(rk_keytab_add(&t, l, 40, 7), 7, "add: a long key takes its value");
	is_int(rk_keytab_add(&t, l, 40, 8), 7, "add: ... and keeps it");
	is_int(rk_keytab_add(&t, "", 0, 9), 9, "add: the empty key takes its value");
	is_int(rk_keytab_add(&t, "", 0, 10), 9, "add: ... and keeps it");
	all = 1;
	for (uint32_t i = 0; i < NKEYS; i++) {
		rk_keytab_prefetch(&t, k, key_of(i, k));
		if (rk_keytab_add(&t, k, key_of(i, k), 100 + i) != 100 + i)
			all = 0;
	}
	for (uint32_t i = 0; i < NKEYS; i++)
		if (rk_keytab_add(&t, k, key_of(i, k), 0) != 100 + i ||
		    rk_keytab_get(&t, k, key_of(i, k)) != 100 + i)
			all = 0;
	ok(all, "add: %d keys added as the table grows, each kept and found",
	    NKEYS);
	is_int(rk_keytab_get(&t, "abc", 3), 5, "add: the first key still there");
	rk_keytab_release(&t);
	return done_testing();
}
