/*
 * field.c - fuzz target: the field syntax of returns-formats(5), FIELD
 * SYNTAX: ids, text, integers and quantities, money, percentages, totals,
 * currencies and dates (rk_check_kind), and the decimal arithmetic
 * behind amounts.
 *
 * The first byte chooses the kind (value modulo 9), the decimal
 * separator the input allows ('.' or ','), whether the value was a JSON
 * number, and what the row check already knew of the bytes; the rest is
 * the value.  Each accepted value is checked against the rule in the man
 * page, written again here independently: it is written back exactly as
 * read, a JSON number is rounded to six fraction digits as an exact
 * decimal would be, a date is a real day of the Gregorian calendar (as
 * timegm(3) counts them).
 */
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "rk/date.h"
#include "rk/field.h"
#include "rk/money.h"

static const enum rk_code bad_code[] = {
	[RK_K_ID] = RK_BAD_ID, [RK_K_TEXT] = RK_BAD_TEXT,
	[RK_K_INT] = RK_BAD_INTEGER, [RK_K_QTY] = RK_BAD_QTY,
	[RK_K_MONEY] = RK_BAD_MONEY, [RK_K_PCT] = RK_BAD_PERCENT,
	[RK_K_CUR] = RK_BAD_CURRENCY, [RK_K_DATE] = RK_BAD_DATE,
	[RK_K_TOTAL] = RK_BAD_MONEY,
};

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A JSON number literal (RFC 8259) as money, computed on its digits: the
 * value in millionths, rounded half away from zero; -1 when negative,
 * when its integer part has more than 12 digits, or when it is not a
 * JSON number (*json 0).
 */
static int
ref_json_money(const char *p, size_t n, int64_t *v, int *json)
{
	char m[256];
	size_t i = 0, nm = 0;
	long exp = 0, scale;
	int esign = 1, lead = 1;

	*json = 0;
	if (i < n && p[i] == '-')
		return -1;
	if (i < n && p[i] == '0')
		i++;
	else if (i < n && p[i] >= '1' && p[i] <= '9')
		while (i < n && isdig(p[i]))
			if (nm < sizeof(m))
				m[nm++] = p[i++];
			else
				return -1;
	else
		return -1;
	scale = 0;
	if (i < n && p[i] == '.') {
		if (++i == n || !isdig(p[i]))
			return -1;
		while (i < n && isdig(p[i])) {
			if (nm == sizeof(m))
				return -1;
			m[nm++] = p[i++];
			scale--;
		}
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			esign = p[i++] == '-' ? -1 : 1;
		if (i == n || !isdig(p[i]))
			return -1;
		while (i < n && isdig(p[i]))
			exp = exp < 10000000 ? exp * 10 + (p[i++] - '0') : (i++, exp);
	}
	if (i != n)
		return -1;
	*json = 1;
	/* value = m x 10^(scale + exp); in millionths: 10^(scale + exp + 6) */
	scale += esign * exp + 6;
	{
		__int128 x = 0;
		size_t keep = nm;

		if (scale < 0)
			keep = (long)nm + scale > 0 ? (size_t)((long)nm + scale) : 0;
		for (size_t k = 0; k < keep; k++) {
			if (lead && m[k] == '0')
				continue;
			lead = 0;
			x = x * 10 + (m[k] - '0');
			if (x > (__int128)999999999999999999LL)
				return -1;
		}
		if (scale < 0 && keep < nm && (long)nm + scale >= 0 &&
		    m[keep] >= '5')
			x++;
		for (long k = 0; k < scale && x; k++) {
			x *= 10;
			if (x > (__int128)999999999999999999LL)
				return -1;
		}
		if (x > (__int128)999999999999999999LL)
			return -1;
		*v = (int64_t)x;
	}
	return 0;
}

/* A decimal written back must be the bytes read. */
static void
check_written_back(const char *what, const struct rk_dec *d, char dp,
    const char *p, size_t n)
{
	char out[64];
	size_t len = rk_dec_format(d, dp, out);

	if (len != n || memcmp(out, p, n) != 0)
		fz_fail("%s '%.*s' is written back as '%s'", what, (int)n, p, out);
}

static void
check_money(const struct rk_fv *v, int json_num)
{
	struct rk_dec back;
	char out[64];
	int64_t ref;
	int json;

	if (!json_num) {
		check_written_back("money", &v->d, memchr(v->p, ',', v->n) ? ',' :
		    '.', v->p, v->n);
		return;
	}
	/* written back, a JSON number reads as the same value */
	rk_dec_format(&v->d, '.', out);
	if (rk_dec_parse(out, strlen(out), '.', 12, 6, &back) != 0 ||
	    back.v != v->d.v)
		fz_fail("the JSON number '%.*s' is written as '%s', which does "
		    "not read back", (int)v->n, v->p, out);
	if (ref_json_money(v->p, v->n, &ref, &json) == 0) {
		if (ref != v->d.v)
			fz_fail("the JSON number '%.*s' is %lld millionths, not %lld",
			    (int)v->n, v->p, (long long)ref, (long long)v->d.v);
	} else if (json) {
		fz_fail("the JSON number '%.*s' was taken as money", (int)v->n,
		    v->p);
	}
}

static void
check_refused_json_money(const char *p, size_t n)
{
	int64_t ref;
	int json;

	if (ref_json_money(p, n, &ref, &json) == 0)
		fz_fail("the JSON number '%.*s' (%lld millionths) was refused as "
		    "money", (int)n, p, (long long)ref);
}

static void
check_date(const struct rk_fv *v)
{
	char out[16];
	struct tm tm = { 0 };
	time_t t;

	if (rk_date_format(v->date, out) != 10 || memcmp(out, v->p, 10) != 0)
		fz_fail("the date '%.*s' is written back as '%s'", (int)v->n, v->p,
		    out);
	tm.tm_year = (v->p[0] - '0') * 1000 + (v->p[1] - '0') * 100 +
	    (v->p[2] - '0') * 10 + (v->p[3] - '0') - 1900;
	tm.tm_mon = (v->p[5] - '0') * 10 + (v->p[6] - '0') - 1;
	tm.tm_mday = (v->p[8] - '0') * 10 + (v->p[9] - '0');
	t = timegm(&tm);
	if (tm.tm_mon != (v->p[5] - '0') * 10 + (v->p[6] - '0') - 1 ||
	    tm.tm_mday != (v->p[8] - '0') * 10 + (v->p[9] - '0'))
		fz_fail("'%.*s' is not a real date", (int)v->n, v->p);
	if (t / 86400 - (t % 86400 < 0) != v->date)
		fz_fail("'%.*s' is day %d, not %lld", (int)v->n, v->p, v->date,
		    (long long)(t / 86400));
}

static void
check_count(const struct rk_fv *v)
{
	char out[24];
	size_t i = 0, len;

	while (i + 1 < v->n && v->p[i] == '0')
		i++;
	len = rk_utoa((uint64_t)v->i, out);
	if (v->i < 1 || v->i > RK_INT_MAX || len != v->n - i ||
	    memcmp(out, v->p + i, len) != 0)
		fz_fail("the count '%.*s' is read as %lld", (int)v->n, v->p,
		    (long long)v->i);
}

/* The properties of a value the check accepted. */
static void
check_accepted(enum rk_kind k, const struct rk_fv *v, int json_num)
{
	const unsigned char *s = (const unsigned char *)v->p;

	switch (k) {
	case RK_K_ID:
		if (v->n < 1 || v->n > RK_ID_MAX || s[0] == ' ' ||
		    s[v->n - 1] == ' ' || !rk_utf8_valid(v->p, v->n))
			fz_fail("the id '%.*s' was accepted", (int)v->n, v->p);
		fz_check_message(NULL, v->p, v->n);
		break;
	case RK_K_TEXT:
		if (v->n > RK_TEXT_MAX || memchr(v->p, 0, v->n) ||
		    !rk_utf8_valid(v->p, v->n))
			fz_fail("the text '%.*s' was accepted", (int)v->n, v->p);
		break;
	case RK_K_INT:
	case RK_K_QTY:
		check_count(v);
		break;
	case RK_K_MONEY:
		check_money(v, json_num);
		break;
	case RK_K_PCT:
		if (v->d.v > 100 * RK_DEC_ONE || v->d.frac > 4)
			fz_fail("the percentage '%.*s' was accepted", (int)v->n, v->p);
		check_written_back("percentage", &v->d, memchr(v->p, ',', v->n) ?
		    ',' : '.', v->p, v->n);
		break;
	case RK_K_CUR:
		if (v->n != 3 || memcmp(rk_currency_code(v->cur), v->p, 3) != 0 ||
		    rk_currency_minor(v->cur) < 0 || rk_currency_minor(v->cur) > 4)
			fz_fail("the currency '%.*s' was accepted", (int)v->n, v->p);
		break;
	case RK_K_DATE:
		check_date(v);
		break;
	case RK_K_TOTAL:
		break;
	}
}

/* Amounts from an accepted price: no overflow, exact when it fits. */
static void
check_amounts(const struct rk_fv *price, int64_t qty)
{
	char out[64];
	int64_t amount;

	for (int minor = 0; minor <= 4; minor++) {
		if (rk_money_mul(qty, &price->d, minor, &amount) != 0)
			continue;
		rk_amount_format(amount, minor, '.', out);
		rk_amount_format(-amount, minor, ',', out);
		(void)rk_money_pct(amount, &price->d);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum rk_kind k;
	char dp;
	int json_num, known, rc, again;
	struct rk_fv v, w;
	const char *p;
	size_t n;
	char shown[128];

	if (size == 0)
		return 0;
	k = (enum rk_kind)(data[0] % 9);
	dp = data[0] / 9 % 2 ? ',' : '.';
	json_num = data[0] / 18 % 2;
	known = data[0] / 36 % 3;
	p = (const char *)data + 1;
	n = size - 1;
	if (known == RK_KNOWN_UTF8 && !rk_utf8_valid(p, n))
		known = RK_KNOWN_NOTHING;
	if (known == RK_KNOWN_PRINTABLE && !fz_printable(p, n))
		known = RK_KNOWN_NOTHING;
	memset(&v, 0, sizeof(v));
	rc = rk_check_kind(k, p, n, dp, json_num, known, &v);
	if (rc != RK_OK && rc != (int)bad_code[k])
		fz_fail("kind %d answered %s", (int)k, rk_code_name(rc));
	memset(&w, 0, sizeof(w));
	again = rk_check_kind(k, p, n, dp, json_num, RK_KNOWN_NOTHING, &w);
	if (again != rc)
		fz_fail("kind %d: %s when the bytes were known, %s otherwise",
		    (int)k, rk_code_name(rc), rk_code_name(again));
	if (rc == RK_OK)
		check_accepted(k, &v, json_num);
	else if (k == RK_K_MONEY && json_num)
		check_refused_json_money(p, n);
	if (rc == RK_OK && k == RK_K_MONEY)
		check_amounts(&v, n % 1000000000 + 1);
	/* the rendering of untrusted bytes for messages */
	rk_show(shown, sizeof(shown), p, n);
	fz_check_message(NULL, shown, strlen(shown));
	if (rk_utf8_valid(p, n) != (rk_utf8_invalid_at(p, n) == n))
		fz_fail("rk_utf8_valid and rk_utf8_invalid_at disagree");
	return 0;
}
