#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "rk/hash.h"
#include "rk/util.h"

static uint64_t seed;

static inline uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static inline uint64_t
get_seed(void)
{
	if (seed == 0) {
		uint64_t s = 0;

		if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != sizeof(s))
			s = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
		seed = s | 1;
	}
	return seed;
}

uint64_t
rk_hash(const void *vp, size_t n)
{
	const unsigned char *p = vp;
	uint64_t h = get_seed() ^ (n * 0x9e3779b97f4a7c15ULL);
	uint64_t k;

	while (n >= 8) {
		memcpy(&k, p, 8);
		h = (h ^ mix(k)) * 0x9e3779b97f4a7c15ULL;
		p += 8;
		n -= 8;
	}
	k = 0;
	if (n)
		memcpy(&k, p, n);
	h ^= mix(k ^ (n << 56));
	return mix(h);
}

uint64_t
rk_hash_u64(uint64_t x)
{
	return mix(x ^ get_seed());
}

/* ---- string pool ---- */

void
rk_intern_init(struct rk_intern *t)
{
	memset(t, 0, sizeof(*t));
}

void
rk_intern_release(struct rk_intern *t)
{
	free(t->arena);
	free(t->off);
	free(t->len);
	free(t->hash);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/*
 * A slot holds the string's hash in its high half and id + 1 in its low
 * half, so a probe that meets another string is settled without touching
 * the string arrays: one cache miss per lookup in the common case.
 */
static void
intern_rehash(struct rk_intern *t)
{
	uint32_t nslots = t->mask ? 2 * (t->mask + 1) : 64;

	free(t->slot);
	t->slot = rk_xcalloc_lines(nslots, sizeof(*t->slot));
	t->mask = nslots - 1;
	for (uint32_t id = 0; id < t->count; id++) {
		uint32_t i = t->hash[id] & t->mask;

		while (t->slot[i])
			i = (i + 1) & t->mask;
		t->slot[i] = (uint64_t)t->hash[id] << 32 | (id + 1);
	}
}

/*
 * Equality of n bytes at a and b: ids are mostly 4 to 16 bytes, compared
 * here by two overlapping loads each instead of a call to memcmp.
 */
static inline int
same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t x, y, u, w;

		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);
		memcpy(&w, b + n - 8, 8);
		return ((x ^ y) | (u ^ w)) == 0;
	}
	if (n >= 4 && n < 8) {
		uint32_t x, y, u, w;

		memcpy(&x, a, 4);
		memcpy(&y, b, 4);
		memcpy(&u, a + n - 4, 4);
		memcpy(&w, b + n - 4, 4);
		return ((x ^ y) | (u ^ w)) == 0;
	}
	return n == 0 || memcmp(a, b, n) == 0;
}

static inline uint32_t
intern_probe(const struct rk_intern *t, const char *p, size_t n, uint32_t h,
    uint32_t *where)
{
	uint32_t i;

	for (i = h & t->mask; t->slot[i]; i = (i + 1) & t->mask) {
		uint64_t s = t->slot[i];
		uint32_t id;

		if ((uint32_t)(s >> 32) != h)
			continue;
		id = (uint32_t)s - 1;
		if (t->len[id] == n && same_bytes(t->arena + t->off[id], p, n))
			return id;
	}
	*where = i;
	return RK_NOID;
}

uint32_t
rk_intern_find(const struct rk_intern *t, const char *p, size_t n)
{
	uint32_t where;

	if (t->mask == 0)
		return RK_NOID;
	return intern_probe(t, p, n, (uint32_t)rk_hash(p, n), &where);
}

void
rk_intern_reserve(struct rk_intern *t, size_t n)
{
	if (n > (1u << 30))
		n = 1u << 30;
	while ((uint64_t)t->mask + 1 < 2 * (uint64_t)n)
		intern_rehash(t);
	if (n > t->cap) {
		t->cap = (uint32_t)n;
		t->off = rk_xreallocarray(t->off, t->cap, sizeof(*t->off));
		t->len = rk_xreallocarray(t->len, t->cap, sizeof(*t->len));
		t->hash = rk_xreallocarray(t->hash, t->cap, sizeof(*t->hash));
	}
}

uint32_t
rk_intern_find_hashed(const struct rk_intern *t, const char *p, size_t n,
    uint64_t h)
{
	uint32_t where;

	if (t->mask == 0)
		return RK_NOID;
	return intern_probe(t, p, n, (uint32_t)h, &where);
}

uint32_t
rk_intern_add(struct rk_intern *t, const char *p, size_t n)
{
	uint32_t h, i = 0, id;

	if (t->mask == 0 || (uint64_t)(t->count + 1) * 2 > (uint64_t)t->mask + 1)
		intern_rehash(t);
	h = (uint32_t)rk_hash(p, n);
	id = intern_probe(t, p, n, h, &i);
	if (id != RK_NOID)
		return id;
	if (t->count == RK_NOID - 1)
		rk_xmalloc(SIZE_MAX); /* more distinct strings than ids: give up */
	if (t->count == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->off = rk_xreallocarray(t->off, t->cap, sizeof(*t->off));
		t->len = rk_xreallocarray(t->len, t->cap, sizeof(*t->len));
		t->hash = rk_xreallocarray(t->hash, t->cap, sizeof(*t->hash));
	}
	while (t->alen + n + 1 > t->acap) {
		t->acap = t->acap ? 2 * t->acap : 4096;
		t->arena = rk_xrealloc(t->arena, t->acap);
	}
	id = t->count++;
	t->off[id] = t->alen;
	t->len[id] = (uint32_t)n;
	t->hash[id] = h;
	if (n)
		memcpy(t->arena + t->alen, p, n);
	t->arena[t->alen + n] = '\0';
	t->alen += n + 1;
	t->slot[i] = (uint64_t)h << 32 | (id + 1);
	return id;
}

const char *
rk_intern_str(const struct rk_intern *t, uint32_t id, size_t *n)
{
	if (n)
		*n = t->len[id];
	return t->arena + t->off[id];
}

/* ---- u64 map ---- */

/*
 * A key and its value side by side in one slot: a probe that finds its
 * key has the value in the same cache line, one miss per lookup.
 */
#define EMPTY UINT64_MAX

void
rk_u64map_init(struct rk_u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void
rk_u64map_release(struct rk_u64map *m)
{
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

static void
u64map_grow(struct rk_u64map *m)
{
	size_t oldn = m->slot ? m->mask + 1 : 0;
	size_t n = oldn ? 2 * oldn : 64;
	struct rk_u64slot *old = m->slot;

	m->slot = rk_xcalloc_lines(n, sizeof(*m->slot));
	for (size_t i = 0; i < n; i++)
		m->slot[i].key = EMPTY;
	m->mask = n - 1;
	for (size_t j = 0; j < oldn; j++) {
		size_t i;

		if (old[j].key == EMPTY)
			continue;
		for (i = rk_hash_u64(old[j].key) & m->mask;
		     m->slot[i].key != EMPTY; i = (i + 1) & m->mask)
			;
		m->slot[i] = old[j];
	}
	free(old);
}

void
rk_u64map_reserve(struct rk_u64map *m, size_t n)
{
	while (m->slot == NULL || m->mask + 1 < 2 * n)
		u64map_grow(m);
}

uint64_t *
rk_u64map_get(const struct rk_u64map *m, uint64_t key)
{
	size_t i;

	if (m->slot == NULL)
		return NULL;
	for (i = rk_hash_u64(key) & m->mask; m->slot[i].key != EMPTY;
	     i = (i + 1) & m->mask)
		if (m->slot[i].key == key)
			return &m->slot[i].val;
	return NULL;
}

uint64_t *
rk_u64map_put(struct rk_u64map *m, uint64_t key, int *isnew)
{
	size_t i;

	if (m->slot == NULL || (m->count + 1) * 2 > m->mask + 1)
		u64map_grow(m);
	for (i = rk_hash_u64(key) & m->mask; m->slot[i].key != EMPTY;
	     i = (i + 1) & m->mask)
		if (m->slot[i].key == key) {
			if (isnew)
				*isnew = 0;
			return &m->slot[i].val;
		}
	m->slot[i].key = key;
	m->slot[i].val = 0;
	m->count++;
	if (isnew)
		*isnew = 1;
	return &m->slot[i].val;
}
