/*
 * help.h - what a tool says about its options: the lines of --help.
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
 */
#ifndef RK_HELP_H
#define RK_HELP_H

#include <getopt.h>
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

#endif
