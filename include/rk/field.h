/*
 * field.h - field syntax and reject codes (returns-formats(5), FIELD SYNTAX
 * and MALFORMED ROWS).
 *
 * Each check takes the raw bytes of one value and answers with a reject
 * code (RK_OK when the value is good).  Checks never allocate.
 */
#ifndef RK_FIELD_H
#define RK_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "rk/money.h"

enum rk_code {
	RK_OK = 0,
	RK_BAD_ID,
	RK_BAD_TEXT,
	RK_BAD_QTY,
	RK_BAD_INTEGER,
	RK_BAD_MONEY,
	RK_BAD_PERCENT,
	RK_BAD_CURRENCY,
	RK_BAD_DATE,
	RK_MISSING_VALUE,
	RK_INVALID_UTF8,
	RK_FIELD_COUNT,
	RK_BAD_VALUE,
	RK_DUPLICATE_KEY,
	RK_UNKNOWN_REASON,
	RK_UNKNOWN_CONDITION,
	RK_AMOUNT_OVERFLOW,
	RK_NCODES
};

/* The code as written in reject_code ("bad_qty"). */
const char *rk_code_name(enum rk_code c);

/* Field kinds of the column tables. */
enum rk_kind {
	RK_K_ID,      /* 1-64 bytes, no edge spaces, no control characters */
	RK_K_TEXT,    /* valid UTF-8, no NUL, at most 1000 bytes */
	RK_K_INT,     /* 1 .. 10^9 (bad_integer) */
	RK_K_QTY,     /* 1 .. 10^9 (bad_qty) */
	RK_K_MONEY,   /* digits[.digits], 12 + 6 digits */
	RK_K_PCT,     /* digits[.digits], 4 fraction digits, <= 100 */
	RK_K_CUR,     /* ISO 4217 code with a minor unit */
	RK_K_DATE,    /* YYYY-MM-DD or timestamp */
	RK_K_TOTAL    /* a sum of amounts: digits[.digits], up to 30 integer
	                 and 6 fraction digits; checked, not read as a value */
};

#define RK_ID_MAX 64
#define RK_TEXT_MAX 1000
#define RK_INT_MAX 1000000000LL

/* A checked value.  p/n are the bytes as read. */
struct rk_fv {
	const char *p;
	size_t n;
	int present;          /* non-empty and not null */
	int64_t i;            /* RK_K_INT, RK_K_QTY */
	int32_t date;         /* RK_K_DATE: days since 1970-01-01 */
	int cur;              /* RK_K_CUR: currency index */
	struct rk_dec d;      /* RK_K_MONEY, RK_K_PCT */
};

int rk_utf8_valid(const char *p, size_t n);
/* Offset of the first byte that is not valid UTF-8, or n. */
size_t rk_utf8_invalid_at(const char *p, size_t n);
enum rk_code rk_check_id(const char *p, size_t n);
enum rk_code rk_check_text(const char *p, size_t n);
/* Digits only, 1..10^9, leading zeros dropped. */
int rk_parse_count(const char *p, size_t n, int64_t *v);

/*
 * Check one non-empty value of a kind.  Money and percentages take '.' as
 * the decimal separator, and ',' too when dp is ',' (returns-formats(5):
 * a CSV input not delimited by ',', or --decimal-comma); json_num says
 * the value was a JSON number (always '.'; money is then rounded to 6
 * fraction digits; returns-formats(5), JSON input).  known says what the row check already
 * found of the bytes, so ids and text skip those scans: RK_KNOWN_NOTHING,
 * RK_KNOWN_UTF8 (valid UTF-8) or RK_KNOWN_PRINTABLE (printable ASCII
 * only).
 */
enum { RK_KNOWN_NOTHING, RK_KNOWN_UTF8, RK_KNOWN_PRINTABLE };
enum rk_code rk_check_kind(enum rk_kind k, const char *p, size_t n, char dp,
    int json_num, int known, struct rk_fv *out);

#endif
