/*
 * credit.h - credit-emit's run, shared by the files of lib/credit/
 * (private to them; the public entry is rk_credit_run in rk/credit.h).
 *
 * The way of the data (credit-emit(1)):
 *
 *	approve.c   --approve: the receipts and (receipt, seq) approved
 *	ledger.c    --ledger: what was credited or replaced before, the
 *	            highest credit note number; the ledger's schema and commit
 *	input.c     each row of return-match's output: checked, keyed,
 *	            skipped when the ledger has it, triaged, priced
 *	triage.c    credit, replace or hold, and why
 *	amounts.c   gross, allowance and net of a credited line
 *	notes.c     credited lines grouped into notes, VAT per rate, numbers
 *	output.c    the notes in the format of -o, from a table of
 *	            emitters: CSV, JSON Lines or JSON rows, or UBL
 *	            documents (ubl.c and ubl.h); --summary
 *	reports.c   --held, --replacements
 *	replay.c    --replay: notes re-emitted from the ledger
 *	run.c       rk_credit_run: the order of work
 */
#ifndef RK_CREDIT_PRIVATE_H
#define RK_CREDIT_PRIVATE_H

#include <stdint.h>

#include "rk/hash.h"
#include "rk/money.h"
#include "rk/opts.h"
#include "rk/policy.h"
#include "rk/primary.h"
#include "rk/retailers.h"
#include "rk/rowstore.h"
#include "rk/run.h"
#include "rk/schema.h"
#include "rk/statefiles.h"

/* What becomes of an input row. */
enum fate { FATE_CREDIT, FATE_REPLACE, FATE_HELD };

/* A kept input row: credited, replaced or held. */
struct kept {
	uint64_t raw;            /* the row as read (primary rowstore); in a
	                            replay its carried values (carried) */
	uint64_t cells;          /* its return-match columns, normalized,
	                            then the effective reason and condition
	                            (cellstore: CELLS_N values) */
	uint64_t ord;            /* its data-row position */
	unsigned long line;
	uint32_t op;             /* its operand */
	uint8_t fate;            /* enum fate */
	uint8_t cur;             /* currency index (credited rows) */
	uint32_t note;           /* credited: its note; held: hold_reason id */
	uint32_t line_no;        /* credited: position in its note */
	int64_t gross, allowance, net;  /* minor units of cur */
	int64_t allowance_pct;   /* millionths */
	struct rk_dec tax_rate;
};

/* kept.raw of a row without carried values: nothing was kept. */
#define NO_RAW UINT64_MAX

/* The cells kept of a row: the return-match columns, then these two. */
enum { CELL_REASON = JN_NCOLS, CELL_CONDITION, CELLS_N };

/* A credit note: lines in input order, VAT per rate. */
struct note {
	uint32_t first_line;     /* its first line among the credited lines */
	uint32_t nlines;
	uint32_t first_tax;      /* its rates (list through struct vat.next) */
	uint64_t seq;            /* number in credit_note_format */
	char id[80];
	int32_t issue;           /* issue date (days) */
	__int128 net, tax;
	/* the note's columns as every one of its lines writes them */
	struct rk_val issue_text, net_text, tax_text, total_text;
	char texts[4][48];
};

/* VAT of one rate on one note. */
struct vat {
	struct rk_dec rate;      /* as first written on the note */
	__int128 taxable, tax;
	uint32_t next;
};

/* --approve: receipts approved whole, and single (receipt, seq) rows. */
struct approvals {
	struct rk_intern whole;
	struct rk_intern rows;   /* receipt_id, NUL, seq in decimal */
	unsigned long rows_read;
};

/* --ledger: keys already emitted, and the highest note number. */
struct ledger_state {
	struct rk_intern keys;   /* receipt_id, NUL, seq */
	struct rk_carried carry; /* the ledger's carried columns */
	uint64_t maxseq;
	unsigned long rows;
};

struct credit {
	const struct rk_opts *o;
	struct rk_run run;
	struct rk_primary pr;
	struct rk_colspec cols[JN_NCOLS];  /* the input's column table */
	struct approvals ap;
	struct ledger_state led;
	struct rk_intern keys;       /* today's (receipt_id, seq) */
	struct rk_retailers retailers; /* --retailers: the buyers */
	struct rk_intern retailer_ids; /* their retailer_id pool */
	struct rk_intern groups;     /* note keys: retailer, currency, group */
	struct rk_intern holds;      /* hold_reason texts */

	struct rk_rowstore cellstore; /* kept rows' columns, normalized */
	int replaying;               /* --replay: rows come from the ledger */
	const struct rk_carried *carry; /* the output's carried columns */
	struct rk_rowstore carried;  /* --replay: carried values of lines */
	struct kept *rows;           /* every kept row, in input order */
	size_t nrows, rowcap;
	uint32_t *lines;             /* credited rows, note by note */
	size_t nlines;
	struct note *notes;
	size_t nnotes, notecap;
	struct vat *vats;
	size_t nvats, vatcap;

	unsigned long skipped;       /* already in the ledger */
	unsigned long nheld, nreplaced;
};

/* approve.c */
int approvals_load(struct credit *c);
int approved(const struct credit *c, const struct rk_fv *receipt,
    const struct rk_fv *seq);
void approvals_release(struct approvals *ap);

/* ledger.c */
extern const struct rk_schema ledger_schema;
extern const char *const ledger_names[];
extern const enum rk_ctype ledger_types[];
/*
 * The ledger's columns (ledger_names); the output's are the same but the
 * last (disposition), so one index serves both.
 */
enum ledger_col {
	LG_CREDIT_NOTE_ID, LG_ISSUE_DATE, LG_RETAILER_ID, LG_CURRENCY,
	LG_INVOICE_ID, LG_LINE_NO, LG_RECEIPT_ID, LG_SEQ, LG_RMA_ID,
	LG_RMA_LINE, LG_ORDER_ID, LG_INVOICE_LINE, LG_SKU, LG_QTY,
	LG_UNIT_PRICE, LG_GROSS, LG_ALLOWANCE_PCT, LG_ALLOWANCE, LG_NET,
	LG_TAX_RATE, LG_REASON, LG_CONDITION, LG_NOTE_NET, LG_NOTE_TAX,
	LG_NOTE_TOTAL, LG_DISPOSITION,
	OUT_NCOLS = LG_DISPOSITION, LEDGER_NCOLS
};
int ledger_load(struct credit *c);
int ledger_has(const struct credit *c, const struct rk_fv *receipt,
    const struct rk_fv *seq);
int ledger_commit(struct credit *c);
void ledger_release(struct ledger_state *l);
/* A (receipt_id, seq) key as interned text. */
size_t key_text(char *buf, size_t cap, const char *receipt, size_t n,
    int64_t seq);

/* input.c */
int input_read(struct credit *c);

/* triage.c */
struct triage {
	enum fate fate;
	char why[RK_TEXT_MAX + 1];   /* held: hold_reason */
};
void triage_row(const struct credit *c, const struct rk_fv *v,
    const struct rk_settings *s, struct triage *t);

/* amounts.c */
int line_amounts(const struct rk_fv *v, const struct rk_settings *s,
    struct kept *k, char *msg, size_t cap);
size_t pct_format(int64_t millionths, char *out);
size_t amount128_format(__int128 v, int minor, char *out);

/* notes.c */
/* Group today's credited lines into numbered notes. */
void notes_build(struct credit *c);
/* The lines, VAT and totals of c->nnotes notes whose lines are c->rows
 * (kept.note their index): for notes_build and for a replay. */
void notes_total(struct credit *c);
/* The note's own columns as text, once per note (for line_values). */
void note_texts(struct note *n, int minor);
const struct kept *note_line(const struct credit *c, const struct note *n,
    uint32_t i);

/* output.c */
/* What the format of -o needs, before any row is read: 0, or -1. */
int output_ready(struct credit *c);
/* The notes, in the format of -o, flushed with the rejects and reports. */
int output_write(struct credit *c);
void credit_summary(const struct credit *c);
/*
 * The values of a line in the output's column order (OUT_NCOLS of them):
 * a credited line with its note n, a replaced one (n NULL) without the
 * note and amount columns.  buf holds the text of computed values.
 */
void line_values(const struct credit *c, const struct kept *k,
    const struct note *n, struct rk_val *out, char (*buf)[48]);

/* The carried values of a kept row (raw: room for its raw values). */
void carried_values(const struct credit *c, const struct kept *k,
    struct rk_val *raw, struct rk_val *out);

/* reports.c */
int reports_write(struct credit *c);

/* ubl.c: -o ubl, the emitter of output.c's table (see ubl.h) */
int ubl_ready(struct credit *c);
int ubl_write(struct credit *c);

/* replay.c */
int replay_run(struct credit *c);

#endif
