/*
 * value.h - one value as records carry it in and out: bytes that are not
 * owned, their length, and the JSON type they were read with.  Readers
 * hand rows of them out, writers take rows of them in, and everything in
 * between passes them on without copying.
 */
#ifndef RK_VALUE_H
#define RK_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rk/util.h"

enum rk_vtype {
	RK_V_ABSENT = 0, /* column missing from this row */
	RK_V_NULL,       /* JSON null */
	RK_V_STR,        /* text (every CSV value) */
	RK_V_NUM,        /* JSON number: p is its literal text */
	RK_V_BOOL,       /* JSON true/false: literal text */
	RK_V_OBJ,        /* JSON object: compact JSON text */
	RK_V_ARR         /* JSON array: compact JSON text */
};

struct rk_val {
	const char *p;
	size_t n;
	int t; /* enum rk_vtype */
};

/* Set v to text (the bytes are not copied). */
static inline void
rk_val_set(struct rk_val *v, const char *p, size_t n)
{
	v->p = p;
	v->n = n;
	v->t = RK_V_STR;
}

static inline void
rk_val_str(struct rk_val *v, const char *s)
{
	rk_val_set(v, s, strlen(s));
}

/* A whole number, written into buf (at least 21 bytes). */
static inline void
rk_val_uint(struct rk_val *v, char *buf, uint64_t n)
{
	rk_val_set(v, buf, rk_utoa(n, buf));
}

#endif
