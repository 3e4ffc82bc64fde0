/*
 * help.h - what a tool says about its options: the lines of --help, and
 * the nearest valid option when one was mistyped.
 *
 * The tools' options are listed once, in each cmd/ main's getopt_long
 * table, in the order of OPTIONS in the tool's man page; the one-line
 * descriptions of every option returnkit has are in a table here, keyed
 * by long name.  --help prints the tool's usage() (its SYNOPSIS), an
 * empty line, then walks the tool's table, a line for each option:
 *
 *	      --orders FILE           the ERP's invoiced sales lines ...
 *	  -i, --input-format FMT      the operands' format: ...
 *
 * and ends with "See return-register(1)."  An option with no description
 * here is printed with an empty one; tests/man.bats catches that.
 *
 * Suggestions follow the rule getopt_long(3) applies: a long option may be
 * shortened to any unique prefix, so a mistyped word is compared with
 * each whole long name and with the prefix of the same length.
 */
#ifndef RK_HELP_H
#define RK_HELP_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

struct rk_help {
	int shortopt;       /* the one-letter form, or 0 */
	const char *name;   /* the long name, without "--" */
	const char *arg;    /* the value's placeholder, or NULL */
	const char *desc;   /* one short line */
};

/* The description of the long option name, or NULL. */
const struct rk_help *rk_help_find(const char *name);

/*
 * Print an empty line, the option lines of longopts (up to its all-zero
 * entry) in its order, then "See PROG(1)." with PROG from rk_progname.
 */
void rk_help_options(FILE *fp, const struct option *longopts);

/*
 * The long option of longopts nearest to word[0..n) (what followed "--",
 * without "=VALUE"): the one with the smallest edit distance
 * (rk_edit_distance() in rk/util.h: insertions, deletions and
 * substitutions) to its whole name or, when n is 4 or more, to its prefix
 * of n bytes, when that distance is at most 2 and at most n/3 rounded up,
 * and no other option is as near.  NULL when none is near enough or two
 * are equally near.
 */
const char *rk_help_nearest(const struct option *longopts, const char *word,
    size_t n);

/*
 * The short option of longopts that differs from c only in case ('V' for
 * a mistyped 'v'), or 0.
 */
int rk_help_other_case(const struct option *longopts, int c);

/*
 * How many long options of longopts begin with word[0..n); they are
 * written into out as "'--a', '--b' or '--c'", as many whole names as fit
 * in cap bytes.
 */
size_t rk_help_prefixed(const struct option *longopts, const char *word,
    size_t n, char *out, size_t cap);

#endif
