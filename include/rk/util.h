/*
 * util.h - allocation that cannot fail silently, and small helpers.
 *
 * The rk_x* allocators never return NULL: on exhaustion they print
 * "PROG: out of memory" and exit with status 70.  Everything else in
 * lib/ reports errors to its caller; memory exhaustion is the one
 * condition no caller could do anything useful about.
 */
#ifndef RK_UTIL_H
#define RK_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define RK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *rk_xmalloc(size_t n);
void *rk_xcalloc(size_t nmemb, size_t size);
void *rk_xrealloc(void *p, size_t n);
void *rk_xreallocarray(void *p, size_t nmemb, size_t size);
char *rk_xstrdup(const char *s);
char *rk_xstrndup(const char *s, size_t n);

/* Make room for one more element in a growable array (ptr, len, cap). */
#define RK_GROW(ptr, len, cap)                                               \
	do {                                                                 \
		if ((len) >= (cap)) {                                        \
			(cap) = (cap) ? 2 * (cap) : 16;                      \
			(ptr) = rk_xreallocarray((ptr), (cap), sizeof(*(ptr))); \
		}                                                            \
	} while (0)

/*
 * Zeroed memory for a large table that is probed at random: from 2 MiB up
 * it is asked for in transparent huge pages, which saves the TLB misses
 * that otherwise dominate a random probe.  Free with rk_table_free(p, n).
 */
void *rk_table_alloc(size_t n);
void rk_table_free(void *p, size_t n);

/* Write v in decimal (no NUL); returns the number of digits (<= 20). */
size_t rk_utoa(uint64_t v, char *out);

/* Byte-string equality for (pointer, length) pairs. */
int rk_memeq(const char *a, size_t an, const char *b, size_t bn);
/* Byte-string equality against a C string. */
int rk_streq(const char *a, size_t an, const char *s);
/* Bytewise comparison, shorter prefix first (like strcmp on memory). */
int rk_memcmp2(const char *a, size_t an, const char *b, size_t bn);

#endif
