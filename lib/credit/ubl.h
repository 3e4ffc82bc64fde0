/*
 * ubl.h - -o ubl, credit-emit's UBL credit notes (credit-emit(1), UBL),
 * shared by the files that write them (private to them; output.c calls
 * ubl_ready and ubl_write through credit.h):
 *
 *	ubl.c       the run: --out-dir, the file of each note under a
 *	            temporary name then renamed, the paths on standard output
 *	ublfacts.c  what a note's document says beyond its lines (buyer,
 *	            invoices, order), and everything EN 16931 needs, checked
 *	            before anything is written
 *	ubldoc.c    the document of one note, written with libxml2's
 *	            xmlTextWriter
 *
 * Every note is first written nowhere (ubl_document with a NULL file), so
 * that whatever a document cannot hold is refused before the first file
 * is written; then each note is written to its file.
 */
#ifndef RK_CREDIT_UBL_H
#define RK_CREDIT_UBL_H

#include <stdio.h>

#include "credit.h"

/* A party of a document: its fields, NULL when empty or blank. */
struct ubl_party {
	const char *name, *vat_id, *country, *street, *city, *postal_code,
	    *endpoint_id;
};

/* An invoice a note credits. */
struct ubl_invoice {
	struct rk_val id;
	int32_t date;              /* its invoice_date; UBL_NO_DATE: none */
};
#define UBL_NO_DATE INT32_MIN

/* What a note's document says beyond its lines (ubl_facts). */
struct ubl_facts {
	const struct note *n;
	struct ubl_party buyer;
	struct rk_val retailer;     /* its retailer_id */
	const char *currency;
	int minor;                  /* the currency's decimals: 0 or 2 */
	struct rk_val order;        /* the one order credited; n 0: several
	                               orders, or none */
	struct ubl_invoice *inv;    /* the invoices, by their first line */
	size_t ninv, invcap;
	struct rk_intern inv_ids;   /* invoice id -> index in inv */
};

/* -o ubl through a run. */
struct ubl {
	struct credit *c;
	struct rk_err *err;
	struct ubl_party seller;
	long description;           /* carried columns description and */
	long invoice_date;          /* invoice_date; -1: none */
	struct rk_val *raw;         /* one line's raw row */
	struct rk_val *carried;     /* and its carried values */
	struct ubl_facts f;         /* the note being written */
	char *text;                 /* a value NUL-terminated for libxml2 */
	size_t textcap;
};

/* ublfacts.c */
/* u's seller from the policy, carried columns found: 0, or -1 (78). */
int ubl_begin(struct ubl *u, struct credit *c);
void ubl_end(struct ubl *u);
/* u->f for note n, checked: 0, or -1 with u->err (65). */
int ubl_facts(struct ubl *u, const struct note *n);
/* The value of carried column col (-1: none) of line k; empty: none. */
struct rk_val ubl_carried(struct ubl *u, const struct kept *k, long col);
/* Whether p[0..n) holds only characters XML 1.0 can carry. */
int ubl_xml_chars(const char *p, size_t n, uint32_t *bad);

/* ubldoc.c */
/*
 * The document of the note of u->f, written to fp (the file path, for
 * messages); fp NULL: written nowhere, only checked.  0, or -1 with
 * u->err (65 for a value XML cannot carry, 74 for a write error).
 */
int ubl_document(struct ubl *u, FILE *fp, const char *path);

#endif
