/*
 * jsonwrite.c - the JSON output formats (writerimpl.h): JSON Lines, one
 * object per line, and one JSON array of the row objects, one per line
 * (returns-formats(5), "Output formats").  Keys come in column order; a
 * column's type decides its JSON type (rk/writer.h).
 */
#include <stddef.h>
#include <string.h>

#include "rk/value.h"
#include "rk/writer.h"

#include "writerimpl.h"

static void
put_string(struct rk_writer *w, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	rk_writer_putch(w, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char esc[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rk_writer_put(w, p + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': rk_writer_put(w, "\\\"", 2); break;
		case '\\': rk_writer_put(w, "\\\\", 2); break;
		case '\n': rk_writer_put(w, "\\n", 2); break;
		case '\r': rk_writer_put(w, "\\r", 2); break;
		case '\t': rk_writer_put(w, "\\t", 2); break;
		case '\b': rk_writer_put(w, "\\b", 2); break;
		case '\f': rk_writer_put(w, "\\f", 2); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			rk_writer_put(w, esc, 6);
		}
	}
	rk_writer_put(w, p + run, n - run);
	rk_writer_putch(w, '"');
}

/* A carried value in the JSON type it was read with; empty: null. */
static void
put_carried(struct rk_writer *w, const struct rk_val *c)
{
	switch (c->t) {
	case RK_V_NUM:
	case RK_V_BOOL:
	case RK_V_OBJ:
	case RK_V_ARR:
		rk_writer_put(w, c->p, c->n);
		return;
	case RK_V_STR:
		if (c->n) {
			put_string(w, c->p, c->n);
			return;
		}
		break;
	default:
		break;
	}
	rk_writer_put(w, "null", 4);
}

static void
put_value(struct rk_writer *w, enum rk_ctype type, const struct rk_val *c)
{
	if (type == RK_C_CARRIED) {
		put_carried(w, c);
	} else if (c->n == 0) {
		rk_writer_put(w, "null", 4);
	} else if (type == RK_C_INT) {
		rk_writer_put(w, c->p, c->n);
	} else if (type == RK_C_DEC) {
		struct rk_val tmp;
		char buf[64];

		c = rk_writer_decimal(c, '.', &tmp, buf, sizeof(buf));
		put_string(w, c->p, c->n);
	} else {
		put_string(w, c->p, c->n);
	}
}

static void
put_object(struct rk_writer *w, const struct rk_val *cells)
{
	rk_writer_putch(w, '{');
	rk_writer_members(w, (const char *const *)w->names, w->lens, w->types,
	    cells, w->n);
	rk_writer_putch(w, '}');
}

static void
jsonl_row(struct rk_writer *w, const struct rk_val *cells)
{
	put_object(w, cells);
	rk_writer_putch(w, '\n');
}

static void
json_row(struct rk_writer *w, const struct rk_val *cells)
{
	rk_writer_put(w, w->rows ? ",\n" : "[\n", 2);
	put_object(w, cells);
}

static void
json_end(struct rk_writer *w)
{
	if (w->rows)
		rk_writer_put(w, "\n]\n", 3);
	else
		rk_writer_put(w, "[]\n", 3);
}

const struct rk_out_format rk_out_jsonl = { "jsonl", NULL, jsonl_row, NULL, 0 };
const struct rk_out_format rk_out_json = { "json", NULL, json_row, json_end,
	1 };

void
rk_writer_raw(struct rk_writer *w, const char *p, size_t n)
{
	rk_writer_put(w, p, n);
}

void
rk_writer_members(struct rk_writer *w, const char *const *names,
    const size_t *lens, const enum rk_ctype *types, const struct rk_val *cells,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			rk_writer_putch(w, ',');
		put_string(w, names[i], lens ? lens[i] : strlen(names[i]));
		rk_writer_putch(w, ':');
		put_value(w, types ? types[i] : RK_C_TEXT, &cells[i]);
	}
}
