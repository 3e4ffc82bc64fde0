#include <fcntl.h>
#include <stddef.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "rk/date.h"
#include "rk/diag.h"
#include "rk/help.h"
#include "rk/opts.h"
#include "rk/outfile.h"
#include "rk/samefile.h"

void
rk_opts_init(struct rk_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = rk_date_today();
	o->progress = -1;
	o->in_fmt = RK_FMT_AUTO;
	o->out_fmt = RK_OUT_CSV;
	o->out_formats = RK_OUT_RECORDS;
	o->lock_timeout = 30;
}

/* Options that name a file, and flags: where each lands in struct rk_opts. */
static const struct {
	int opt;
	size_t off;
} file_opts[] = {
	{ RK_OPT_ORDERS, offsetof(struct rk_opts, orders) },
	{ RK_OPT_REGISTRY, offsetof(struct rk_opts, registry) },
	{ RK_OPT_JOURNAL, offsetof(struct rk_opts, journal) },
	{ RK_OPT_RETAILERS, offsetof(struct rk_opts, retailers) },
	{ RK_OPT_EXPECTED, offsetof(struct rk_opts, expected) },
	{ RK_OPT_POLICY, offsetof(struct rk_opts, policy) },
	{ RK_OPT_REJECTS, offsetof(struct rk_opts, rejects) },
	{ RK_OPT_LEDGER, offsetof(struct rk_opts, ledger) },
	{ RK_OPT_HELD, offsetof(struct rk_opts, held) },
	{ RK_OPT_REPLACEMENTS, offsetof(struct rk_opts, replacements) },
	{ RK_OPT_APPROVE, offsetof(struct rk_opts, approve) },
	{ RK_OPT_OUT_DIR, offsetof(struct rk_opts, out_dir) },
}, flag_opts[] = {
	{ RK_OPT_SUMMARY, offsetof(struct rk_opts, summary) },
	{ RK_OPT_DRY_RUN, offsetof(struct rk_opts, dry_run) },
	{ RK_OPT_DECIMAL_COMMA, offsetof(struct rk_opts, decimal_comma) },
	{ RK_OPT_CRLF, offsetof(struct rk_opts, crlf) },
	{ RK_OPT_REPLAY, offsetof(struct rk_opts, replay) },
};

/* A file option or a flag: 1 when opt is one. */
static int
set_plain(struct rk_opts *o, int opt, const char *arg)
{
	for (size_t i = 0; i < RK_ARRAY_LEN(file_opts); i++)
		if (file_opts[i].opt == opt) {
			*(const char **)((char *)o + file_opts[i].off) = arg;
			return 1;
		}
	for (size_t i = 0; i < RK_ARRAY_LEN(flag_opts); i++)
		if (flag_opts[i].opt == opt) {
			*(int *)((char *)o + flag_opts[i].off) = 1;
			return 1;
		}
	return 0;
}

int
rk_opts_common(struct rk_opts *o, int opt, const char *arg, struct rk_err *err)
{
	char *end;
	long v;

	if (set_plain(o, opt, arg))
		return 1;
	switch (opt) {
	case RK_OPT_AS_OF:
		if (rk_date_parse(arg, strlen(arg), &o->as_of))
			return rk_errf(err, RK_EX_USAGE, "--as-of: '%s' is not a date "
			    "YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ssZ", arg);
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
		if (rk_writer_format(arg, o->out_formats, &o->out_fmt) < 0) {
			char names[128];

			return rk_errf(err, RK_EX_USAGE, "-o: '%s' is not one of %s",
			    arg, rk_writer_format_names(o->out_formats, names,
			    sizeof(names)));
		}
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
	while ((c = getopt_long(argc, argv, ":hVi:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			rk_help_options(stdout, longopts);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case 'V':
		case RK_OPT_VERSION:
			printf("%s (returnkit) %s\n", rk_progname, RK_VERSION);
			return fclose(stdout) ? RK_EX_IOERR : RK_EX_OK;
		case '?':
		case ':':
			rk_opts_refused(c, argv, longopts);
			usage(stderr);
			return RK_EX_USAGE;
		default:
			switch (rk_opts_common(o, c, optarg, &err)) {
			case 1:
				break;
			case 0:
				rk_opts_refused('?', argv, longopts);
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
    const struct option *longopts, void (*usage)(FILE *), int flags,
    int (*run)(const struct rk_opts *))
{
	struct rk_opts o;
	struct rk_err err;
	int status;

	rk_progname = name;
	signal(SIGPIPE, SIG_IGN);
	rk_outfile_signals(); /* SIGINT, SIGTERM, SIGHUP leave no temporary file */
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
	if (flags & RK_TAKES_DOCUMENTS)
		o.out_formats |= RK_OUT_DOCUMENTS;
	status = rk_opts_parse(&o, argc, argv, longopts, usage);
	if (status >= 0)
		return status;
	if (((flags & RK_NEED_ORDERS) && o.orders == NULL) ||
	    ((flags & RK_NEED_POLICY) && o.policy == NULL)) {
		rk_warnx("%s is required", (flags & RK_NEED_ORDERS) && !o.orders ?
		    "--orders FILE" : "--policy FILE");
		usage(stderr);
		return RK_EX_USAGE;
	}
	if (rk_opts_check_files(&o, &err)) {
		rk_report(&err);
		return RK_EX_USAGE;
	}
	status = run(&o);
	if (fclose(stdout) != 0 && status < RK_EX_USAGE) {
		rk_warnx("write error on standard output");
		status = RK_EX_IOERR;
	}
	return status;
}

int
rk_opts_check_files(const struct rk_opts *o, struct rk_err *err)
{
	struct rk_fileset fs;
	int stdin_read = o->noperands == 0 && !o->replay, rc;

	rk_fileset_init(&fs);
	rk_fileset_add(&fs, RK_FS_WRITE, "--rejects", o->rejects);
	rk_fileset_add(&fs, RK_FS_WRITE, "--expected", o->expected);
	rk_fileset_add(&fs, RK_FS_WRITE, "--held", o->held);
	rk_fileset_add(&fs, RK_FS_WRITE, "--replacements", o->replacements);
	rk_fileset_add_fd(&fs, RK_FS_WRITE, "standard output", STDOUT_FILENO);
	rk_fileset_add(&fs, RK_FS_STATE, "--registry", o->registry);
	rk_fileset_add(&fs, RK_FS_STATE, "--journal", o->journal);
	rk_fileset_add(&fs, RK_FS_STATE, "--ledger", o->ledger);
	for (int i = 0; i < o->noperands && !o->replay; i++) {
		if (strcmp(o->operands[i], "-") == 0)
			stdin_read = 1;
		else
			rk_fileset_add(&fs, RK_FS_READ, "the input", o->operands[i]);
	}
	if (stdin_read)
		rk_fileset_add_fd(&fs, RK_FS_READ, "standard input", STDIN_FILENO);
	rk_fileset_add(&fs, RK_FS_READ, "--orders", o->orders);
	rk_fileset_add(&fs, RK_FS_READ, "--retailers", o->retailers);
	rk_fileset_add(&fs, RK_FS_READ, "--approve", o->approve);
	rk_fileset_add(&fs, RK_FS_READ, "--policy", o->policy);
	rc = rk_fileset_check(&fs, err);
	rk_fileset_release(&fs);
	return rc;
}

/* The entry of longopts whose getopt_long() value is val, or NULL. */
static const struct option *
by_value(const struct option *longopts, int val)
{
	for (const struct option *lo = longopts; lo->name; lo++)
		if (lo->flag == NULL && lo->val == val)
			return lo;
	return NULL;
}

/* A letter option: unknown, or without its value. */
static void
refused_short(int c, char **argv, const struct option *longopts)
{
	/* the refused letter is always the first of its word: "-summary" */
	const char *word = argv[optind], *near = NULL;
	int other;

	if (c == ':') {
		rk_warnx("option '-%c' needs a value", optopt);
		return;
	}
	if (word && word[0] == '-' && word[1] == optopt && word[2])
		near = rk_help_nearest(longopts, word + 1, strcspn(word + 1, "="));
	if (near)
		rk_warnx("unknown option '-%c' (did you mean '--%s'?)", optopt,
		    near);
	else if ((other = rk_help_other_case(longopts, optopt)) != 0)
		rk_warnx("unknown option '-%c' (did you mean '-%c'?)", optopt,
		    other);
	else
		rk_warnx("unknown option '-%c'", optopt);
}

void
rk_opts_refused(int c, char **argv, const struct option *longopts)
{
	const char *arg = argv[optind - 1], *name, *near;
	const struct option *lo = by_value(longopts, optopt);
	char list[512];
	size_t n;

	/*
	 * getopt_long(3) leaves optopt 0 for an unknown or ambiguous long
	 * option and sets it to the option's value when a known one lacks
	 * its value or has one it does not take.  After a letter option it
	 * is that letter, and argv[optind - 1] may be any earlier word.
	 */
	if (strncmp(arg, "--", 2) != 0) {
		refused_short(c, argv, longopts);
		return;
	}
	name = arg + 2;
	n = strcspn(name, "=");
	if (optopt && (lo == NULL || n == 0 || strncmp(lo->name, name, n) != 0)) {
		refused_short(c, argv, longopts);
		return;
	}
	if (c == ':')
		rk_warnx("option '--%s' needs a value", lo ? lo->name : name);
	else if (n == 0)
		rk_warnx("unknown option '%s'", arg);
	else if (optopt)
		rk_warnx("option '--%s' takes no value", lo->name);
	else if (rk_help_prefixed(longopts, name, n, list, sizeof(list)) > 1)
		rk_warnx("option '--%.*s' is ambiguous: %s", (int)n, name, list);
	else if ((near = rk_help_nearest(longopts, name, n)) != NULL)
		rk_warnx("unknown option '--%.*s' (did you mean '--%s'?)", (int)n,
		    name, near);
	else
		rk_warnx("unknown option '--%.*s'", (int)n, name);
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
