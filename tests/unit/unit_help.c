/*
 * unit_help.c - what the tools say about their options: the nearest long
 * option to a mistyped one (return-register(1), DIAGNOSTICS), the
 * options an ambiguous prefix could be, and a description for each.
 */
#include <getopt.h>
#include <string.h>

#include "rk/help.h"
#include "rk/opts.h"

#include "tap.h"

/* return-match's table: every option of return-register and more. */
static const struct option longopts[] = {
	{ "orders", required_argument, NULL, RK_OPT_ORDERS },
	{ "registry", required_argument, NULL, RK_OPT_REGISTRY },
	{ "journal", required_argument, NULL, RK_OPT_JOURNAL },
	{ "retailers", required_argument, NULL, RK_OPT_RETAILERS },
	{ "expected", required_argument, NULL, RK_OPT_EXPECTED },
	RK_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Two options as near to "abcx" as each other. */
static const struct option twins[] = {
	{ "abcd", no_argument, NULL, 1 },
	{ "abce", no_argument, NULL, 2 },
	{ NULL, 0, NULL, 0 }
};

struct near_case {
	const char *typed;      /* what followed "--" */
	const char *want;       /* NULL: no suggestion */
};

static const struct near_case near_cases[] = {
	{ "sumary", "summary" },          /* a letter left out */
	{ "summmary", "summary" },        /* one too many */
	{ "summray", "summary" },         /* two swapped: two edits */
	{ "Summary", "summary" },         /* case */
	{ "dryrun", "dry-run" },
	{ "dry_run", "dry-run" },
	{ "as_of", "as-of" },
	{ "regsitry", "registry" },
	{ "retailer", "retailers" },
	{ "lock-timout", "lock-timeout" },
	{ "lokc-time", "lock-timeout" },  /* near a prefix getopt would take */
	{ "polcy", "policy" },
	{ "helpp", "help" },
	{ "verison", "version" },
	{ "jsn", "json" },                /* one edit in three letters */
	{ "crf", "crlf" },
	{ "frobnicate", NULL },
	{ "verbose", NULL },              /* four edits from version */
	{ "quiet", NULL },
	{ "x", NULL },
	{ "jx", NULL },                   /* one edit, but of two letters */
	{ "jsno", NULL },                 /* json and as-of both two away */
	{ "no-summary", NULL },
	{ "", NULL },
};

struct prefix_case {
	const char *typed;
	size_t count;
	const char *list;
};

static const struct prefix_case prefix_cases[] = {
	{ "de", 2, "'--delimiter' or '--decimal-comma'" },
	{ "d", 3, "'--delimiter', '--decimal-comma' or '--dry-run'" },
	{ "re", 3, "'--registry', '--retailers' or '--rejects'" },
	{ "summary", 1, "'--summary'" },
	{ "zz", 0, "" },
};

int
main(void)
{
	static const char *const all[] = {
		"orders", "registry", "journal", "retailers", "expected", "ledger",
		"held", "replacements", "approve", "replay", "out-dir",
	};
	char list[256];

	for (size_t i = 0; i < sizeof(near_cases) / sizeof(near_cases[0]); i++) {
		const struct near_case *c = &near_cases[i];
		const char *got = rk_help_nearest(longopts, c->typed,
		    strlen(c->typed));

		if (c->want)
			is_str(got, c->want, "--%s: did you mean --%s", c->typed,
			    c->want);
		else
			ok(got == NULL, "--%s: no suggestion (got %s)", c->typed,
			    got ? got : "none");
	}
	ok(rk_help_nearest(twins, "abcx", 4) == NULL,
	    "two options equally near: no suggestion");
	is_str(rk_help_nearest(twins, "abdd", 4), "abcd",
	    "the nearer of two is named");
	is_str(rk_help_nearest(longopts, "sumary=3", 6), "summary",
	    "only the n bytes given count");

	for (size_t i = 0; i < sizeof(prefix_cases) / sizeof(prefix_cases[0]);
	    i++) {
		const struct prefix_case *c = &prefix_cases[i];
		size_t n = rk_help_prefixed(longopts, c->typed, strlen(c->typed),
		    list, sizeof(list));

		is_int(n, c->count, "--%s: %zu options begin with it", c->typed,
		    c->count);
		is_str(list, c->list, "--%s: listed", c->typed);
	}
	rk_help_prefixed(longopts, "d", 1, list, 20);
	is_str(list, "'--delimiter'", "a short buffer holds whole names only");
	is_int(rk_help_prefixed(longopts, "d", 1, NULL, 0), 3,
	    "no buffer: only the count");

	is_int(rk_help_other_case(longopts, 'v'), 'V', "-v: did you mean -V");
	is_int(rk_help_other_case(longopts, 'H'), 'h', "-H: did you mean -h");
	is_int(rk_help_other_case(longopts, 'V'), 0, "-V itself: nothing");
	is_int(rk_help_other_case(longopts, 'x'), 0, "-x: nothing");
	is_int(rk_help_other_case(longopts, 0xe9), 0, "a byte above 127: nothing");

	for (const struct option *lo = longopts; lo->name; lo++)
		ok(rk_help_find(lo->name) && *rk_help_find(lo->name)->desc,
		    "--%s has a description", lo->name);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		ok(rk_help_find(all[i]) && *rk_help_find(all[i])->desc,
		    "--%s has a description", all[i]);
	ok(rk_help_find("frobnicate") == NULL, "no description of --frobnicate");
	return done_testing();
}
