/*
 * opts.h - the options every tool shares (the OPTIONS of return-register(1)
 * and return-match(1)) and their parsing.
 *
 * Each cmd/ main has its own getopt_long table; it passes every option it
 * does not know itself to rk_opts_common().  Values are checked completely
 * here (a bad --as-of or --delimiter is a usage error, 64).
 */
#ifndef RK_OPTS_H
#define RK_OPTS_H

#include <getopt.h>
#include <stdio.h>
#include <stdint.h>

#include "rk/diag.h"
#include "rk/reader.h"
#include "rk/writer.h"

enum {
	RK_OPT_POLICY = 1000, RK_OPT_AS_OF, RK_OPT_REJECTS, RK_OPT_SUMMARY,
	RK_OPT_PROGRESS, RK_OPT_NO_PROGRESS, RK_OPT_JSON, RK_OPT_DELIMITER,
	RK_OPT_DECIMAL_COMMA, RK_OPT_CRLF, RK_OPT_VERSION, RK_OPT_LOCK_TIMEOUT,
	RK_OPT_ORDERS, RK_OPT_REGISTRY, RK_OPT_JOURNAL, RK_OPT_RETAILERS,
	RK_OPT_EXPECTED, RK_OPT_DRY_RUN, RK_OPT_LEDGER, RK_OPT_HELD,
	RK_OPT_REPLACEMENTS, RK_OPT_APPROVE, RK_OPT_REPLAY, RK_OPT_OUT_DIR
};

/* The getopt_long entries of the common options, to splice into a table. */
#define RK_COMMON_LONGOPTS                                                   \
	{ "policy", required_argument, NULL, RK_OPT_POLICY },                 \
	{ "as-of", required_argument, NULL, RK_OPT_AS_OF },                   \
	{ "rejects", required_argument, NULL, RK_OPT_REJECTS },               \
	{ "summary", no_argument, NULL, RK_OPT_SUMMARY },                     \
	{ "progress", no_argument, NULL, RK_OPT_PROGRESS },                   \
	{ "no-progress", no_argument, NULL, RK_OPT_NO_PROGRESS },             \
	{ "input-format", required_argument, NULL, 'i' },                     \
	{ "output-format", required_argument, NULL, 'o' },                    \
	{ "json", no_argument, NULL, RK_OPT_JSON },                           \
	{ "delimiter", required_argument, NULL, RK_OPT_DELIMITER },           \
	{ "decimal-comma", no_argument, NULL, RK_OPT_DECIMAL_COMMA },         \
	{ "crlf", no_argument, NULL, RK_OPT_CRLF },                           \
	{ "lock-timeout", required_argument, NULL, RK_OPT_LOCK_TIMEOUT },     \
	{ "dry-run", no_argument, NULL, RK_OPT_DRY_RUN },                     \
	{ "help", no_argument, NULL, 'h' },                                   \
	{ "version", no_argument, NULL, RK_OPT_VERSION }

struct rk_opts {
	const char *policy;
	const char *rejects;
	const char *orders;
	const char *registry;
	const char *journal;
	const char *retailers;
	const char *expected;
	const char *ledger;
	const char *held;
	const char *replacements;
	const char *approve;
	const char *out_dir;
	int32_t as_of;
	int summary;
	int dry_run;           /* everything but the state commit */
	int replay;            /* credit-emit: operands are note ids */
	int progress;          /* -1: automatic */
	enum rk_fmt in_fmt;
	enum rk_ofmt out_fmt;
	unsigned out_formats;  /* the -o formats the tool takes (rk/writer.h) */
	char delim;            /* --delimiter; 0: each CSV input detects its own */
	int decimal_comma;
	int crlf;
	long lock_timeout;
	char **operands;       /* NULL-terminated; none means stdin */
	int noperands;
};

void rk_opts_init(struct rk_opts *o);
/*
 * Handle one option (the common ones and the tools' file options, which
 * all land in struct rk_opts): 1 handled, 0 not known here, -1 bad value
 * (err is RK_EX_USAGE).  'h' and RK_OPT_VERSION are left to the caller.
 */
int rk_opts_common(struct rk_opts *o, int opt, const char *arg,
    struct rk_err *err);

/*
 * Parse a tool's command line with its getopt_long table, which lists only
 * the options the tool takes, in the order of OPTIONS in its man page.
 * -h/--help prints the usage, a line per option and "See PROG(1)." on
 * stdout (rk_help_options() in rk/help.h), -V/--version the version; a
 * refused option or a bad value prints a message and the usage on stderr.
 * Returns -1 to go on (operands set), else the exit status to return at
 * once.
 */
int rk_opts_parse(struct rk_opts *o, int argc, char **argv,
    const struct option *longopts, void (*usage)(FILE *));

/*
 * The whole of a tool's main(): name it, ignore SIGPIPE (a closed pipe is
 * a write error, 74), parse the options, check the required ones, call
 * run, and close standard output checked.  flags: the RK_NEED_* options
 * the tool requires; RK_TAKES_DOCUMENTS when its -o also takes the
 * document formats (ubl), not only the record formats.
 */
enum { RK_NEED_ORDERS = 1, RK_NEED_POLICY = 2, RK_TAKES_DOCUMENTS = 4 };
int rk_main(int argc, char **argv, const char *name,
    const struct option *longopts, void (*usage)(FILE *), int flags,
    int (*run)(const struct rk_opts *));

/*
 * Refuse one file named for two options (see rk/samefile.h): the reports
 * and standard output against every input and state file, before any
 * file is opened.  0, or -1 with RK_EX_USAGE naming both.
 */
int rk_opts_check_files(const struct rk_opts *o, struct rk_err *err);

/*
 * Say what is wrong with the option getopt_long() just refused (it
 * returned '?' or ':', with opterr = 0 and an optstring starting with ':'),
 * in the form "PROG: message": an unknown option names the nearest one of
 * longopts when one is near (rk_help_nearest() in rk/help.h), an
 * ambiguous prefix the options it could be, a missing value the option
 * in full.
 */
void rk_opts_refused(int c, char **argv, const struct option *longopts);

/*
 * Reader, writer and decimal-separator settings implied by the options.
 * -i applies to the primary input only: auxiliary inputs (--orders,
 * --retailers, --approve) always detect their own format.  Every CSV
 * input detects its own delimiter unless --delimiter was given; output
 * CSV uses ',' or the --delimiter.  rk_opts_dp() is what rk_bind() takes:
 * ',' under --decimal-comma, else '.'.
 */
struct rk_reader_opts rk_opts_reader(const struct rk_opts *o);
struct rk_reader_opts rk_opts_aux_reader(const struct rk_opts *o);
struct rk_writer_opts rk_opts_writer(const struct rk_opts *o);
char rk_opts_dp(const struct rk_opts *o);

#endif
