/*
 * rowstore.c - kept rows packed into one byte arena (the layout is in
 * rowstore.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rk/reader.h"
#include "rk/rowstore.h"
#include "rk/util.h"

void
rk_rowstore_init(struct rk_rowstore *store)
{
	memset(store, 0, sizeof(*store));
}

void
rk_rowstore_release(struct rk_rowstore *store)
{
	free(store->buf);
	memset(store, 0, sizeof(*store));
}

/* Room for n more bytes; the arena is not zero-filled (it may be large). */
static void
reserve(struct rk_rowstore *store, size_t n)
{
	if (store->len + n > store->cap) {
		while (store->len + n > store->cap)
			store->cap = store->cap ? 2 * store->cap : 1u << 16;
		store->buf = rk_xrealloc(store->buf, store->cap);
	}
	store->mapped = rk_populate_ahead(store->buf, store->mapped,
	    store->len + n, store->cap);
}

static void
put_varint(struct rk_rowstore *store, uint64_t v)
{
	do {
		unsigned char b = v & 0x7f;

		v >>= 7;
		store->buf[store->len++] = (char)(b | (v ? 0x80 : 0));
	} while (v);
}

static uint64_t
get_varint(const char *p, size_t *i)
{
	uint64_t v = 0;
	int shift = 0;
	unsigned char b;

	do {
		b = (unsigned char)p[(*i)++];
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	return v;
}

uint64_t
rk_rowstore_add(struct rk_rowstore *store, const struct rk_val *cells, size_t n)
{
	size_t need = 10;
	uint64_t off = store->len;

	for (size_t i = 0; i < n; i++)
		need += 11 + cells[i].n;
	reserve(store, need);
	put_varint(store, n);
	for (size_t i = 0; i < n; i++) {
		store->buf[store->len++] = (char)cells[i].t;
		put_varint(store, cells[i].n);
		if (cells[i].n)
			memcpy(store->buf + store->len, cells[i].p, cells[i].n);
		store->len += cells[i].n;
	}
	return off;
}

size_t
rk_rowstore_get(const struct rk_rowstore *store, uint64_t off,
    struct rk_val *cells, size_t max)
{
	size_t i = (size_t)off, n = (size_t)get_varint(store->buf, &i);

	for (size_t k = 0; k < n; k++) {
		int t = (unsigned char)store->buf[i++];
		size_t len = (size_t)get_varint(store->buf, &i);

		if (k < max) {
			cells[k].t = t;
			cells[k].n = len;
			cells[k].p = store->buf + i;
		}
		i += len;
	}
	for (size_t k = n; k < max; k++) {
		cells[k].t = RK_V_ABSENT;
		cells[k].n = 0;
		cells[k].p = "";
	}
	return n;
}
