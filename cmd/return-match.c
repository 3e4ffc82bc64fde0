/*
 * return-match - tie every received item to its registered return line
 * and its original order line, mixed and unannounced boxes included.
 * See return-match(1).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/match.h"
#include "rk/opts.h"

static void
usage(FILE *fp)
{
	fputs("usage: return-match --orders FILE [--registry FILE] "
	    "[--journal FILE]\n"
	    "           [--retailers FILE] [--expected FILE] [--policy FILE] "
	    "[--as-of DATE]\n"
	    "           [--rejects FILE] [--summary] [--[no-]progress] "
	    "[-i auto|csv|jsonl|json]\n"
	    "           [-o csv|jsonl|json] [--json] [--delimiter C] "
	    "[--decimal-comma] [--crlf]\n"
	    "           [--lock-timeout SECONDS] [FILE ...]\n", fp);
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
	struct rk_opts o;
	struct rk_err err;
	int c, status;

	rk_progname = "return-match";
	signal(SIGPIPE, SIG_IGN);
	rk_opts_init(&o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hi:o:", longopts, NULL)) != -1) {
		switch (c) {
		case RK_OPT_ORDERS:
			o.orders = optarg;
			break;
		case RK_OPT_REGISTRY:
			o.registry = optarg;
			break;
		case RK_OPT_JOURNAL:
			o.journal = optarg;
			break;
		case RK_OPT_RETAILERS:
			o.retailers = optarg;
			break;
		case RK_OPT_EXPECTED:
			o.expected = optarg;
			break;
		case 'h':
			usage(stdout);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case RK_OPT_VERSION:
			printf("return-match (returnkit) %s\n", RK_VERSION);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case '?':
		case ':':
			rk_opts_refused(c, argv);
			usage(stderr);
			return RK_EX_USAGE;
		default:
			if (rk_opts_common(&o, c, optarg, &err) < 0) {
				rk_report(&err);
				return RK_EX_USAGE;
			}
		}
	}
	if (o.orders == NULL) {
		rk_warnx("--orders FILE is required");
		usage(stderr);
		return RK_EX_USAGE;
	}
	o.operands = argv + optind;
	o.noperands = argc - optind;
	status = rk_match_run(&o);
	if (fclose(stdout) != 0 && status < RK_EX_USAGE) {
		rk_warnx("write error on standard output");
		status = RK_EX_IOERR;
	}
	return status;
}
