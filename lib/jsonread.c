/*
 * jsonread.c - the JSON format of the reader (readerimpl.h), for JSON
 * Lines and for a JSON array of objects (returns-formats(5), "JSON
 * input").  A small scanner cuts the input into top-level elements,
 * tracking strings and nesting only, and follows the syntax of the array
 * around them; each element becomes a row in jsonrow.c.
 */
#include <stdlib.h>

#include "rk/diag.h"
#include "rk/reader.h"
#include "rk/util.h"

#include "jsonread.h"

/* Where a JSON array input is in the syntax around its elements. */
enum { J_TOP, J_FIRST, J_ELEM, J_AFTER, J_DONE };

static int
json_open(struct rk_reader *r, struct rk_err *err)
{
	struct rk_jsonread *j = rk_xcalloc(1, sizeof(*j));

	(void)err;
	j->array_state = J_TOP;
	r->format_state = j;
	return 0;
}

static int
json_header(struct rk_reader *r, struct rk_err *err)
{
	(void)r;
	(void)err;
	return 1; /* a JSON input has no header: its columns are its keys */
}

static void
json_close(struct rk_reader *r)
{
	struct rk_jsonread *j = r->format_state;

	free(j->elem);
	free(j->values);
	free(j->masked);
	free(j);
}

static int
error_here(const struct rk_reader *r, struct rk_err *err, const char *what)
{
	return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: %s", r->where, r->line,
	    r->col + 1, what);
}

/* Move the position past c: a line, or a character (UTF-8 lead byte). */
static void
step(struct rk_reader *r, char c)
{
	if (c == '\n') {
		r->line++;
		r->col = 0;
	} else if (((unsigned char)c & 0xc0) != 0x80) {
		r->col++;
	}
}

static void
elem_put(struct rk_jsonread *j, char c)
{
	RK_GROW(j->elem, j->elen, j->ecap);
	j->elem[j->elen++] = c;
}

/* The input ended: fine between elements, and after a whole array. */
static int
input_ended(const struct rk_reader *r, const struct rk_jsonread *j,
    struct rk_err *err)
{
	if (j->depth > 0)
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: truncated JSON: "
		    "the object started here is not closed", r->where, j->eline,
		    j->ecol + 1);
	if (r->fmt == RK_FMT_JSON && j->array_state != J_DONE &&
	    j->array_state != J_TOP) /* J_TOP: blanks only */
		return error_here(r, err, "truncated JSON: the array is not closed");
	return 0;
}

/*
 * c is the next byte of the element: 1 (and the row) when it closes the
 * element, -1 on error, else 0.
 */
static int
element_byte(struct rk_reader *r, struct rk_jsonread *j, char c,
    struct rk_row *row, struct rk_err *err)
{
	elem_put(j, c);
	if (j->elen > RK_RECORD_MAX)
		return rk_errf(err, RK_EX_DATAERR, "%s:%lu:%lu: JSON object "
		    "larger than %u MiB", r->where, j->eline, j->ecol + 1,
		    RK_RECORD_MAX >> 20);
	if (!rk_json_in_string(&j->in_string, &j->escaped, c)) {
		if (c == '{' || c == '[')
			j->depth++;
		else if (c == '}' || c == ']')
			j->depth--;
	}
	step(r, c);
	if (j->depth > 0)
		return 0;
	if (r->fmt == RK_FMT_JSON)
		j->array_state = J_AFTER;
	return rk_json_element_row(r, j, row, err);
}

/*
 * c, not blank and outside the elements of a JSON array input: 1 when it
 * is the array's own syntax, 0 when an element should begin with it, -1
 * on error.
 */
static int
array_byte(struct rk_reader *r, struct rk_jsonread *j, char c,
    struct rk_err *err)
{
	switch (j->array_state) {
	case J_TOP:
		if (c != '[')
			return error_here(r, err,
			    "expected '[' to start a JSON array");
		j->array_state = J_FIRST;
		break;
	case J_FIRST:
		if (c != ']')
			return 0;
		j->array_state = J_DONE;
		break;
	case J_ELEM:
		return 0;
	case J_AFTER:
		if (c == ',')
			j->array_state = J_ELEM;
		else if (c == ']')
			j->array_state = J_DONE;
		else
			return error_here(r, err,
			    "expected ',' or ']' after an object");
		break;
	case J_DONE:
		return error_here(r, err, "text after the end of the JSON array");
	}
	step(r, c);
	return 1;
}

static int
json_next(struct rk_reader *r, struct rk_row *row, struct rk_err *err)
{
	struct rk_jsonread *j = r->format_state;
	int k;

	for (;;) {
		if (r->ipos == r->ilen) {
			k = rk_input_fill(r, NULL, err);
			if (k <= 0)
				return k < 0 ? -1 : input_ended(r, j, err);
		}
		while (r->ipos < r->ilen) {
			char c = r->ib[r->ipos++];

			if (j->depth > 0) {
				k = element_byte(r, j, c, row, err);
				if (k != 0)
					return k;
				continue;
			}
			if (rk_blank(c)) {
				step(r, c);
				continue;
			}
			if (r->fmt == RK_FMT_JSON) {
				k = array_byte(r, j, c, err);
				if (k < 0)
					return -1;
				if (k > 0)
					continue;
			}
			if (c != '{')
				return error_here(r, err, "expected a JSON object");
			j->eline = r->line;
			j->ecol = r->col;
			j->elen = 0;
			j->depth = 1;
			j->in_string = j->escaped = 0;
			elem_put(j, c);
			step(r, c);
		}
	}
}

const struct rk_format_ops rk_json_format = {
	json_open, json_header, json_next, json_close, NULL, NULL
};
