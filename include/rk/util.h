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
#include <string.h>

#define RK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *rk_xmalloc(size_t n);
void *rk_xcalloc(size_t nmemb, size_t size);
/*
 * Zeroed, aligned to a cache line (64 bytes): a table of slots, probed
 * at random.  From RK_HUGE_TABLE bytes on, aligned to 2 MiB and laid on
 * huge pages where the kernel offers them (util.c says why).
 */
#define RK_HUGE_TABLE ((size_t)4 << 20)
void *rk_xcalloc_lines(size_t nmemb, size_t size);
void *rk_xrealloc(void *p, size_t n);
void *rk_xreallocarray(void *p, size_t nmemb, size_t size);
/*
 * rk_xreallocarray from nold to nmemb elements, the pages of the new
 * ones mapped at once (rk_populate): the array grows to be written.
 */
void *rk_xgrowarray(void *p, size_t nold, size_t nmemb, size_t size);
/*
 * Map the pages of [p, p + n) in one call, for memory about to be
 * written: each page's first touch would cost an exception of its own.
 * Ranges under RK_POPULATE_MIN bytes are left to fault as they are
 * touched.
 */
#define RK_POPULATE_MIN (1u << 20)
void rk_populate(void *p, size_t n);
/*
 * For an array filled in order, its capacity mostly unused for a while
 * (RK_GROW_RAW): the first need bytes of base are about to be written
 * and the first done were seen to (mapped, or left to fault: a range
 * under RK_POPULATE_MIN at the capacity's end); map up to 4 MiB past
 * need, never past cap bytes.  Returns the new done.
 */
size_t rk_populate_ahead(void *base, size_t done, size_t need, size_t cap);
char *rk_xstrdup(const char *s);
char *rk_xstrndup(const char *s, size_t n);

/*
 * The one way an array grows: make (ptr, cap) hold at least need
 * elements.  The capacity doubles, or jumps to need when that is more;
 * the new elements are filled with the byte fill (0, or 0xff to make
 * uint32_t entries RK_NOID).  ptr, need and cap are evaluated more than
 * once.
 */
#define RK_GROW_TO(ptr, need, cap, fill)                                     \
	do {                                                                 \
		if ((size_t)(need) > (size_t)(cap)) {                        \
			size_t rk_old_ = (size_t)(cap);                      \
			size_t rk_new_ = rk_grow_cap(rk_old_, (size_t)(need)); \
			(ptr) = rk_xgrowarray((ptr), rk_old_, rk_new_,       \
			    sizeof(*(ptr)));                                 \
			memset((ptr) + rk_old_, (fill),                      \
			    (rk_new_ - rk_old_) * sizeof(*(ptr)));           \
			(cap) = rk_new_;                                     \
		}                                                            \
	} while (0)

/* Room for one more element after len (new elements zeroed). */
#define RK_GROW(ptr, len, cap) RK_GROW_TO(ptr, (size_t)(len) + 1, cap, 0)

/*
 * Room for one more element after len, the new ones left as they are:
 * for a large table whose every element is written whole as it is
 * added (zeroing it first would touch each page twice).
 */
#define RK_GROW_RAW(ptr, len, cap)                                           \
	do {                                                                 \
		if ((size_t)(len) + 1 > (size_t)(cap)) {                     \
			size_t rk_new_ = rk_grow_cap((size_t)(cap),          \
			    (size_t)(len) + 1);                              \
			(ptr) = rk_xreallocarray((ptr), rk_new_, sizeof(*(ptr))); \
			(cap) = rk_new_;                                     \
		}                                                            \
	} while (0)

/* The capacity RK_GROW_TO moves to: doubled, at least need, at least 16. */
size_t rk_grow_cap(size_t cap, size_t need);

/* Write v in decimal (no NUL); returns the number of digits (<= 20). */
size_t rk_utoa(uint64_t v, char *out);

/* Byte-string equality for (pointer, length) pairs. */
int rk_memeq(const char *a, size_t an, const char *b, size_t bn);
/* Byte-string equality against a C string. */
int rk_streq(const char *a, size_t an, const char *s);
/* Bytewise comparison, shorter prefix first (like strcmp on memory). */
int rk_memcmp2(const char *a, size_t an, const char *b, size_t bn);

/* Levenshtein distance (insertions, deletions, substitutions) between two
 * byte strings; b is cut at 64 bytes. */
size_t rk_edit_distance(const char *a, size_t an, const char *b, size_t bn);

#endif
