#include <stdlib.h>
#include <string.h>

#include "rk/reader.h"
#include "rk/rowstore.h"
#include "rk/util.h"

void
rk_rowstore_init(struct rk_rowstore *s)
{
	memset(s, 0, sizeof(*s));
}

void
rk_rowstore_release(struct rk_rowstore *s)
{
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static void
reserve(struct rk_rowstore *s, size_t n)
{
	if (s->len + n > s->cap) {
		while (s->len + n > s->cap)
			s->cap = s->cap ? 2 * s->cap : 1u << 16;
		s->buf = rk_xrealloc(s->buf, s->cap);
	}
}

static void
put_varint(struct rk_rowstore *s, uint64_t v)
{
	do {
		unsigned char b = v & 0x7f;

		v >>= 7;
		s->buf[s->len++] = (char)(b | (v ? 0x80 : 0));
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
rk_rowstore_add(struct rk_rowstore *s, const struct rk_val *cells, size_t n)
{
	size_t need = 10;
	uint64_t off = s->len;

	for (size_t i = 0; i < n; i++)
		need += 11 + cells[i].n;
	reserve(s, need);
	put_varint(s, n);
	for (size_t i = 0; i < n; i++) {
		s->buf[s->len++] = (char)cells[i].t;
		put_varint(s, cells[i].n);
		if (cells[i].n)
			memcpy(s->buf + s->len, cells[i].p, cells[i].n);
		s->len += cells[i].n;
	}
	return off;
}

size_t
rk_rowstore_get(const struct rk_rowstore *s, uint64_t off,
    struct rk_val *cells, size_t max)
{
	size_t i = (size_t)off, n = (size_t)get_varint(s->buf, &i);

	for (size_t k = 0; k < n; k++) {
		int t = (unsigned char)s->buf[i++];
		size_t len = (size_t)get_varint(s->buf, &i);

		if (k < max) {
			cells[k].t = t;
			cells[k].n = len;
			cells[k].p = s->buf + i;
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
