/*
 * yamlnode.h - a YAML file read whole with libyaml's document API, and
 * its values read by type, each error naming FILE:LINE:COL (RK_EX_CONFIG;
 * a file that cannot be opened is RK_EX_NOINPUT).
 *
 * The file is read first so that a tab in indentation is named plainly
 * before libyaml reports it as "cannot start any token".
 *
 *	struct rk_yaml y;
 *	if (rk_yaml_open(&y, "--policy", path, &err)) ...
 *	root = yaml_document_get_root_node(y.doc);
 *	... rk_yaml_mapping(&y, root, "the policy"), rk_yaml_days(), ...
 *	rk_yaml_close(&y);
 */
#ifndef RK_YAMLNODE_H
#define RK_YAMLNODE_H

#include <stddef.h>
#include <yaml.h>

#include "rk/diag.h"
#include "rk/money.h"

struct rk_yaml {
	char where[4096];       /* "--policy FILE", the start of messages */
	yaml_document_t *doc;   /* NULL until loaded */
	yaml_document_t docbuf;
	struct rk_err *err;
};

int rk_yaml_open(struct rk_yaml *y, const char *option, const char *path,
    struct rk_err *err);
void rk_yaml_close(struct rk_yaml *y);

/* Fill y->err with "WHERE:LINE:COL: message" at node n; returns -1. */
int rk_yaml_fail(struct rk_yaml *y, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A scalar's bytes (not NUL-terminated) and length. */
const char *rk_yaml_scalar(const yaml_node_t *n, size_t *len);
/* A plain empty scalar ("key:" with nothing after it). */
int rk_yaml_empty(const yaml_node_t *n);
/* Check a mapping's keys are plain scalars, each once; what names it. */
int rk_yaml_mapping(struct rk_yaml *y, yaml_node_t *map, const char *what);
/* The index of a key in keys[], or -1. */
int rk_yaml_key_index(const yaml_node_t *key, const char *const *keys,
    size_t nkeys);
/* Refuse an unknown key, naming the nearest of keys[] (edit distance;
 * the first on a tie); where follows the key in the message. */
int rk_yaml_unknown_key(struct rk_yaml *y, const yaml_node_t *key,
    const char *const *keys, size_t nkeys, const char *where);

/* Typed values; key names the setting in messages.  0 or -1. */
int rk_yaml_days(struct rk_yaml *y, yaml_node_t *n, const char *key, int *out);
int rk_yaml_pct(struct rk_yaml *y, yaml_node_t *n, const char *key,
    struct rk_dec *out);
int rk_yaml_enum(struct rk_yaml *y, yaml_node_t *n, const char *key,
    const char *const *vals, size_t nvals, int *out);
/* Text (rk_check_text) or an id (rk_check_id), copied into *out. */
int rk_yaml_text(struct rk_yaml *y, yaml_node_t *n, const char *key,
    char **out);
int rk_yaml_id(struct rk_yaml *y, yaml_node_t *n, const char *key,
    char **out);

#endif
