/*
 * unit_hash.c - the string pool (dense ids in order of first insertion,
 * stable across growth) and the u64 map of rk/hash.h.
 * Large runs report one check per property, not one per key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rk/hash.h"
#include "rk/util.h"

#include "tap.h"

#define NSTRINGS 100000

/* A byte string with an explicit length (may hold NUL). */
#define B(s) s, sizeof(s) - 1

/*
 * Strings that differ only after a NUL, by length, or not at all must be
 * told apart exactly: each table entry is added in order and gets the id
 * given (a repeat gets the id of its first insertion).
 */
struct intern_case {
	const char *p;
	size_t n;
	uint32_t id;
};

static const struct intern_case intern_cases[] = {
	{ B(""), 0 },
	{ B("a"), 1 },
	{ B("a\0b"), 2 },
	{ B("a\0c"), 3 },
	{ B("a\0"), 4 },
	{ B("\0"), 5 },
	{ B("\0\0"), 6 },
	{ B("a"), 1 },
	{ B(""), 0 },
	{ B("a\0b"), 2 },
	{ B("abcdefgh"), 7 },          /* exactly one 8-byte word */
	{ B("abcdefgh\0"), 8 },
	{ B("abcdefghi"), 9 },
	{ B("\0"), 5 },
	{ B("A"), 10 },                /* case matters */
};

/* The i-th generated string: varied lengths, some with NUL bytes. */
static size_t
gen(long i, char *out)
{
	size_t n = (size_t)snprintf(out, 48, "s%ld", i);

	if (i % 7 == 0) {
		out[n++] = '\0';
		out[n++] = (char)('a' + i % 26);
	}
	if (i % 11 == 0) {
		memset(out + n, 'x', (size_t)(i % 23));
		n += (size_t)(i % 23);
	}
	return n;
}

int
main(void)
{
	struct rk_intern t;
	char s[64];

	/* --- the pool, small cases --- */
	rk_intern_init(&t);
	is_int(rk_intern_find(&t, B("")), RK_NOID, "empty pool: \"\" absent");
	is_int(rk_intern_find(&t, B("a")), RK_NOID, "empty pool: \"a\" absent");
	for (size_t i = 0; i < RK_ARRAY_LEN(intern_cases); i++) {
		const struct intern_case *c = &intern_cases[i];

		is_int(rk_intern_add(&t, c->p, c->n), c->id,
		    "intern case %zu (%zu bytes) has id %u", i, c->n, c->id);
	}
	is_int(t.count, 11, "11 distinct strings");
	for (size_t i = 0; i < RK_ARRAY_LEN(intern_cases); i++) {
		const struct intern_case *c = &intern_cases[i];
		size_t n = 99;
		const char *p = rk_intern_str(&t, c->id, &n);

		is_int(rk_intern_find(&t, c->p, c->n), c->id,
		    "intern case %zu is found as %u", i, c->id);
		ok(n == c->n && memcmp(p, c->p, n) == 0 && p[n] == '\0',
		    "intern case %zu: rk_intern_str gives its %zu bytes", i, c->n);
		is_int(rk_intern_find_hashed(&t, c->p, c->n, rk_hash(c->p, c->n)),
		    c->id, "intern case %zu: found with its hash", i);
	}
	is_int(rk_intern_find(&t, B("b")), RK_NOID, "\"b\" absent");
	is_int(rk_intern_find(&t, B("a\0d")), RK_NOID, "\"a\\0d\" absent");
	is_int(rk_intern_find(&t, B("abcdefg")), RK_NOID, "\"abcdefg\" absent");
	rk_intern_release(&t);
	ok(t.count == 0 && t.arena == NULL && t.slot == NULL,
	    "release leaves an empty pool");
	is_int(rk_intern_find(&t, B("a")), RK_NOID, "released pool: \"a\" absent");

	/* --- the pool, grown to 100000 strings (and a reserved one) --- */
	for (int reserve = 0; reserve <= 1; reserve++) {
		const char *how = reserve ? "reserved" : "grown";
		long badadd = 0, badfind = 0, badstr = 0, badre = 0, badabs = 0;
		uint32_t empty_id;

		rk_intern_init(&t);
		if (reserve)
			rk_intern_reserve(&t, NSTRINGS / 2);
		empty_id = rk_intern_add(&t, B(""));
		for (long i = 0; i < NSTRINGS; i++) {
			size_t n = gen(i, s);

			if (rk_intern_add(&t, s, n) != (uint32_t)i + 1)
				badadd++;
			/* an early string keeps its id while the pool grows */
			if ((i & 1023) == 0 &&
			    rk_intern_find(&t, B("")) != empty_id)
				badfind++;
		}
		is_int(empty_id, 0, "%s: \"\" is id 0", how);
		is_int(badadd, 0, "%s: ids are dense, in order of insertion", how);
		is_int(t.count, NSTRINGS + 1, "%s: %d strings", how, NSTRINGS + 1);
		for (long i = 0; i < NSTRINGS; i++) {
			size_t n = gen(i, s), m = 0;
			const char *p;

			if (rk_intern_find(&t, s, n) != (uint32_t)i + 1)
				badfind++;
			p = rk_intern_str(&t, (uint32_t)i + 1, &m);
			if (m != n || memcmp(p, s, n) != 0)
				badstr++;
			if (rk_intern_add(&t, s, n) != (uint32_t)i + 1)
				badre++;
			/* a string one byte longer is another string */
			s[n] = 'Z';
			if (rk_intern_find(&t, s, n + 1) != RK_NOID)
				badabs++;
		}
		is_int(badfind, 0, "%s: every string is found with its id", how);
		is_int(badstr, 0, "%s: rk_intern_str gives every string back", how);
		is_int(badre, 0, "%s: adding again gives the same id", how);
		is_int(badabs, 0, "%s: no string not added is found", how);
		is_int(t.count, NSTRINGS + 1, "%s: still %d strings", how,
		    NSTRINGS + 1);
		is_int(rk_intern_find(&t, B("")), 0, "%s: \"\" still id 0", how);
		rk_intern_release(&t);
	}

	/* --- the u64 map --- */
	{
		struct rk_u64map m;
		long badput = 0, badget = 0, badnew = 0, badabs = 0;
		int isnew = -1;
		uint64_t *v;

		rk_u64map_init(&m);
		ok(rk_u64map_get(&m, 1) == NULL, "empty map: key 1 absent");
		ok(rk_u64map_get(&m, 0) == NULL, "empty map: key 0 absent");
		v = rk_u64map_put(&m, 0, &isnew);
		ok(v != NULL && *v == 0 && isnew == 1, "put key 0: new, value 0");
		*v = 77;
		v = rk_u64map_put(&m, UINT64_MAX - 1, &isnew);
		ok(v != NULL && *v == 0 && isnew == 1, "put key 2^64-2: new");
		*v = 78;
		/* keys spread and sequential, values derived from the key */
		for (uint64_t i = 1; i <= NSTRINGS; i++) {
			uint64_t key = i * 0x9e3779b97f4a7c15ULL;

			isnew = -1;
			v = rk_u64map_put(&m, key, &isnew);
			if (v == NULL || *v != 0)
				badput++;
			else
				*v = i;
			if (isnew != 1)
				badnew++;
			v = rk_u64map_put(&m, rk_pair(7, (uint32_t)i), NULL);
			*v = i + 1;
		}
		is_int(badput, 0, "100000 puts: each new key starts at 0");
		is_int(badnew, 0, "100000 puts: each says it is new");
		is_int(m.count, 2 * NSTRINGS + 2, "count is %d", 2 * NSTRINGS + 2);
		for (uint64_t i = 1; i <= NSTRINGS; i++) {
			uint64_t key = i * 0x9e3779b97f4a7c15ULL;

			v = rk_u64map_get(&m, key);
			if (v == NULL || *v != i)
				badget++;
			v = rk_u64map_get(&m, rk_pair(7, (uint32_t)i));
			if (v == NULL || *v != i + 1)
				badget++;
			isnew = -1;
			v = rk_u64map_put(&m, key, &isnew);
			if (v == NULL || *v != i || isnew != 0)
				badget++;
			if (rk_u64map_get(&m, rk_pair(8, (uint32_t)i)) != NULL)
				badabs++;
		}
		is_int(badget, 0, "after growth every key has its value");
		is_int(badabs, 0, "keys never put are absent");
		v = rk_u64map_get(&m, 0);
		ok(v != NULL && *v == 77, "key 0 kept its value");
		v = rk_u64map_get(&m, UINT64_MAX - 1);
		ok(v != NULL && *v == 78, "key 2^64-2 kept its value");
		is_int(m.count, 2 * NSTRINGS + 2, "putting again adds nothing");
		rk_u64map_release(&m);
		ok(rk_u64map_get(&m, 0) == NULL, "released map: key 0 absent");

		/* reserved first: the same answers */
		rk_u64map_init(&m);
		rk_u64map_reserve(&m, NSTRINGS);
		badget = 0;
		for (uint64_t i = 0; i < NSTRINGS; i++)
			*rk_u64map_put(&m, i, NULL) = i * 3;
		for (uint64_t i = 0; i < NSTRINGS; i++) {
			v = rk_u64map_get(&m, i);
			if (v == NULL || *v != i * 3)
				badget++;
		}
		is_int(badget, 0, "reserved map: every key has its value");
		is_int(m.count, NSTRINGS, "reserved map: %d keys", NSTRINGS);
		rk_u64map_release(&m);
	}

	/*
	 * --- one byte changed anywhere, at every length up to 20: ids are
	 * compared by overlapping loads for 4 to 16 bytes ---
	 */
	{
		long bad = 0;
		char base[24];

		rk_intern_init(&t);
		for (size_t n = 1; n <= 20; n++) {
			memset(base, 'k', n);
			rk_intern_add(&t, base, n);
			for (size_t at = 0; at < n; at++) {
				base[at] = 'z';
				rk_intern_add(&t, base, n);
				base[at] = 'k';
			}
		}
		for (size_t n = 1, id = 0; n <= 20; n++) {
			memset(base, 'k', n);
			bad += rk_intern_find(&t, base, n) != id++;
			for (size_t at = 0; at < n; at++) {
				base[at] = 'z';
				bad += rk_intern_find(&t, base, n) != id++;
				base[at] = 'k';
			}
		}
		is_int(bad, 0, "strings of 1 to 20 bytes that differ in one "
		    "byte have ids of their own");
		is_int(t.count, 230, "230 of them");

		rk_intern_release(&t);
	}

	/* --- the hash: a function of the bytes only --- */
	{
		char a[16] = "same bytes", c[16] = "same bytes";

		ok(rk_hash(a, 10) == rk_hash(c, 10), "equal bytes, equal hash");
		ok(rk_hash(B("a\0b")) != rk_hash(B("a\0c")),
		    "bytes after a NUL count");
		ok(rk_hash(B("ab")) != rk_hash(B("ab\0")), "the length counts");
		ok(rk_hash_u64(5) == rk_hash_u64(5), "rk_hash_u64 is a function");
		is_int(rk_pair(1, 2), 0x100000002ULL, "rk_pair(1, 2)");
	}
	return done_testing();
}
