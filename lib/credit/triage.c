/*
 * triage.c - what becomes of a row of return-match's output
 * (credit-emit(1), TRIAGE): the first rule that applies.
 *
 *  1. status unmatched, conflict, or one return-match never writes:
 *     held, hold_reason its status_reason (or its status);
 *  2. the effective disposition is reject: held, disposition_reject;
 *  3. matched; unannounced under "unannounced: credit"; unannounced or
 *     held approved in --approve: eligible (replaced when the
 *     disposition is replace, else credited);
 *  4. otherwise held: the status_reason of a held row, else the status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/util.h"

/* The status_reason, or the status when that is empty. */
static void
why(struct triage *t, const struct rk_fv *v)
{
	const struct rk_fv *w = v[JN_STATUS_REASON].present ?
	    &v[JN_STATUS_REASON] : &v[JN_STATUS];

	snprintf(t->why, sizeof(t->why), "%.*s", (int)w->n, w->p);
}

void
triage_row(const struct credit *c, const struct rk_fv *v,
    const struct rk_settings *s, struct triage *t)
{
	const struct rk_fv *st = &v[JN_STATUS];
	int matched = rk_streq(st->p, st->n, "matched");
	int unannounced = rk_streq(st->p, st->n, "unannounced");
	int held = rk_streq(st->p, st->n, "held");

	t->why[0] = '\0';
	if (!matched && !unannounced && !held) {
		t->fate = FATE_HELD;
		why(t, v);
		return;
	}
	if (s->disposition == RK_DISP_REJECT) {
		t->fate = FATE_HELD;
		strcpy(t->why, "disposition_reject");
		return;
	}
	if (matched || (unannounced && c->run.pol.unannounced ==
	    RK_UNANN_CREDIT) || approved(c, &v[JN_RECEIPT_ID], &v[JN_SEQ])) {
		t->fate = s->disposition == RK_DISP_REPLACE ? FATE_REPLACE :
		    FATE_CREDIT;
		return;
	}
	t->fate = FATE_HELD;
	if (held)
		why(t, v);
	else
		snprintf(t->why, sizeof(t->why), "%.*s", (int)st->n, st->p);
}
