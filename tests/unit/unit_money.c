/*
 * unit_money.c - exact decimals, rounding and ISO 4217 minor units
 * (returns-formats(5) money/percent/currency rows, returns-formats(5)).
 */
#include <stdint.h>
#include <string.h>

#include "rk/money.h"
#include "rk/util.h"

#include "tap.h"

/*
 * rk_dec_parse: "digits[<dp>digits]", 1..max_int integer digits, at most
 * max_frac fraction digits, no sign, exponent or separator; the value is
 * kept in millionths and the text is written back exactly as it was read.
 */
struct parse_case {
	const char *in;
	char dp;
	int max_int, max_frac;
	int rc;
	int64_t v;      /* millionths, when rc == 0 */
	const char *out; /* rk_dec_format with the same dp */
};

static const struct parse_case parse_cases[] = {
	{ "12.50", '.', 12, 6, 0, 12500000, "12.50" },
	{ "0", '.', 12, 6, 0, 0, "0" },
	{ "0.000001", '.', 12, 6, 0, 1, "0.000001" },
	{ "007.5", '.', 12, 6, 0, 7500000, "007.5" },
	{ "12.500000", '.', 12, 6, 0, 12500000, "12.500000" },
	{ "999999999999", '.', 12, 6, 0, 999999999999000000LL, "999999999999" },
	{ "999999999999.999999", '.', 12, 6, 0, 999999999999999999LL,
	  "999999999999.999999" },
	{ "1,5", ',', 12, 6, 0, 1500000, "1,5" },
	{ "100.0000", '.', 12, 4, 0, 100000000, "100.0000" },
	/* 13 integer digits */
	{ "1234567890123", '.', 12, 6, -1, 0, NULL },
	/* more integer digits than max_int */
	{ "1000", '.', 3, 6, -1, 0, NULL },
	/* 7 fraction digits */
	{ "1.1234567", '.', 12, 6, -1, 0, NULL },
	/* 5 fraction digits where 4 are allowed */
	{ "1.12345", '.', 12, 4, -1, 0, NULL },
	{ "", '.', 12, 6, -1, 0, NULL },
	{ ".5", '.', 12, 6, -1, 0, NULL },
	{ "5.", '.', 12, 6, -1, 0, NULL },
	{ "-1", '.', 12, 6, -1, 0, NULL },
	{ "+1", '.', 12, 6, -1, 0, NULL },
	{ "1e2", '.', 12, 6, -1, 0, NULL },
	{ "1,000.00", '.', 12, 6, -1, 0, NULL },
	{ "1 000", '.', 12, 6, -1, 0, NULL },
	{ " 1", '.', 12, 6, -1, 0, NULL },
	{ "1 ", '.', 12, 6, -1, 0, NULL },
	/* the separator is the one asked for, not the other */
	{ "1.5", ',', 12, 6, -1, 0, NULL },
	{ "1,5", '.', 12, 6, -1, 0, NULL },
	{ "1.2.3", '.', 12, 6, -1, 0, NULL },
};

/*
 * rk_dec_parse_json: a JSON number as money is the exact decimal rounded
 * half away from zero to 6 fraction digits and written back in plain
 * notation; plain literals with at most 6 fraction digits keep theirs.
 */
struct json_case {
	const char *in;
	int rc;
	int64_t v;
	const char *out;
};

static const struct json_case json_cases[] = {
	{ "1.5e2", 0, 150000000, "150" },
	{ "1.5E+2", 0, 150000000, "150" },
	{ "1e2", 0, 100000000, "100" },
	{ "1.25e1", 0, 12500000, "12.5" },
	{ "125e-2", 0, 1250000, "1.25" },
	{ "0.1234567", 0, 123457, "0.123457" },
	{ "0.1234564", 0, 123456, "0.123456" },
	{ "0.0000005", 0, 1, "0.000001" },
	{ "5e-7", 0, 1, "0.000001" },
	{ "0.9999995", 0, 1000000, "1.000000" },
	{ "12.50", 0, 12500000, "12.50" },
	{ "3", 0, 3000000, "3" },
	{ "0.5", 0, 500000, "0.5" },
	{ "-1", -1, 0, NULL },
	{ "-0.5", -1, 0, NULL },
	/* 13 integer digits */
	{ "1e12", -1, 0, NULL },
	{ "1234567890123", -1, 0, NULL },
	/* rounds up to 13 integer digits */
	{ "999999999999.9999995", -1, 0, NULL },
	/* more significant digits than a millionth needs (70; refused before) */
	{ "0.3333333333333333333333333333333333333333333333333333333333333333333337",
	    0, 333333, "0.333333" },
	{ "1.0000004999999999999999999999999999999999999999999999999999999999999",
	    0, 1000000, "1.000000" },
	{ "", -1, 0, NULL },
	{ "1e", -1, 0, NULL },
	{ "abc", -1, 0, NULL },
};

/*
 * rk_money_mul: amount = round(qty * price) in minor units, half away
 * from zero; an exact product above 999,999,999,999.999999 is an
 * overflow (amount_overflow).
 */
struct mul_case {
	int64_t qty;
	const char *price;
	int minor;
	int rc;
	int64_t amount;
};

static const struct mul_case mul_cases[] = {
	{ 3, "12.50", 2, 0, 3750 },
	{ 1, "0.005", 2, 0, 1 },
	{ 1, "0.004999", 2, 0, 0 },
	{ 3, "0.015", 2, 0, 5 },        /* 0.045 -> 0.05 */
	{ 3, "416.5", 0, 0, 1250 },     /* JPY: 1249.5 -> 1250 */
	{ 1, "1.2505", 3, 0, 1251 },    /* KWD */
	{ 1, "1.2504", 3, 0, 1250 },
	{ 1, "0.00005", 4, 0, 1 },      /* CLF */
	{ 7, "0", 2, 0, 0 },
	{ 1000000000, "999.999999", 2, 0, 99999999900000LL },
	{ 1, "999999999999.999999", 2, 0, 100000000000000LL },
	{ 3, "333333333333.333333", 2, 0, 100000000000000LL },
	{ 3, "333333333333.333334", 2, -1, 0 },
	{ 1000000000, "1000", 2, -1, 0 },
	{ 1000000000, "999999999999.999999", 0, -1, 0 },
};

/* rk_money_pct: round(base * pct / 100), half away from zero. */
struct pct_case {
	int64_t base;
	const char *pct;
	int64_t want;
};

static const struct pct_case pct_cases[] = {
	{ 1000, "15", 150 },
	{ 333, "10", 33 },      /* 33.3 */
	{ 5, "10", 1 },         /* 0.5 -> 1 */
	{ -5, "10", -1 },       /* -0.5 -> -1 */
	{ 4, "10", 0 },         /* 0.4 */
	{ 12345, "52.25", 6450 }, /* 6450.2625 */
	{ 1, "50", 1 },
	{ 100, "0.0001", 0 },
	{ 5000, "0.01", 1 },    /* 0.5 */
	{ 123456789, "100", 123456789 },
	{ 123456789, "0", 0 },
	{ 999, "33.3333", 333 }, /* 332.9996... */
};

/* rk_amount_format: exactly `minor` fraction digits, sign for negatives. */
struct amt_case {
	int64_t amount;
	int minor;
	char dp;
	const char *want;
};

static const struct amt_case amt_cases[] = {
	{ 1250, 0, '.', "1250" },
	{ 1250, 3, '.', "1.250" },
	{ 0, 2, '.', "0.00" },
	{ 0, 0, '.', "0" },
	{ 5, 2, '.', "0.05" },
	{ -5, 2, '.', "-0.05" },
	{ -150, 2, '.', "-1.50" },
	{ 123456, 2, ',', "1234,56" },
	{ 1, 4, '.', "0.0001" },
	{ 100000000000000LL, 2, '.', "1000000000000.00" },
	{ INT64_MIN, 0, '.', "-9223372036854775808" },
};

/* rk_div_round: num/den rounded half away from zero. */
struct div_case {
	long long num, den, want;
};

static const struct div_case div_cases[] = {
	{ 5, 2, 3 }, { -5, 2, -3 }, { 4, 2, 2 }, { 7, 3, 2 }, { 8, 3, 3 },
	{ -7, 3, -2 }, { -8, 3, -3 }, { 0, 5, 0 }, { 1, 3, 0 }, { -1, 3, 0 },
	{ 149, 100, 1 }, { 150, 100, 2 }, { -150, 100, -2 }, { -149, 100, -1 },
	{ 1, 1, 1 },
};

/*
 * ISO 4217 List One, 2025 edition: codes with a numeric minor unit and
 * that unit; minor -1 means the code must not be found (no minor unit,
 * withdrawn, not upper case, not three letters).
 */
struct cur_case {
	const char *code;
	int minor;
};

static const struct cur_case cur_cases[] = {
	{ "EUR", 2 }, { "USD", 2 }, { "SEK", 2 }, { "GBP", 2 }, { "NOK", 2 },
	{ "JPY", 0 }, { "KRW", 0 }, { "ISK", 0 }, { "CLP", 0 }, { "VND", 0 },
	{ "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 }, { "LYD", 3 },
	{ "OMR", 3 }, { "TND", 3 },
	{ "CLF", 4 }, { "UYW", 4 },
	{ "XCG", 2 }, { "ZWG", 2 }, { "SLE", 2 }, { "VED", 2 }, { "VES", 2 },
	{ "UYI", 0 }, { "BIF", 0 }, { "XOF", 0 }, { "XAF", 0 }, { "XPF", 0 },
	{ "PYG", 0 }, { "UGX", 0 },
	{ "XAU", -1 }, { "XDR", -1 }, { "XTS", -1 }, { "XXX", -1 },
	{ "XAG", -1 }, { "XPT", -1 }, { "XPD", -1 }, { "XBA", -1 },
	{ "XBB", -1 }, { "XSU", -1 }, { "XUA", -1 },
	{ "ANG", -1 }, { "HRK", -1 }, { "CUC", -1 },
	{ "eur", -1 }, { "Eur", -1 }, { "jpy", -1 },
	{ "EU", -1 }, { "EURO", -1 }, { "", -1 }, { "E1R", -1 }, { "ABC", -1 },
};

static struct rk_dec
dec(const char *s)
{
	struct rk_dec d = { 0, 0, 0 };

	if (rk_dec_parse(s, strlen(s), '.', 12, 6, &d) != 0)
		printf("# bad test decimal '%s'\n", s);
	return d;
}

int
main(void)
{
	char out[64];

	for (size_t i = 0; i < RK_ARRAY_LEN(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct rk_dec d = { -7, 0, 0 };
		int rc = rk_dec_parse(c->in, strlen(c->in), c->dp, c->max_int,
		    c->max_frac, &d);

		is_int(rc, c->rc, "rk_dec_parse('%s', '%c', %d, %d) returns %d",
		    c->in, c->dp, c->max_int, c->max_frac, c->rc);
		if (c->rc != 0 || rc != 0)
			continue;
		is_int(d.v, c->v, "rk_dec_parse('%s') value", c->in);
		is_int(rk_dec_format(&d, c->dp, out), strlen(c->out),
		    "rk_dec_format('%s') length", c->in);
		is_str(out, c->out, "rk_dec_format('%s') round trip", c->in);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(json_cases); i++) {
		const struct json_case *c = &json_cases[i];
		struct rk_dec d = { -7, 0, 0 };
		int rc = rk_dec_parse_json(c->in, strlen(c->in), 12, &d);

		is_int(rc, c->rc, "rk_dec_parse_json('%s') returns %d", c->in,
		    c->rc);
		if (c->rc != 0 || rc != 0)
			continue;
		is_int(d.v, c->v, "rk_dec_parse_json('%s') value", c->in);
		rk_dec_format(&d, '.', out);
		is_str(out, c->out, "rk_dec_parse_json('%s') written", c->in);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(mul_cases); i++) {
		const struct mul_case *c = &mul_cases[i];
		struct rk_dec price = dec(c->price);
		int64_t amount = -7;
		int rc = rk_money_mul(c->qty, &price, c->minor, &amount);

		is_int(rc, c->rc, "rk_money_mul(%lld, %s, minor %d) returns %d",
		    (long long)c->qty, c->price, c->minor, c->rc);
		if (c->rc == 0)
			is_int(amount, c->amount, "rk_money_mul(%lld, %s, minor %d)",
			    (long long)c->qty, c->price, c->minor);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(pct_cases); i++) {
		const struct pct_case *c = &pct_cases[i];
		struct rk_dec pct = dec(c->pct);

		is_int(rk_money_pct(c->base, &pct), c->want,
		    "rk_money_pct(%lld, %s%%)", (long long)c->base, c->pct);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(amt_cases); i++) {
		const struct amt_case *c = &amt_cases[i];
		size_t n = rk_amount_format(c->amount, c->minor, c->dp, out);

		is_str(out, c->want, "rk_amount_format(%lld, %d, '%c')",
		    (long long)c->amount, c->minor, c->dp);
		is_int(n, strlen(c->want), "rk_amount_format(%lld) length",
		    (long long)c->amount);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(div_cases); i++)
		is_int(rk_div_round(div_cases[i].num, div_cases[i].den),
		    div_cases[i].want, "rk_div_round(%lld, %lld)",
		    div_cases[i].num, div_cases[i].den);

	/* rk_dec_cmp compares values, not how they were written */
	{
		struct rk_dec a = dec("1.50"), b = dec("001.5"), c = dec("1.5001");

		is_int(rk_dec_cmp(&a, &b), 0, "rk_dec_cmp(1.50, 001.5) == 0");
		ok(rk_dec_cmp(&a, &c) < 0, "rk_dec_cmp(1.50, 1.5001) < 0");
		ok(rk_dec_cmp(&c, &b) > 0, "rk_dec_cmp(1.5001, 001.5) > 0");
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(cur_cases); i++) {
		const char *code = cur_cases[i].code;
		int idx = rk_currency_find(code, strlen(code));

		if (cur_cases[i].minor < 0) {
			is_int(idx, -1, "currency '%s' is not accepted", code);
			continue;
		}
		ok(idx >= 0, "currency '%s' is found", code);
		if (idx < 0)
			continue;
		is_str(rk_currency_code(idx), code, "rk_currency_code of '%s'",
		    code);
		is_int(rk_currency_minor(idx), cur_cases[i].minor,
		    "minor unit of '%s'", code);
	}
	return done_testing();
}
