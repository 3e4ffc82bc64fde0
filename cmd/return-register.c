/*
 * return-register - check retailers' return requests against what they
 * bought, allocate them to invoice lines and give them RMA numbers.
 * See return-register(1).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/opts.h"
#include "rk/register.h"

static void
usage(FILE *fp)
{
	fputs("usage: return-register --orders FILE [--registry FILE] "
	    "[--journal FILE]\n"
	    "           [--policy FILE] [--as-of DATE] [--rejects FILE] "
	    "[--summary]\n"
	    "           [--[no-]progress] [-i auto|csv|jsonl|json] "
	    "[-o csv|jsonl|json] [--json]\n"
	    "           [--delimiter C] [--decimal-comma] [--crlf] "
	    "[--lock-timeout SECONDS]\n"
	    "           [FILE ...]\n", fp);
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
	struct rk_opts o;
	struct rk_err err;
	int c, status;

	rk_progname = "return-register";
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
		case 'h':
			usage(stdout);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case RK_OPT_VERSION:
			printf("return-register (returnkit) %s\n", RK_VERSION);
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
	status = rk_register_run(&o);
	if (fclose(stdout) != 0 && status < RK_EX_USAGE) {
		rk_warnx("write error on standard output");
		status = RK_EX_IOERR;
	}
	return status;
}
