#include <stdio.h>
#include <time.h>

#include "rk/date.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
int32_t
rk_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int)doe - 719468;
}

void
rk_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

static int
digits(const char *p, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
rk_date_parse(const char *p, size_t n, int32_t *days)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, hh, mi, ss, oh, om;

	if (n < 10 || p[4] != '-' || p[7] != '-' || digits(p, 4, &y) ||
	    digits(p + 5, 2, &m) || digits(p + 8, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return -1;
	if (n != 10) {
		/* YYYY-MM-DDThh:mm:ss then Z or +hh:mm / -hh:mm */
		if (n != 20 && n != 25)
			return -1;
		if (p[10] != 'T' || p[13] != ':' || p[16] != ':' ||
		    digits(p + 11, 2, &hh) || digits(p + 14, 2, &mi) ||
		    digits(p + 17, 2, &ss) || hh > 23 || mi > 59 || ss > 60)
			return -1;
		if (n == 20) {
			if (p[19] != 'Z')
				return -1;
		} else {
			if ((p[19] != '+' && p[19] != '-') || p[22] != ':' ||
			    digits(p + 20, 2, &oh) || digits(p + 23, 2, &om) ||
			    oh > 23 || om > 59)
				return -1;
		}
	}
	*days = rk_days_from_civil(y, m, d);
	return 0;
}

size_t
rk_date_format(int32_t days, char *out)
{
	int y, m, d;

	rk_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		out[0] = '\0';
		return 0;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 10;
}

int32_t
rk_date_today(void)
{
	time_t t = time(NULL);

	return (int32_t)(t / 86400 - (t % 86400 < 0));
}
