/*
 * money.h - exact decimals, ISO 4217 minor units, rounding.
 *
 * A struct rk_dec holds a non-negative decimal as an integer count of
 * millionths (value * 10^6), plus how it was written: the number of
 * integer digits (leading zeros included) and of fraction digits.  That is
 * enough to write the value back exactly as it was read (returns-formats(5), MONEY) and to
 * compute with it without binary floating point.
 *
 * Products use 128-bit integers: a quantity (at most 10^9) times a price
 * (below 10^18 millionths) always fits.  Rounding is half away from zero.
 */
#ifndef RK_MONEY_H
#define RK_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define RK_DEC_ONE 1000000LL /* the scale: one unit in millionths */

struct rk_dec {
	int64_t v;     /* value in millionths */
	uint8_t intd;  /* integer digits as written (1..) */
	uint8_t frac;  /* fraction digits as written (0..6) */
};

/*
 * Parse "digits[<dp>digits]" with 1..max_int integer digits and at most
 * max_frac fraction digits (max_frac <= 6).  No sign, exponent or
 * separator.  Returns 0, or -1 when the text does not have that form.
 */
int rk_dec_parse(const char *p, size_t n, char dp, int max_int, int max_frac,
    struct rk_dec *d);

/*
 * Read a JSON number literal as money: exact decimal, rounded half away
 * from zero to 6 fraction digits, written back in plain notation.  A
 * literal already in plain notation with at most 6 fraction digits keeps
 * its digits.  Returns -1 for a negative value or more than max_int
 * integer digits.
 */
int rk_dec_parse_json(const char *p, size_t n, int max_int, struct rk_dec *d);

/* Write d as it was read, with dp as decimal separator; returns length.
 * out must hold at least 40 bytes. */
size_t rk_dec_format(const struct rk_dec *d, char dp, char *out);

/* Round num/den half away from zero (den > 0). */
__int128 rk_div_round(__int128 num, __int128 den);

/*
 * amount = round(qty * price) in minor units of a currency with `minor`
 * digits.  Returns -1 when the exact product exceeds
 * 999,999,999,999.999999 (amount_overflow), else 0.
 */
int rk_money_mul(int64_t qty, const struct rk_dec *price, int minor,
    int64_t *amount);

/* round(base * pct / 100), base in minor units, pct a decimal percent. */
int64_t rk_money_pct(int64_t base, const struct rk_dec *pct);

/* Write an amount of minor units with exactly `minor` fraction digits. */
size_t rk_amount_format(int64_t amount, int minor, char dp, char *out);

/* Compare two decimals by value: <0, 0, >0. */
static inline int
rk_dec_cmp(const struct rk_dec *a, const struct rk_dec *b)
{
	return (a->v > b->v) - (a->v < b->v);
}

/*
 * Amounts per currency, for --summary: qty x unit_price rounded to the
 * currency's minor unit, summed; currencies in order of first appearance.
 */
#define RK_NCURRENCIES 200
struct rk_amounts {
	__int128 v[RK_NCURRENCIES];
	short order[RK_NCURRENCIES];
	int n;
	unsigned char used[RK_NCURRENCIES];
};

void rk_amounts_add(struct rk_amounts *a, int cur, int64_t qty,
    const struct rk_dec *price);
/* Add an amount already in minor units of cur. */
void rk_amounts_add_minor(struct rk_amounts *a, int cur, __int128 amount);
/* Print "PROG: WHAT CUR AMOUNT" per currency (rk_warnx). */
void rk_amounts_report(const struct rk_amounts *a, const char *what);

/*
 * ISO 4217 List One (2025 edition): the index of an upper-case alphabetic
 * code that has a numeric minor unit, or -1.  Codes without a minor unit
 * (XAU, XDR, XTS, XXX, ...) and withdrawn codes are -1.
 */
int rk_currency_find(const char *p, size_t n);
const char *rk_currency_code(int idx);
int rk_currency_minor(int idx);

#endif
