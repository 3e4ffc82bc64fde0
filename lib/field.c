#include <string.h>

#include "rk/date.h"
#include "rk/diag.h"
#include "rk/field.h"

static const char *const code_names[RK_NCODES] = {
	[RK_OK] = "ok",
	[RK_BAD_ID] = "bad_id",
	[RK_BAD_TEXT] = "bad_text",
	[RK_BAD_QTY] = "bad_qty",
	[RK_BAD_INTEGER] = "bad_integer",
	[RK_BAD_MONEY] = "bad_money",
	[RK_BAD_PERCENT] = "bad_percent",
	[RK_BAD_CURRENCY] = "bad_currency",
	[RK_BAD_DATE] = "bad_date",
	[RK_MISSING_VALUE] = "missing_value",
	[RK_INVALID_UTF8] = "invalid_utf8",
	[RK_FIELD_COUNT] = "field_count",
	[RK_BAD_VALUE] = "bad_value",
	[RK_DUPLICATE_KEY] = "duplicate_key",
	[RK_UNKNOWN_REASON] = "unknown_reason",
	[RK_UNKNOWN_CONDITION] = "unknown_condition",
	[RK_AMOUNT_OVERFLOW] = "amount_overflow",
};

const char *
rk_code_name(enum rk_code c)
{
	return (unsigned)c < RK_NCODES ? code_names[c] : "unknown";
}

/*
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF.  ASCII is checked eight bytes at a time.
 */
int
rk_utf8_valid(const char *vp, size_t n)
{
	return rk_utf8_invalid_at(vp, n) == n;
}

size_t
rk_utf8_invalid_at(const char *vp, size_t n)
{
	const unsigned char *s = (const unsigned char *)vp;
	size_t i = 0;

	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
		} else if (c >= 0xc2 && c <= 0xdf) {
			if (i + 1 >= n || (s[i + 1] & 0xc0) != 0x80)
				return i;
			i += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			if (i + 2 >= n || (s[i + 1] & 0xc0) != 0x80 ||
			    (s[i + 2] & 0xc0) != 0x80)
				return i;
			if (c == 0xe0 && s[i + 1] < 0xa0)
				return i; /* overlong */
			if (c == 0xed && s[i + 1] > 0x9f)
				return i; /* surrogate */
			i += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (i + 3 >= n || (s[i + 1] & 0xc0) != 0x80 ||
			    (s[i + 2] & 0xc0) != 0x80 || (s[i + 3] & 0xc0) != 0x80)
				return i;
			if (c == 0xf0 && s[i + 1] < 0x90)
				return i; /* overlong */
			if (c == 0xf4 && s[i + 1] > 0x8f)
				return i; /* above U+10FFFF */
			i += 4;
		} else {
			return i;
		}
	}
	return n;
}

/* The id rule on bytes already known to be valid UTF-8. */
static enum rk_code
check_id_bytes(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;

	if (n < 1 || n > RK_ID_MAX || s[0] == ' ' || s[n - 1] == ' ')
		return RK_BAD_ID;
	for (size_t i = 0; i < n; i++)
		if (rk_control_len(p + i, n - i))
			return RK_BAD_ID;
	return RK_OK;
}

enum rk_code
rk_check_id(const char *p, size_t n)
{
	if (check_id_bytes(p, n) != RK_OK || !rk_utf8_valid(p, n))
		return RK_BAD_ID;
	return RK_OK;
}

enum rk_code
rk_check_text(const char *p, size_t n)
{
	if (n > RK_TEXT_MAX || memchr(p, '\0', n) != NULL || !rk_utf8_valid(p, n))
		return RK_BAD_TEXT;
	return RK_OK;
}

int
rk_parse_count(const char *p, size_t n, int64_t *v)
{
	size_t i = 0;
	int64_t x = 0;

	if (n == 0)
		return -1;
	for (size_t k = 0; k < n; k++)
		if (p[k] < '0' || p[k] > '9')
			return -1;
	while (i < n && p[i] == '0')
		i++;
	if (n - i > 10)
		return -1;
	for (; i < n; i++)
		x = x * 10 + (p[i] - '0');
	if (x < 1 || x > RK_INT_MAX)
		return -1;
	*v = x;
	return 0;
}

/* digits[.digits]: 1-30 integer digits, 1-6 fraction digits. */
static int
total_syntax(const char *p, size_t n)
{
	size_t i = 0, f;

	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i == 0 || i > 30)
		return 0;
	if (i == n)
		return 1;
	if (p[i] != '.')
		return 0;
	for (f = ++i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		;
	return i == n && i > f && i - f <= 6;
}

enum rk_code
rk_check_kind(enum rk_kind k, const char *p, size_t n, char dp, int json_num,
    int known, struct rk_fv *out)
{
	out->p = p;
	out->n = n;
	out->present = 1;
	/* '.' is always a decimal separator; ',' too where dp says so */
	if ((k == RK_K_MONEY || k == RK_K_PCT) &&
	    (json_num || dp != ',' || memchr(p, ',', n) == NULL))
		dp = '.';
	switch (k) {
	case RK_K_ID:
		if (known == RK_KNOWN_PRINTABLE)
			return n >= 1 && n <= RK_ID_MAX && p[0] != ' ' &&
			    p[n - 1] != ' ' ? RK_OK : RK_BAD_ID;
		return known ? check_id_bytes(p, n) : rk_check_id(p, n);
	case RK_K_TEXT:
		if (known == RK_KNOWN_PRINTABLE)
			return n > RK_TEXT_MAX ? RK_BAD_TEXT : RK_OK;
		if (known)
			return n > RK_TEXT_MAX || memchr(p, '\0', n) ? RK_BAD_TEXT :
			    RK_OK;
		return rk_check_text(p, n);
	case RK_K_INT:
		return rk_parse_count(p, n, &out->i) ? RK_BAD_INTEGER : RK_OK;
	case RK_K_QTY:
		return rk_parse_count(p, n, &out->i) ? RK_BAD_QTY : RK_OK;
	case RK_K_MONEY:
		if (json_num)
			return rk_dec_parse_json(p, n, 12, &out->d) ? RK_BAD_MONEY : RK_OK;
		return rk_dec_parse(p, n, dp, 12, 6, &out->d) ? RK_BAD_MONEY : RK_OK;
	case RK_K_TOTAL:
		return total_syntax(p, n) ? RK_OK : RK_BAD_MONEY;
	case RK_K_PCT:
		if (rk_dec_parse(p, n, dp, 12, 4, &out->d) ||
		    out->d.v > 100 * RK_DEC_ONE)
			return RK_BAD_PERCENT;
		return RK_OK;
	case RK_K_CUR:
		out->cur = rk_currency_find(p, n);
		return out->cur < 0 ? RK_BAD_CURRENCY : RK_OK;
	case RK_K_DATE:
		return rk_date_parse(p, n, &out->date) ? RK_BAD_DATE : RK_OK;
	}
	return RK_OK;
}
