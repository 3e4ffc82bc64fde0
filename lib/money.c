#include <pthread.h>
#include <string.h>

#include "rk/diag.h"

#include "rk/money.h"

static const int64_t pow10[] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL,
	10000000LL, 100000000LL, 1000000000LL, 10000000000LL,
	100000000000LL, 1000000000000LL, 10000000000000LL,
	100000000000000LL, 1000000000000000LL, 10000000000000000LL,
	100000000000000000LL, 1000000000000000000LL
};

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

int
rk_dec_parse(const char *p, size_t n, char dp, int max_int, int max_frac,
    struct rk_dec *d)
{
	size_t i = 0, fstart;
	int64_t ip = 0, fp = 0;
	int intd, frac;

	while (i < n && isdig(p[i])) {
		if (i < 18)
			ip = ip * 10 + (p[i] - '0');
		i++;
	}
	intd = (int)i;
	if (intd < 1 || intd > max_int || intd > 12)
		return -1;
	frac = 0;
	if (i < n) {
		if (p[i] != dp)
			return -1;
		fstart = ++i;
		while (i < n && isdig(p[i]))
			i++;
		frac = (int)(i - fstart);
		if (i != n || frac < 1 || frac > max_frac || frac > 6)
			return -1;
		for (size_t k = fstart; k < i; k++)
			fp = fp * 10 + (p[k] - '0');
	}
	d->v = ip * RK_DEC_ONE + fp * pow10[6 - frac];
	d->intd = (uint8_t)intd;
	d->frac = (uint8_t)frac;
	return 0;
}

/*
 * The significant digits of a JSON number (leading zeros dropped) and its
 * decimal point: value = 0.d1d2d3... x 10^point.  *plain is 0 when it
 * has an exponent.  0, or -1 when it is not a number we take.
 */
static int
json_digits(const char *p, size_t n, char *digits, size_t cap, size_t *nd,
    long *point, int *plain)
{
	size_t i = 0;
	long exp = 0;
	int esign = 1, started = 0, frac = 0;

	*nd = 0;
	*point = 0;
	*plain = 1;
	for (; i < n && (isdig(p[i]) || (p[i] == '.' && !frac)); i++) {
		if (p[i] == '.') {
			frac = 1;
		} else if (p[i] != '0' || started) {
			/* digits past cap are far below a millionth: dropped */
			if (*nd < cap)
				digits[(*nd)++] = p[i];
			started = 1;
			*point += !frac;
		} else if (frac) {
			(*point)--; /* a zero after the point, before any digit */
		}
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		*plain = 0;
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			esign = p[i++] == '-' ? -1 : 1;
		if (i == n)
			return -1;
		for (; i < n && isdig(p[i]); i++)
			if (exp < 100000)
				exp = exp * 10 + (p[i] - '0');
		*point += esign * exp;
	}
	return i == n ? 0 : -1;
}

/* 0.digits x 10^point in millionths, rounded half away from zero. */
static int64_t
millionths(const char *digits, size_t nd, long point)
{
	__int128 v = 0;

	for (size_t k = 0; k < nd; k++) {
		long pos = point - (long)k - 1; /* power of ten of this digit */
		int dg = digits[k] - '0';
		__int128 scale = 1;

		if (pos < -6) {
			v += pos == -7 && dg >= 5;
			break;
		}
		for (long e = 0; e < pos + 6; e++)
			scale *= 10;
		v += dg * scale;
	}
	return v > (__int128)999999999999999999LL ? -1 : (int64_t)v;
}

int
rk_dec_parse_json(const char *p, size_t n, int max_int, struct rk_dec *d)
{
	char digits[64];
	size_t nd;
	long point, lastfrac;
	int plain, digs = 1;
	int64_t ip;

	if (n == 0 || p[0] == '-' ||
	    json_digits(p, n, digits, sizeof(digits), &nd, &point, &plain))
		return -1;
	if (plain) {
		const char *dot = memchr(p, '.', n);
		size_t fr = dot ? n - (size_t)(dot - p) - 1 : 0;

		if (fr <= 6)
			return rk_dec_parse(p, n, '.', max_int, 6, d);
	}
	if (nd > 0 && point > max_int)
		return -1;
	if ((d->v = millionths(digits, nd, point)) < 0)
		return -1;
	/* fraction digits of the exact plain notation, at most 6 */
	lastfrac = (long)nd - point;
	lastfrac = lastfrac < 0 ? 0 : lastfrac > 6 ? 6 : lastfrac;
	d->frac = (uint8_t)lastfrac;
	for (ip = d->v / RK_DEC_ONE; ip >= 10; ip /= 10)
		digs++;
	d->intd = (uint8_t)digs;
	return 0;
}

size_t
rk_dec_format(const struct rk_dec *d, char dp, char *out)
{
	int64_t ip = d->v / RK_DEC_ONE, fp = d->v % RK_DEC_ONE;
	char tmp[24];
	size_t o = 0, t = 0;

	do {
		tmp[t++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (t < d->intd && t < sizeof(tmp))
		tmp[t++] = '0';
	while (t)
		out[o++] = tmp[--t];
	if (d->frac) {
		fp /= pow10[6 - d->frac];
		out[o++] = dp;
		for (int k = d->frac - 1; k >= 0; k--) {
			out[o + (size_t)k] = (char)('0' + fp % 10);
			fp /= 10;
		}
		o += d->frac;
	}
	out[o] = '\0';
	return o;
}

__int128
rk_div_round(__int128 num, __int128 den)
{
	__int128 q, r;
	int neg = num < 0;

	if (neg)
		num = -num;
	q = num / den;
	r = num % den;
	if (2 * r >= den)
		q++;
	return neg ? -q : q;
}

int
rk_money_mul(int64_t qty, const struct rk_dec *price, int minor,
    int64_t *amount)
{
	__int128 exact = (__int128)qty * price->v; /* millionths */

	if (exact > (__int128)999999999999999999LL)
		return -1;
	*amount = (int64_t)rk_div_round(exact, pow10[6 - minor]);
	return 0;
}

int64_t
rk_money_pct(int64_t base, const struct rk_dec *pct)
{
	/* pct->v is the percentage in millionths: divide by 100 * 10^6 */
	return (int64_t)rk_div_round((__int128)base * pct->v,
	    (__int128)100 * RK_DEC_ONE);
}

size_t
rk_amount_format(int64_t amount, int minor, char dp, char *out)
{
	char tmp[32];
	size_t o = 0, t = 0;
	uint64_t a;
	int64_t unit = pow10[minor];

	if (amount < 0) {
		out[o++] = '-';
		a = (uint64_t)(-(amount + 1)) + 1;
	} else {
		a = (uint64_t)amount;
	}
	uint64_t ip = a / (uint64_t)unit, fp = a % (uint64_t)unit;

	do {
		tmp[t++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (t)
		out[o++] = tmp[--t];
	if (minor) {
		out[o++] = dp;
		for (int k = minor - 1; k >= 0; k--) {
			out[o + (size_t)k] = (char)('0' + fp % 10);
			fp /= 10;
		}
		o += (size_t)minor;
	}
	out[o] = '\0';
	return o;
}

/*
 * ISO 4217 List One, 2025 edition: codes with a numeric minor unit.
 * Withdrawn by then: ANG (2025-03-31, replaced by XCG), CUC, HRK, SLL, ZWL.
 * Sorted by code.
 */
static const struct {
	char code[4];
	unsigned char minor;
} currencies[] = {
	{"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"AOA", 2},
	{"ARS", 2}, {"AUD", 2}, {"AWG", 2}, {"AZN", 2}, {"BAM", 2},
	{"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
	{"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2},
	{"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2}, {"BZD", 2},
	{"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2},
	{"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2},
	{"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0},
	{"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2},
	{"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2},
	{"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
	{"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2},
	{"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3},
	{"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0},
	{"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2},
	{"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2},
	{"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3},
	{"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2}, {"MMK", 2},
	{"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
	{"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2},
	{"NAD", 2}, {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2},
	{"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2},
	{"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2},
	{"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0}, {"SAR", 2},
	{"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
	{"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2},
	{"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
	{"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2},
	{"TTD", 2}, {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0},
	{"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4},
	{"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0},
	{"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2}, {"XOF", 0},
	{"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

/*
 * Index by the three letters (26^3 entries): one load per lookup.  Made
 * once, whichever thread looks first (rows are checked on several).
 */
static short curidx[26 * 26 * 26];
static pthread_once_t curidx_once = PTHREAD_ONCE_INIT;

static void
curidx_init(void)
{
	for (size_t i = 0; i < sizeof(curidx) / sizeof(curidx[0]); i++)
		curidx[i] = -1;
	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++) {
		const char *c = currencies[i].code;

		curidx[(c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A')] =
		    (short)i;
	}
}

int
rk_currency_find(const char *p, size_t n)
{
	if (n != 3 || p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z' ||
	    p[2] < 'A' || p[2] > 'Z')
		return -1;
	pthread_once(&curidx_once, curidx_init);
	return curidx[(p[0] - 'A') * 676 + (p[1] - 'A') * 26 + (p[2] - 'A')];
}

const char *
rk_currency_code(int idx)
{
	return currencies[idx].code;
}

int
rk_currency_minor(int idx)
{
	return currencies[idx].minor;
}

void
rk_amounts_add(struct rk_amounts *a, int cur, int64_t qty,
    const struct rk_dec *price)
{
	int64_t amt;

	if (cur >= 0 && cur < RK_NCURRENCIES &&
	    rk_money_mul(qty, price, rk_currency_minor(cur), &amt) == 0)
		rk_amounts_add_minor(a, cur, amt);
}

void
rk_amounts_add_minor(struct rk_amounts *a, int cur, __int128 amount)
{
	if (cur < 0 || cur >= RK_NCURRENCIES)
		return;
	if (!a->used[cur]) {
		a->used[cur] = 1;
		a->order[a->n++] = (short)cur;
	}
	a->v[cur] += amount;
}

void
rk_amounts_report(const struct rk_amounts *a, const char *what)
{
	for (int i = 0; i < a->n; i++) {
		char digits[48], buf[56];
		int cur = a->order[i], minor = rk_currency_minor(cur), nd = 0, o = 0;
		unsigned __int128 v = (unsigned __int128)a->v[cur]; /* sums of >= 0 */

		do {
			digits[nd++] = (char)('0' + (int)(v % 10));
			v /= 10;
		} while (v || nd <= minor);
		while (nd > 0) {
			if (nd == minor)
				buf[o++] = '.';
			buf[o++] = digits[--nd];
		}
		buf[o] = '\0';
		rk_warnx("%s %s %s", what, rk_currency_code(cur), buf);
	}
}
