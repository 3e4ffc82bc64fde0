/*
 * yamlnode.c - a YAML file read whole, and its typed values read with
 * messages that name FILE:LINE:COL.  See rk/yamlnode.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "rk/field.h"
#include "rk/util.h"
#include "rk/yamlnode.h"

#define YAML_MAX (16u << 20)

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

/* The whole file, at most YAML_MAX bytes: 0, or -1 with err set. */
static int
slurp(const char *option, const char *path, char **buf, size_t *len,
    struct rk_err *err)
{
	FILE *fp = fopen(path, "rb");
	size_t n = 0, cap = 0, k;
	struct stat st;

	*buf = NULL;
	if (fp == NULL)
		return rk_errf(err, RK_EX_NOINPUT, "%s '%s': cannot open: %s",
		    option, path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return rk_errf(err, RK_EX_NOINPUT, "%s '%s': cannot open: %s",
		    option, path, strerror(EISDIR));
	}
	do {
		if (n + 65536 > cap) {
			cap = cap ? 2 * cap : 65536;
			*buf = rk_xrealloc(*buf, cap);
		}
		k = fread(*buf + n, 1, cap - n, fp);
		n += k;
	} while (k > 0 && n <= YAML_MAX);
	if (ferror(fp) || n > YAML_MAX) {
		int e = ferror(fp);

		fclose(fp);
		free(*buf);
		*buf = NULL;
		if (e)
			return rk_errf(err, RK_EX_IOERR, "%s '%s': read error",
			    option, path);
		return rk_errf(err, RK_EX_CONFIG, "%s '%s': a policy larger than "
		    "16 MiB is not a policy", option, path);
	}
	fclose(fp);
	*len = n;
	return 0;
}

int
rk_yaml_open(struct rk_yaml *y, const char *option, const char *path,
    struct rk_err *err)
{
	yaml_parser_t parser;
	char *buf;
	size_t n = 0;
	int rc = 0;

	memset(y, 0, sizeof(*y));
	y->err = err;
	snprintf(y->where, sizeof(y->where), "%s %s", option, path);
	if (slurp(option, path, &buf, &n, err))
		return -1;
	if (find_tab(y->where, buf, n, err)) {
		free(buf);
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, n);
	if (!yaml_parser_load(&parser, &y->docbuf)) {
		rc = rk_errf(err, RK_EX_CONFIG, "%s:%lu:%lu: not valid YAML: %s%s%s",
		    y->where, (unsigned long)parser.problem_mark.line + 1,
		    (unsigned long)parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "syntax error",
		    parser.context ? " " : "", parser.context ? parser.context : "");
	} else {
		y->doc = &y->docbuf;
	}
	yaml_parser_delete(&parser);
	free(buf);
	return rc;
}

void
rk_yaml_close(struct rk_yaml *y)
{
	if (y->doc)
		yaml_document_delete(y->doc);
	y->doc = NULL;
}

int
rk_yaml_empty(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.length == 0 &&
	    n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

int
rk_yaml_fail(struct rk_yaml *y, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rk_errf(y->err, RK_EX_CONFIG, "%s:%lu:%lu: %s", y->where,
	    (unsigned long)n->start_mark.line + 1,
	    (unsigned long)n->start_mark.column + 1, msg);
}

const char *
rk_yaml_scalar(const yaml_node_t *n, size_t *len)
{
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

int
rk_yaml_unknown_key(struct rk_yaml *y, const yaml_node_t *key, const char *const *keys,
    size_t nkeys, const char *where)
{
	size_t len, best = 0, bestd = (size_t)-1;
	const char *k = rk_yaml_scalar(key, &len);
	char shown[120];

	for (size_t i = 0; i < nkeys; i++) {
		size_t d = rk_edit_distance(k, len, keys[i], strlen(keys[i]));

		if (d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return rk_yaml_fail(y, key, "unknown key %s%s (did you mean \"%s\"?)",
	    rk_show(shown, sizeof(shown), k, len), where, keys[best]);
}

int
rk_yaml_key_index(const yaml_node_t *key, const char *const *keys, size_t nkeys)
{
	size_t len;
	const char *k = rk_yaml_scalar(key, &len);

	for (size_t i = 0; i < nkeys; i++)
		if (rk_streq(k, len, keys[i]))
			return (int)i;
	return -1;
}

/* Check a mapping node's keys are scalars and distinct. */
int
rk_yaml_mapping(struct rk_yaml *y, yaml_node_t *map, const char *what)
{
	if (map->type != YAML_MAPPING_NODE)
		return rk_yaml_fail(y, map, "%s must be a mapping", what);
	for (yaml_node_pair_t *a = map->data.mapping.pairs.start;
	    a < map->data.mapping.pairs.top; a++) {
		yaml_node_t *ka = yaml_document_get_node(y->doc, a->key);
		size_t la, lb;
		const char *sa, *sb;

		if (ka->type != YAML_SCALAR_NODE)
			return rk_yaml_fail(y, ka, "keys of %s must be plain names", what);
		sa = rk_yaml_scalar(ka, &la);
		for (yaml_node_pair_t *b = map->data.mapping.pairs.start; b < a; b++) {
			yaml_node_t *kb = yaml_document_get_node(y->doc, b->key);

			sb = rk_yaml_scalar(kb, &lb);
			if (kb->type == YAML_SCALAR_NODE && rk_memeq(sa, la, sb, lb)) {
				char shown[120];

				return rk_yaml_fail(y, ka, "duplicate key %s in %s",
				    rk_show(shown, sizeof(shown), sa, la), what);
			}
		}
	}
	return 0;
}

int
rk_yaml_days(struct rk_yaml *y, yaml_node_t *n, const char *key, int *out)
{
	size_t len;
	const char *s;
	long v = 0;
	int neg = 0;

	if (n->type != YAML_SCALAR_NODE)
		return rk_yaml_fail(y, n, "%s must be a whole number of days", key);
	s = rk_yaml_scalar(n, &len);
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return rk_yaml_fail(y, n, "%s must be an unquoted number", key);
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
		return rk_yaml_fail(y, n, "%s is out of range: it must be 0 to 36500", key);
	*out = (int)v;
	return 0;
bad:
	if (neg)
		return rk_yaml_fail(y, n, "%s is out of range: it must be 0 to 36500", key);
	return rk_yaml_fail(y, n, "%s must be a whole number of days from 0 to 36500",
	    key);
}

int
rk_yaml_pct(struct rk_yaml *y, yaml_node_t *n, const char *key, struct rk_dec *out)
{
	size_t len;
	const char *s;

	if (n->type != YAML_SCALAR_NODE)
		return rk_yaml_fail(y, n, "%s must be a percentage", key);
	s = rk_yaml_scalar(n, &len);
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return rk_yaml_fail(y, n, "%s must be an unquoted number", key);
	if (len && s[0] == '-')
		return rk_yaml_fail(y, n, "%s is out of range: it must be 0 to 100", key);
	if (rk_dec_parse(s, len, '.', 12, 4, out))
		return rk_yaml_fail(y, n, "%s must be a percentage from 0 to 100 with at "
		    "most 4 fraction digits", key);
	if (out->v > 100 * RK_DEC_ONE)
		return rk_yaml_fail(y, n, "%s is out of range: it must be 0 to 100", key);
	return 0;
}

int
rk_yaml_enum(struct rk_yaml *y, yaml_node_t *n, const char *key,
    const char *const *vals, size_t nvals, int *out)
{
	size_t len;
	const char *s;
	char list[200] = "", shown[120];

	if (n->type == YAML_SCALAR_NODE) {
		s = rk_yaml_scalar(n, &len);
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
	return rk_yaml_fail(y, n, "%s must be one of %s, not %s", key, list,
	    rk_show(shown, sizeof(shown), s, len));
}

int
rk_yaml_text(struct rk_yaml *y, yaml_node_t *n, const char *key, char **out)
{
	size_t len;
	const char *s;

	if (n->type != YAML_SCALAR_NODE)
		return rk_yaml_fail(y, n, "%s must be a text value", key);
	s = rk_yaml_scalar(n, &len);
	if (rk_check_text(s, len) != RK_OK)
		return rk_yaml_fail(y, n, "%s must be text of at most 1000 bytes", key);
	free(*out);
	*out = rk_xstrndup(s, len);
	return 0;
}

int
rk_yaml_id(struct rk_yaml *y, yaml_node_t *n, const char *key, char **out)
{
	size_t len;
	const char *s;
	char shown[120];

	if (n->type != YAML_SCALAR_NODE)
		return rk_yaml_fail(y, n, "%s must be a code", key);
	s = rk_yaml_scalar(n, &len);
	if (rk_check_id(s, len) != RK_OK)
		return rk_yaml_fail(y, n, "%s: %s is not a valid code (1 to 64 bytes, no "
		    "leading or trailing space, no control character)", key,
		    rk_show(shown, sizeof(shown), s, len));
	free(*out);
	*out = rk_xstrndup(s, len);
	return 0;
}

