/*
 * tap.h - a minimal TAP producer for the unit tests of lib/.
 * Each check prints "ok N - name" or "not ok N - name"; done() prints the
 * plan and returns the exit status.
 */
#ifndef RK_TAP_H
#define RK_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...)                                                        \
	do {                                                                 \
		tap_n++;                                                     \
		if (!(cond)) {                                               \
			tap_failed++;                                        \
			printf("not ok %d - ", tap_n);                       \
		} else {                                                     \
			printf("ok %d - ", tap_n);                           \
		}                                                            \
		printf(__VA_ARGS__);                                         \
		printf("\n");                                                \
	} while (0)

/* String equality with a diagnostic on failure. */
#define is_str(got, want, ...)                                               \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		int eq_ = g_ && w_ && strcmp(g_, w_) == 0;                    \
		ok(eq_, __VA_ARGS__);                                        \
		if (!eq_)                                                    \
			printf("#   got:  '%s'\n#   want: '%s'\n",             \
			    g_ ? g_ : "(null)", w_ ? w_ : "(null)");          \
	} while (0)

#define is_int(got, want, ...)                                               \
	do {                                                                 \
		long long g_ = (long long)(got), w_ = (long long)(want);     \
		ok(g_ == w_, __VA_ARGS__);                                   \
		if (g_ != w_)                                                \
			printf("#   got:  %lld\n#   want: %lld\n", g_, w_);    \
	} while (0)

static int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* The size of the buffers that hold a name made by tap_tmpname. */
#define TAP_PATH 256

/*
 * Write "DIR/NAME.XXXXXX" to out (cap bytes), a template for mkstemp or
 * mkdtemp in the temporary directory: DIR is $TMPDIR, or /tmp when it is
 * unset or empty, so that tests/run.sh can check what a test leaves behind.
 * Exits with status 2 when the name would take more than cap / 2 bytes
 * (the rest is room for the names and messages built from it).
 */
static inline void
tap_tmpname(char *out, size_t cap, const char *name)
{
	const char *dir = getenv("TMPDIR");
	int n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(out, cap, "%s/%s.XXXXXX", dir, name);
	if (n < 0 || (size_t)n >= cap / 2) {
		fprintf(stderr, "TMPDIR is too long: %s\n", dir);
		exit(2);
	}
}

#endif
