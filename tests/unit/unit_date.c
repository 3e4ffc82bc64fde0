/*
 * unit_date.c - dates and timestamps of returns-formats(5) (kind "date") and the
 * day arithmetic of returns-formats(5).
 */
#include <stdint.h>
#include <string.h>

#include "rk/date.h"
#include "rk/util.h"

#include "tap.h"

/*
 * Accepted: a real Gregorian YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss followed
 * by Z or +hh:mm/-hh:mm.  The day is the literal date prefix (no
 * time-zone conversion), so `days` is that of the first ten bytes.
 */
struct good_case {
	const char *in;
	int32_t days; /* since 1970-01-01 */
};

static const struct good_case good_cases[] = {
	{ "1970-01-01", 0 },
	{ "1969-12-31", -1 },
	{ "2000-01-01", 10957 },
	{ "2000-02-29", 11016 },            /* divisible by 400: leap */
	{ "2024-02-29", 19782 },            /* divisible by 4: leap */
	{ "2026-02-28", 20512 },
	{ "2026-03-01", 20513 },
	{ "2026-03-15", 20527 },
	{ "1900-03-01", -25508 },
	{ "9999-12-31", 2932896 },
	{ "2026-01-31", 20484 },
	{ "2026-04-30", 20573 },
	{ "2026-12-31", 20818 },
	{ "2026-03-15T10:20:30Z", 20527 },
	{ "2026-03-15T00:00:00Z", 20527 },
	{ "2026-03-15T23:59:59Z", 20527 },
	{ "2026-03-15T10:20:30+02:00", 20527 },
	{ "2026-03-15T23:30:00-05:00", 20527 }, /* not moved to the 16th */
	{ "2026-03-15T00:30:00+14:00", 20527 }, /* not moved to the 14th */
	{ "2026-03-15T10:20:30+00:00", 20527 },
	{ "2026-03-15T10:20:30-00:00", 20527 },
	{ "2024-02-29T12:00:00Z", 19782 },
};

/* Rejected: impossible dates, other layouts, fractions, lower case. */
static const char *const bad_cases[] = {
	"2026-02-29",             /* 2026 is not a leap year */
	"2026-02-30",
	"1900-02-29",             /* divisible by 100, not 400 */
	"2100-02-29",
	"2026-04-31",
	"2026-06-31",
	"2026-09-31",
	"2026-11-31",
	"2026-01-32",
	"2026-13-01",
	"2026-00-10",
	"2026-01-00",
	"2026-3-15",
	"2026-03-5",
	"26-03-15",
	"20260315",
	"2026/03/15",
	"2026-03-15 ",
	" 2026-03-15",
	"2026-03-1x",
	"",
	"2026-03-15T10:20:30",         /* no zone */
	"2026-03-15T10:20:30.5Z",      /* fraction */
	"2026-03-15T10:20:30.000Z",
	"2026-03-15t10:20:30Z",        /* lower-case t */
	"2026-03-15T10:20:30z",        /* lower-case z */
	"2026-03-15 10:20:30Z",
	"2026-03-15T10:20Z",
	"2026-03-15T10:20:30+0200",
	"2026-03-15T10:20:30+02",
	"2026-03-15T10:20:30 +02:00",
	"2026-03-15T10:20:30Z ",
	"2026-03-15T10:20:30ZZ",
	"2026-03-15T25:00:00Z",
	"2026-03-15T10:60:00Z",
	"2026-03-15T1a:20:30Z",
	"2026-02-29T10:20:30Z",        /* bad date under a good time */
	"2026-03-15T",
};

/* Day differences (returns-formats(5): D - line date, in days). */
struct diff_case {
	const char *later, *earlier;
	int32_t days;
};

static const struct diff_case diff_cases[] = {
	{ "2024-03-01", "2024-02-28", 2 },   /* over a leap day */
	{ "2026-03-01", "2026-02-28", 1 },
	{ "2000-03-01", "2000-02-28", 2 },
	{ "2025-01-01", "2024-01-01", 366 },
	{ "2026-01-01", "2025-01-01", 365 },
	{ "2026-03-15", "2026-03-15", 0 },
	{ "2026-03-15", "2026-01-14", 60 },
	{ "2026-03-15T01:00:00+05:00", "2026-03-14T23:00:00-05:00", 1 },
	{ "2028-03-15", "2026-03-16", 730 },
	{ "2026-01-01", "2026-12-31", -364 },
};

/* rk_days_from_civil without validation, and its inverse. */
struct civil_case {
	int y, m, d;
	int32_t days;
	const char *text;
};

static const struct civil_case civil_cases[] = {
	{ 1970, 1, 1, 0, "1970-01-01" },
	{ 1900, 2, 28, -25509, "1900-02-28" },
	{ 1900, 3, 1, -25508, "1900-03-01" },
	{ 2000, 2, 29, 11016, "2000-02-29" },
	{ 2024, 12, 31, 20088, "2024-12-31" },
	{ 1600, 1, 1, -135140, "1600-01-01" },
	{ 9999, 12, 31, 2932896, "9999-12-31" },
	{ 1, 1, 1, -719162, "0001-01-01" },
};

static int32_t
parse(const char *s)
{
	int32_t d = INT32_MIN;

	if (rk_date_parse(s, strlen(s), &d) != 0)
		printf("# could not parse '%s'\n", s);
	return d;
}

int
main(void)
{
	char out[16];

	for (size_t i = 0; i < RK_ARRAY_LEN(good_cases); i++) {
		const struct good_case *c = &good_cases[i];
		int32_t d = INT32_MIN;

		is_int(rk_date_parse(c->in, strlen(c->in), &d), 0,
		    "'%s' is a date", c->in);
		is_int(d, c->days, "'%s' is day %ld", c->in, (long)c->days);
		/* what is written back is the literal date prefix */
		is_int(rk_date_format(d, out), 10, "format of '%s' is 10 bytes",
		    c->in);
		ok(memcmp(out, c->in, 10) == 0 && out[10] == '\0',
		    "'%s' is written back as '%.10s'", c->in, c->in);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(bad_cases); i++) {
		int32_t d = 12345;

		is_int(rk_date_parse(bad_cases[i], strlen(bad_cases[i]), &d), -1,
		    "'%s' is not a date", bad_cases[i]);
		is_int(d, 12345, "'%s' leaves the output alone", bad_cases[i]);
	}

	/* the length given counts, not a NUL: "2026-03-15" inside a longer buffer */
	{
		int32_t d = 0;

		is_int(rk_date_parse("2026-03-15XYZ", 10, &d), 0,
		    "a 10-byte prefix of a longer buffer parses");
		is_int(d, 20527, "... as 2026-03-15");
		is_int(rk_date_parse("2026-03-15T10:20:30Z", 19, &d), -1,
		    "a timestamp cut before its zone is rejected");
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(diff_cases); i++) {
		const struct diff_case *c = &diff_cases[i];

		is_int(parse(c->later) - parse(c->earlier), c->days,
		    "%s - %s = %ld days", c->later, c->earlier, (long)c->days);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(civil_cases); i++) {
		const struct civil_case *c = &civil_cases[i];
		int y = 0, m = 0, d = 0;

		is_int(rk_days_from_civil(c->y, c->m, c->d), c->days,
		    "rk_days_from_civil(%d, %d, %d)", c->y, c->m, c->d);
		rk_civil_from_days(c->days, &y, &m, &d);
		ok(y == c->y && m == c->m && d == c->d,
		    "rk_civil_from_days(%ld) = %d-%d-%d (got %d-%d-%d)",
		    (long)c->days, c->y, c->m, c->d, y, m, d);
		rk_date_format(c->days, out);
		is_str(out, c->text, "rk_date_format(%ld)", (long)c->days);
	}

	/* every day of 1900..2100 formats and parses back to itself */
	{
		int32_t first = rk_days_from_civil(1900, 1, 1);
		int32_t last = rk_days_from_civil(2100, 12, 31);
		long bad = 0, n = 0;

		for (int32_t d = first; d <= last; d++, n++) {
			int32_t back = INT32_MIN;

			if (rk_date_format(d, out) != 10 ||
			    rk_date_parse(out, 10, &back) != 0 || back != d)
				bad++;
		}
		is_int(n, 73414, "1900-01-01 .. 2100-12-31 is 73414 days");
		is_int(bad, 0, "each of them round-trips through format and parse");
	}

	/* today is a plausible day: after 2024-01-01, before 2200-01-01 */
	{
		int32_t t = rk_date_today();

		ok(t > 19723 && t < rk_days_from_civil(2200, 1, 1),
		    "rk_date_today() = %ld", (long)t);
	}
	return done_testing();
}
