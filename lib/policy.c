/*
 * policy.c - the returns policy (returns-policy(5)): its keys, their
 * defaults and checks, and the settings a reason or condition makes.
 *
 * The document (rk/yamlnode.h) is walked level by level; each level has
 * its key table in the order of returns-policy(5), which is also the
 * tie-break order of "did you mean".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rk/date.h"
#include "rk/field.h"
#include "rk/policy.h"
#include "rk/seqfmt.h"
#include "rk/util.h"
#include "rk/yamlnode.h"

static const char *const top_keys[] = {
	"return_window_days", "allocation", "late", "unannounced",
	"rma_format", "credit_note_format", "group_by", "default_condition",
	"default_reason", "reasons", "conditions", "seller"
};
static const char *const reason_keys[] = {
	"window_days", "restocking_pct", "credit_pct", "disposition"
};
static const char *const condition_keys[] = {
	"restocking_pct", "credit_pct", "disposition"
};
static const char *const seller_keys[] = {
	"name", "vat_id", "country", "street", "city", "postal_code",
	"endpoint_id"
};

struct ctx {
	struct rk_yaml y;     /* the document, and where messages point */
	struct rk_policy *p;
	yaml_node_t *default_condition, *default_reason; /* checked last */
};

void
rk_policy_init(struct rk_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->return_window_days = 60;
	p->allocation = RK_ALLOC_NEWEST;
	p->late = RK_LATE_HOLD;
	p->unannounced = RK_UNANN_HOLD;
	p->rma_format = rk_xstrdup("RMA{seq:06}");
	p->credit_note_format = rk_xstrdup("CN{yyyy}-{seq:06}");
	p->group_by = RK_GROUP_INVOICE;
}

static void
codes_free(struct rk_code_set *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].code);
	free(c);
}

void
rk_policy_release(struct rk_policy *p)
{
	free(p->rma_format);
	free(p->credit_note_format);
	free(p->default_condition);
	free(p->default_reason);
	codes_free(p->reasons, p->nreasons);
	codes_free(p->conditions, p->nconditions);
	free(p->seller.name);
	free(p->seller.vat_id);
	free(p->seller.country);
	free(p->seller.street);
	free(p->seller.city);
	free(p->seller.postal_code);
	free(p->seller.endpoint_id);
	memset(p, 0, sizeof(*p));
}

static int
get_format(struct ctx *c, yaml_node_t *n, const char *key, char **out)
{
	if (rk_yaml_text(&c->y, n, key, out))
		return -1;
	if (strlen(*out) > 40)
		return rk_yaml_fail(&c->y, n, "%s is longer than 40 characters", key);
	if (!rk_seqfmt_valid(*out))
		return rk_yaml_fail(&c->y, n, "%s has no {seq} or {seq:N}: the numbers it "
		    "makes would not be unique", key);
	{
		/* what it makes must be an id: try the first number of 2026 */
		char id[128], shown[200];
		size_t len = rk_seqfmt_make(*out, rk_days_from_civil(2026, 1, 1), 1,
		    id, sizeof(id));

		if (len == 0 || rk_check_id(id, len) != RK_OK)
			return rk_yaml_fail(&c->y, n, "%s makes ids like %s, which are not "
			    "ids (1 to 64 bytes, no leading or trailing space, no "
			    "control character)", key, rk_show(shown, sizeof(shown), id,
			    len));
	}
	return 0;
}

static const char *const dispositions[] = { "credit", "replace", "reject" };

static int
load_codes(struct ctx *c, yaml_node_t *map, int reasons)
{
	const char *what = reasons ? "reasons" : "conditions";
	const char *const *keys = reasons ? reason_keys : condition_keys;
	size_t nkeys = reasons ? RK_ARRAY_LEN(reason_keys) :
	    RK_ARRAY_LEN(condition_keys);
	struct rk_code_set **arr = reasons ? &c->p->reasons : &c->p->conditions;
	size_t *narr = reasons ? &c->p->nreasons : &c->p->nconditions;
	size_t npairs;

	if (rk_yaml_empty(map))
		return 0; /* "reasons:" with nothing under it */
	if (rk_yaml_mapping(&c->y, map, what))
		return -1;
	npairs = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
	*arr = rk_xcalloc(npairs ? npairs : 1, sizeof(**arr));
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->y.doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->y.doc, pr->value);
		struct rk_code_set *cs = &(*arr)[*narr];
		char *code = NULL;

		if (rk_yaml_id(&c->y, k, reasons ? "a reason" : "a condition", &code))
			return -1;
		cs->code = code;
		cs->len = strlen(code);
		cs->window_days = -1;
		cs->disposition = RK_DISP_UNSET;
		(*narr)++;
		if (rk_yaml_empty(v))
			continue; /* "DAMAGED:": all defaults */
		if (rk_yaml_mapping(&c->y, v, code))
			return -1;
		for (yaml_node_pair_t *s = v->data.mapping.pairs.start;
		    s < v->data.mapping.pairs.top; s++) {
			yaml_node_t *sk = yaml_document_get_node(c->y.doc, s->key);
			yaml_node_t *sv = yaml_document_get_node(c->y.doc, s->value);
			int idx = rk_yaml_key_index(sk, keys, nkeys);
			char where[100];
			const char *name;

			if (idx < 0) {
				snprintf(where, sizeof(where), " in %s %s",
				    reasons ? "reason" : "condition", code);
				return rk_yaml_unknown_key(&c->y, sk, keys, nkeys, where);
			}
			name = keys[idx];
			if (strcmp(name, "window_days") == 0) {
				if (rk_yaml_days(&c->y, sv, name, &cs->window_days))
					return -1;
			} else if (strcmp(name, "restocking_pct") == 0) {
				if (rk_yaml_pct(&c->y, sv, name, &cs->restocking))
					return -1;
				cs->has_restocking = 1;
			} else if (strcmp(name, "credit_pct") == 0) {
				if (rk_yaml_pct(&c->y, sv, name, &cs->credit))
					return -1;
				cs->has_credit = 1;
			} else {
				if (rk_yaml_enum(&c->y, sv, name, dispositions, 3,
				    &cs->disposition))
					return -1;
			}
		}
	}
	return 0;
}

static int
load_seller(struct ctx *c, yaml_node_t *map)
{
	struct rk_party *s = &c->p->seller;
	char **fields[] = {
		&s->name, &s->vat_id, &s->country, &s->street, &s->city,
		&s->postal_code, &s->endpoint_id
	};

	if (rk_yaml_mapping(&c->y, map, "seller"))
		return -1;
	c->p->has_seller = 1;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->y.doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->y.doc, pr->value);
		int idx = rk_yaml_key_index(k, seller_keys, RK_ARRAY_LEN(seller_keys));

		if (idx < 0)
			return rk_yaml_unknown_key(&c->y, k, seller_keys,
			    RK_ARRAY_LEN(seller_keys), " in seller");
		if (idx == 1 || idx == 6) {
			if (rk_yaml_id(&c->y, v, seller_keys[idx], fields[idx]))
				return -1;
		} else if (rk_yaml_text(&c->y, v, seller_keys[idx], fields[idx])) {
			return -1;
		}
	}
	return 0;
}

static int
find_code(const struct rk_code_set *cs, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cs[i].code, code) == 0)
			return 1;
	return 0;
}

/* One top-level key (idx into top_keys, -1 unknown) and its value. */
static int
load_top(struct ctx *c, int idx, yaml_node_t *k, yaml_node_t *v)
{
	static const char *const allocs[] = { "newest", "oldest", "lowest_price" };
	static const char *const lates[] = { "hold", "reject" };
	static const char *const unanns[] = { "hold", "credit" };
	static const char *const groups[] = { "invoice", "rma", "retailer" };
	struct rk_policy *p = c->p;
	const char *key = idx >= 0 ? top_keys[idx] : "";
	int e = 0, rc;

	switch (idx) {
	case 0:
		return rk_yaml_days(&c->y, v, key, &p->return_window_days);
	case 1:
		rc = rk_yaml_enum(&c->y, v, key, allocs, 3, &e);
		p->allocation = (enum rk_alloc)e;
		return rc;
	case 2:
		rc = rk_yaml_enum(&c->y, v, key, lates, 2, &e);
		p->late = (enum rk_late)e;
		return rc;
	case 3:
		rc = rk_yaml_enum(&c->y, v, key, unanns, 2, &e);
		p->unannounced = (enum rk_unann)e;
		return rc;
	case 4:
		return get_format(c, v, key, &p->rma_format);
	case 5:
		return get_format(c, v, key, &p->credit_note_format);
	case 6:
		rc = rk_yaml_enum(&c->y, v, key, groups, 3, &e);
		p->group_by = (enum rk_group)e;
		return rc;
	case 7:
		c->default_condition = v;
		return rk_yaml_id(&c->y, v, key, &p->default_condition);
	case 8:
		c->default_reason = v;
		return rk_yaml_id(&c->y, v, key, &p->default_reason);
	case 9:
		return load_codes(c, v, 1);
	case 10:
		return load_codes(c, v, 0);
	case 11:
		return load_seller(c, v);
	default:
		return rk_yaml_unknown_key(&c->y, k, top_keys,
		    RK_ARRAY_LEN(top_keys), "");
	}
}

static int
load_root(struct ctx *c, yaml_node_t *root)
{
	struct rk_policy *p = c->p;

	if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
		return 0; /* an empty document: all defaults */
	if (rk_yaml_mapping(&c->y, root, "the policy"))
		return -1;
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	    pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->y.doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->y.doc, pr->value);

		if (load_top(c, rk_yaml_key_index(k, top_keys,
		    RK_ARRAY_LEN(top_keys)), k, v))
			return -1;
	}
	if (c->default_condition && !find_code(p->conditions, p->nconditions,
	    p->default_condition))
		return rk_yaml_fail(&c->y, c->default_condition, "default_condition "
		    "\"%s\" is not one of the conditions", p->default_condition);
	if (c->default_reason && !find_code(p->reasons, p->nreasons,
	    p->default_reason))
		return rk_yaml_fail(&c->y, c->default_reason, "default_reason \"%s\" "
		    "is not one of the reasons", p->default_reason);
	return 0;
}

int
rk_policy_load(struct rk_policy *p, const char *path, struct rk_err *err)
{
	struct ctx c;
	yaml_node_t *root;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.p = p;
	if (rk_yaml_open(&c.y, "--policy", path, err))
		return -1;
	p->loaded = 1;
	root = yaml_document_get_root_node(c.y.doc);
	if (root)
		rc = load_root(&c, root);
	rk_yaml_close(&c.y);
	return rc;
}

const struct rk_code_set *
rk_policy_reason(const struct rk_policy *p, const char *code, size_t n)
{
	for (size_t i = 0; i < p->nreasons; i++)
		if (rk_memeq(p->reasons[i].code, p->reasons[i].len, code, n))
			return &p->reasons[i];
	return NULL;
}

const struct rk_code_set *
rk_policy_condition(const struct rk_policy *p, const char *code, size_t n)
{
	for (size_t i = 0; i < p->nconditions; i++)
		if (rk_memeq(p->conditions[i].code, p->conditions[i].len, code, n))
			return &p->conditions[i];
	return NULL;
}

int
rk_policy_window(const struct rk_policy *p, const char *reason, size_t n)
{
	const struct rk_code_set *r = reason ? rk_policy_reason(p, reason, n) : NULL;

	if (r && r->window_days >= 0)
		return r->window_days;
	return p->return_window_days;
}

int
rk_policy_check_reason(const struct rk_policy *p, const struct rk_fv *v,
    char *msg, size_t cap)
{
	char shown[100];

	if (!v->present || !p->loaded || rk_policy_reason(p, v->p, v->n))
		return RK_OK;
	snprintf(msg, cap, "column 'reason': %s is not a reason the policy "
	    "defines", rk_show(shown, sizeof(shown), v->p, v->n));
	return RK_UNKNOWN_REASON;
}

int
rk_policy_check_condition(const struct rk_policy *p, const struct rk_fv *v,
    char *msg, size_t cap)
{
	char shown[100];

	if (!v->present || !p->loaded || rk_policy_condition(p, v->p, v->n))
		return RK_OK;
	snprintf(msg, cap, "column 'condition': %s is not a condition the "
	    "policy defines", rk_show(shown, sizeof(shown), v->p, v->n));
	return RK_UNKNOWN_CONDITION;
}

void
rk_policy_settings(const struct rk_policy *p, const char *reason, size_t rn,
    const char *condition, size_t cn, struct rk_settings *out)
{
	const struct rk_code_set *r, *c;

	if (rn == 0 && p->default_reason) {
		reason = p->default_reason;
		rn = strlen(reason);
	}
	if (cn == 0 && p->default_condition) {
		condition = p->default_condition;
		cn = strlen(condition);
	}
	r = rn ? rk_policy_reason(p, reason, rn) : NULL;
	c = cn ? rk_policy_condition(p, condition, cn) : NULL;
	out->reason = r ? r->code : NULL;
	out->condition = c ? c->code : NULL;
	out->restocking = (struct rk_dec){ 0, 1, 0 };
	out->credit = (struct rk_dec){ 100 * RK_DEC_ONE, 3, 0 };
	out->disposition = RK_DISP_CREDIT;
	if (r && r->has_restocking)
		out->restocking = r->restocking;
	if (r && r->has_credit)
		out->credit = r->credit;
	if (r && r->disposition != RK_DISP_UNSET)
		out->disposition = (enum rk_disp)r->disposition;
	if (c && c->has_restocking)
		out->restocking = c->restocking;
	if (c && c->has_credit)
		out->credit = c->credit;
	if (c && c->disposition != RK_DISP_UNSET)
		out->disposition = (enum rk_disp)c->disposition;
}
