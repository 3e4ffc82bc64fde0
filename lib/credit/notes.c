/*
 * notes.c - credited lines grouped into credit notes (credit-emit(1),
 * CREDIT NOTES): one note per retailer, currency and group (the invoice,
 * the RMA, or nothing, after the policy's group_by), in order of their
 * first credited line, lines in input order; VAT per note and rate; the
 * numbers after credit_note_format, continuing the ledger.
 *
 * input.c interns each credited line's group key in input order, so a
 * group's id is its note's index: grouping is a counting sort, linear in
 * the number of lines.
 */
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "rk/date.h"
#include "rk/seqfmt.h"
#include "rk/util.h"

/* The VAT entry of rate on note n, added when new. */
static struct vat *
vat_of(struct credit *c, struct note *n, const struct rk_dec *rate)
{
	uint32_t last = RK_NOID, id;
	struct vat *v;

	for (uint32_t i = n->first_tax; i != RK_NOID; i = c->vats[i].next) {
		if (c->vats[i].rate.v == rate->v)
			return &c->vats[i];
		last = i;
	}
	RK_GROW(c->vats, c->nvats, c->vatcap);
	id = (uint32_t)c->nvats++;
	v = &c->vats[id];
	memset(v, 0, sizeof(*v));
	v->rate = *rate;
	v->next = RK_NOID;
	/* linked by index: the table may have moved while it grew */
	if (last == RK_NOID)
		n->first_tax = id;
	else
		c->vats[last].next = id;
	return v;
}

/* Lines of each note, in input order, and their line numbers. */
static void
place_lines(struct credit *c)
{
	uint32_t *fill = rk_xcalloc(c->nnotes + 1, sizeof(*fill));
	uint32_t at = 0;

	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].fate == FATE_CREDIT)
			c->notes[c->rows[i].note].nlines++;
	for (size_t n = 0; n < c->nnotes; n++) {
		c->notes[n].first_line = at;
		at += c->notes[n].nlines;
	}
	c->nlines = at;
	c->lines = rk_xcalloc(at + 1, sizeof(*c->lines));
	for (size_t i = 0; i < c->nrows; i++) {
		struct kept *k = &c->rows[i];
		struct note *n;

		if (k->fate != FATE_CREDIT)
			continue;
		n = &c->notes[k->note];
		k->line_no = ++fill[k->note];
		c->lines[n->first_line + k->line_no - 1] = (uint32_t)i;
	}
	free(fill);
}

void
notes_total(struct credit *c)
{
	place_lines(c);
	for (size_t ni = 0; ni < c->nnotes; ni++) {
		struct note *n = &c->notes[ni];

		n->first_tax = RK_NOID;
		for (uint32_t i = 0; i < n->nlines; i++) {
			const struct kept *k = note_line(c, n, i);

			vat_of(c, n, &k->tax_rate)->taxable += k->net;
			n->net += k->net;
		}
		for (uint32_t t = n->first_tax; t != RK_NOID; t = c->vats[t].next) {
			struct vat *v = &c->vats[t];

			v->tax = rk_div_round(v->taxable * v->rate.v,
			    (__int128)100 * RK_DEC_ONE);
			n->tax += v->tax;
		}
	}
}

void
notes_build(struct credit *c)
{
	const char *fmt = c->run.pol.credit_note_format;

	c->nnotes = c->groups.count;
	c->notes = rk_xcalloc(c->nnotes + 1, sizeof(*c->notes));
	notes_total(c);
	for (size_t ni = 0; ni < c->nnotes; ni++) {
		struct note *n = &c->notes[ni];

		n->issue = c->o->as_of;
		n->seq = c->led.maxseq + 1 + ni;
		rk_seqfmt_make(fmt, c->o->as_of, n->seq, n->id, sizeof(n->id));
		note_texts(n, rk_currency_minor(note_line(c, n, 0)->cur));
	}
}

void
note_texts(struct note *n, int minor)
{
	rk_val_set(&n->issue_text, n->texts[0], rk_date_format(n->issue,
	    n->texts[0]));
	rk_val_set(&n->net_text, n->texts[1], amount128_format(n->net, minor,
	    n->texts[1]));
	rk_val_set(&n->tax_text, n->texts[2], amount128_format(n->tax, minor,
	    n->texts[2]));
	rk_val_set(&n->total_text, n->texts[3], amount128_format(n->net + n->tax,
	    minor, n->texts[3]));
}

const struct kept *
note_line(const struct credit *c, const struct note *n, uint32_t i)
{
	return &c->rows[c->lines[n->first_line + i]];
}
