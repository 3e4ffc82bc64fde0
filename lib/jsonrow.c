/*
 * jsonrow.c - one JSON element, as the scanner of jsonread.c cut it out,
 * to a row.  jansson checks the element and decodes its strings; every
 * other value is read as its literal text, which is how numbers keep
 * their exact digits (returns-formats(5), "JSON input": 3 is a quantity,
 * 3.0 is not).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rk/diag.h"
#include "rk/field.h"
#include "rk/reader.h"
#include "rk/util.h"

#include "jsonread.h"

/* Copy p[0..n) and a NUL into j->values; the copy. */
static char *
values_put(struct rk_jsonread *j, const char *p, size_t n)
{
	char *d;

	RK_GROW_TO(j->values, j->vlen + n + 1, j->vcap, 0);
	d = j->values + j->vlen;
	if (n)
		memcpy(d, p, n);
	d[n] = '\0';
	j->vlen += n + 1;
	return d;
}

static size_t
skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && rk_blank(s[i]))
		i++;
	return i;
}

/* s[i] is an opening quote: the index after the closing one. */
static size_t
skip_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

/* The index after the value that starts at s[i]. */
static size_t
skip_value(const char *s, size_t i, size_t n)
{
	int depth = 0;

	if (s[i] == '"')
		return skip_string(s, i, n);
	if (s[i] != '{' && s[i] != '[') {
		while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
		    !rk_blank(s[i]))
			i++;
		return i;
	}
	while (i < n) {
		if (s[i] == '"') {
			i = skip_string(s, i, n);
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']') {
			if (--depth == 0)
				return i + 1;
		}
		i++;
	}
	return n;
}

/* Copy JSON text without the whitespace outside strings. */
static const char *
minify(struct rk_jsonread *j, const char *s, size_t n, size_t *outn)
{
	char *d = values_put(j, s, n);
	size_t o = 0;
	int str = 0, esc = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!rk_json_in_string(&str, &esc, c) && rk_blank(c))
			continue;
		d[o++] = c;
	}
	d[o] = '\0';
	*outn = o;
	return d;
}

/* A member of the element: its key (decoded) and where its value is. */
struct member {
	const char *key;
	size_t keyn;
	json_t *decoded;          /* the key when it has escapes: to decref */
	size_t vs, ve;            /* the value is elem[vs..ve) */
};

/*
 * The member whose key starts at elem[*i] (a '"'); *i moves past it and
 * its comma.  -1 when the key is bad or empty.
 */
static int
next_member(const struct rk_reader *r, const struct rk_jsonread *j,
    size_t *i, struct member *m, struct rk_err *err)
{
	const char *s = j->elem;
	size_t n = j->elen, ks = *i + 1, ke = skip_string(s, *i, n) - 1;

	m->key = s + ks;
	m->keyn = ke - ks;
	m->decoded = NULL;
	if (memchr(m->key, '\\', m->keyn)) {
		m->decoded = json_loadb(s + ks - 1, m->keyn + 2,
		    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		if (m->decoded == NULL || !json_is_string(m->decoded)) {
			json_decref(m->decoded);
			return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: bad key",
			    r->where, j->eline, j->ecol + 1);
		}
		m->key = json_string_value(m->decoded);
		m->keyn = json_string_length(m->decoded);
	}
	if (m->keyn == 0) {
		json_decref(m->decoded);
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: empty column name",
		    r->where, j->eline, j->ecol + 1);
	}
	*i = skip_ws(s, ke + 1, n);
	*i = skip_ws(s, *i + 1, n); /* ':' */
	m->vs = *i;
	m->ve = skip_value(s, m->vs, n);
	*i = skip_ws(s, m->ve, n);
	if (*i < n && s[*i] == ',')
		*i = skip_ws(s, *i + 1, n);
	return 0;
}

/* The value of member m, of the parsed element obj, into v. */
static void
member_value(struct rk_jsonread *j, json_t *obj, const struct member *m,
    struct rk_val *v)
{
	const char *text = j->elem + m->vs;
	size_t n = m->ve - m->vs;
	json_t *str;

	switch (*text) {
	case '"':
		str = json_object_getn(obj, m->key, m->keyn);
		v->n = json_string_length(str);
		v->p = values_put(j, json_string_value(str), v->n);
		v->t = RK_V_STR;
		break;
	case 'n':
		v->t = RK_V_NULL;
		break;
	case 't':
	case 'f':
		v->p = values_put(j, text, n);
		v->n = n;
		v->t = RK_V_BOOL;
		break;
	case '{':
	case '[':
		v->p = minify(j, text, n, &v->n);
		v->t = *text == '{' ? RK_V_OBJ : RK_V_ARR;
		break;
	default:
		v->p = values_put(j, text, n);
		v->n = n;
		v->t = RK_V_NUM;
		break;
	}
}

/* The row of the parsed element obj. */
static int
make_row(struct rk_reader *r, struct rk_jsonread *j, json_t *obj,
    struct rk_row *row, struct rk_err *err)
{
	const char *s = j->elem;
	size_t n = j->elen, i, ncols, members = 0;
	struct member m;
	struct rk_val *v;

	/*
	 * Values are copied into j->values and the row points into it: make
	 * it big enough for the whole element now (no value is longer than
	 * its text, plus one NUL each), so it never moves while the row is
	 * built.
	 */
	j->vlen = 0;
	RK_GROW_TO(j->values, 2 * n + 64, j->vcap, 0);
	/* first every key, so the column table is final for this row */
	for (i = skip_ws(s, 1, n); i < n && s[i] == '"';) {
		if (next_member(r, j, &i, &m, err))
			return -1;
		rk_intern_add(&r->cols, m.key, m.keyn);
		json_decref(m.decoded);
	}
	ncols = r->cols.count;
	v = rk_reader_vals(r, ncols);
	for (size_t k = 0; k < ncols; k++) {
		v[k].p = "";
		v[k].n = 0;
		v[k].t = RK_V_ABSENT;
	}
	for (i = skip_ws(s, 1, n); i < n && s[i] == '"'; members++) {
		if (next_member(r, j, &i, &m, err))
			return -1;
		member_value(j, obj, &m, &v[rk_intern_find(&r->cols, m.key,
		    m.keyn)]);
		json_decref(m.decoded);
	}
	/* strings were copied out: the pointers stay valid after decref */
	row->line = j->eline;
	row->nvals = ncols;
	row->v = v;
	row->nfields = members;
	row->nextra = 0;
	row->extra = NULL;
	row->clean = 0;
	return 1;
}

/* Length of a JSON number at s (RFC 8259 grammar), 0 when it is not one. */
static size_t
number_len(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0') {
		i++;
	} else {
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i;
}

/*
 * jansson would turn numbers into doubles (and refuse 1e999 as an
 * overflow), but numbers are read as their literal text from elem: hand
 * jansson a copy where every well-formed number is "0" padded with
 * spaces, so it checks the structure and decodes the strings.
 */
static void
mask_numbers(struct rk_jsonread *j)
{
	const char *s = j->elem;
	size_t n = j->elen;
	int str = 0, esc = 0;

	RK_GROW_TO(j->masked, n, j->maskcap, 0);
	memcpy(j->masked, s, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (rk_json_in_string(&str, &esc, c))
			continue;
		if (c == '-' || (c >= '0' && c <= '9')) {
			size_t k = number_len(s + i, n - i), e = i;

			/* the whole token, so "01" or "1." stay for jansson to refuse */
			while (e < n && (s[e] == '-' || s[e] == '+' || s[e] == '.' ||
			    s[e] == 'e' || s[e] == 'E' || (s[e] >= '0' && s[e] <= '9')))
				e++;
			if (k > 0 && i + k == e) {
				j->masked[i] = '0';
				memset(j->masked + i + 1, ' ', k - 1);
			}
			i = e - 1;
		}
	}
}

/* Invalid UTF-8 at elem[bad]: say where, which jansson does not exactly. */
static int
invalid_utf8(const struct rk_reader *r, const struct rk_jsonread *j,
    size_t bad, struct rk_err *err)
{
	unsigned long line = j->eline, col = j->ecol;

	for (size_t i = 0; i < bad; i++) {
		if (j->elem[i] == '\n') {
			line++;
			col = 0;
		} else if (((unsigned char)j->elem[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: invalid UTF-8 "
	    "(JSON text must be UTF-8)", r->where, line, col + 1);
}

/*
 * jansson's message, which quotes the token it stopped at, with a
 * control character of the input written \xNN, as rk_show() writes it.
 */
static const char *
plain_message(const char *text, char *out, size_t cap)
{
	size_t n = strlen(text), o = 0;

	for (size_t i = 0; i < n && o + 9 < cap; i++) {
		size_t k = rk_control_len(text + i, n - i);

		if (k == 0) {
			out[o++] = text[i];
			continue;
		}
		for (size_t j = 0; j < k; j++)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x",
			    (unsigned char)text[i + j]);
		i += k - 1;
	}
	out[o] = '\0';
	return out;
}

int
rk_json_element_row(struct rk_reader *r, struct rk_jsonread *j,
    struct rk_row *row, struct rk_err *err)
{
	json_error_t je;
	json_t *obj;
	int rc;
	size_t bad = rk_utf8_invalid_at(j->elem, j->elen);

	if (bad < j->elen)
		return invalid_utf8(r, j, bad, err);
	mask_numbers(j);
	obj = json_loadb(j->masked, j->elen,
	    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (obj == NULL) {
		unsigned long line = j->eline + (unsigned long)je.line - 1;
		unsigned long col = je.line <= 1 ?
		    j->ecol + (unsigned long)je.column : (unsigned long)je.column;
		char text[4 * sizeof(je.text)];

		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", r->where,
		    line, col ? col : 1, plain_message(je.text, text, sizeof(text)));
	}
	rc = make_row(r, j, obj, row, err);
	json_decref(obj);
	return rc;
}
