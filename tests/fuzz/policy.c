/*
 * policy.c - fuzz target: the returns policy (returns-policy(5)), the
 * fuzzed bytes being the whole YAML file.
 *
 * A policy that loads must keep the promises of its man page: its number
 * formats hold {seq} and make ids that read back as the number they were
 * made from (numbering continues from them); the default reason and
 * condition are defined codes; every reason and condition is found by
 * its code; the settings of any pair are percentages of at most 100 and
 * a disposition.  A policy that does not load is a configuration error
 * (78) with a message that names no control character.
 */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "rk/date.h"
#include "rk/field.h"
#include "rk/policy.h"
#include "rk/seqfmt.h"

/* The {seq} parts of a format, as rk/seqfmt.h reads them. */
static int
seq_parts(const char *f)
{
	int n = 0;

	for (; *f; f++) {
		if (strncmp(f, "{seq}", 5) == 0) {
			n++;
		} else if (strncmp(f, "{seq:", 5) == 0) {
			const char *d = f + 5;
			int w = 0;

			while (*d >= '0' && *d <= '9' && w < 100)
				w = w * 10 + (*d++ - '0');
			n += d > f + 5 && *d == '}' && w <= 20;
		}
	}
	return n;
}

/* Ids made by a format read back as their numbers. */
static void
check_format(const char *what, const char *fmt)
{
	static const uint64_t seqs[] = { 1, 9, 10, 123456, 999999999,
		1000000000000ULL, 9999999999999999999ULL };
	int32_t as_of = rk_days_from_civil(2026, 11, 20);

	if (!rk_seqfmt_valid(fmt))
		fz_fail("%s '%s' was accepted without {seq}", what, fmt);
	if (seq_parts(fmt) != 1)
		return; /* several numbers in one id: the first one is read */
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		char id[128];
		size_t n = rk_seqfmt_make(fmt, as_of, seqs[i], id, sizeof(id));
		uint64_t back = 0;

		if (n == 0 || n > RK_ID_MAX || rk_check_id(id, n) != RK_OK)
			continue; /* refused when made (reg_number_rmas) */
		if (!rk_seqfmt_match(fmt, id, n, &back) || back != seqs[i])
			fz_fail("%s '%s' makes '%s' of number %llu, which reads back "
			    "as %llu", what, fmt, id, (unsigned long long)seqs[i],
			    (unsigned long long)back);
	}
}

static void
check_settings(const struct rk_settings *s)
{
	if (s->restocking.v < 0 || s->restocking.v > 100 * RK_DEC_ONE ||
	    s->credit.v < 0 || s->credit.v > 100 * RK_DEC_ONE)
		fz_fail("settings with restocking %lld and credit %lld millionths",
		    (long long)s->restocking.v, (long long)s->credit.v);
	if (s->disposition != RK_DISP_CREDIT &&
	    s->disposition != RK_DISP_REPLACE && s->disposition != RK_DISP_REJECT)
		fz_fail("settings with disposition %d", (int)s->disposition);
}

static void
check_policy(const struct rk_policy *p)
{
	struct rk_settings s;

	check_format("rma_format", p->rma_format);
	check_format("credit_note_format", p->credit_note_format);
	if (p->return_window_days < 0)
		fz_fail("return_window_days %d", p->return_window_days);
	if (p->default_reason && !rk_policy_reason(p, p->default_reason,
	    strlen(p->default_reason)))
		fz_fail("default_reason '%s' is not a reason", p->default_reason);
	if (p->default_condition && !rk_policy_condition(p,
	    p->default_condition, strlen(p->default_condition)))
		fz_fail("default_condition '%s' is not a condition",
		    p->default_condition);
	for (size_t i = 0; i < p->nreasons; i++) {
		const struct rk_code_set *r = &p->reasons[i];

		if (rk_policy_reason(p, r->code, r->len) == NULL)
			fz_fail("reason '%s' is not found by its code", r->code);
		if (rk_policy_window(p, r->code, r->len) < 0)
			fz_fail("reason '%s' has a negative window", r->code);
		for (size_t j = 0; j < p->nconditions && j < 8; j++) {
			const struct rk_code_set *c = &p->conditions[j];

			rk_policy_settings(p, r->code, r->len, c->code, c->len, &s);
			check_settings(&s);
		}
		rk_policy_settings(p, r->code, r->len, "", 0, &s);
		check_settings(&s);
	}
	for (size_t j = 0; j < p->nconditions; j++) {
		const struct rk_code_set *c = &p->conditions[j];

		if (rk_policy_condition(p, c->code, c->len) == NULL)
			fz_fail("condition '%s' is not found by its code", c->code);
		rk_policy_settings(p, "", 0, c->code, c->len, &s);
		check_settings(&s);
	}
	rk_policy_settings(p, "", 0, "", 0, &s);
	check_settings(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rk_policy pol;
	struct rk_err err = { 0, "" };
	char path[FZ_PATH];
	int fd = fz_memfile(data, size, path);

	rk_policy_init(&pol);
	if (rk_policy_load(&pol, path, &err) == 0) {
		check_policy(&pol);
	} else {
		fz_check_err(&err);
		if (err.status != RK_EX_CONFIG)
			fz_fail("a policy refused with status %d: %s", err.status,
			    err.msg);
	}
	rk_policy_release(&pol);
	close(fd);
	return 0;
}
