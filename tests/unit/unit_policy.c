/*
 * unit_policy.c - the returns policy of returns-policy(5): defaults, the example
 * policy, literal string settings, and every kind of error (status 78,
 * "FILE:LINE:COL: ...", did-you-mean for misspelt keys).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/policy.h"
#include "rk/util.h"

#include "tap.h"

/* The example policy of returns-policy(5), byte for byte. */
static const char spec_example[] =
    "return_window_days: 60        # default window for reasons without their own\n"
    "allocation: newest            # newest | oldest | lowest_price\n"
    "late: hold                    # hold | reject\n"
    "unannounced: hold             # hold | credit\n"
    "rma_format: \"RMA{seq:06}\"     # {seq[:width]}, {yyyy}, {mm}, literal text\n"
    "credit_note_format: \"CN{yyyy}-{seq:06}\"\n"
    "group_by: invoice             # invoice | rma | retailer\n"
    "default_condition: A          # condition of receipts that name none\n"
    "default_reason: OVERSTOCK     # settings for returns that name no reason\n"
    "reasons:                      # codes retailers may use\n"
    "  DEFECT:   {window_days: 730, restocking_pct: 0}\n"
    "  OVERSTOCK: {restocking_pct: 15}\n"
    "  WRONG_ITEM: {window_days: 30}\n"
    "  WARRANTY: {window_days: 730, disposition: replace}\n"
    "conditions:                   # warehouse grading\n"
    "  A: {credit_pct: 100}\n"
    "  B: {credit_pct: 80}\n"
    "  SCRAP: {credit_pct: 0, disposition: reject}\n"
    "seller:                       # the brand, for credit note documents\n"
    "  name: Example Brand AB\n"
    "  vat_id: SE556000000001\n"
    "  country: SE\n"
    "  street: Storgatan 1\n"
    "  city: Stockholm\n"
    "  postal_code: \"11122\"\n"
    "  endpoint_id: \"0007:5560000000\"\n";

static char path[TAP_PATH];

/* Write text to the temporary policy file. */
static void
write_policy(const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/* Load text as a policy; the message gets the path replaced by FILE
 * (after the option: "--policy FILE:1:1: ..."). */
static int
load(const char *text, struct rk_policy *p, struct rk_err *err, char *msg,
    size_t cap)
{
	size_t n = strlen(path);
	int rc;

	write_policy(text);
	rk_policy_init(p);
	memset(err, 0, sizeof(*err));
	rc = rk_policy_load(p, path, err);
	if (strncmp(err->msg, "--policy ", 9) == 0 &&
	    strncmp(err->msg + 9, path, n) == 0)
		snprintf(msg, cap, "--policy FILE%s", err->msg + 9 + n);
	else
		snprintf(msg, cap, "%s", err->msg);
	return rc;
}

/*
 * Policies that are wrong: status 78 and the exact message.  Line and
 * column count from 1 and point at the offending key or value.
 */
struct error_case {
	const char *name;
	const char *yaml;
	const char *msg;
};

static const struct error_case error_cases[] = {
	/* unknown keys get the nearest valid key of their level */
	{ "misspelt top-level key", "retrun_window_days: 30\n",
	  "--policy FILE:1:1: unknown key \"retrun_window_days\" "
	  "(did you mean \"return_window_days\"?)" },
	{ "misspelt reason setting",
	  "reasons:\n  DEFECT: {restocking_pc: 5}\n",
	  "--policy FILE:2:12: unknown key \"restocking_pc\" in reason DEFECT "
	  "(did you mean \"restocking_pct\"?)" },
	{ "misspelt condition setting (block style)",
	  "conditions:\n  B:\n    credit_pc: 80\n",
	  "--policy FILE:3:5: unknown key \"credit_pc\" in condition B "
	  "(did you mean \"credit_pct\"?)" },
	{ "misspelt seller key", "seller:\n  nam: X\n",
	  "--policy FILE:2:3: unknown key \"nam\" in seller (did you mean \"name\"?)" },
	{ "unknown key after good ones",
	  "late: hold\nallocation: oldest\ngroupby: rma\n",
	  "--policy FILE:3:1: unknown key \"groupby\" (did you mean \"group_by\"?)" },
	/* a tie goes to the key that comes first in returns-policy(5) */
	{ "tie: rma_format before credit_note_format", "credit_format: x\n",
	  "--policy FILE:1:1: unknown key \"credit_format\" "
	  "(did you mean \"rma_format\"?)" },
	{ "tie: return_window_days before reasons", "return_days: 3\n",
	  "--policy FILE:1:1: unknown key \"return_days\" "
	  "(did you mean \"return_window_days\"?)" },
	{ "tie: late before reasons and seller", "window: 3\n",
	  "--policy FILE:1:1: unknown key \"window\" (did you mean \"late\"?)" },
	{ "tie: name before city", "seller:\n  town: Lund\n",
	  "--policy FILE:2:3: unknown key \"town\" in seller (did you mean \"name\"?)" },
	{ "tie: country before city and postal_code", "seller:\n  postal: 1\n",
	  "--policy FILE:2:3: unknown key \"postal\" in seller "
	  "(did you mean \"country\"?)" },
	{ "window_days is not a condition setting (credit_pct before disposition)",
	  "conditions:\n  B: {window_days: 3}\n",
	  "--policy FILE:2:7: unknown key \"window_days\" in condition B "
	  "(did you mean \"credit_pct\"?)" },
	/* a tab in indentation */
	{ "tab indentation", "reasons:\n\tDEFECT: {}\n",
	  "--policy FILE:2:1: tab in indentation: YAML indents with spaces only" },
	{ "tab after spaces", "seller:\n  name: X\n  \tcity: Y\n",
	  "--policy FILE:3:3: tab in indentation: YAML indents with spaces only" },
	/* wrong types */
	{ "window not a number", "return_window_days: sixty\n",
	  "--policy FILE:1:21: return_window_days must be a whole number of days from "
	  "0 to 36500" },
	{ "window with a fraction", "reasons:\n  D: {window_days: 1.5}\n",
	  "--policy FILE:2:20: window_days must be a whole number of days from 0 to "
	  "36500" },
	{ "window a list", "return_window_days: [60]\n",
	  "--policy FILE:1:21: return_window_days must be a whole number of days" },
	{ "reasons a scalar", "reasons: DEFECT\n",
	  "--policy FILE:1:10: reasons must be a mapping" },
	{ "reasons a list", "reasons:\n  - DEFECT\n",
	  "--policy FILE:2:3: reasons must be a mapping" },
	{ "reason settings a scalar", "reasons:\n  DEFECT: 730\n",
	  "--policy FILE:2:11: DEFECT must be a mapping" },
	{ "seller a scalar", "seller: Example AB\n",
	  "--policy FILE:1:9: seller must be a mapping" },
	{ "percent not a number", "conditions:\n  B: {credit_pct: high}\n",
	  "--policy FILE:2:19: credit_pct must be a percentage from 0 to 100 with at "
	  "most 4 fraction digits" },
	{ "seller name a mapping", "seller:\n  name: {a: 1}\n",
	  "--policy FILE:2:9: name must be a text value" },
	/* numbers must be unquoted */
	{ "quoted window", "return_window_days: \"60\"\n",
	  "--policy FILE:1:21: return_window_days must be an unquoted number" },
	{ "single-quoted percent", "conditions:\n  B: {credit_pct: '80'}\n",
	  "--policy FILE:2:19: credit_pct must be an unquoted number" },
	/* ranges: windows 0..36500, percentages 0..100 with 4 digits */
	{ "negative window", "return_window_days: -1\n",
	  "--policy FILE:1:21: return_window_days is out of range: it must be 0 to "
	  "36500" },
	{ "window 36501", "return_window_days: 36501\n",
	  "--policy FILE:1:21: return_window_days is out of range: it must be 0 to "
	  "36500" },
	{ "reason window 36501", "reasons:\n  D: {window_days: 36501}\n",
	  "--policy FILE:2:20: window_days is out of range: it must be 0 to 36500" },
	{ "percent 100.5", "reasons:\n  D: {restocking_pct: 100.5}\n",
	  "--policy FILE:2:23: restocking_pct is out of range: it must be 0 to 100" },
	{ "percent 100.0001", "conditions:\n  B: {credit_pct: 100.0001}\n",
	  "--policy FILE:2:19: credit_pct is out of range: it must be 0 to 100" },
	{ "negative percent", "conditions:\n  B: {credit_pct: -5}\n",
	  "--policy FILE:2:19: credit_pct is out of range: it must be 0 to 100" },
	{ "percent with 5 fraction digits",
	  "reasons:\n  D: {restocking_pct: 12.12345}\n",
	  "--policy FILE:2:23: restocking_pct must be a percentage from 0 to 100 with "
	  "at most 4 fraction digits" },
	/* enumerations */
	{ "bad allocation", "allocation: fifo\n",
	  "--policy FILE:1:13: allocation must be one of newest, oldest, lowest_price, "
	  "not \"fifo\"" },
	{ "bad late", "late: ignore\n",
	  "--policy FILE:1:7: late must be one of hold, reject, not \"ignore\"" },
	{ "bad unannounced", "unannounced: reject\n",
	  "--policy FILE:1:14: unannounced must be one of hold, credit, not \"reject\"" },
	{ "bad group_by", "group_by: order\n",
	  "--policy FILE:1:11: group_by must be one of invoice, rma, retailer, "
	  "not \"order\"" },
	{ "bad disposition", "reasons:\n  D: {disposition: refund}\n",
	  "--policy FILE:2:20: disposition must be one of credit, replace, reject, "
	  "not \"refund\"" },
	{ "enum values are case-sensitive", "allocation: Newest\n",
	  "--policy FILE:1:13: allocation must be one of newest, oldest, lowest_price, "
	  "not \"Newest\"" },
	/* default_reason / default_condition must name a defined code */
	{ "default_reason not defined",
	  "default_reason: NOPE\nreasons:\n  DEFECT:\n",
	  "--policy FILE:1:17: default_reason \"NOPE\" is not one of the reasons" },
	{ "default_reason without reasons", "default_reason: OVERSTOCK\n",
	  "--policy FILE:1:17: default_reason \"OVERSTOCK\" is not one of the reasons" },
	{ "default_condition not defined",
	  "conditions:\n  A: {credit_pct: 100}\ndefault_condition: B\n",
	  "--policy FILE:3:20: default_condition \"B\" is not one of the conditions" },
	{ "default_condition names a reason",
	  "reasons:\n  A:\ndefault_condition: A\n",
	  "--policy FILE:3:20: default_condition \"A\" is not one of the conditions" },
	/* formats need {seq} or {seq:N} */
	{ "rma_format without {seq}", "rma_format: \"RMA{yyyy}\"\n",
	  "--policy FILE:1:13: rma_format has no {seq} or {seq:N}: the numbers it makes "
	  "would not be unique" },
	{ "credit_note_format without {seq}",
	  "credit_note_format: CN-{yyyy}{mm}\n",
	  "--policy FILE:1:21: credit_note_format has no {seq} or {seq:N}: the numbers "
	  "it makes would not be unique" },
	{ "rma_format with {seq:}", "rma_format: \"R{seq:}\"\n",
	  "--policy FILE:1:13: rma_format has no {seq} or {seq:N}: the numbers it makes "
	  "would not be unique" },
	/* a control character of a format is shown escaped, not sent to the
	 * terminal */
	{ "rma_format making ids with an escape", "rma_format: \"R{seq}\\e[2J\"\n",
	  "--policy FILE:1:13: rma_format makes ids like \"R1\\x1b[2J\", which are not "
	  "ids (1 to 64 bytes, no leading or trailing space, no control character)" },
	/* codes are ids */
	{ "code with a leading space", "reasons:\n  \" D\": {}\n",
	  "--policy FILE:2:3: a reason: \" D\" is not a valid code (1 to 64 bytes, no "
	  "leading or trailing space, no control character)" },
	{ "seller vat_id is an id", "seller:\n  vat_id: \"SE 1 \"\n",
	  "--policy FILE:2:11: vat_id: \"SE 1 \" is not a valid code (1 to 64 bytes, no "
	  "leading or trailing space, no control character)" },
	/* the same key twice */
	{ "duplicate top-level key", "late: hold\nlate: reject\n",
	  "--policy FILE:2:1: duplicate key \"late\" in the policy" },
	{ "duplicate reason", "reasons:\n  D: {}\n  D: {}\n",
	  "--policy FILE:3:3: duplicate key \"D\" in reasons" },
	/* not YAML at all */
	{ "YAML syntax error", "reasons: {DEFECT: [\n",
	  "--policy FILE:2:1: not valid YAML: did not find expected node content while "
	  "parsing a flow node" },
	{ "the document is a list", "- a\n- b\n",
	  "--policy FILE:1:1: the policy must be a mapping" },
};

/*
 * Integer settings at the edges of their range load.
 */
struct window_case {
	const char *yaml;
	int want;
};

static const struct window_case window_cases[] = {
	{ "return_window_days: 0\n", 0 },
	{ "return_window_days: 36500\n", 36500 },
	{ "return_window_days: 90\n", 90 },
	{ "", 60 },
	{ "# only a comment\n", 60 },
};

/* rk_edit_distance: Levenshtein distance (insert, delete, substitute). */
struct dist_case {
	const char *a, *b;
	size_t want;
};

static const struct dist_case dist_cases[] = {
	{ "", "", 0 },
	{ "abc", "abc", 0 },
	{ "", "abc", 3 },
	{ "abc", "", 3 },
	{ "kitten", "sitting", 3 },
	{ "flaw", "lawn", 2 },
	{ "retrun_window_days", "return_window_days", 2 },
	{ "restocking_pc", "restocking_pct", 1 },
	{ "credit_format", "rma_format", 5 },
	{ "credit_format", "credit_note_format", 5 },
	{ "town", "name", 4 },
	{ "town", "city", 4 },
};

static const char *
str_or_null(const char *s)
{
	return s ? s : "(null)";
}

static void
check_code(const struct rk_code_set *cs, const char *code, int window,
    const char *restocking, const char *credit, int disposition)
{
	char out[64];

	ok(cs != NULL, "code %s is defined", code);
	if (cs == NULL)
		return;
	is_str(cs->code, code, "%s: code", code);
	is_int(cs->len, strlen(code), "%s: length", code);
	is_int(cs->window_days, window, "%s: window_days %d", code, window);
	is_int(cs->has_restocking, restocking != NULL, "%s: restocking set", code);
	if (restocking) {
		rk_dec_format(&cs->restocking, '.', out);
		is_str(out, restocking, "%s: restocking_pct", code);
	}
	is_int(cs->has_credit, credit != NULL, "%s: credit set", code);
	if (credit) {
		rk_dec_format(&cs->credit, '.', out);
		is_str(out, credit, "%s: credit_pct", code);
	}
	is_int(cs->disposition, disposition, "%s: disposition %d", code,
	    disposition);
}

int
main(void)
{
	struct rk_policy p;
	struct rk_err err;
	char msg[1100];
	int fd;

	tap_tmpname(path, sizeof(path), "rk-unit-policy");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		return 2;
	}
	close(fd);

	/* the defaults of returns-policy(5) (no --policy) */
	rk_policy_init(&p);
	is_int(p.loaded, 0, "defaults: not loaded");
	is_int(p.return_window_days, 60, "defaults: return_window_days 60");
	is_int(p.allocation, RK_ALLOC_NEWEST, "defaults: allocation newest");
	is_int(p.late, RK_LATE_HOLD, "defaults: late hold");
	is_int(p.unannounced, RK_UNANN_HOLD, "defaults: unannounced hold");
	is_str(p.rma_format, "RMA{seq:06}", "defaults: rma_format");
	is_str(p.credit_note_format, "CN{yyyy}-{seq:06}",
	    "defaults: credit_note_format");
	is_int(p.group_by, RK_GROUP_INVOICE, "defaults: group_by invoice");
	ok(p.default_condition == NULL, "defaults: no default_condition");
	ok(p.default_reason == NULL, "defaults: no default_reason");
	is_int(p.nreasons, 0, "defaults: no reasons");
	is_int(p.nconditions, 0, "defaults: no conditions");
	is_int(p.has_seller, 0, "defaults: no seller");
	ok(rk_policy_reason(&p, "DEFECT", 6) == NULL, "defaults: DEFECT unknown");
	is_int(rk_policy_window(&p, "DEFECT", 6), 60, "defaults: any window 60");
	is_int(rk_policy_window(&p, NULL, 0), 60, "defaults: no reason, 60");
	rk_policy_release(&p);

	/* the example policy of returns-policy(5) loads, every setting as written */
	is_int(load(spec_example, &p, &err, msg, sizeof(msg)), 0,
	    "returns-policy(5) example loads");
	if (err.status)
		printf("#   %s\n", msg);
	is_int(p.loaded, 1, "example: loaded");
	is_int(p.return_window_days, 60, "example: return_window_days");
	is_int(p.allocation, RK_ALLOC_NEWEST, "example: allocation");
	is_int(p.late, RK_LATE_HOLD, "example: late");
	is_int(p.unannounced, RK_UNANN_HOLD, "example: unannounced");
	is_str(p.rma_format, "RMA{seq:06}", "example: rma_format");
	is_str(p.credit_note_format, "CN{yyyy}-{seq:06}",
	    "example: credit_note_format");
	is_int(p.group_by, RK_GROUP_INVOICE, "example: group_by");
	is_str(str_or_null(p.default_condition), "A", "example: default_condition");
	is_str(str_or_null(p.default_reason), "OVERSTOCK",
	    "example: default_reason");
	is_int(p.nreasons, 4, "example: 4 reasons");
	is_int(p.nconditions, 3, "example: 3 conditions");
	if (p.nreasons == 4) {
		check_code(&p.reasons[0], "DEFECT", 730, "0", NULL, RK_DISP_UNSET);
		check_code(&p.reasons[1], "OVERSTOCK", -1, "15", NULL,
		    RK_DISP_UNSET);
		check_code(&p.reasons[2], "WRONG_ITEM", 30, NULL, NULL,
		    RK_DISP_UNSET);
		check_code(&p.reasons[3], "WARRANTY", 730, NULL, NULL,
		    RK_DISP_REPLACE);
	}
	if (p.nconditions == 3) {
		check_code(&p.conditions[0], "A", -1, NULL, "100", RK_DISP_UNSET);
		check_code(&p.conditions[1], "B", -1, NULL, "80", RK_DISP_UNSET);
		check_code(&p.conditions[2], "SCRAP", -1, NULL, "0",
		    RK_DISP_REJECT);
	}
	ok(rk_policy_reason(&p, "WARRANTY", 8) == &p.reasons[3],
	    "example: rk_policy_reason finds WARRANTY");
	ok(rk_policy_reason(&p, "warranty", 8) == NULL,
	    "example: codes are case-sensitive");
	ok(rk_policy_reason(&p, "A", 1) == NULL,
	    "example: a condition is not a reason");
	ok(rk_policy_condition(&p, "SCRAP", 5) == &p.conditions[2],
	    "example: rk_policy_condition finds SCRAP");
	is_int(rk_policy_window(&p, "DEFECT", 6), 730, "example: DEFECT window");
	is_int(rk_policy_window(&p, "OVERSTOCK", 9), 60,
	    "example: OVERSTOCK has no window of its own");
	is_int(rk_policy_window(&p, "UNKNOWN", 7), 60, "example: unknown reason");
	is_int(p.has_seller, 1, "example: seller");
	is_str(str_or_null(p.seller.name), "Example Brand AB", "seller name");
	is_str(str_or_null(p.seller.vat_id), "SE556000000001", "seller vat_id");
	is_str(str_or_null(p.seller.country), "SE", "seller country");
	is_str(str_or_null(p.seller.street), "Storgatan 1", "seller street");
	is_str(str_or_null(p.seller.city), "Stockholm", "seller city");
	is_str(str_or_null(p.seller.postal_code), "11122", "seller postal_code");
	is_str(str_or_null(p.seller.endpoint_id), "0007:5560000000",
	    "seller endpoint_id");
	rk_policy_release(&p);

	/* a code with no settings takes all defaults */
	is_int(load("reasons:\n  DAMAGED:\n  DEFECT: {window_days: 10}\n"
	    "conditions:\n  C:\n", &p, &err, msg, sizeof(msg)), 0,
	    "DAMAGED: with no settings loads");
	is_int(p.nreasons, 2, "... 2 reasons");
	if (p.nreasons == 2)
		check_code(&p.reasons[0], "DAMAGED", -1, NULL, NULL,
		    RK_DISP_UNSET);
	is_int(p.nconditions, 1, "... 1 condition");
	if (p.nconditions == 1)
		check_code(&p.conditions[0], "C", -1, NULL, NULL, RK_DISP_UNSET);
	is_int(rk_policy_window(&p, "DAMAGED", 7), 60, "... DAMAGED window 60");
	is_int(rk_policy_window(&p, "DEFECT", 6), 10, "... DEFECT window 10");
	rk_policy_release(&p);

	/* empty reasons: and conditions: are no codes */
	is_int(load("reasons:\nconditions:\n", &p, &err, msg, sizeof(msg)), 0,
	    "empty reasons: and conditions: load");
	ok(p.nreasons == 0 && p.nconditions == 0, "... with no codes");
	rk_policy_release(&p);

	/* string settings are the literal scalar text */
	is_int(load("seller:\n  name: yes\n  vat_id: 0123\n  country: NO\n"
	    "  street: 1e3\n  city: null\n  postal_code: 00100\n"
	    "  endpoint_id: 0192:00100\n"
	    "default_reason: ON\nreasons:\n  ON:\n  \"NO\":\n",
	    &p, &err, msg, sizeof(msg)), 0, "literal strings load");
	if (err.status)
		printf("#   %s\n", msg);
	is_str(str_or_null(p.seller.country), "NO", "country: NO is \"NO\"");
	is_str(str_or_null(p.seller.postal_code), "00100",
	    "postal_code: 00100 keeps its zeros");
	is_str(str_or_null(p.seller.name), "yes", "name: yes is \"yes\"");
	is_str(str_or_null(p.seller.vat_id), "0123", "vat_id: 0123 is \"0123\"");
	is_str(str_or_null(p.seller.street), "1e3", "street: 1e3 is \"1e3\"");
	is_str(str_or_null(p.seller.city), "null", "city: null is \"null\"");
	is_str(str_or_null(p.seller.endpoint_id), "0192:00100",
	    "endpoint_id: 0192:00100 is \"0192:00100\"");
	is_str(str_or_null(p.default_reason), "ON", "default_reason: ON is \"ON\"");
	ok(p.nreasons == 2 && strcmp(p.reasons[0].code, "ON") == 0 &&
	    strcmp(p.reasons[1].code, "NO") == 0, "reason codes ON and NO");
	rk_policy_release(&p);

	/* every value of every enumeration, and percentages at the edges */
	is_int(load("allocation: lowest_price\nlate: reject\nunannounced: credit\n"
	    "group_by: retailer\nrma_format: \"R-{yyyy}{mm}-{seq}\"\n"
	    "credit_note_format: \"{seq:8}\"\n"
	    "reasons:\n  X: {restocking_pct: 100, credit_pct: 52.2500, "
	    "disposition: credit, window_days: 0}\n"
	    "  Y: {restocking_pct: 0.0001, disposition: reject}\n",
	    &p, &err, msg, sizeof(msg)), 0, "other enumeration values load");
	if (err.status)
		printf("#   %s\n", msg);
	is_int(p.allocation, RK_ALLOC_LOWEST_PRICE, "allocation lowest_price");
	is_int(p.late, RK_LATE_REJECT, "late reject");
	is_int(p.unannounced, RK_UNANN_CREDIT, "unannounced credit");
	is_int(p.group_by, RK_GROUP_RETAILER, "group_by retailer");
	is_str(p.rma_format, "R-{yyyy}{mm}-{seq}", "rma_format as written");
	is_str(p.credit_note_format, "{seq:8}", "credit_note_format as written");
	if (p.nreasons == 2) {
		check_code(&p.reasons[0], "X", 0, "100", "52.2500",
		    RK_DISP_CREDIT);
		check_code(&p.reasons[1], "Y", -1, "0.0001", NULL,
		    RK_DISP_REJECT);
	} else {
		ok(0, "2 reasons");
	}
	rk_policy_release(&p);

	for (size_t i = 0; i < RK_ARRAY_LEN(window_cases); i++) {
		const struct window_case *c = &window_cases[i];

		is_int(load(c->yaml, &p, &err, msg, sizeof(msg)), 0,
		    "'%.*s' loads", (int)strcspn(c->yaml, "\n"), c->yaml);
		is_int(p.return_window_days, c->want, "... window %d", c->want);
		is_int(p.loaded, 1, "... loaded");
		rk_policy_release(&p);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(error_cases); i++) {
		const struct error_case *c = &error_cases[i];

		is_int(load(c->yaml, &p, &err, msg, sizeof(msg)), -1,
		    "%s: an error", c->name);
		is_int(err.status, 78, "%s: status 78", c->name);
		is_str(msg, c->msg, "%s: message", c->name);
		rk_policy_release(&p);
	}

	/* a policy file that cannot be opened is 66 */
	rk_policy_init(&p);
	memset(&err, 0, sizeof(err));
	is_int(rk_policy_load(&p, "/nonexistent/rk/policy.yaml", &err), -1,
	    "missing policy file: an error");
	is_int(err.status, 66, "missing policy file: status 66");
	is_str(err.msg, "--policy '/nonexistent/rk/policy.yaml': cannot open: "
	    "No such file or directory", "missing policy file: message");
	rk_policy_release(&p);

	for (size_t i = 0; i < RK_ARRAY_LEN(dist_cases); i++) {
		const struct dist_case *c = &dist_cases[i];

		is_int(rk_edit_distance(c->a, strlen(c->a), c->b, strlen(c->b)),
		    c->want, "rk_edit_distance('%s', '%s')", c->a, c->b);
	}

	unlink(path);
	return done_testing();
}
