#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "rk/date.h"
#include "rk/diag.h"
#include "rk/opts.h"

void
rk_opts_init(struct rk_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = rk_date_today();
	o->progress = -1;
	o->in_fmt = RK_FMT_AUTO;
	o->out_fmt = RK_OUT_CSV;
	o->lock_timeout = 30;
}

int
rk_opts_common(struct rk_opts *o, int opt, const char *arg, struct rk_err *err)
{
	char *end;
	long v;

	switch (opt) {
	case RK_OPT_ORDERS:
		o->orders = arg;
		return 1;
	case RK_OPT_REGISTRY:
		o->registry = arg;
		return 1;
	case RK_OPT_JOURNAL:
		o->journal = arg;
		return 1;
	case RK_OPT_RETAILERS:
		o->retailers = arg;
		return 1;
	case RK_OPT_EXPECTED:
		o->expected = arg;
		return 1;
	case RK_OPT_POLICY:
		o->policy = arg;
		return 1;
	case RK_OPT_AS_OF:
		if (rk_date_parse(arg, strlen(arg), &o->as_of))
			return rk_errf(err, RK_EX_USAGE, "--as-of: '%s' is not a date "
			    "YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ssZ", arg);
		return 1;
	case RK_OPT_REJECTS:
		o->rejects = arg;
		return 1;
	case RK_OPT_SUMMARY:
		o->summary = 1;
		return 1;
	case RK_OPT_DRY_RUN:
		o->dry_run = 1;
		return 1;
	case RK_OPT_PROGRESS:
		o->progress = 1;
		return 1;
	case RK_OPT_NO_PROGRESS:
		o->progress = 0;
		return 1;
	case 'i':
		if (strcmp(arg, "auto") == 0)
			o->in_fmt = RK_FMT_AUTO;
		else if (strcmp(arg, "csv") == 0)
			o->in_fmt = RK_FMT_CSV;
		else if (strcmp(arg, "jsonl") == 0)
			o->in_fmt = RK_FMT_JSONL;
		else if (strcmp(arg, "json") == 0)
			o->in_fmt = RK_FMT_JSON;
		else
			return rk_errf(err, RK_EX_USAGE, "-i: '%s' is not one of auto, "
			    "csv, jsonl, json", arg);
		return 1;
	case 'o':
		if (strcmp(arg, "csv") == 0)
			o->out_fmt = RK_OUT_CSV;
		else if (strcmp(arg, "jsonl") == 0)
			o->out_fmt = RK_OUT_JSONL;
		else if (strcmp(arg, "json") == 0)
			o->out_fmt = RK_OUT_JSON;
		else
			return rk_errf(err, RK_EX_USAGE, "-o: '%s' is not one of csv, "
			    "jsonl, json", arg);
		return 1;
	case RK_OPT_JSON:
		o->out_fmt = RK_OUT_JSONL;
		return 1;
	case RK_OPT_DELIMITER:
		if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\r' ||
		    arg[0] == '\n' || (unsigned char)arg[0] >= 0x80)
			return rk_errf(err, RK_EX_USAGE, "--delimiter: '%s' is not one "
			    "ASCII character other than a quote or a line end", arg);
		o->delim = arg[0];
		return 1;
	case RK_OPT_DECIMAL_COMMA:
		o->decimal_comma = 1;
		return 1;
	case RK_OPT_CRLF:
		o->crlf = 1;
		return 1;
	case RK_OPT_LOCK_TIMEOUT:
		v = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || v < 0 || v > 86400)
			return rk_errf(err, RK_EX_USAGE, "--lock-timeout: '%s' is not a "
			    "number of seconds from 0 to 86400", arg);
		o->lock_timeout = v;
		return 1;
	}
	return 0;
}

int
rk_opts_parse(struct rk_opts *o, int argc, char **argv,
    const struct option *longopts, void (*usage)(FILE *))
{
	struct rk_err err;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hi:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case RK_OPT_VERSION:
			printf("%s (returnkit) %s\n", rk_progname, RK_VERSION);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case '?':
		case ':':
			rk_opts_refused(c, argv);
			usage(stderr);
			return RK_EX_USAGE;
		default:
			switch (rk_opts_common(o, c, optarg, &err)) {
			case 1:
				break;
			case 0:
				rk_opts_refused('?', argv);
				usage(stderr);
				return RK_EX_USAGE;
			default:
				rk_report(&err);
				return RK_EX_USAGE;
			}
		}
	}
	o->operands = argv + optind;
	o->noperands = argc - optind;
	return -1;
}

int
rk_main(int argc, char **argv, const char *name,
    const struct option *longopts, void (*usage)(FILE *), int need,
    int (*run)(const struct rk_opts *))
{
	struct rk_opts o;
	int status;

	rk_progname = name;
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A closed standard output would be taken over by the next file
	 * opened (a lock file, say) and the answer written there: refuse.  A
	 * closed standard input or error is pointed at /dev/null instead.
	 */
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
		if (fcntl(STDERR_FILENO, F_GETFD) >= 0)
			rk_warnx("standard output is closed");
		return RK_EX_IOERR;
	}
	for (int fd = 0; fd <= 2; fd += 2)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
			return RK_EX_IOERR;
	rk_opts_init(&o);
	status = rk_opts_parse(&o, argc, argv, longopts, usage);
	if (status >= 0)
		return status;
	if (((need & RK_NEED_ORDERS) && o.orders == NULL) ||
	    ((need & RK_NEED_POLICY) && o.policy == NULL)) {
		rk_warnx("%s is required", (need & RK_NEED_ORDERS) && !o.orders ?
		    "--orders FILE" : "--policy FILE");
		usage(stderr);
		return RK_EX_USAGE;
	}
	status = run(&o);
	if (!rk_stdout_closed && fclose(stdout) != 0 && status < RK_EX_USAGE) {
		rk_warnx("write error on standard output");
		status = RK_EX_IOERR;
	}
	return status;
}

void
rk_opts_refused(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		rk_warnx("option '%s' needs a value", arg);
	else if (optopt && strncmp(arg, "--", 2) != 0)
		rk_warnx("unknown option '-%c'", optopt);
	else
		rk_warnx("unknown option '%s'", arg);
}

struct rk_reader_opts
rk_opts_reader(const struct rk_opts *o)
{
	struct rk_reader_opts r = { o->in_fmt, o->delim, NULL };

	return r;
}

struct rk_reader_opts
rk_opts_aux_reader(const struct rk_opts *o)
{
	struct rk_reader_opts r = { RK_FMT_AUTO, o->delim, NULL };

	return r;
}

struct rk_writer_opts
rk_opts_writer(const struct rk_opts *o)
{
	struct rk_writer_opts w = { o->out_fmt, o->delim ? o->delim : ',',
		o->crlf, o->decimal_comma };

	return w;
}

char
rk_opts_dp(const struct rk_opts *o)
{
	return o->decimal_comma ? ',' : '.';
}
