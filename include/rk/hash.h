/*
 * hash.h - hashing, string interning and a u64-keyed map.
 *
 * Hash values are seeded once per process from the kernel's random source,
 * so crafted retailer input cannot aim collisions at our tables.  No output
 * ever depends on the iteration order of a table: tools keep their own
 * insertion-ordered arrays and use tables only to find things.
 */
#ifndef RK_HASH_H
#define RK_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t rk_hash(const void *p, size_t n);
uint64_t rk_hash_u64(uint64_t x);

/*
 * A string pool: each distinct byte string gets a dense id 0, 1, 2, ...
 * in order of first insertion.  Strings are stored once; the pointer
 * returned by rk_intern_str() stays valid until the next insertion.
 */
struct rk_intern {
	char *arena;
	size_t alen, acap;
	uint64_t *off;
	uint32_t *len;
	uint32_t *hash;
	uint32_t count, cap;
	uint64_t *slot; /* hash << 32 | (id + 1); 0 = empty */
	uint32_t mask;
};

#define RK_NOID UINT32_MAX

void rk_intern_init(struct rk_intern *t);
void rk_intern_release(struct rk_intern *t);
/* Make room for n strings without growing (a size hint). */
void rk_intern_reserve(struct rk_intern *t, size_t n);
/* Find or add; returns the id. */
uint32_t rk_intern_add(struct rk_intern *t, const char *p, size_t n);
/* Find only; returns RK_NOID when absent. */
uint32_t rk_intern_find(const struct rk_intern *t, const char *p, size_t n);
/* The same with h = rk_hash(p, n) already computed by the caller. */
uint32_t rk_intern_find_hashed(const struct rk_intern *t, const char *p,
    size_t n, uint64_t h);
const char *rk_intern_str(const struct rk_intern *t, uint32_t id, size_t *n);

/*
 * A map from uint64_t keys to uint64_t values.  UINT64_MAX is reserved as
 * the empty marker and must not be used as a key.
 */
struct rk_u64map {
	struct rk_u64slot { uint64_t key, val; } *slot;
	size_t mask, count;
};

void rk_u64map_init(struct rk_u64map *m);
void rk_u64map_release(struct rk_u64map *m);
/* Make room for n keys without growing (a size hint). */
void rk_u64map_reserve(struct rk_u64map *m, size_t n);
/* Pointer to the value of key, or NULL. */
uint64_t *rk_u64map_get(const struct rk_u64map *m, uint64_t key);
/* Pointer to the value of key, inserted as 0 when absent (*isnew = 1). */
uint64_t *rk_u64map_put(struct rk_u64map *m, uint64_t key, int *isnew);

static inline uint64_t
rk_pair(uint32_t a, uint32_t b)
{
	return ((uint64_t)a << 32) | b;
}

#endif
