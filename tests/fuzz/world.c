/*
 * world.c - the fixed world of the whole-tool fuzz targets, and a run of
 * a tool in it, checked (see world.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "rk/credit.h"
#include "rk/date.h"
#include "rk/match.h"
#include "rk/register.h"
#include "rk/state.h"
#include "rk/statefiles.h"
#include "world.h"

static const char *const tool_name[FZ_NTOOLS] = {
	"return-register", "return-match", "credit-emit"
};
static int (*const tool_fn[FZ_NTOOLS])(const struct rk_opts *) = {
	rk_register_run, rk_match_run, rk_credit_run
};
static const char *const state_file[FZ_NSTATES] = {
	"registry.csv", "journal.csv", "ledger.csv"
};
static const char *const reports[] = {
	"rejects.csv", "expected.csv", "held.csv", "replacements.csv"
};
static const char *const fixtures[] = {
	"orders.csv", "retailers.csv", "policy.yaml", "requests.csv",
	"receipts.csv"
};

static char dir[256];
static char *base[FZ_NSTATES];   /* the state files as made */
static size_t nbase[FZ_NSTATES];

const char *
fz_world_path(const char *name)
{
	static struct {
		char name[64];
		char path[sizeof(dir) + 64];
	} known[32];
	size_t i;

	if (strlen(name) >= sizeof(known[0].name))
		fz_fail("a name too long: %s", name);
	for (i = 0; i < 32 && known[i].name[0]; i++)
		if (strcmp(known[i].name, name) == 0)
			return known[i].path;
	if (i == 32)
		fz_fail("too many names in the world");
	strcpy(known[i].name, name);
	snprintf(known[i].path, sizeof(known[i].path), "%s/%s", dir, name);
	return known[i].path;
}

enum fz_state
fz_tool_state(enum fz_tool t)
{
	return t == FZ_REGISTER ? FZ_REGISTRY : t == FZ_MATCH ? FZ_JOURNAL :
	    FZ_LEDGER;
}

const char *
fz_state_path(enum fz_state s)
{
	return fz_world_path(state_file[s]);
}

/* Remove the directory and what is in it (at exit). */
static void
remove_world(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) != 0)
			dprintf(STDERR_FILENO, "fuzz: cannot remove '%s/%s'\n", dir,
			    e->d_name);
	if (d)
		closedir(d);
	rmdir(dir);
	for (int s = 0; s < FZ_NSTATES; s++)
		free(base[s]);
}

/* A temporary file left in the directory is a broken promise. */
static void
check_no_temporary(const char *after)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		fz_fail("cannot open '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".tmp.") != NULL)
			fz_fail("%s left the temporary file '%s'", after, e->d_name);
	closedir(d);
}

static void
copy_fixture(const char *name)
{
	char src[256];
	size_t n;
	char *p;

	snprintf(src, sizeof(src), "tests/fixtures/examples/%s", name);
	if ((p = fz_slurp(src, &n)) == NULL)
		fz_fail("no '%s': run from the top of the source tree", src);
	fz_spew(fz_world_path(name), p, n);
	free(p);
}

/* The examples through the pipeline, once: the state files as made. */
static void
make_world(void)
{
	const char *tmp = getenv("TMPDIR");
	struct fz_tool_run run;

	if (tmp == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/rk-fuzz.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL)
		fz_fail("mkdtemp '%s': %s", dir, strerror(errno));
	atexit(remove_world);
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		copy_fixture(fixtures[i]);
	fz_spew(fz_world_path("empty.csv"), "", 0);
	fz_tool_opts(&run, FZ_REGISTER, fz_world_path("requests.csv"), 0);
	fz_tool_run(&run);
	fz_tool_run_free(&run);
	fz_tool_opts(&run, FZ_MATCH, fz_world_path("receipts.csv"), 0);
	fz_tool_run(&run);
	fz_spew(fz_world_path("matches.csv"), run.cap.out, run.cap.nout);
	fz_tool_run_free(&run);
	fz_tool_opts(&run, FZ_CREDIT, fz_world_path("matches.csv"), 0);
	fz_tool_run(&run);
	fz_tool_run_free(&run);
	for (int s = 0; s < FZ_NSTATES; s++)
		if ((base[s] = fz_slurp(fz_state_path(s), &nbase[s])) == NULL)
			fz_fail("the examples made no %s", state_file[s]);
}

void
fz_world_restore(enum fz_state s)
{
	fz_spew(fz_state_path(s), base[s], nbase[s]);
}

void
fz_world_reset(void)
{
	if (dir[0] == '\0')
		make_world();
	for (int s = 0; s < FZ_NSTATES; s++)
		fz_world_restore((enum fz_state)s);
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		unlink(fz_world_path(reports[i]));
}

void
fz_tool_allow(struct fz_tool_run *run, int status)
{
	if (status >= 0 && status < 128)
		run->allowed |= 1ULL << (status < 64 ? status : status - 64 + 32);
}

static int
allowed(const struct fz_tool_run *run, int status)
{
	return status >= 0 && status < 128 &&
	    (run->allowed >> (status < 64 ? status : status - 64 + 32)) & 1;
}

void
fz_tool_opts(struct fz_tool_run *run, enum fz_tool t, const char *input,
    unsigned sel)
{
	static const enum rk_ofmt ofmt[] = { RK_OUT_CSV, RK_OUT_JSONL,
		RK_OUT_JSON, RK_OUT_CSV };
	static const enum rk_fmt ifmt[] = { RK_FMT_AUTO, RK_FMT_CSV,
		RK_FMT_JSONL, RK_FMT_JSON };
	static const char delims[] = { 0, ',', ';', '\t' };
	struct rk_opts *o = &run->o;

	memset(run, 0, sizeof(*run));
	run->tool = t;
	rk_opts_init(o);
	o->orders = fz_world_path("orders.csv");
	o->retailers = fz_world_path("retailers.csv");
	o->policy = fz_world_path("policy.yaml");
	o->rejects = fz_world_path("rejects.csv");
	if (t == FZ_REGISTER) {
		o->registry = fz_world_path("registry.csv");
		o->journal = fz_world_path("journal.csv");
		o->retailers = NULL;
	} else if (t == FZ_MATCH) {
		o->registry = fz_world_path("registry.csv");
		o->journal = fz_world_path("journal.csv");
		o->expected = fz_world_path("expected.csv");
	} else {
		o->orders = NULL;
		o->ledger = fz_world_path("ledger.csv");
		o->held = fz_world_path("held.csv");
		o->replacements = fz_world_path("replacements.csv");
	}
	o->as_of = t == FZ_REGISTER ? rk_days_from_civil(2026, 11, 20) :
	    rk_days_from_civil(2026, 11, 25);
	o->progress = 0;
	o->lock_timeout = 0;
	o->out_fmt = ofmt[sel & 3];
	if (t == FZ_CREDIT && (sel & 3) == 3) {
		/* credit-emit's fourth format is UBL, one file per note */
		o->out_fmt = RK_OUT_UBL;
		o->out_dir = dir;
	}
	o->in_fmt = ifmt[sel >> 2 & 3];
	o->decimal_comma = sel >> 4 & 1;
	o->crlf = sel >> 5 & 1;
	o->delim = delims[sel >> 6 & 3];
	run->operands[0] = (char *)input;
	o->operands = run->operands;
	o->noperands = 1;
	fz_tool_allow(run, RK_EX_OK);
	fz_tool_allow(run, RK_EX_REJECTS);
	fz_tool_allow(run, RK_EX_DATAERR);
}

/*
 * The answer of -o ubl: one path a line, each a well-formed XML document
 * (parsed by libxml2, no network, no entities substituted), removed after.
 */
static void
check_ubl(const char *what, const char *p, size_t n)
{
	size_t i = 0;

	if (n > 0 && p[n - 1] != '\n')
		fz_fail("%s: the list of UBL files does not end with a line end",
		    what);
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t len = (size_t)(nl - (p + i));
		char path[sizeof(dir) + 128];
		xmlDocPtr doc;

		if (len >= sizeof(path))
			fz_fail("%s: a UBL path of %zu bytes", what, len);
		memcpy(path, p + i, len);
		path[len] = '\0';
		doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING);
		if (doc == NULL)
			fz_fail("%s: '%s' is not well-formed XML", what, path);
		xmlFreeDoc(doc);
		unlink(path);
		i += len + 1;
	}
}

/* An answer or a report in the run's output format. */
static void
check_output(const struct fz_tool_run *run, const char *what, const char *p,
    size_t n)
{
	switch (run->o.out_fmt) {
	case RK_OUT_CSV:
		fz_check_csv(what, p, n, run->o.delim ? run->o.delim : ',');
		break;
	case RK_OUT_JSONL:
		fz_check_jsonl(what, p, n);
		break;
	case RK_OUT_JSON:
		fz_check_json(what, p, n);
		break;
	case RK_OUT_UBL:
		/* the answer is the list of files; reports are CSV */
		if (p == run->cap.out)
			check_ubl(what, p, n);
		else
			fz_check_csv(what, p, n, run->o.delim ? run->o.delim : ',');
		break;
	}
}

/* The reports of a run that succeeded are valid; after a failure, none. */
static void
check_reports(const struct fz_tool_run *run, int ok)
{
	const char *paths[] = { run->o.rejects, run->o.expected, run->o.held,
		run->o.replacements };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		size_t n;
		char *p = paths[i] ? fz_slurp(paths[i], &n) : NULL;

		if (p && !ok)
			fz_fail("%s failed (%d) and left the report '%s'",
			    tool_name[run->tool], run->status, paths[i]);
		if (p && i == 0)
			fz_check_csv(paths[i], p, n, run->o.delim ? run->o.delim : ',');
		else if (p)
			check_output(run, paths[i], p, n);
		free(p);
	}
}

void
fz_tool_run(struct fz_tool_run *run)
{
	const char *state = fz_state_path(fz_tool_state(run->tool));
	const char *prog = tool_name[run->tool];
	size_t nbefore, nafter;
	char *before, *after;
	int ok;

	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		unlink(fz_world_path(reports[i]));
	before = fz_slurp(state, &nbefore);
	rk_progname = prog;
	fz_capture_begin(&run->cap);
	run->status = tool_fn[run->tool](&run->o);
	fz_capture_end(&run->cap);
	if (!allowed(run, run->status))
		fz_fail("%s exited with status %d: %s", prog, run->status,
		    run->cap.err);
	fz_check_message(prog, run->cap.err, run->cap.nerr);
	check_no_temporary(prog);
	ok = run->status <= RK_EX_REJECTS;
	if (ok)
		check_output(run, "the answer", run->cap.out, run->cap.nout);
	else if (run->cap.nout)
		fz_fail("%s failed (%d) and wrote %zu bytes of answer", prog,
		    run->status, run->cap.nout);
	check_reports(run, ok);
	after = fz_slurp(state, &nafter);
	if ((!ok || run->o.dry_run) && (nafter != nbefore ||
	    (before == NULL) != (after == NULL) ||
	    (nafter && memcmp(before, after, nafter) != 0)))
		fz_fail("%s %s (%d) and changed '%s'", prog, ok ? "ran dry" :
		    "failed", run->status, state);
	if (ok && !run->o.dry_run && after)
		fz_check_csv(state, after, nafter, ',');
	free(before);
	free(after);
}

void
fz_tool_run_free(struct fz_tool_run *run)
{
	fz_capture_free(&run->cap);
}

/* A state file loads (rk_state_load, every row checked). */
static void
check_loads(const char *option, enum fz_state s, const struct rk_schema *schema)
{
	struct rk_err err = { 0, "" };
	struct rk_carried carry;

	rk_carried_init(&carry, NULL, 0);
	if (rk_state_load(option, fz_state_path(s), schema, &carry, NULL, NULL,
	    &err) != 0)
		fz_fail("the %s committed does not load: %s", option, err.msg);
	rk_carried_release(&carry);
}

void
fz_world_check_states(int ledger)
{
	struct fz_tool_run run;

	check_loads("--registry", FZ_REGISTRY, &rk_registry_schema);
	check_loads("--journal", FZ_JOURNAL, &rk_journal_schema);
	if (!ledger)
		return;
	/* the ledger's schema is credit-emit's own: a dry run reads it */
	fz_tool_opts(&run, FZ_CREDIT, fz_world_path("empty.csv"), 0);
	run.o.dry_run = 1;
	run.o.rejects = run.o.held = run.o.replacements = NULL;
	run.allowed = 0;
	fz_tool_allow(&run, RK_EX_OK);
	fz_tool_run(&run);
	fz_tool_run_free(&run);
}
