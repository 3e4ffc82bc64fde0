/*
 * amounts.c - the amounts of a credited line (credit-emit(1), AMOUNTS),
 * exact, at the original invoice price:
 *
 *	gross_amount     = round(qty x unit_price)
 *	allowance_pct    = (100 - credit_pct) + restocking_pct, at most 100
 *	allowance_amount = round(gross_amount x allowance_pct / 100)
 *	net_amount       = gross_amount - allowance_amount
 *
 * rounded half away from zero to the currency's minor unit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/util.h"

#define HUNDRED (100 * RK_DEC_ONE)

int
line_amounts(const struct rk_fv *v, const struct rk_settings *s,
    struct kept *k, char *msg, size_t cap)
{
	static const int needed[] = {
		JN_RETAILER_ID, JN_INVOICE_ID, JN_UNIT_PRICE, JN_CURRENCY,
		JN_TAX_RATE
	};
	struct rk_dec pct;
	int64_t allow;

	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!v[needed[i]].present) {
			snprintf(msg, cap, "column '%s' is required to credit a row "
			    "and empty", rk_journal_names[needed[i]]);
			return RK_MISSING_VALUE;
		}
	k->cur = (uint8_t)v[JN_CURRENCY].cur;
	if (rk_money_mul(v[JN_QTY].i, &v[JN_UNIT_PRICE].d,
	    rk_currency_minor(v[JN_CURRENCY].cur), &k->gross)) {
		snprintf(msg, cap, "qty x unit_price exceeds "
		    "999999999999.999999");
		return RK_AMOUNT_OVERFLOW;
	}
	allow = (HUNDRED - s->credit.v) + s->restocking.v;
	k->allowance_pct = allow > HUNDRED ? HUNDRED : allow;
	pct.v = k->allowance_pct;
	k->allowance = rk_money_pct(k->gross, &pct);
	k->net = k->gross - k->allowance;
	k->tax_rate = v[JN_TAX_RATE].d;
	return RK_OK;
}

size_t
pct_format(int64_t millionths, char *out)
{
	int64_t fp = millionths % RK_DEC_ONE;
	size_t n = rk_utoa((uint64_t)(millionths / RK_DEC_ONE), out);
	int digits = 6;

	if (fp == 0)
		return n;
	while (fp % 10 == 0) {
		fp /= 10;
		digits--;
	}
	out[n++] = '.';
	for (int d = digits - 1; d >= 0; d--, fp /= 10)
		out[n + (size_t)d] = (char)('0' + fp % 10);
	return n + (size_t)digits;
}

size_t
amount128_format(__int128 v, int minor, char *out)
{
	if (v >= INT64_MIN && v <= INT64_MAX) {
		size_t n = rk_amount_format((int64_t)v, minor, '.', out);

		out[n] = '\0';
		return n;
	}
	char digits[48];
	size_t o = 0;
	int nd = 0;
	unsigned __int128 a;

	if (v < 0) {
		out[o++] = '-';
		a = (unsigned __int128)(-(v + 1)) + 1;
	} else {
		a = (unsigned __int128)v;
	}
	do {
		digits[nd++] = (char)('0' + (int)(a % 10));
		a /= 10;
	} while (a || nd <= minor);
	while (nd > 0) {
		if (nd == minor)
			out[o++] = '.';
		out[o++] = digits[--nd];
	}
	out[o] = '\0';
	return o;
}
