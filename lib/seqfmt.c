#include <stdio.h>
#include <string.h>

#include "rk/date.h"
#include "rk/seqfmt.h"

enum tok { T_LIT, T_SEQ, T_YYYY, T_MM, T_END };

/* Read the token at *fmt: its kind, and for T_SEQ its width. */
static enum tok
next_tok(const char **fmt, int *width, const char **lit, size_t *litn)
{
	const char *f = *fmt;

	if (*f == '\0')
		return T_END;
	if (strncmp(f, "{seq}", 5) == 0) {
		*width = 0;
		*fmt = f + 5;
		return T_SEQ;
	}
	if (strncmp(f, "{seq:", 5) == 0) {
		const char *d = f + 5;
		int w = 0;

		while (*d >= '0' && *d <= '9' && w < 100)
			w = w * 10 + (*d++ - '0');
		if (d > f + 5 && *d == '}' && w <= 20) {
			*width = w;
			*fmt = d + 1;
			return T_SEQ;
		}
	}
	if (strncmp(f, "{yyyy}", 6) == 0) {
		*fmt = f + 6;
		return T_YYYY;
	}
	if (strncmp(f, "{mm}", 4) == 0) {
		*fmt = f + 4;
		return T_MM;
	}
	*lit = f;
	*litn = 1;
	*fmt = f + 1;
	return T_LIT;
}

int
rk_seqfmt_valid(const char *fmt)
{
	const char *lit;
	size_t litn;
	int w;
	enum tok t;

	while ((t = next_tok(&fmt, &w, &lit, &litn)) != T_END)
		if (t == T_SEQ)
			return 1;
	return 0;
}

size_t
rk_seqfmt_make(const char *fmt, int32_t as_of, uint64_t seq, char *out,
    size_t cap)
{
	const char *lit;
	size_t litn, o = 0;
	int w, y, m, d, k;
	enum tok t;
	char tmp[32];

	rk_civil_from_days(as_of, &y, &m, &d);
	while ((t = next_tok(&fmt, &w, &lit, &litn)) != T_END) {
		switch (t) {
		case T_LIT:
			memcpy(tmp, lit, litn);
			k = (int)litn;
			break;
		case T_SEQ:
			k = snprintf(tmp, sizeof(tmp), "%0*llu", w,
			    (unsigned long long)seq);
			break;
		case T_YYYY:
			k = snprintf(tmp, sizeof(tmp), "%04d", y);
			break;
		case T_MM:
			k = snprintf(tmp, sizeof(tmp), "%02d", m);
			break;
		default:
			k = 0;
		}
		if (o + (size_t)k + 1 > cap)
			return 0;
		memcpy(out + o, tmp, (size_t)k);
		o += (size_t)k;
	}
	out[o] = '\0';
	return o;
}

static int
match_from(const char *fmt, const char *id, size_t n, size_t i, uint64_t *seq)
{
	const char *lit, *f = fmt;
	size_t litn, run;
	int w;
	enum tok t = next_tok(&f, &w, &lit, &litn);

	switch (t) {
	case T_END:
		return i == n;
	case T_LIT:
		return i < n && id[i] == *lit && match_from(f, id, n, i + 1, seq);
	case T_YYYY:
	case T_MM:
		w = t == T_YYYY ? 4 : 2;
		for (int k = 0; k < w; k++)
			if (i + (size_t)k >= n || id[i + (size_t)k] < '0' ||
			    id[i + (size_t)k] > '9')
				return 0;
		return match_from(f, id, n, i + (size_t)w, seq);
	case T_SEQ:
		/* {seq:20} makes 20 digits: runs that long are numbers too */
		for (run = 0; i + run < n && id[i + run] >= '0' && id[i + run] <= '9' &&
		    run < 20; run++)
			;
		for (; run >= 1 && run >= (size_t)w; run--) {
			uint64_t v = 0;
			size_t k;

			for (k = 0; k < run; k++) {
				uint64_t d = (uint64_t)(id[i + k] - '0');

				if (v > (UINT64_MAX - d) / 10)
					break; /* more than a sequence number holds */
				v = v * 10 + d;
			}
			if (k < run)
				continue;
			if (match_from(f, id, n, i + run, seq)) {
				*seq = v;
				return 1;
			}
		}
		return 0;
	}
	return 0;
}

int
rk_seqfmt_match(const char *fmt, const char *id, size_t n, uint64_t *seq)
{
	uint64_t s = 0;

	if (!match_from(fmt, id, n, 0, &s))
		return 0;
	*seq = s;
	return 1;
}
