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
	    "           [--out-dir DIR] [--as-of DATE] [--rejects FILE] "
	    "[--summary]\n"
	    "           [--progress | --no-progress] [-i auto|csv|jsonl|json]\n"
	    "           [-o csv|jsonl|json|ubl] [--json] [--delimiter C]\n"
	    "           [--decimal-comma] [--crlf] [--lock-timeout SECONDS] "
	    "[--dry-run]\n"
	    "           [FILE ...]\n"
	    "       credit-emit --policy FILE --ledger FILE --replay "
	    "[--retailers FILE]\n"
	    "           [--out-dir DIR] [-o csv|jsonl|json|ubl] ID ...\n"
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
		{ "out-dir", required_argument, NULL, RK_OPT_OUT_DIR },
		RK_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};

	return rk_main(argc, argv, "credit-emit", longopts, usage,
	    RK_NEED_POLICY | RK_TAKES_DOCUMENTS, rk_credit_run);
}
