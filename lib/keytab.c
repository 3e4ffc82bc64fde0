/*
 * keytab.c - short keys in their slots (rk/keytab.h).  A slot's first
 * 28 bytes are the key's length and its bytes, zero-padded: a lookup
 * lays the key it is given out the same way and compares the two images
 * whole, in one cache line.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/keytab.h"
#include "rk/util.h"

#define IMAGE (1 + RK_KEYTAB_INLINE)

_Static_assert(sizeof(struct rk_keyslot) == 32, "two slots a cache line");

void
rk_keytab_init(struct rk_keytab *t)
{
	memset(t, 0, sizeof(*t));
	rk_intern_init(&t->longer);
}

void
rk_keytab_release(struct rk_keytab *t)
{
	free(t->slot);
	rk_intern_release(&t->longer);
	free(t->longer_val);
	memset(t, 0, sizeof(*t));
}

/* The image of a short key (n <= RK_KEYTAB_INLINE), and its hash. */
static uint64_t
image(const char *p, size_t n, unsigned char img[32])
{
	memset(img, 0, 32);
	img[0] = (unsigned char)n;
	memcpy(img + 1, p, n);
	return rk_hash(img, 32);
}

/* The slot of img: its own, or the empty one where it would go. */
static size_t
probe(const struct rk_keytab *t, const unsigned char img[32], uint64_t h)
{
	size_t i;

	for (i = h & t->mask; t->slot[i].len != 0; i = (i + 1) & t->mask)
		if (memcmp(&t->slot[i], img, IMAGE) == 0)
			break;
	return i;
}

/* Rehash into n slots (a power of two, more than count). */
static void
rehash(struct rk_keytab *t, size_t n)
{
	size_t oldn = t->slot ? t->mask + 1 : 0;
	struct rk_keyslot *old = t->slot;
	unsigned char img[32];

	t->slot = rk_xcalloc_lines(n, sizeof(*t->slot));
	t->mask = n - 1;
	for (size_t j = 0; j < oldn; j++) {
		if (old[j].len == 0)
			continue;
		t->slot[probe(t, (const unsigned char *)&old[j],
		    image(old[j].text, old[j].len, img))] = old[j];
	}
	free(old);
}

static void
grow(struct rk_keytab *t)
{
	rehash(t, t->slot ? 2 * (t->mask + 1) : 64);
}

uint32_t
rk_keytab_add(struct rk_keytab *t, const char *p, size_t n, uint32_t val)
{
	unsigned char img[32];
	size_t i;

	if (n == 0 || n > RK_KEYTAB_INLINE) {
		size_t had = t->longer.count;
		uint32_t id = rk_intern_add(&t->longer, p, n);

		RK_GROW_TO(t->longer_val, (size_t)id + 1, t->longer_cap, 0);
		if (t->longer.count > had)
			t->longer_val[id] = val;
		return t->longer_val[id];
	}
	if (t->slot == NULL || (t->count + 1) * 4 > (t->mask + 1) * 3)
		grow(t);
	i = probe(t, img, image(p, n, img));
	if (t->slot[i].len == 0) {
		memcpy(&t->slot[i], img, IMAGE);
		t->slot[i].val = val;
		t->count++;
	}
	return t->slot[i].val;
}

uint32_t
rk_keytab_get(const struct rk_keytab *t, const char *p, size_t n)
{
	unsigned char img[32];
	size_t i;

	if (n == 0 || n > RK_KEYTAB_INLINE) {
		uint32_t id = rk_intern_find(&t->longer, p, n);

		return id == RK_NOID ? RK_NOID : t->longer_val[id];
	}
	if (t->slot == NULL)
		return RK_NOID;
	i = probe(t, img, image(p, n, img));
	return t->slot[i].len ? t->slot[i].val : RK_NOID;
}

void
rk_keytab_prefetch(const struct rk_keytab *t, const char *p, size_t n)
{
	unsigned char img[32];

	if (n == 0 || n > RK_KEYTAB_INLINE || t->slot == NULL)
		return;
	__builtin_prefetch(&t->slot[image(p, n, img) & t->mask]);
}
