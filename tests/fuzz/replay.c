/*
 * replay.c - a main for a fuzz target without libFuzzer: run the target
 * once on each file named, or on every file of each directory named, or,
 * with no operand, of the target's corpus tests/fuzz/corpus/NAME (from
 * the top of the source tree).  It prints one TAP line, "ok 1 - fuzz
 * NAME: N inputs", so that tests/run.sh runs it with the unit tests.  A
 * crash names the input it was running on standard error.
 *
 * Built with -DFZ_TARGET=\"NAME\" (the Makefile's replays rule).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FZ_ASAN 1
#endif
#ifdef FZ_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

static const char *current;   /* the input being run */
static unsigned long ninputs;

static void
name_current(void)
{
	if (current)
		dprintf(STDERR_FILENO, "not ok 1 - fuzz %s: crashed on '%s'\n",
		    FZ_TARGET, current);
}

static void
on_crash(int sig)
{
	name_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_file(const char *path)
{
	size_t n;
	char *buf = fz_slurp(path, &n);

	if (buf == NULL)
		fz_fail("no file '%s'", path);
	current = path;
	LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
	current = NULL;
	free(buf);
	ninputs++;
}

/* Every regular file of dir, in name order. */
static void
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL)
		fz_fail("cannot open '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				fz_fail("out of memory");
		}
		if ((names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL)
			fz_fail("out of memory");
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
}

static void
run_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		fz_fail("cannot find '%s': %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		run_dir(path);
	else
		run_file(path);
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_crash);
#ifdef FZ_ASAN
	__sanitizer_set_death_callback(name_current);
#endif
	if (argc > 1)
		for (int i = 1; i < argc; i++)
			run_path(argv[i]);
	else
		run_path("tests/fuzz/corpus/" FZ_TARGET);
	printf("ok 1 - fuzz %s: %lu inputs\n1..1\n", FZ_TARGET, ninputs);
	return 0;
}
