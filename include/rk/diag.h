/*
 * diag.h - diagnostics and exit statuses.
 *
 * Library functions never exit and never print; they fill a struct rk_err
 * (an exit status and a message that already names FILE:LINE:COL where one
 * is known) and return -1.  Only cmd/ and the run_* entry points decide to
 * print it.  Every message printed goes through rk_warnx(), so all output
 * on stderr has the form "PROG: message".
 */
#ifndef RK_DIAG_H
#define RK_DIAG_H

#include <stddef.h>

/* Exit statuses of returns-formats(5), EXIT STATUSES (sysexits values). */
enum {
	RK_EX_OK = 0,
	RK_EX_REJECTS = 1,   /* done, some rows rejected */
	RK_EX_USAGE = 64,    /* unknown option, missing required option */
	RK_EX_DATAERR = 65,  /* an input is not parseable as a whole */
	RK_EX_NOINPUT = 66,  /* an input file cannot be opened */
	RK_EX_SOFTWARE = 70, /* out of memory, internal error */
	RK_EX_CANTCREAT = 73,/* an output file cannot be created */
	RK_EX_IOERR = 74,    /* read or write error, broken pipe */
	RK_EX_TEMPFAIL = 75, /* a state file is locked by another run */
	RK_EX_CONFIG = 78    /* the policy or a state file is wrong */
};

struct rk_err {
	int status;
	char msg[1024];
};

/* The program name used as the prefix of every message. */
extern const char *rk_progname;

/* Fill e (if not NULL) with status and a formatted message; return -1. */
int rk_errf(struct rk_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Print "PROG: message\n" on stderr, after erasing a line drawn there
 * without its newline (see rk_diag_set_erase()).
 */
void rk_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A line drawn on stderr and left without its newline (the progress line
 * of rk/progress.h) would run together with the next message.  Its owner
 * registers erase while the line is shown and NULL once it is gone;
 * rk_warnx() calls erase(ctx) before printing, and erase is then
 * forgotten (the owner registers it again when it redraws).  Diag knows
 * nothing of progress, and progress keeps its own state: the only thing
 * shared is this one registration.
 */
void rk_diag_set_erase(void (*erase)(void *ctx), void *ctx);

/* Print an error filled by a library function. */
void rk_report(const struct rk_err *e);

/*
 * Render untrusted bytes for a message: at most 40 characters, quoted,
 * control characters and invalid UTF-8 as \xNN, so a message never
 * carries a newline or a terminal escape from the input.
 */
const char *rk_show(char *out, size_t cap, const char *p, size_t n);

/* Count UTF-8 characters (lead bytes) in p[0..n). */
size_t rk_utf8_chars(const char *p, size_t n);

/*
 * The length of the control character p[0..n) starts with (n >= 1): 1
 * for C0 and DEL, 2 for a C1 control in UTF-8 (U+0080..U+009F, C2 80..C2
 * 9F), else 0.  Ids may hold none; rk_show() escapes them.
 */
static inline size_t
rk_control_len(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;

	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	return n >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f ? 2 : 0;
}

#endif
