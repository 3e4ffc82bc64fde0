/*
 * return-match - tie every received item to its registered return line
 * and its original order line, mixed and unannounced boxes included.
 * See return-match(1).
 */
#include <getopt.h>
#include <stdio.h>

#include "rk/match.h"
#include "rk/opts.h"

static void
usage(FILE *fp)
{
	fputs("usage: return-match --orders FILE [--registry FILE] "
	    "[--journal FILE]\n"
	    "           [--retailers FILE] [--expected FILE] [--policy FILE]\n"
	    "           [--as-of DATE] [--rejects FILE] [--summary]\n"
	    "           [--progress | --no-progress] [-i auto|csv|jsonl|json]\n"
	    "           [-o csv|jsonl|json] [--json] [--delimiter C] "
	    "[--decimal-comma]\n"
	    "           [--crlf] [--lock-timeout SECONDS] [--dry-run] [FILE ...]\n"
	    "       return-match -h | -V\n", fp);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "orders", required_argument, NULL, RK_OPT_ORDERS },
		{ "registry", required_argument, NULL, RK_OPT_REGISTRY },
		{ "journal", required_argument, NULL, RK_OPT_JOURNAL },
		{ "retailers", required_argument, NULL, RK_OPT_RETAILERS },
		{ "expected", required_argument, NULL, RK_OPT_EXPECTED },
		RK_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};

	return rk_main(argc, argv, "return-match", longopts, usage,
	    RK_NEED_ORDERS, rk_match_run);
}
