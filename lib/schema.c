/*
 * schema.c - column tables bound to an input's columns (the known ones,
 * the carried ones, the missing required ones), the checks of a row, and
 * checked values as they are written back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk/date.h"
#include "rk/schema.h"
#include "rk/util.h"

void
rk_carried_init(struct rk_carried *c, const char *const *reserved,
    size_t nreserved)
{
	rk_intern_init(&c->names);
	c->reserved = reserved;
	c->nreserved = nreserved;
}

void
rk_carried_release(struct rk_carried *c)
{
	rk_intern_release(&c->names);
}

size_t
rk_carried_count(const struct rk_carried *c)
{
	return c->names.count;
}

void
rk_carried_merge(const struct rk_carried *from, struct rk_carried *to,
    uint32_t *map)
{
	for (size_t i = 0; i < rk_carried_count(from); i++) {
		size_t n;
		const char *p = rk_carried_name(from, i, &n);

		map[i] = rk_intern_add(&to->names, p, n);
	}
}

const char *
rk_carried_name(const struct rk_carried *c, size_t i, size_t *n)
{
	return rk_intern_str(&c->names, (uint32_t)i, n);
}

static void
bind_update(struct rk_binding *b, const struct rk_reader *r)
{
	size_t n = rk_reader_ncols(r);

	if (n <= b->nbound)
		return;
	if (n > b->cap) {
		b->cap = n + 16;
		b->known = rk_xreallocarray(b->known, b->cap, sizeof(*b->known));
		b->carried = rk_xreallocarray(b->carried, b->cap, sizeof(*b->carried));
	}
	for (size_t id = b->nbound; id < n; id++) {
		size_t len;
		const char *name = rk_reader_col(r, id, &len);

		b->known[id] = -1;
		b->carried[id] = -1;
		for (size_t k = 0; k < b->s->n; k++)
			if (rk_streq(name, len, b->s->cols[k].name)) {
				b->known[id] = (int32_t)k;
				if (b->col_of[k] < 0)
					b->col_of[k] = (int32_t)id;
				break;
			}
		if (b->known[id] >= 0 || b->carry == NULL)
			continue;
		for (size_t k = 0; k < b->carry->nreserved; k++)
			if (rk_streq(name, len, b->carry->reserved[k]))
				goto next;
		b->carried[id] = (int32_t)rk_intern_add(&b->carry->names, name, len);
next:;
	}
	b->nbound = n;
}

/*
 * 1 when a header name differs from a column name only in case,
 * surrounding spaces, or '-' or space where the column has '_': a name
 * worth pointing at when the column is missing.
 */
static int
near_miss(const char *p, size_t n, const char *col)
{
	size_t i = 0;

	while (n > 0 && p[n - 1] == ' ')
		n--;
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && *col; i++, col++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == '-' || c == ' ')
			c = '_';
		if (c != *col)
			return 0;
	}
	return i == n && *col == '\0';
}

static int
missing_column(struct rk_reader *r, const char *col, struct rk_err *err)
{
	for (size_t id = 0; id < rk_reader_ncols(r); id++) {
		size_t n;
		const char *name = rk_reader_col(r, id, &n);

		if (near_miss(name, n, col))
			return rk_errf(err, RK_EX_DATAERR, "%s:%lu:1: the header has "
			    "no column '%s' (found '%.*s')", rk_reader_where(r),
			    rk_reader_header_line(r), col, (int)n, name);
	}
	return rk_errf(err, RK_EX_DATAERR,
	    "%s:%lu:1: the header has no column '%s'", rk_reader_where(r),
	    rk_reader_header_line(r), col);
}

int
rk_bind(struct rk_binding *b, const struct rk_schema *s,
    struct rk_carried *carry, struct rk_reader *r, char dp,
    struct rk_err *err)
{
	memset(b, 0, sizeof(*b));
	b->s = s;
	b->r = r;
	b->carry = carry;
	b->col_of = rk_xcalloc(s->n ? s->n : 1, sizeof(*b->col_of));
	for (size_t k = 0; k < s->n; k++)
		b->col_of[k] = -1;
	b->csv = rk_reader_format(r) == RK_FMT_CSV;
	/* no thousands separators exist, so ',' is never ambiguous */
	b->dp = b->csv && (dp == ',' || rk_reader_delim(r) != ',') ? ',' : '.';
	bind_update(b, r);
	if (b->csv) {
		b->header_cols = rk_reader_ncols(r);
		for (size_t k = 0; k < s->n; k++)
			if (s->cols[k].required && b->col_of[k] < 0) {
				rk_bind_release(b);
				return missing_column(r, s->cols[k].name, err);
			}
	}
	return 0;
}

void
rk_bind_release(struct rk_binding *b)
{
	free(b->known);
	free(b->carried);
	free(b->col_of);
	memset(b, 0, sizeof(*b));
}

void
rk_fv_cell(const struct rk_fv *v, enum rk_kind k, char *buf,
    struct rk_val *out)
{
	if (!v->present)
		rk_val_set(out, "", 0);
	else if (k == RK_K_INT || k == RK_K_QTY)
		rk_val_uint(out, buf, (uint64_t)v->i);
	else if (k == RK_K_DATE)
		rk_val_set(out, buf, rk_date_format(v->date, buf));
	else
		rk_val_set(out, v->p, v->n);
}

void
rk_reject_message(enum rk_code code, const char *col, const char *p, size_t n,
    char *msg, size_t cap)
{
	char v[200];

	rk_show(v, sizeof(v), p, n);
	switch (code) {
	case RK_BAD_ID:
		snprintf(msg, cap, "column '%s': %s is not an id (1 to 64 bytes of "
		    "UTF-8, no leading or trailing space, no control character)",
		    col, v);
		break;
	case RK_BAD_TEXT:
		snprintf(msg, cap, "column '%s': %zu bytes of text: text must be "
		    "UTF-8 without NUL, at most 1000 bytes", col, n);
		break;
	case RK_BAD_QTY:
	case RK_BAD_INTEGER:
		snprintf(msg, cap, "column '%s': %s is not a whole number from 1 "
		    "to 1000000000", col, v);
		break;
	case RK_BAD_MONEY:
		snprintf(msg, cap, "column '%s': %s is not an amount (digits with "
		    "an optional decimal part: at most 12 integer and 6 fraction "
		    "digits, no sign, exponent or thousands separator)", col, v);
		break;
	case RK_BAD_PERCENT:
		snprintf(msg, cap, "column '%s': %s is not a percentage from 0 to "
		    "100 with at most 4 fraction digits", col, v);
		break;
	case RK_BAD_CURRENCY:
		snprintf(msg, cap, "column '%s': %s is not an ISO 4217 currency "
		    "code with a minor unit", col, v);
		break;
	case RK_BAD_DATE:
		snprintf(msg, cap, "column '%s': %s is not a date YYYY-MM-DD or a "
		    "timestamp YYYY-MM-DDThh:mm:ss with Z or an offset", col, v);
		break;
	case RK_MISSING_VALUE:
		snprintf(msg, cap, "column '%s' is required and empty", col);
		break;
	case RK_INVALID_UTF8:
		snprintf(msg, cap, "column '%s': invalid UTF-8 %s", col, v);
		break;
	default:
		snprintf(msg, cap, "column '%s': %s", col, v);
		break;
	}
}

static const char *
json_type_name(int t)
{
	switch (t) {
	case RK_V_BOOL: return "boolean";
	case RK_V_OBJ: return "object";
	case RK_V_ARR: return "array";
	default: return "value";
	}
}

/* The first field of a row that is not valid UTF-8, named by its column. */
static enum rk_code
check_utf8(const struct rk_binding *b, const struct rk_reader *r,
    const struct rk_row *row, char *msg, size_t msgcap)
{
	for (size_t id = 0; id < row->nvals; id++) {
		const struct rk_val *v = &row->v[id];

		if (v->n && !rk_utf8_valid(v->p, v->n)) {
			size_t len;
			const char *name = rk_reader_col(r, id, &len);
			char cname[80];

			snprintf(cname, sizeof(cname), "%.*s", (int)(len < 64 ? len : 64),
			    name);
			rk_reject_message(RK_INVALID_UTF8, cname, v->p, v->n, msg,
			    msgcap);
			return RK_INVALID_UTF8;
		}
	}
	for (size_t i = 0; i < row->nextra; i++)
		if (!rk_utf8_valid(row->extra[i].p, row->extra[i].n)) {
			char cname[40];

			snprintf(cname, sizeof(cname), "column_%zu",
			    b->header_cols + i + 1);
			rk_reject_message(RK_INVALID_UTF8, cname, row->extra[i].p,
			    row->extra[i].n, msg, msgcap);
			return RK_INVALID_UTF8;
		}
	return RK_OK;
}

/*
 * Check column k of the table in a row, filling fv: its JSON type, a
 * value when it is required, its syntax, then the schema's hook.
 */
static enum rk_code
check_column(const struct rk_binding *b, size_t k, const struct rk_row *row,
    struct rk_fv *fv, char *msg, size_t msgcap)
{
	const struct rk_schema *s = b->s;
	const struct rk_colspec *c = &s->cols[k];
	const struct rk_val *v = NULL;
	enum rk_code code;

	if (b->col_of[k] >= 0 && (size_t)b->col_of[k] < row->nvals)
		v = &row->v[b->col_of[k]];
	memset(fv, 0, sizeof(*fv));
	fv->p = "";
	fv->cur = -1;
	if (v && (v->t == RK_V_BOOL || v->t == RK_V_OBJ || v->t == RK_V_ARR)) {
		snprintf(msg, msgcap, "column '%s': a JSON %s is not allowed",
		    c->name, json_type_name(v->t));
		return RK_BAD_VALUE;
	}
	if (v == NULL || v->n == 0 || v->t == RK_V_NULL || v->t == RK_V_ABSENT) {
		if (c->required) {
			rk_reject_message(RK_MISSING_VALUE, c->name, "", 0, msg,
			    msgcap);
			return RK_MISSING_VALUE;
		}
	} else {
		code = rk_check_kind(c->kind, v->p, v->n, b->dp, v->t == RK_V_NUM,
		    row->clean ? RK_KNOWN_PRINTABLE : RK_KNOWN_UTF8, fv);
		if (code != RK_OK) {
			rk_reject_message(code, c->name, v->p, v->n, msg, msgcap);
			return code;
		}
	}
	return s->hook ? s->hook(s->hook_ctx, k, fv, msg, msgcap) : RK_OK;
}

/*
 * The checks in the order of returns-formats(5), MALFORMED ROWS: invalid
 * UTF-8 anywhere in the row, the field count against the header, then
 * each column in the order of the column table.
 */
enum rk_code
rk_row_check(struct rk_binding *b, struct rk_reader *r,
    const struct rk_row *row, struct rk_fv *vals, char *msg, size_t msgcap)
{
	enum rk_code code;

	bind_update(b, r);
	if (!row->clean && (code = check_utf8(b, r, row, msg, msgcap)) != RK_OK)
		return code;
	if (b->csv && row->nfields != b->header_cols) {
		snprintf(msg, msgcap, "%zu fields, the header has %zu",
		    row->nfields, b->header_cols);
		return RK_FIELD_COUNT;
	}
	for (size_t k = 0; k < b->s->n; k++)
		if ((code = check_column(b, k, row, &vals[k], msg, msgcap)) != RK_OK)
			return code;
	return RK_OK;
}

static enum rk_code
check_bound_row(void *binding, const struct rk_row *row, void *vals,
    char *msg, size_t msgcap)
{
	struct rk_binding *b = binding;

	return rk_row_check(b, b->r, row, vals, msg, msgcap);
}

void
rk_bind_check_rows(struct rk_binding *b)
{
	rk_reader_check(b->r, check_bound_row, NULL, b,
	    b->s->n * sizeof(struct rk_fv));
}
