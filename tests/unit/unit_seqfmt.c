/*
 * unit_seqfmt.c - RMA and credit note number formats (returns-formats(5)): {seq},
 * {seq:N} zero-padded to N digits, {yyyy} and {mm} of --as-of, any other
 * text literal; numbering continues from ids that match the format.
 */
#include <stdint.h>
#include <string.h>

#include "rk/date.h"
#include "rk/seqfmt.h"
#include "rk/util.h"

#include "tap.h"

/* A format is valid when it has {seq} or {seq:N}. */
struct valid_case {
	const char *fmt;
	int valid;
};

static const struct valid_case valid_cases[] = {
	{ "RMA{seq:06}", 1 },
	{ "CN{yyyy}-{seq:06}", 1 },
	{ "{seq}", 1 },
	{ "R{seq:1}", 1 },
	{ "{foo}{seq}", 1 },
	{ "{seq}-{yyyy}", 1 },
	{ "", 0 },
	{ "RMA", 0 },
	{ "RMA{yyyy}{mm}", 0 },
	{ "{SEQ}", 0 },
	{ "{seq:}", 0 },
	{ "{seq:x}", 0 },
	{ "{seq", 0 },
	{ "seq", 0 },
	{ "{ seq }", 0 },
};

/* rk_seqfmt_make: the id of a sequence number on a day. */
struct make_case {
	const char *fmt;
	int y, m, d;         /* --as-of */
	uint64_t seq;
	const char *want;
};

static const struct make_case make_cases[] = {
	{ "RMA{seq:06}", 2026, 3, 15, 1, "RMA000001" },
	{ "RMA{seq:06}", 2026, 3, 15, 42, "RMA000042" },
	{ "RMA{seq:06}", 2026, 3, 15, 999999, "RMA999999" },
	/* more digits than the width: not cut */
	{ "RMA{seq:06}", 2026, 3, 15, 1234567, "RMA1234567" },
	{ "CN{yyyy}-{seq:06}", 2026, 3, 15, 42, "CN2026-000042" },
	{ "CN{yyyy}-{seq:06}", 1999, 12, 31, 1, "CN1999-000001" },
	{ "{seq}", 2026, 3, 15, 7, "7" },
	{ "{seq}", 2026, 3, 15, 1000000000, "1000000000" },
	{ "R{yyyy}{mm}-{seq:3}", 2026, 3, 15, 5, "R202603-005" },
	{ "R{mm}/{seq:2}", 2026, 11, 1, 5, "R11/05" },
	/* unknown braces are literal text */
	{ "{foo}{seq}", 2026, 3, 15, 3, "{foo}3" },
	{ "{seq:}{seq}", 2026, 3, 15, 3, "{seq:}3" },
	{ "{{seq}}", 2026, 3, 15, 3, "{3}" },
	{ "A{yyyy", 2026, 3, 15, 3, "A{yyyy" },
	{ "{seq:1}", 2026, 3, 15, 0, "0" },
};

/*
 * rk_seqfmt_match: does an existing id have the shape of the format, and
 * with which sequence number?  {yyyy}/{mm} match any digits, so
 * numbering never restarts with the year.
 */
struct match_case {
	const char *fmt;
	const char *id;
	int match;
	uint64_t seq;
};

static const struct match_case match_cases[] = {
	{ "RMA{seq:06}", "RMA000042", 1, 42 },
	{ "RMA{seq:06}", "RMA000001", 1, 1 },
	{ "RMA{seq:06}", "RMA999999", 1, 999999 },
	{ "RMA{seq:06}", "RMA1234567", 1, 1234567 },
	{ "RMA{seq:06}", "RMA0001234567", 1, 1234567 },
	{ "RMA{seq:06}", "RMA00042", 0, 0 },     /* fewer digits than the width */
	{ "RMA{seq:06}", "RMA", 0, 0 },
	{ "RMA{seq:06}", "RMB000042", 0, 0 },
	{ "RMA{seq:06}", "rma000042", 0, 0 },
	{ "RMA{seq:06}", "RMA000042X", 0, 0 },
	{ "RMA{seq:06}", "XRMA000042", 0, 0 },
	{ "RMA{seq:06}", "RMA-00042", 0, 0 },
	{ "RMA{seq:06}", "RMA 000042", 0, 0 },
	{ "RMA{seq:06}", "", 0, 0 },
	{ "CN{yyyy}-{seq:06}", "CN2026-000107", 1, 107 },
	{ "CN{yyyy}-{seq:06}", "CN2019-000107", 1, 107 },
	{ "CN{yyyy}-{seq:06}", "CN2026-1000000", 1, 1000000 },
	{ "CN{yyyy}-{seq:06}", "CN26-000107", 0, 0 },
	{ "CN{yyyy}-{seq:06}", "CN20261-000107", 0, 0 },
	{ "CN{yyyy}-{seq:06}", "CN2026000107", 0, 0 },
	{ "CN{yyyy}-{seq:06}", "CNabcd-000107", 0, 0 },
	{ "R{yyyy}{mm}-{seq}", "R202603-5", 1, 5 },
	{ "R{yyyy}{mm}-{seq}", "R20263-5", 0, 0 },
	{ "{seq}", "123", 1, 123 },
	{ "{seq}", "007", 1, 7 },
	{ "{seq}", "0", 1, 0 },
	{ "{seq}", "", 0, 0 },
	{ "{seq}", "12a", 0, 0 },
	{ "{seq}", "a12", 0, 0 },
	{ "{seq}", "-12", 0, 0 },
	{ "{foo}{seq}", "{foo}9", 1, 9 },
	{ "{foo}{seq}", "9", 0, 0 },
	{ "{foo}{seq}", "{bar}9", 0, 0 },
	{ "{seq:}{seq}", "{seq:}12", 1, 12 },
	/* digits that follow {seq} in the format are not part of the number */
	{ "{seq}0", "1230", 1, 123 },
	{ "{seq}-{yyyy}", "17-2026", 1, 17 },
	/* {seq:20} makes 20 digits; they are read back (numbering went on
	 * from 1 every run before) */
	{ "R{seq:20}", "R00000000000000000001", 1, 1 },
	{ "R{seq:20}", "R10000000000000000000", 1, 10000000000000000000ULL },
	{ "R{seq:20}", "R0000000000000000001", 0, 0 },
	{ "{seq}", "18446744073709551615", 1, 18446744073709551615ULL },
	{ "{seq}", "18446744073709551616", 0, 0 },
};

int
main(void)
{
	char out[64];

	for (size_t i = 0; i < RK_ARRAY_LEN(valid_cases); i++)
		is_int(rk_seqfmt_valid(valid_cases[i].fmt), valid_cases[i].valid,
		    "rk_seqfmt_valid('%s')", valid_cases[i].fmt);

	for (size_t i = 0; i < RK_ARRAY_LEN(make_cases); i++) {
		const struct make_case *c = &make_cases[i];
		int32_t as_of = rk_days_from_civil(c->y, c->m, c->d);
		size_t n = rk_seqfmt_make(c->fmt, as_of, c->seq, out, sizeof(out));

		is_str(out, c->want, "rk_seqfmt_make('%s', %04d-%02d-%02d, %llu)",
		    c->fmt, c->y, c->m, c->d, (unsigned long long)c->seq);
		is_int(n, strlen(c->want), "... length");
	}

	/* an id that does not fit the buffer is 0 */
	{
		int32_t as_of = rk_days_from_civil(2026, 3, 15);

		is_int(rk_seqfmt_make("RMA{seq:06}", as_of, 1, out, 10), 9,
		    "RMA000001 fits 10 bytes");
		is_str(out, "RMA000001", "... and is written");
		is_int(rk_seqfmt_make("RMA{seq:06}", as_of, 1, out, 9), 0,
		    "RMA000001 does not fit 9 bytes");
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(match_cases); i++) {
		const struct match_case *c = &match_cases[i];
		uint64_t seq = 424242;
		int m = rk_seqfmt_match(c->fmt, c->id, strlen(c->id), &seq);

		is_int(m, c->match, "rk_seqfmt_match('%s', '%s') = %d", c->fmt,
		    c->id, c->match);
		is_int(seq, c->match ? c->seq : 424242, "... seq %llu",
		    (unsigned long long)(c->match ? c->seq : 424242));
	}

	/* make then match gives the number back, for every format above */
	{
		int32_t as_of = rk_days_from_civil(2026, 3, 15);
		int bad = 0;

		for (size_t i = 0; i < RK_ARRAY_LEN(valid_cases); i++) {
			const char *fmt = valid_cases[i].fmt;

			if (!valid_cases[i].valid)
				continue;
			for (uint64_t s = 1; s < 2000000; s = s * 3 + 1) {
				uint64_t back = 0;
				size_t n = rk_seqfmt_make(fmt, as_of, s, out,
				    sizeof(out));

				if (n == 0 || !rk_seqfmt_match(fmt, out, n, &back) ||
				    back != s)
					bad++;
			}
		}
		is_int(bad, 0, "every id made is matched with its number");
	}
	return done_testing();
}
