/*
 * return-register - check retailers' return requests against what they
 * bought, allocate them to invoice lines and give them RMA numbers.
 * See return-register(1).
 */
#include <getopt.h>
#include <stdio.h>

#include "rk/opts.h"
#include "rk/register.h"

static void
usage(FILE *fp)
{
	fputs("usage: return-register --orders FILE [--registry FILE] "
	    "[--journal FILE]\n"
	    "           [--policy FILE] [--as-of DATE] [--rejects FILE] "
	    "[--summary]\n"
	    "           [--progress | --no-progress] [-i auto|csv|jsonl|json]\n"
	    "           [-o csv|jsonl|json] [--json] [--delimiter C] "
	    "[--decimal-comma]\n"
	    "           [--crlf] [--lock-timeout SECONDS] [--dry-run] [FILE ...]\n"
	    "       return-register -h | -V\n", fp);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "orders", required_argument, NULL, RK_OPT_ORDERS },
		{ "registry", required_argument, NULL, RK_OPT_REGISTRY },
		{ "journal", required_argument, NULL, RK_OPT_JOURNAL },
		RK_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};

	return rk_main(argc, argv, "return-register", longopts, usage,
	    RK_NEED_ORDERS, rk_register_run);
}
