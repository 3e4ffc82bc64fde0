/*
 * jsonread.h - the JSON reader's state, shared by jsonread.c (the format's
 * functions and the scanner that cuts the input into top-level elements)
 * and jsonrow.c (one element to a row).
 *
 * The scanner copies each top-level element into elem, tracking strings
 * and nesting only; jsonrow.c has jansson check the element and decode its
 * strings, and reads every other value as its literal text from elem.
 */
#ifndef RK_JSONREAD_H
#define RK_JSONREAD_H

#include <stddef.h>

#include "rk/diag.h"
#include "rk/reader.h"

#include "readerimpl.h"

struct rk_jsonread {
	int array_state;          /* a JSON array input: where in its syntax */

	/* the element being cut out, and where its '{' is */
	char *elem;
	size_t elen, ecap;
	int depth, in_string, escaped;
	unsigned long eline, ecol;/* ecol: characters before the '{' */

	/* what the row handed out points into (jsonrow.c) */
	char *values;
	size_t vlen, vcap;
	char *masked;             /* elem with its numbers masked, for jansson */
	size_t maskcap;
};

/*
 * Follow the string state of JSON text over c (*str: inside a string,
 * *esc: after a backslash in one): 1 when c is part of a string,
 * its quotes included.
 */
static inline int
rk_json_in_string(int *str, int *esc, char c)
{
	if (*str) {
		if (*esc)
			*esc = 0;
		else if (c == '\\')
			*esc = 1;
		else if (c == '"')
			*str = 0;
		return 1;
	}
	if (c == '"') {
		*str = 1;
		return 1;
	}
	return 0;
}

/* The element in j->elem, complete, as a row: 1, or -1 (not JSON, bad key). */
int rk_json_element_row(struct rk_reader *r, struct rk_jsonread *j,
    struct rk_row *row, struct rk_err *err);

#endif
