/*
 * policy.c - the returns policy, read with libyaml's document API.
 *
 * The whole file is read first so tabs in indentation can be found before
 * libyaml reports them as an unhelpful scanner error.  Then the document
 * is walked level by level; each level has its key table in the order of
 * SPEC 6, which is also the tie-break order of "did you mean".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "rk/date.h"

#include "rk/field.h"
#include "rk/policy.h"
#include "rk/seqfmt.h"
#include "rk/util.h"

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
	const char *path;
	yaml_document_t *doc;
	struct rk_policy *p;
	struct rk_err *err;
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

size_t
rk_edit_distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t row[65], prev, tmp;

	if (bn > 64)
		bn = 64;
	for (size_t j = 0; j <= bn; j++)
		row[j] = j;
	for (size_t i = 1; i <= an; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[bn];
}

static int
fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rk_errf(c->err, RK_EX_CONFIG, "%s:%lu:%lu: %s", c->path,
	    (unsigned long)n->start_mark.line + 1,
	    (unsigned long)n->start_mark.column + 1, msg);
}

static const char *
scalar(const yaml_node_t *n, size_t *len)
{
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static int
unknown_key(struct ctx *c, const yaml_node_t *key, const char *const *keys,
    size_t nkeys, const char *where)
{
	size_t len, best = 0, bestd = (size_t)-1;
	const char *k = scalar(key, &len);
	char shown[120];

	for (size_t i = 0; i < nkeys; i++) {
		size_t d = rk_edit_distance(k, len, keys[i], strlen(keys[i]));

		if (d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return fail(c, key, "unknown key %s%s (did you mean \"%s\"?)",
	    rk_show(shown, sizeof(shown), k, len), where, keys[best]);
}

static int
key_index(const yaml_node_t *key, const char *const *keys, size_t nkeys)
{
	size_t len;
	const char *k = scalar(key, &len);

	for (size_t i = 0; i < nkeys; i++)
		if (rk_streq(k, len, keys[i]))
			return (int)i;
	return -1;
}

/* Check a mapping node's keys are scalars and distinct. */
static int
check_mapping(struct ctx *c, yaml_node_t *map, const char *what)
{
	if (map->type != YAML_MAPPING_NODE)
		return fail(c, map, "%s must be a mapping", what);
	for (yaml_node_pair_t *a = map->data.mapping.pairs.start;
	    a < map->data.mapping.pairs.top; a++) {
		yaml_node_t *ka = yaml_document_get_node(c->doc, a->key);
		size_t la, lb;
		const char *sa, *sb;

		if (ka->type != YAML_SCALAR_NODE)
			return fail(c, ka, "keys of %s must be plain names", what);
		sa = scalar(ka, &la);
		for (yaml_node_pair_t *b = map->data.mapping.pairs.start; b < a; b++) {
			yaml_node_t *kb = yaml_document_get_node(c->doc, b->key);

			sb = scalar(kb, &lb);
			if (kb->type == YAML_SCALAR_NODE && rk_memeq(sa, la, sb, lb)) {
				char shown[120];

				return fail(c, ka, "duplicate key %s in %s",
				    rk_show(shown, sizeof(shown), sa, la), what);
			}
		}
	}
	return 0;
}

static int
get_int(struct ctx *c, yaml_node_t *n, const char *key, int *out)
{
	size_t len;
	const char *s;
	long v = 0;
	int neg = 0;

	if (n->type != YAML_SCALAR_NODE)
		return fail(c, n, "%s must be a whole number of days", key);
	s = scalar(n, &len);
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return fail(c, n, "%s must be an unquoted number", key);
	if (len && s[0] == '-') {
		neg = 1;
		s++;
		len--;
	}
	if (len == 0 || len > 9)
		goto bad;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		v = v * 10 + (s[i] - '0');
	}
	if (neg || v > 36500)
		return fail(c, n, "%s is out of range: it must be 0 to 36500", key);
	*out = (int)v;
	return 0;
bad:
	if (neg)
		return fail(c, n, "%s is out of range: it must be 0 to 36500", key);
	return fail(c, n, "%s must be a whole number of days from 0 to 36500",
	    key);
}

static int
get_pct(struct ctx *c, yaml_node_t *n, const char *key, struct rk_dec *out)
{
	size_t len;
	const char *s;

	if (n->type != YAML_SCALAR_NODE)
		return fail(c, n, "%s must be a percentage", key);
	s = scalar(n, &len);
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return fail(c, n, "%s must be an unquoted number", key);
	if (len && s[0] == '-')
		return fail(c, n, "%s is out of range: it must be 0 to 100", key);
	if (rk_dec_parse(s, len, '.', 12, 4, out))
		return fail(c, n, "%s must be a percentage from 0 to 100 with at "
		    "most 4 fraction digits", key);
	if (out->v > 100 * RK_DEC_ONE)
		return fail(c, n, "%s is out of range: it must be 0 to 100", key);
	return 0;
}

static int
get_enum(struct ctx *c, yaml_node_t *n, const char *key,
    const char *const *vals, size_t nvals, int *out)
{
	size_t len;
	const char *s;
	char list[200] = "", shown[120];

	if (n->type == YAML_SCALAR_NODE) {
		s = scalar(n, &len);
		for (size_t i = 0; i < nvals; i++)
			if (rk_streq(s, len, vals[i])) {
				*out = (int)i;
				return 0;
			}
	} else {
		s = "";
		len = 0;
	}
	for (size_t i = 0; i < nvals; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, vals[i]);
	}
	return fail(c, n, "%s must be one of %s, not %s", key, list,
	    rk_show(shown, sizeof(shown), s, len));
}

static int
get_string(struct ctx *c, yaml_node_t *n, const char *key, char **out)
{
	size_t len;
	const char *s;

	if (n->type != YAML_SCALAR_NODE)
		return fail(c, n, "%s must be a text value", key);
	s = scalar(n, &len);
	if (rk_check_text(s, len) != RK_OK)
		return fail(c, n, "%s must be text of at most 1000 bytes", key);
	free(*out);
	*out = rk_xstrndup(s, len);
	return 0;
}

static int
get_id(struct ctx *c, yaml_node_t *n, const char *key, char **out)
{
	size_t len;
	const char *s;
	char shown[120];

	if (n->type != YAML_SCALAR_NODE)
		return fail(c, n, "%s must be a code", key);
	s = scalar(n, &len);
	if (rk_check_id(s, len) != RK_OK)
		return fail(c, n, "%s: %s is not a valid code (1 to 64 bytes, no "
		    "leading or trailing space, no control character)", key,
		    rk_show(shown, sizeof(shown), s, len));
	free(*out);
	*out = rk_xstrndup(s, len);
	return 0;
}

static int
get_format(struct ctx *c, yaml_node_t *n, const char *key, char **out)
{
	if (get_string(c, n, key, out))
		return -1;
	if (strlen(*out) > 40)
		return fail(c, n, "%s is longer than 40 characters", key);
	if (!rk_seqfmt_valid(*out))
		return fail(c, n, "%s has no {seq} or {seq:N}: the numbers it "
		    "makes would not be unique", key);
	{
		/* what it makes must be an id: try the first number of 2026 */
		char id[128];
		size_t len = rk_seqfmt_make(*out, rk_days_from_civil(2026, 1, 1), 1,
		    id, sizeof(id));

		if (len == 0 || rk_check_id(id, len) != RK_OK)
			return fail(c, n, "%s makes ids like \"%s\", which are not "
			    "ids (1 to 64 bytes, no leading or trailing space, no "
			    "control character)", key, id);
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

	if (map->type == YAML_SCALAR_NODE && map->data.scalar.length == 0 &&
	    map->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return 0; /* "reasons:" with nothing under it */
	if (check_mapping(c, map, what))
		return -1;
	npairs = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
	*arr = rk_xcalloc(npairs ? npairs : 1, sizeof(**arr));
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pr->value);
		struct rk_code_set *cs = &(*arr)[*narr];
		char *code = NULL;

		if (get_id(c, k, reasons ? "a reason" : "a condition", &code))
			return -1;
		cs->code = code;
		cs->len = strlen(code);
		cs->window_days = -1;
		cs->disposition = RK_DISP_UNSET;
		(*narr)++;
		if (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0 &&
		    v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			continue; /* "DAMAGED:": all defaults */
		if (check_mapping(c, v, code))
			return -1;
		for (yaml_node_pair_t *s = v->data.mapping.pairs.start;
		    s < v->data.mapping.pairs.top; s++) {
			yaml_node_t *sk = yaml_document_get_node(c->doc, s->key);
			yaml_node_t *sv = yaml_document_get_node(c->doc, s->value);
			int idx = key_index(sk, keys, nkeys);
			char where[100];
			const char *name;

			if (idx < 0) {
				snprintf(where, sizeof(where), " in %s %s",
				    reasons ? "reason" : "condition", code);
				return unknown_key(c, sk, keys, nkeys, where);
			}
			name = keys[idx];
			if (strcmp(name, "window_days") == 0) {
				if (get_int(c, sv, name, &cs->window_days))
					return -1;
			} else if (strcmp(name, "restocking_pct") == 0) {
				if (get_pct(c, sv, name, &cs->restocking))
					return -1;
				cs->has_restocking = 1;
			} else if (strcmp(name, "credit_pct") == 0) {
				if (get_pct(c, sv, name, &cs->credit))
					return -1;
				cs->has_credit = 1;
			} else {
				if (get_enum(c, sv, name, dispositions, 3,
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

	if (check_mapping(c, map, "seller"))
		return -1;
	c->p->has_seller = 1;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pr->value);
		int idx = key_index(k, seller_keys, RK_ARRAY_LEN(seller_keys));

		if (idx < 0)
			return unknown_key(c, k, seller_keys,
			    RK_ARRAY_LEN(seller_keys), " in seller");
		if (idx == 1 || idx == 6) {
			if (get_id(c, v, seller_keys[idx], fields[idx]))
				return -1;
		} else if (get_string(c, v, seller_keys[idx], fields[idx])) {
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

static int
load_root(struct ctx *c, yaml_node_t *root)
{
	static const char *const allocs[] = { "newest", "oldest", "lowest_price" };
	static const char *const lates[] = { "hold", "reject" };
	static const char *const unanns[] = { "hold", "credit" };
	static const char *const groups[] = { "invoice", "rma", "retailer" };
	struct rk_policy *p = c->p;
	yaml_node_t *dc_node = NULL, *dr_node = NULL;
	int e;

	if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
		return 0; /* an empty document: all defaults */
	if (check_mapping(c, root, "the policy"))
		return -1;
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	    pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pr->value);
		int idx = key_index(k, top_keys, RK_ARRAY_LEN(top_keys));

		switch (idx) {
		case 0:
			if (get_int(c, v, top_keys[idx], &p->return_window_days))
				return -1;
			break;
		case 1:
			if (get_enum(c, v, top_keys[idx], allocs, 3, &e))
				return -1;
			p->allocation = (enum rk_alloc)e;
			break;
		case 2:
			if (get_enum(c, v, top_keys[idx], lates, 2, &e))
				return -1;
			p->late = (enum rk_late)e;
			break;
		case 3:
			if (get_enum(c, v, top_keys[idx], unanns, 2, &e))
				return -1;
			p->unannounced = (enum rk_unann)e;
			break;
		case 4:
			if (get_format(c, v, top_keys[idx], &p->rma_format))
				return -1;
			break;
		case 5:
			if (get_format(c, v, top_keys[idx], &p->credit_note_format))
				return -1;
			break;
		case 6:
			if (get_enum(c, v, top_keys[idx], groups, 3, &e))
				return -1;
			p->group_by = (enum rk_group)e;
			break;
		case 7:
			if (get_id(c, v, top_keys[idx], &p->default_condition))
				return -1;
			dc_node = v;
			break;
		case 8:
			if (get_id(c, v, top_keys[idx], &p->default_reason))
				return -1;
			dr_node = v;
			break;
		case 9:
			if (load_codes(c, v, 1))
				return -1;
			break;
		case 10:
			if (load_codes(c, v, 0))
				return -1;
			break;
		case 11:
			if (load_seller(c, v))
				return -1;
			break;
		default:
			return unknown_key(c, k, top_keys, RK_ARRAY_LEN(top_keys), "");
		}
	}
	if (dc_node && !find_code(p->conditions, p->nconditions,
	    p->default_condition))
		return fail(c, dc_node, "default_condition \"%s\" is not one of "
		    "the conditions", p->default_condition);
	if (dr_node && !find_code(p->reasons, p->nreasons, p->default_reason))
		return fail(c, dr_node, "default_reason \"%s\" is not one of the "
		    "reasons", p->default_reason);
	return 0;
}

/* A tab in the indentation of a line: libyaml would only say "cannot
 * start any token", so say it plainly. */
static int
find_tab(const char *path, const char *s, size_t n, struct rk_err *err)
{
	unsigned long line = 1, col = 1;
	int indent = 1;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			line++;
			col = 1;
			indent = 1;
			continue;
		}
		if (indent && s[i] == '\t')
			return rk_errf(err, RK_EX_CONFIG, "%s:%lu:%lu: tab in "
			    "indentation: YAML indents with spaces only", path,
			    line, col);
		if (s[i] != ' ')
			indent = 0;
		col++;
	}
	return 0;
}

int
rk_policy_load(struct rk_policy *p, const char *path, struct rk_err *err)
{
	FILE *fp;
	char *buf = NULL;
	size_t n = 0, cap = 0, k;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	/* messages name the option: "--policy p.yaml:3:5: ..." */
	char where[4096];
	struct ctx c = { where, &doc, p, err };
	int rc = 0;

	snprintf(where, sizeof(where), "--policy %s", path);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return rk_errf(err, RK_EX_NOINPUT, "--policy '%s': cannot open: %s",
		    path, strerror(errno));
	{
		struct stat st;

		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(fp);
			return rk_errf(err, RK_EX_NOINPUT, "--policy '%s': cannot "
			    "open: %s", path, strerror(EISDIR));
		}
	}
	do {
		if (n + 65536 > cap) {
			cap = cap ? 2 * cap : 65536;
			buf = rk_xrealloc(buf, cap);
		}
		k = fread(buf + n, 1, cap - n, fp);
		n += k;
	} while (k > 0 && n <= (16u << 20));
	if (ferror(fp)) {
		fclose(fp);
		free(buf);
		return rk_errf(err, RK_EX_IOERR, "--policy '%s': read error", path);
	}
	if (n > (16u << 20)) {
		fclose(fp);
		free(buf);
		return rk_errf(err, RK_EX_CONFIG, "--policy '%s': a policy larger "
		    "than 16 MiB is not a policy", path);
	}
	fclose(fp);
	if (find_tab(where, buf, n, err)) {
		free(buf);
		return -1;
	}
	p->loaded = 1;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, n);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = rk_errf(err, RK_EX_CONFIG, "%s:%lu:%lu: not valid YAML: %s%s%s",
		    where, (unsigned long)parser.problem_mark.line + 1,
		    (unsigned long)parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "syntax error",
		    parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		free(buf);
		return rc;
	}
	root = yaml_document_get_root_node(&doc);
	if (root)
		rc = load_root(&c, root);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	free(buf);
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
