/*
 * unit_field.c - the field syntax of returns-formats(5) and the reject code names
 * of returns-formats(5).
 */
#include <stdint.h>
#include <string.h>

#include "rk/field.h"
#include "rk/util.h"

#include "tap.h"

/* A byte string with an explicit length (values may hold NUL). */
#define B(s) s, sizeof(s) - 1

/* Strict UTF-8 (RFC 3629): no overlong forms, surrogates, > U+10FFFF. */
struct utf8_case {
	const char *name;
	const char *p;
	size_t n;
	int valid;
};

static const struct utf8_case utf8_cases[] = {
	{ "empty", B(""), 1 },
	{ "ASCII", B("abc"), 1 },
	{ "NUL is a valid character", B("a\0b"), 1 },
	{ "U+00E9 (2 bytes)", B("\xc3\xa9"), 1 },
	{ "U+0080, lowest 2-byte", B("\xc2\x80"), 1 },
	{ "U+20AC (3 bytes)", B("\xe2\x82\xac"), 1 },
	{ "U+0800, lowest 3-byte", B("\xe0\xa0\x80"), 1 },
	{ "U+D7FF, below the surrogates", B("\xed\x9f\xbf"), 1 },
	{ "U+E000, above the surrogates", B("\xee\x80\x80"), 1 },
	{ "U+FFFF", B("\xef\xbf\xbf"), 1 },
	{ "U+1D11E (4 bytes)", B("\xf0\x9d\x84\x9e"), 1 },
	{ "U+10000, lowest 4-byte", B("\xf0\x90\x80\x80"), 1 },
	{ "U+10FFFF, the last", B("\xf4\x8f\xbf\xbf"), 1 },
	{ "long ASCII then U+00E9", B("abcdefghijklmnop\xc3\xa9"), 1 },
	{ "overlong NUL C0 80", B("\xc0\x80"), 0 },
	{ "overlong C1 BF", B("\xc1\xbf"), 0 },
	{ "overlong 3-byte E0 80 80", B("\xe0\x80\x80"), 0 },
	{ "overlong 3-byte E0 9F BF", B("\xe0\x9f\xbf"), 0 },
	{ "overlong 4-byte F0 80 80 80", B("\xf0\x80\x80\x80"), 0 },
	{ "overlong 4-byte F0 8F BF BF", B("\xf0\x8f\xbf\xbf"), 0 },
	{ "surrogate U+D800", B("\xed\xa0\x80"), 0 },
	{ "surrogate U+DFFF", B("\xed\xbf\xbf"), 0 },
	{ "U+110000", B("\xf4\x90\x80\x80"), 0 },
	{ "F5 lead byte", B("\xf5\x80\x80\x80"), 0 },
	{ "F8 lead byte", B("\xf8\x88\x80\x80\x80"), 0 },
	{ "FE", B("\xfe"), 0 },
	{ "FF", B("\xff"), 0 },
	{ "lone continuation byte", B("a\x80"), 0 },
	{ "truncated 2-byte", B("\xc3"), 0 },
	{ "truncated 3-byte", B("\xe2\x82"), 0 },
	{ "truncated 4-byte", B("\xf0\x9d\x84"), 0 },
	{ "2-byte lead then ASCII", B("\xc3" "A"), 0 },
	{ "3-byte lead, bad third byte", B("\xe2\x82" "A"), 0 },
	{ "4-byte lead, bad fourth byte", B("\xf0\x9d\x84" "A"), 0 },
	{ "Latin-1 e-acute", B("caf\xe9"), 0 },
	{ "truncated after 8 ASCII bytes", B("abcdefgh\xc3"), 0 },
	{ "truncated after 16 ASCII bytes", B("abcdefghijklmnop\xe2\x82"), 0 },
};

/*
 * id: 1-64 bytes of valid UTF-8, no leading or trailing U+0020, nothing
 * in U+0000-U+001F or U+007F-U+009F.
 */
struct id_case {
	const char *name;
	const char *p;
	size_t n;
	enum rk_code want;
};

#define A64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define E32 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" \
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" \
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" \
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"

static const struct id_case id_cases[] = {
	{ "plain", B("SKU-1"), RK_OK },
	{ "one byte", B("A"), RK_OK },
	{ "64 bytes", B(A64), RK_OK },
	{ "65 bytes", B(A64 "a"), RK_BAD_ID },
	{ "64 bytes of U+00E9", B(E32), RK_OK },
	{ "66 bytes of U+00E9", B(E32 "\xc3\xa9"), RK_BAD_ID },
	{ "empty", B(""), RK_BAD_ID },
	{ "inner space", B("A B"), RK_OK },
	{ "leading space", B(" AB"), RK_BAD_ID },
	{ "trailing space", B("AB "), RK_BAD_ID },
	{ "only a space", B(" "), RK_BAD_ID },
	{ "NUL", B("A\0B"), RK_BAD_ID },
	{ "tab", B("A\tB"), RK_BAD_ID },
	{ "LF", B("A\nB"), RK_BAD_ID },
	{ "CR", B("AB\r"), RK_BAD_ID },
	{ "U+001F", B("A\x1f" "B"), RK_BAD_ID },
	{ "DEL U+007F", B("A\x7f" "B"), RK_BAD_ID },
	{ "U+0080 (C2 80)", B("A\xc2\x80" "B"), RK_BAD_ID },
	{ "U+0085 NEL (C2 85)", B("A\xc2\x85" "B"), RK_BAD_ID },
	{ "U+009F (C2 9F)", B("A\xc2\x9f"), RK_BAD_ID },
	{ "U+00A0 no-break space", B("A\xc2\xa0" "B"), RK_OK },
	{ "leading U+00A0", B("\xc2\xa0" "B"), RK_OK },
	{ "U+2028 line separator", B("A\xe2\x80\xa8" "B"), RK_OK },
	{ "U+00E9", B("Caf\xc3\xa9"), RK_OK },
	{ "invalid UTF-8", B("A\xff"), RK_BAD_ID },
	{ "overlong", B("A\xc0\xaf"), RK_BAD_ID },
	{ "surrogate", B("A\xed\xa0\x80"), RK_BAD_ID },
};

/* text: valid UTF-8, no NUL, at most 1000 bytes. */
struct text_case {
	const char *name;
	size_t fill;      /* this many 'x' bytes, or 0 to use p/n */
	const char *p;
	size_t n;
	enum rk_code want;
};

static const struct text_case text_cases[] = {
	{ "1000 bytes", 1000, NULL, 0, RK_OK },
	{ "1001 bytes", 1001, NULL, 0, RK_BAD_TEXT },
	{ "empty", 0, B(""), RK_OK },
	{ "plain", 0, B("Box dented, see photo"), RK_OK },
	{ "control characters other than NUL", 0, B("a\tb\nc\rd\x7f"), RK_OK },
	{ "edge spaces", 0, B("  a  "), RK_OK },
	{ "NUL", 0, B("a\0b"), RK_BAD_TEXT },
	{ "U+00E9", 0, B("caf\xc3\xa9"), RK_OK },
	{ "invalid UTF-8", 0, B("caf\xe9"), RK_BAD_TEXT },
	{ "surrogate", 0, B("\xed\xa0\x80"), RK_BAD_TEXT },
};

/* integer: digits only, 1 .. 1,000,000,000, leading zeros dropped. */
struct count_case {
	const char *in;
	int rc;
	int64_t v;
};

static const struct count_case count_cases[] = {
	{ "1", 0, 1 },
	{ "007", 0, 7 },
	{ "1000000000", 0, 1000000000 },
	{ "0001000000000", 0, 1000000000 },
	{ "00000000000000000001", 0, 1 },
	{ "999999999", 0, 999999999 },
	{ "0", -1, 0 },
	{ "000", -1, 0 },
	{ "1000000001", -1, 0 },
	{ "9999999999", -1, 0 },
	{ "99999999999999999999", -1, 0 },
	{ "-1", -1, 0 },
	{ "+1", -1, 0 },
	{ "3.0", -1, 0 },
	{ "1e3", -1, 0 },
	{ "", -1, 0 },
	{ " 1", -1, 0 },
	{ "1 ", -1, 0 },
	{ "1,000", -1, 0 },
	{ "0x10", -1, 0 },
};

/*
 * rk_check_kind for every kind.  `dp` says which decimal separators
 * money and percentages take: '.' only, or, when it is ',', ',' too (a
 * CSV input not delimited by ',', or --decimal-comma; returns-formats(5)).
 * `json` says the value was a JSON number.  For good values, `i`
 * (integers), `out` (money and percent written back with dp) and `cur`
 * (the currency code) say what was read; `out` is written with dp, as
 * the CSV writer does under --decimal-comma.
 */
struct kind_case {
	enum rk_kind kind;
	const char *p;
	size_t n;
	char dp;
	int json;
	enum rk_code want;
	int64_t i;
	const char *out;
};

static const struct kind_case kind_cases[] = {
	/* id */
	{ RK_K_ID, B("R-1"), '.', 0, RK_OK, 0, NULL },
	{ RK_K_ID, B(A64 "a"), '.', 0, RK_BAD_ID, 0, NULL },
	{ RK_K_ID, B(" R"), '.', 0, RK_BAD_ID, 0, NULL },
	{ RK_K_ID, B("R\xc2\x85"), '.', 0, RK_BAD_ID, 0, NULL },
	{ RK_K_ID, B("R\x7f"), '.', 0, RK_BAD_ID, 0, NULL },
	/* text */
	{ RK_K_TEXT, B("any note"), '.', 0, RK_OK, 0, NULL },
	{ RK_K_TEXT, B("a\0b"), '.', 0, RK_BAD_TEXT, 0, NULL },
	/* integer (bad_integer) and qty (bad_qty) */
	{ RK_K_INT, B("007"), '.', 0, RK_OK, 7, NULL },
	{ RK_K_INT, B("1000000000"), '.', 0, RK_OK, 1000000000, NULL },
	{ RK_K_INT, B("0"), '.', 0, RK_BAD_INTEGER, 0, NULL },
	{ RK_K_INT, B("1000000001"), '.', 0, RK_BAD_INTEGER, 0, NULL },
	{ RK_K_INT, B("3.0"), '.', 1, RK_BAD_INTEGER, 0, NULL },
	{ RK_K_QTY, B("3"), '.', 1, RK_OK, 3, NULL },
	{ RK_K_QTY, B("3.0"), '.', 1, RK_BAD_QTY, 0, NULL },
	{ RK_K_QTY, B("0"), '.', 0, RK_BAD_QTY, 0, NULL },
	{ RK_K_QTY, B("-1"), '.', 0, RK_BAD_QTY, 0, NULL },
	{ RK_K_QTY, B("1e2"), '.', 1, RK_BAD_QTY, 0, NULL },
	/* money: 1-12 integer digits, at most 6 fraction digits */
	{ RK_K_MONEY, B("12.50"), '.', 0, RK_OK, 0, "12.50" },
	{ RK_K_MONEY, B("0.123456"), '.', 0, RK_OK, 0, "0.123456" },
	{ RK_K_MONEY, B("999999999999.999999"), '.', 0, RK_OK, 0,
	  "999999999999.999999" },
	{ RK_K_MONEY, B("0.1234567"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1234567890123"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1e2"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1.5E2"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("-1.00"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("+1.00"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1,000.00"), '.', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("12,50"), '.', 0, RK_BAD_MONEY, 0, NULL },
	/*
	 * where ',' is allowed, '.' still is: no thousands separators exist,
	 * so one of either is always the decimal separator
	 */
	{ RK_K_MONEY, B("12,50"), ',', 0, RK_OK, 0, "12,50" },
	{ RK_K_MONEY, B("12.50"), ',', 0, RK_OK, 0, "12,50" },
	{ RK_K_MONEY, B("0,123456"), ',', 0, RK_OK, 0, "0,123456" },
	{ RK_K_MONEY, B("12"), ',', 0, RK_OK, 0, "12" },
	{ RK_K_MONEY, B("0,1234567"), ',', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1.000,50"), ',', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1,000.50"), ',', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1,000,50"), ',', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B(",50"), ',', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("12,"), ',', 0, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("-12,50"), ',', 0, RK_BAD_MONEY, 0, NULL },
	/* a JSON number: exact, rounded to 6 digits, plain notation */
	{ RK_K_MONEY, B("1.5e2"), '.', 1, RK_OK, 0, "150" },
	{ RK_K_MONEY, B("0.1234567"), '.', 1, RK_OK, 0, "0.123457" },
	{ RK_K_MONEY, B("12.50"), '.', 1, RK_OK, 0, "12.50" },
	{ RK_K_MONEY, B("12.50"), ',', 1, RK_OK, 0, "12,50" },
	{ RK_K_MONEY, B("-1.5"), '.', 1, RK_BAD_MONEY, 0, NULL },
	{ RK_K_MONEY, B("1e13"), '.', 1, RK_BAD_MONEY, 0, NULL },
	/* percent: at most 4 fraction digits, value <= 100 */
	{ RK_K_PCT, B("100"), '.', 0, RK_OK, 0, "100" },
	{ RK_K_PCT, B("100.0000"), '.', 0, RK_OK, 0, "100.0000" },
	{ RK_K_PCT, B("0"), '.', 0, RK_OK, 0, "0" },
	{ RK_K_PCT, B("25.1234"), '.', 0, RK_OK, 0, "25.1234" },
	{ RK_K_PCT, B("100.0001"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("101"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("25.12345"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("-1"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("1e1"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("25%"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("12,5"), '.', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("12,5"), ',', 0, RK_OK, 0, "12,5" },
	{ RK_K_PCT, B("12.5"), ',', 0, RK_OK, 0, "12,5" },
	{ RK_K_PCT, B("100,0000"), ',', 0, RK_OK, 0, "100,0000" },
	{ RK_K_PCT, B("100,0001"), ',', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("25,12345"), ',', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("2,5,0"), ',', 0, RK_BAD_PERCENT, 0, NULL },
	{ RK_K_PCT, B("12.5"), ',', 1, RK_OK, 0, "12,5" },
	/* currency: ISO 4217 with a minor unit, upper case */
	{ RK_K_CUR, B("EUR"), '.', 0, RK_OK, 0, "EUR" },
	{ RK_K_CUR, B("XCG"), '.', 0, RK_OK, 0, "XCG" },
	{ RK_K_CUR, B("eur"), '.', 0, RK_BAD_CURRENCY, 0, NULL },
	{ RK_K_CUR, B("XAU"), '.', 0, RK_BAD_CURRENCY, 0, NULL },
	{ RK_K_CUR, B("ANG"), '.', 0, RK_BAD_CURRENCY, 0, NULL },
	{ RK_K_CUR, B("EUR "), '.', 0, RK_BAD_CURRENCY, 0, NULL },
	/* date */
	{ RK_K_DATE, B("2024-02-29"), '.', 0, RK_OK, 19782, NULL },
	{ RK_K_DATE, B("2026-03-15T23:30:00-05:00"), '.', 0, RK_OK, 20527, NULL },
	{ RK_K_DATE, B("2026-02-29"), '.', 0, RK_BAD_DATE, 0, NULL },
	{ RK_K_DATE, B("2026-03-15T10:20:30.5Z"), '.', 0, RK_BAD_DATE, 0, NULL },
};

/* The reject codes as written in reject_code (returns-formats(5)). */
struct name_case {
	enum rk_code code;
	const char *name;
};

static const struct name_case name_cases[] = {
	{ RK_BAD_ID, "bad_id" },
	{ RK_BAD_TEXT, "bad_text" },
	{ RK_BAD_QTY, "bad_qty" },
	{ RK_BAD_INTEGER, "bad_integer" },
	{ RK_BAD_MONEY, "bad_money" },
	{ RK_BAD_PERCENT, "bad_percent" },
	{ RK_BAD_CURRENCY, "bad_currency" },
	{ RK_BAD_DATE, "bad_date" },
	{ RK_MISSING_VALUE, "missing_value" },
	{ RK_INVALID_UTF8, "invalid_utf8" },
	{ RK_FIELD_COUNT, "field_count" },
	{ RK_BAD_VALUE, "bad_value" },
	{ RK_DUPLICATE_KEY, "duplicate_key" },
	{ RK_UNKNOWN_REASON, "unknown_reason" },
	{ RK_UNKNOWN_CONDITION, "unknown_condition" },
	{ RK_AMOUNT_OVERFLOW, "amount_overflow" },
};

static const char *const kind_names[] = {
	"id", "text", "integer", "qty", "money", "percent", "currency", "date"
};

int
main(void)
{
	static char big[1002];

	for (size_t i = 0; i < RK_ARRAY_LEN(utf8_cases); i++) {
		const struct utf8_case *c = &utf8_cases[i];

		is_int(rk_utf8_valid(c->p, c->n), c->valid, "UTF-8 %s: %s",
		    c->name, c->valid ? "valid" : "invalid");
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(id_cases); i++) {
		const struct id_case *c = &id_cases[i];

		is_str(rk_code_name(rk_check_id(c->p, c->n)),
		    rk_code_name(c->want), "rk_check_id: %s", c->name);
	}

	memset(big, 'x', sizeof(big));
	for (size_t i = 0; i < RK_ARRAY_LEN(text_cases); i++) {
		const struct text_case *c = &text_cases[i];
		const char *p = c->fill ? big : c->p;
		size_t n = c->fill ? c->fill : c->n;

		is_str(rk_code_name(rk_check_text(p, n)), rk_code_name(c->want),
		    "rk_check_text: %s", c->name);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(count_cases); i++) {
		const struct count_case *c = &count_cases[i];
		int64_t v = -7;
		int rc = rk_parse_count(c->in, strlen(c->in), &v);

		is_int(rc, c->rc, "rk_parse_count('%s') returns %d", c->in, c->rc);
		if (c->rc == 0)
			is_int(v, c->v, "rk_parse_count('%s') = %lld", c->in,
			    (long long)c->v);
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(kind_cases); i++) {
		const struct kind_case *c = &kind_cases[i];
		struct rk_fv fv;
		enum rk_code got;
		char out[64];

		memset(&fv, 0, sizeof(fv));
		got = rk_check_kind(c->kind, c->p, c->n, c->dp, c->json,
		    RK_KNOWN_NOTHING, &fv);
		is_str(rk_code_name(got), rk_code_name(c->want),
		    "%s '%.*s' (dp '%c'%s)", kind_names[c->kind], (int)c->n, c->p,
		    c->dp, c->json ? ", JSON number" : "");
		if (c->want != RK_OK || got != RK_OK)
			continue;
		switch (c->kind) {
		case RK_K_INT:
		case RK_K_QTY:
			is_int(fv.i, c->i, "... reads %lld", (long long)c->i);
			break;
		case RK_K_DATE:
			is_int(fv.date, c->i, "... is day %lld", (long long)c->i);
			break;
		case RK_K_MONEY:
		case RK_K_PCT:
			rk_dec_format(&fv.d, c->dp, out);
			is_str(out, c->out, "... is written back as expected");
			break;
		case RK_K_CUR:
			ok(fv.cur >= 0, "... has a currency index");
			if (fv.cur >= 0)
				is_str(rk_currency_code(fv.cur), c->out,
				    "... which is that code");
			break;
		default:
			ok(fv.p == c->p && fv.n == c->n && fv.present == 1,
			    "... keeps its bytes");
			break;
		}
	}

	/*
	 * The shortcuts the row check takes must give the same answers: a
	 * row known to be valid UTF-8 still needs the control check, a
	 * printable-ASCII row still needs the length and space checks.
	 */
	{
		struct rk_fv fv;

		is_str(rk_code_name(rk_check_kind(RK_K_ID, B("R\xc2\x85"), '.', 0,
		    RK_KNOWN_UTF8, &fv)), "bad_id", "id U+0085, known UTF-8");
		is_str(rk_code_name(rk_check_kind(RK_K_ID, B("R\tS"), '.', 0,
		    RK_KNOWN_UTF8, &fv)), "bad_id", "id with a tab, known UTF-8");
		is_str(rk_code_name(rk_check_kind(RK_K_ID, B("R "), '.', 0,
		    RK_KNOWN_PRINTABLE, &fv)), "bad_id",
		    "id with a trailing space, known printable");
		is_str(rk_code_name(rk_check_kind(RK_K_ID, B(A64 "a"), '.', 0,
		    RK_KNOWN_PRINTABLE, &fv)), "bad_id", "65-byte id, known printable");
		is_str(rk_code_name(rk_check_kind(RK_K_TEXT, B("a\0b"), '.', 0,
		    RK_KNOWN_UTF8, &fv)), "bad_text", "text with NUL, known UTF-8");
		is_str(rk_code_name(rk_check_kind(RK_K_TEXT, big, 1001, '.', 0,
		    RK_KNOWN_PRINTABLE, &fv)), "bad_text",
		    "1001 bytes of text, known printable");
		is_str(rk_code_name(rk_check_kind(RK_K_TEXT, big, 1000, '.', 0,
		    RK_KNOWN_PRINTABLE, &fv)), "ok",
		    "1000 bytes of text, known printable");
	}

	for (size_t i = 0; i < RK_ARRAY_LEN(name_cases); i++)
		is_str(rk_code_name(name_cases[i].code), name_cases[i].name,
		    "reject code %d is '%s'", (int)name_cases[i].code,
		    name_cases[i].name);
	return done_testing();
}
