/*
 * ublfacts.c - what the UBL document of a credit note says beyond its
 * lines, and everything EN 16931 and Peppol BIS Billing 3.0 need of it,
 * checked before any file is written (credit-emit(1), UBL): the seller
 * of the policy and the buyer of --retailers with a name, a country, an
 * endpoint id and (the seller) a VAT id; a currency of 0 or 2 decimals;
 * line amounts within 0.02 of quantity times price; one issue date per
 * credited invoice.
 */
#include <stdlib.h>
#include <string.h>

#include "rk/date.h"
#include "rk/util.h"
#include "ubl.h"

/* A field as a document takes it: NULL when empty or only white space. */
static const char *
field(const char *p)
{
	if (p == NULL || p[strspn(p, " \t\r\n")] == '\0')
		return NULL;
	return p;
}

int
ubl_xml_chars(const char *p, size_t n, uint32_t *bad)
{
	const unsigned char *s = (const unsigned char *)p;

	for (size_t i = 0; i < n;) {
		uint32_t ch = s[i];
		size_t len = ch < 0x80 ? 1 : (ch & 0xe0) == 0xc0 ? 2 :
		    (ch & 0xf0) == 0xe0 ? 3 : (ch & 0xf8) == 0xf0 ? 4 : 0;

		*bad = ch;
		if (len == 0 || i + len > n)
			return 0;
		if (len > 1)
			ch &= 0x7fu >> len;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			ch = ch << 6 | (s[i + k] & 0x3f);
		}
		*bad = ch;
		/* the Char production of XML 1.0 */
		if (!(ch == 0x9 || ch == 0xa || ch == 0xd ||
		    (ch >= 0x20 && ch <= 0xd7ff) ||
		    (ch >= 0xe000 && ch <= 0xfffd) ||
		    (ch >= 0x10000 && ch <= 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

/* An endpoint id: a four-digit EAS scheme, a colon, the identifier. */
static int
endpoint_ok(const char *p)
{
	for (int i = 0; i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return p[4] == ':' && field(p + 5) != NULL;
}

static int
upper2(const char *p)
{
	return p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z';
}

/*
 * What a party needs (who names it in messages): a name, a country of
 * two capital letters, an endpoint id, and a VAT id when vat_needed;
 * a VAT id starts with its country prefix; no field holds a character
 * XML cannot carry.
 */
static int
party_check(struct ubl *u, const struct ubl_party *p, const char *who,
    int vat_needed, int status)
{
	const char *const names[] = { "name", "vat_id", "country", "street",
		"city", "postal_code", "endpoint_id" };
	const char *const values[] = { p->name, p->vat_id, p->country,
		p->street, p->city, p->postal_code, p->endpoint_id };
	char shown[100];
	uint32_t bad;

	for (size_t i = 0; i < RK_ARRAY_LEN(names); i++) {
		const char *v = values[i];

		if (v == NULL && (i == 0 || i == 2 || i == 6 || (i == 1 &&
		    vat_needed)))
			return rk_errf(u->err, status, "%s: no %s, which a UBL "
			    "credit note needs", who, names[i]);
		if (v && !ubl_xml_chars(v, strlen(v), &bad))
			return rk_errf(u->err, status, "%s: %s holds U+%04X, "
			    "which XML cannot carry", who, names[i],
			    (unsigned)bad);
	}
	if (!endpoint_ok(p->endpoint_id))
		return rk_errf(u->err, status, "%s: endpoint_id %s is not "
		    "scheme:identifier (a four-digit EAS code, a colon, the "
		    "identifier: 0088:7300010000001)", who, rk_show(shown,
		    sizeof(shown), p->endpoint_id, strlen(p->endpoint_id)));
	if (strlen(p->country) != 2 || !upper2(p->country))
		return rk_errf(u->err, status, "%s: country %s is not a "
		    "two-letter ISO 3166 code", who, rk_show(shown,
		    sizeof(shown), p->country, strlen(p->country)));
	if (p->vat_id && !upper2(p->vat_id))
		return rk_errf(u->err, status, "%s: vat_id %s does not start "
		    "with its two-letter country prefix", who, rk_show(shown,
		    sizeof(shown), p->vat_id, strlen(p->vat_id)));
	return 0;
}

/* The carried column named name, or -1. */
static long
carried_column(const struct credit *c, const char *name)
{
	for (size_t i = 0; i < rk_carried_count(c->carry); i++) {
		size_t n;
		const char *p = rk_carried_name(c->carry, i, &n);

		if (n == strlen(name) && memcmp(p, name, n) == 0)
			return (long)i;
	}
	return -1;
}

int
ubl_begin(struct ubl *u, struct credit *c)
{
	const struct rk_party *s = &c->run.pol.seller;
	char who[600];

	memset(u, 0, sizeof(*u));
	u->c = c;
	u->err = &c->run.err;
	rk_intern_init(&u->f.inv_ids);
	u->raw = rk_xcalloc(c->pr.maxcols + 1, sizeof(*u->raw));
	u->carried = rk_xcalloc(rk_carried_count(c->carry) + 1,
	    sizeof(*u->carried));
	u->description = carried_column(c, "description");
	u->invoice_date = carried_column(c, "invoice_date");
	if (!c->run.pol.has_seller)
		return rk_errf(u->err, RK_EX_CONFIG, "--policy '%s': no "
		    "seller, which a UBL credit note needs (name, vat_id, "
		    "country, endpoint_id)", c->o->policy);
	u->seller = (struct ubl_party){ field(s->name), field(s->vat_id),
		field(s->country), field(s->street), field(s->city),
		field(s->postal_code), field(s->endpoint_id) };
	snprintf(who, sizeof(who), "--policy '%s': seller", c->o->policy);
	return party_check(u, &u->seller, who, 1, RK_EX_CONFIG);
}

void
ubl_end(struct ubl *u)
{
	rk_intern_release(&u->f.inv_ids);
	free(u->f.inv);
	free(u->raw);
	free(u->carried);
	free(u->text);
}

struct rk_val
ubl_carried(struct ubl *u, const struct kept *k, long col)
{
	struct rk_val none = { "", 0, RK_V_STR };

	if (col < 0)
		return none;
	carried_values(u->c, k, u->raw, u->carried);
	return u->carried[col];
}

/* The buyer of the note: its retailer in --retailers, checked. */
static int
buyer_of(struct ubl *u, const struct note *n)
{
	const struct credit *c = u->c;
	const struct rk_retailer *r;
	char who[600], shown[100];

	r = rk_retailers_find(&c->retailers, rk_intern_find(&c->retailer_ids,
	    u->f.retailer.p, u->f.retailer.n));
	rk_show(shown, sizeof(shown), u->f.retailer.p, u->f.retailer.n);
	if (r == NULL)
		return rk_errf(u->err, RK_EX_DATAERR, "--retailers '%s': no "
		    "retailer %s, the buyer of credit note %s", c->o->retailers,
		    shown, n->id);
	u->f.buyer = (struct ubl_party){ field(r->f[RT_NAME]),
		field(r->f[RT_VAT_ID]), field(r->f[RT_COUNTRY]),
		field(r->f[RT_STREET]), field(r->f[RT_CITY]),
		field(r->f[RT_POSTAL_CODE]), field(r->f[RT_ENDPOINT_ID]) };
	snprintf(who, sizeof(who), "--retailers '%s': retailer %s",
	    c->o->retailers, shown);
	return party_check(u, &u->f.buyer, who, 0, RK_EX_DATAERR);
}

/*
 * A line's amount is qty x unit_price rounded to the currency; a UBL
 * line may differ from qty x price by 0.02 at most (PEPPOL-EN16931-R120),
 * which only a currency without decimals can exceed.
 */
static int
line_check(struct ubl *u, const struct kept *k, const struct rk_val *cells)
{
	struct rk_dec price = { 0, 1, 0 };
	__int128 exact, rounded, scale = 1;
	uint64_t qty = 0;
	char text[48], *end;

	for (size_t i = 0; i < cells[JN_QTY].n; i++)
		qty = qty * 10 + (uint64_t)(cells[JN_QTY].p[i] - '0');
	rk_dec_parse(cells[JN_UNIT_PRICE].p, cells[JN_UNIT_PRICE].n, '.', 12, 6,
	    &price);
	for (int i = u->f.minor; i < 6; i++)
		scale *= 10;
	exact = (__int128)qty * price.v;
	rounded = (__int128)k->gross * scale;
	if (exact - rounded <= 20000 && rounded - exact <= 20000)
		return 0;
	amount128_format(exact, 6, text);
	for (end = text + strlen(text); end[-1] == '0'; end--)
		end[-1] = '\0';
	return rk_errf(u->err, RK_EX_DATAERR, "credit note %s, line %u: "
	    "%llu x %.*s %s is %s, more than 0.02 from a whole amount, the "
	    "most a UBL line may differ from quantity x price "
	    "(PEPPOL-EN16931-R120)",
	    u->f.n->id, (unsigned)k->line_no, (unsigned long long)qty,
	    (int)cells[JN_UNIT_PRICE].n, cells[JN_UNIT_PRICE].p, u->f.currency,
	    text);
}

/* The line's invoice among the note's, with its carried invoice_date. */
static int
invoice_add(struct ubl *u, const struct kept *k, const struct rk_val *id)
{
	struct ubl_facts *f = &u->f;
	struct rk_val v = ubl_carried(u, k, u->invoice_date);
	uint32_t i = rk_intern_add(&f->inv_ids, id->p, id->n);
	char shown[100], ishown[100], d1[16], d2[16];
	int32_t date;

	if (i == f->ninv) {
		RK_GROW(f->inv, f->ninv, f->invcap);
		f->inv[f->ninv++] = (struct ubl_invoice){ *id, UBL_NO_DATE };
	}
	if (v.n == 0)
		return 0;
	rk_show(ishown, sizeof(ishown), id->p, id->n);
	if (rk_date_parse(v.p, v.n, &date))
		return rk_errf(u->err, RK_EX_DATAERR, "credit note %s: "
		    "invoice %s: invoice_date %s is not a date", f->n->id,
		    ishown, rk_show(shown, sizeof(shown), v.p, v.n));
	if (f->inv[i].date != UBL_NO_DATE && f->inv[i].date != date) {
		rk_date_format(f->inv[i].date, d1);
		rk_date_format(date, d2);
		return rk_errf(u->err, RK_EX_DATAERR, "credit note %s: "
		    "invoice %s has two invoice_date values, %s and %s",
		    f->n->id, ishown, d1, d2);
	}
	f->inv[i].date = date;
	return 0;
}

/* Whether two values hold the same bytes. */
static int
same(const struct rk_val *a, const struct rk_val *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

int
ubl_facts(struct ubl *u, const struct note *n)
{
	struct ubl_facts *f = &u->f;
	const struct kept *first = note_line(u->c, n, 0);
	struct rk_val cells[CELLS_N], order;

	f->n = n;
	f->ninv = 0;
	rk_intern_release(&f->inv_ids);
	rk_intern_init(&f->inv_ids);
	rk_rowstore_get(&u->c->cellstore, first->cells, cells, CELLS_N);
	f->retailer = cells[JN_RETAILER_ID];
	f->order = order = cells[JN_ORDER_ID];
	f->currency = rk_currency_code(first->cur);
	f->minor = rk_currency_minor(first->cur);
	if (f->minor != 0 && f->minor != 2)
		return rk_errf(u->err, RK_EX_DATAERR, "credit note %s: %s has "
		    "%d decimals; a UBL credit note allows at most 2 "
		    "(EN 16931)", n->id, f->currency, f->minor);
	if (buyer_of(u, n))
		return -1;
	for (uint32_t i = 0; i < n->nlines; i++) {
		const struct kept *k = note_line(u->c, n, i);

		rk_rowstore_get(&u->c->cellstore, k->cells, cells, CELLS_N);
		if (line_check(u, k, cells))
			return -1;
		if (!same(&cells[JN_ORDER_ID], &order))
			f->order.n = 0; /* several orders */
		if (cells[JN_INVOICE_ID].n &&
		    invoice_add(u, k, &cells[JN_INVOICE_ID]))
			return -1;
	}
	return 0;
}
