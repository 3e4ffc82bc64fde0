#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/help.h"
#include "rk/util.h"

/*
 * Every option of every tool, in no particular order: each tool's --help
 * follows its own getopt_long table.  Kept to what is true for every tool
 * that takes the option; the man pages say the rest.
 */
static const struct rk_help help[] = {
	{ 0, "orders", "FILE", "the ERP's invoiced sales lines (required)" },
	{ 0, "registry", "FILE", "the registry of RMAs" },
	{ 0, "journal", "FILE", "the journal of matched receipts" },
	{ 0, "retailers", "FILE", "the retailers' master data" },
	{ 0, "expected", "FILE", "write the registered lines still open to FILE" },
	{ 0, "ledger", "FILE", "the ledger of credit notes issued" },
	{ 0, "held", "FILE", "write the rows held for approval to FILE" },
	{ 0, "replacements", "FILE", "write the rows to replace to FILE" },
	{ 0, "approve", "FILE", "unannounced and held rows approved for credit" },
	{ 0, "replay", NULL, "emit again the credit notes named as operands" },
	{ 0, "out-dir", "DIR", "write the UBL credit notes to DIR" },
	{ 0, "policy", "FILE", "the returns policy" },
	{ 0, "as-of", "DATE", "the run's today (default: the current UTC date)" },
	{ 0, "rejects", "FILE", "write rejected rows to FILE, not to stderr" },
	{ 0, "summary", NULL, "print a summary on stderr at the end" },
	{ 0, "progress", NULL, "show a progress line on stderr" },
	{ 0, "no-progress", NULL, "do not show it" },
	{ 'i', "input-format", "FMT", "the operands' format: auto, csv, jsonl, json" },
	{ 'o', "output-format", "FMT", "the output format (default: csv)" },
	{ 0, "json", NULL, "short for -o jsonl" },
	{ 0, "delimiter", "C", "separate CSV fields with C, not a comma" },
	{ 0, "decimal-comma", NULL, "a comma is the decimal separator in CSV" },
	{ 0, "crlf", NULL, "end CSV records with CR LF" },
	{ 0, "lock-timeout", "SECONDS", "wait at most SECONDS for the lock" },
	{ 0, "dry-run", NULL, "do everything but write a state file" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'V', "version", NULL, "print the version and exit" },
};

const struct rk_help *
rk_help_find(const char *name)
{
	for (size_t i = 0; i < sizeof(help) / sizeof(help[0]); i++)
		if (strcmp(help[i].name, name) == 0)
			return &help[i];
	return NULL;
}

/* "--name ARG", the part of an option line before the description. */
static size_t
spelling_width(const struct option *lo)
{
	const struct rk_help *h = rk_help_find(lo->name);

	return 2 + strlen(lo->name) + (h && h->arg ? 1 + strlen(h->arg) : 0);
}

void
rk_help_options(FILE *fp, const struct option *longopts)
{
	size_t width = 0;

	for (const struct option *lo = longopts; lo->name; lo++)
		if (spelling_width(lo) > width)
			width = spelling_width(lo);
	fputc('\n', fp);
	for (const struct option *lo = longopts; lo->name; lo++) {
		const struct rk_help *h = rk_help_find(lo->name);
		int pad = (int)(width - spelling_width(lo)) + 2;

		if (h && h->shortopt)
			fprintf(fp, "  -%c, ", h->shortopt);
		else
			fputs("      ", fp);
		fprintf(fp, "--%s%s%s%*s%s\n", lo->name, h && h->arg ? " " : "",
		    h && h->arg ? h->arg : "", pad, "", h ? h->desc : "");
	}
	fprintf(fp, "See %s(1).\n", rk_progname);
}

const char *
rk_help_nearest(const struct option *longopts, const char *word, size_t n)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX;
	int tie = 0;

	for (const struct option *lo = longopts; lo->name; lo++) {
		size_t len = strlen(lo->name);
		size_t d = rk_edit_distance(word, n, lo->name, len);

		/* a shorter prefix than four letters says too little */
		if (n >= 4 && n < len) {
			size_t dp = rk_edit_distance(word, n, lo->name, n);

			if (dp < d)
				d = dp;
		}
		if (d < bestd) {
			best = lo->name;
			bestd = d;
			tie = 0;
		} else if (d == bestd && strcmp(lo->name, best) != 0) {
			tie = 1;
		}
	}
	if (best == NULL || tie || bestd > 2 || bestd > (n + 2) / 3)
		return NULL;
	return best;
}

int
rk_help_other_case(const struct option *longopts, int c)
{
	for (const struct option *lo = longopts; lo->name; lo++) {
		const struct rk_help *h = rk_help_find(lo->name);

		if (h && h->shortopt && h->shortopt != c &&
		    tolower(h->shortopt) == tolower((unsigned char)c))
			return h->shortopt;
	}
	return 0;
}

size_t
rk_help_prefixed(const struct option *longopts, const char *word, size_t n,
    char *out, size_t cap)
{
	size_t count = 0, total = 0, len = 0;

	for (const struct option *lo = longopts; lo->name; lo++)
		if (strncmp(lo->name, word, n) == 0)
			total++;
	if (cap == 0)
		return total;
	out[0] = '\0';
	for (const struct option *lo = longopts; lo->name; lo++) {
		int k;

		if (strncmp(lo->name, word, n) != 0)
			continue;
		count++;
		k = snprintf(out + len, cap - len, "%s'--%s'", count == 1 ? "" :
		    count == total ? " or " : ", ", lo->name);
		if (k < 0 || (size_t)k >= cap - len) {
			out[len] = '\0';   /* whole names only */
			break;
		}
		len += (size_t)k;
	}
	return total;
}
