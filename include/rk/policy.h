/*
 * policy.h - the returns policy (returns-policy(5)), read with
 * libyaml.  Every key is checked; an error names FILE:LINE:COL and, for a
 * misspelt key, the valid key at that level with the smallest edit
 * distance.  Errors are RK_EX_CONFIG (78); a file that cannot be opened is
 * RK_EX_NOINPUT.
 */
#ifndef RK_POLICY_H
#define RK_POLICY_H

#include <stddef.h>

#include "rk/diag.h"
#include "rk/money.h"

enum rk_alloc { RK_ALLOC_NEWEST, RK_ALLOC_OLDEST, RK_ALLOC_LOWEST_PRICE };
enum rk_late { RK_LATE_HOLD, RK_LATE_REJECT };
enum rk_unann { RK_UNANN_HOLD, RK_UNANN_CREDIT };
enum rk_group { RK_GROUP_INVOICE, RK_GROUP_RMA, RK_GROUP_RETAILER };
enum rk_disp { RK_DISP_UNSET = -1, RK_DISP_CREDIT, RK_DISP_REPLACE,
	       RK_DISP_REJECT };

/* A reason or a condition code and the settings it makes. */
struct rk_code_set {
	char *code;
	size_t len;
	int window_days;            /* -1: not set (reasons only) */
	int has_restocking, has_credit;
	struct rk_dec restocking;   /* percent */
	struct rk_dec credit;       /* percent */
	int disposition;            /* enum rk_disp */
};

struct rk_party {
	char *name, *vat_id, *country, *street, *city, *postal_code,
	    *endpoint_id;
};

struct rk_policy {
	int loaded;                  /* a file was read */
	int return_window_days;
	enum rk_alloc allocation;
	enum rk_late late;
	enum rk_unann unannounced;
	char *rma_format;
	char *credit_note_format;
	enum rk_group group_by;
	char *default_condition;     /* NULL: none */
	char *default_reason;        /* NULL: none */
	struct rk_code_set *reasons;
	size_t nreasons;
	struct rk_code_set *conditions;
	size_t nconditions;
	int has_seller;
	struct rk_party seller;
};

/* The defaults of returns-policy(5) (what a run without --policy uses). */
void rk_policy_init(struct rk_policy *p);
int rk_policy_load(struct rk_policy *p, const char *path, struct rk_err *err);
void rk_policy_release(struct rk_policy *p);

const struct rk_code_set *rk_policy_reason(const struct rk_policy *p,
    const char *code, size_t n);
const struct rk_code_set *rk_policy_condition(const struct rk_policy *p,
    const char *code, size_t n);
/*
 * A reason or condition code of an input row against the policy: RK_OK,
 * or RK_UNKNOWN_REASON / RK_UNKNOWN_CONDITION with a message naming the
 * column.  Without a policy file every code is accepted; an empty value
 * is left to the column's own rules.
 */
struct rk_fv;
int rk_policy_check_reason(const struct rk_policy *p, const struct rk_fv *v,
    char *msg, size_t cap);
int rk_policy_check_condition(const struct rk_policy *p,
    const struct rk_fv *v, char *msg, size_t cap);

/* The window of a reason code (its own, else return_window_days). */
int rk_policy_window(const struct rk_policy *p, const char *reason, size_t n);

/*
 * The settings that apply to a returned line (returns-policy(5), Reasons
 * and conditions): the reason's and the condition's, the condition's
 * overriding the reason's, unset ones falling back to the reason, then
 * to the defaults (restocking 0, credit 100, disposition credit).  An
 * empty reason or condition is the policy's default_reason or
 * default_condition, when it has one.  The codes used are returned too.
 */
struct rk_settings {
	struct rk_dec restocking;   /* percent */
	struct rk_dec credit;       /* percent */
	enum rk_disp disposition;   /* never RK_DISP_UNSET */
	const char *reason;         /* the effective codes, NULL: none */
	const char *condition;
};
void rk_policy_settings(const struct rk_policy *p, const char *reason,
    size_t rn, const char *condition, size_t cn, struct rk_settings *out);


#endif
