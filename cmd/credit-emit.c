/*
 * credit-emit - turn approved returns into credit notes for the ERP,
 * priced at the original invoice, never credited twice.
 * See credit-emit(1).
 */
#include <getopt.h>
#include <stdio.h>

#include "rk/credit.h"
#include "rk/opts.h"

static void
usage(FILE *fp)
{
	fputs("usage: credit-emit --policy FILE [--ledger FILE] "
	    "[--retailers FILE]\n"
	    "           [--held FILE] [--replacements FILE] [--approve FILE]\n"
	    "           [--as-of DATE] [--rejects FILE] [--summary]\n"
	    "           [--progress | --no-progress] [-i auto|csv|jsonl|json]\n"
	    "           [-o csv|jsonl|json] [--json] [--delimiter C] "
	    "[--decimal-comma]\n"
	    "           [--crlf] [--lock-timeout SECONDS] [--dry-run] [FILE ...]\n"
	    "       credit-emit --policy FILE --ledger FILE --replay "
	    "[-o csv|jsonl|json] ID ...\n"
	    "       credit-emit -h | -V\n", fp);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ledger", required_argument, NULL, RK_OPT_LEDGER },
		{ "retailers", required_argument, NULL, RK_OPT_RETAILERS },
		{ "held", required_argument, NULL, RK_OPT_HELD },
		{ "replacements", required_argument, NULL, RK_OPT_REPLACEMENTS },
		{ "approve", required_argument, NULL, RK_OPT_APPROVE },
		{ "replay", no_argument, NULL, RK_OPT_REPLAY },
		RK_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};

	return rk_main(argc, argv, "credit-emit", longopts, usage,
	    RK_NEED_POLICY, rk_credit_run);
}
