/*
 * csvstate.c - libcsv's private parser states, read in one place.  Why,
 * and what to check when libcsv changes: csvstate.h.
 */
#include <stdlib.h>

#include <csv.h>

#include "csvstate.h"

#if CSV_MAJOR != 3 || CSV_MINOR != 0
#error "libcsv is not 3.0: check rk_csv_state() against its libcsv.c (csvstate.h)"
#endif

/* The parser states of libcsv 3.0.3, from libcsv.c (csv.h has no names). */
enum {
	ROW_NOT_BEGUN = 0,
	FIELD_NOT_BEGUN = 1,
	FIELD_BEGUN = 2,
	FIELD_MIGHT_HAVE_ENDED = 3
};

enum rk_csv_state
rk_csv_state(const struct csv_parser *p)
{
	switch (p->pstate) {
	case ROW_NOT_BEGUN:
		return RK_CSV_BETWEEN_RECORDS;
	case FIELD_NOT_BEGUN:
		return RK_CSV_FIELD_NOT_BEGUN;
	case FIELD_BEGUN:
		return p->quoted ? RK_CSV_IN_QUOTED : RK_CSV_IN_UNQUOTED;
	case FIELD_MIGHT_HAVE_ENDED:
		return RK_CSV_AFTER_QUOTE;
	}
	abort(); /* a state libcsv 3.0 does not have: see csvstate.h */
}
