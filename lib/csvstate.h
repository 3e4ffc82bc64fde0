/*
 * csvstate.h - where libcsv's parser is within a record, in our words.
 *
 * libcsv (csv(3)) does not say where a record begins or where a quoted
 * field opened; it reports a structural error only as "the byte before
 * the returned count".  The CSV reader gets exact FILE:LINE:COL for every
 * record and every structural error (returns-formats(5), "CSV") by
 * feeding libcsv one line at a time and asking, between lines, where the
 * parser is: a record begins on the line of the first segment fed
 * between records; a quoted field still open at the end of a segment
 * opened in it unless the segment began inside that field; and a strict
 * error is a quote inside an unquoted field or text after a closing
 * quote, depending on the state the parser stopped in.
 *
 * csv.h keeps the state in struct csv_parser (pstate, quoted) but not
 * its meaning: the values are an enum private to libcsv.c.  This is the
 * one place that reads them.
 *
 * When libcsv is upgraded: compare the state names and values at the top
 * of the new libcsv.c (ROW_NOT_BEGUN 0, FIELD_NOT_BEGUN 1, FIELD_BEGUN
 * 2, FIELD_MIGHT_HAVE_ENDED 3 in 3.0.3), and that csv_parse() still
 * leaves pstate and quoted as they were before the offending byte when
 * it stops on a strict error; then raise the version check in csvstate.c.
 * tests/unit/unit_csvstate.c drives a real parser through every state
 * and fails when the answers change.
 */
#ifndef RK_CSVSTATE_H
#define RK_CSVSTATE_H

#include <csv.h>

enum rk_csv_state {
	RK_CSV_BETWEEN_RECORDS, /* no byte of a record yet (empty lines skipped) */
	RK_CSV_FIELD_NOT_BEGUN, /* after a delimiter: the next field has not begun */
	RK_CSV_IN_UNQUOTED,     /* inside an unquoted field */
	RK_CSV_IN_QUOTED,       /* inside a quoted field */
	RK_CSV_AFTER_QUOTE      /* after a quote in a quoted field: it closed the
	                           field, unless a second quote follows */
};

/*
 * The state of p after the bytes it was given; after a strict error
 * (csv_parse() returning less than it was given), the state the byte
 * that stopped it found.
 */
enum rk_csv_state rk_csv_state(const struct csv_parser *p);

#endif
