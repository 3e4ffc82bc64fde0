/*
 * ubldoc.c - the UBL 2.1 CreditNote of one credit note, conforming to
 * Peppol BIS Billing 3.0 (EN 16931), as the mapping table of
 * credit-emit(1), UBL, gives it.  libxml2's xmlTextWriter writes it, so
 * that escaping and encoding are never ours to get wrong; every value is
 * first checked for characters XML 1.0 cannot carry at all (control
 * characters, U+FFFE), which no escaping can write.
 */
#include <errno.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "rk/date.h"
#include "rk/util.h"
#include "ubl.h"

#define NS "urn:oasis:names:specification:ubl:schema:xsd:"
#define CUSTOMIZATION "urn:cen.eu:en16931:2017#compliant#" \
	"urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#define PROFILE "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

/* A document being written: a libxml2 failure or a refusal is sticky. */
struct doc {
	struct ubl *u;
	xmlTextWriterPtr w;
	int failed;              /* a libxml2 call failed: a write error */
	int refused;             /* a value XML cannot carry (u->err) */
};

static void
check(struct doc *d, int rc)
{
	if (rc < 0)
		d->failed = 1;
}

static void
open_el(struct doc *d, const char *name)
{
	if (!d->failed && !d->refused)
		check(d, xmlTextWriterStartElement(d->w, BAD_CAST name));
}

static void
close_el(struct doc *d)
{
	if (!d->failed && !d->refused)
		check(d, xmlTextWriterEndElement(d->w));
}

/* <name attr="aval">p[0..n)</name>; attr NULL: no attribute. */
static void
element(struct doc *d, const char *name, const char *attr, const char *aval,
    const char *p, size_t n)
{
	struct ubl *u = d->u;
	char shown[100];
	uint32_t bad;

	if (d->failed || d->refused)
		return;
	if (!ubl_xml_chars(p, n, &bad)) {
		rk_errf(u->err, RK_EX_DATAERR, "credit note %s: <%s> %s holds "
		    "U+%04X, which XML cannot carry", u->f.n->id, name,
		    rk_show(shown, sizeof(shown), p, n), (unsigned)bad);
		d->refused = 1;
		return;
	}
	RK_GROW_TO(u->text, n + 1, u->textcap, 0);
	memcpy(u->text, p, n);
	u->text[n] = '\0';
	open_el(d, name);
	if (attr)
		check(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST attr,
		    BAD_CAST aval));
	check(d, xmlTextWriterWriteString(d->w, BAD_CAST u->text));
	close_el(d);
}

static void
text(struct doc *d, const char *name, const char *s)
{
	element(d, name, NULL, NULL, s, strlen(s));
}

static void
val(struct doc *d, const char *name, const struct rk_val *v)
{
	element(d, name, NULL, NULL, v->p, v->n);
}

/* An amount in minor units, in the note's currency. */
static void
amount(struct doc *d, const char *name, __int128 minor_units)
{
	char buf[48];
	size_t n = amount128_format(minor_units, d->u->f.minor, buf);

	element(d, name, "currencyID", d->u->f.currency, buf, n);
}

/* A VAT category: S with its rate, or Z for 0 %. */
static void
tax_category(struct doc *d, const char *name, const struct rk_dec *rate)
{
	char buf[48];

	open_el(d, name);
	text(d, "cbc:ID", rate->v ? "S" : "Z");
	element(d, "cbc:Percent", NULL, NULL, buf, rk_dec_format(rate, '.',
	    buf));
	open_el(d, "cac:TaxScheme");
	text(d, "cbc:ID", "VAT");
	close_el(d);
	close_el(d);
}

/* Identification, references: the credited invoices and the order. */
static void
head(struct doc *d)
{
	const struct ubl_facts *f = &d->u->f;
	char date[16];

	text(d, "cbc:CustomizationID", CUSTOMIZATION);
	text(d, "cbc:ProfileID", PROFILE);
	text(d, "cbc:ID", f->n->id);
	rk_date_format(f->n->issue, date);
	text(d, "cbc:IssueDate", date);
	text(d, "cbc:CreditNoteTypeCode", "381");
	text(d, "cbc:DocumentCurrencyCode", f->currency);
	if (f->order.n) {
		open_el(d, "cac:OrderReference");
		val(d, "cbc:ID", &f->order);
		close_el(d);
	} else {
		val(d, "cbc:BuyerReference", &f->retailer);
	}
	for (size_t i = 0; i < f->ninv; i++) {
		open_el(d, "cac:BillingReference");
		open_el(d, "cac:InvoiceDocumentReference");
		val(d, "cbc:ID", &f->inv[i].id);
		if (f->inv[i].date != UBL_NO_DATE) {
			rk_date_format(f->inv[i].date, date);
			text(d, "cbc:IssueDate", date);
		}
		close_el(d);
		close_el(d);
	}
}

/* The seller or the buyer (role: its UBL element). */
static void
party(struct doc *d, const char *role, const struct ubl_party *p)
{
	const char *colon = strchr(p->endpoint_id, ':');
	char scheme[8];

	snprintf(scheme, sizeof(scheme), "%.*s", (int)(colon - p->endpoint_id),
	    p->endpoint_id);
	open_el(d, role);
	open_el(d, "cac:Party");
	element(d, "cbc:EndpointID", "schemeID", scheme, colon + 1,
	    strlen(colon + 1));
	open_el(d, "cac:PostalAddress");
	if (p->street)
		text(d, "cbc:StreetName", p->street);
	if (p->city)
		text(d, "cbc:CityName", p->city);
	if (p->postal_code)
		text(d, "cbc:PostalZone", p->postal_code);
	open_el(d, "cac:Country");
	text(d, "cbc:IdentificationCode", p->country);
	close_el(d);
	close_el(d);
	if (p->vat_id) {
		open_el(d, "cac:PartyTaxScheme");
		text(d, "cbc:CompanyID", p->vat_id);
		open_el(d, "cac:TaxScheme");
		text(d, "cbc:ID", "VAT");
		close_el(d);
		close_el(d);
	}
	open_el(d, "cac:PartyLegalEntity");
	text(d, "cbc:RegistrationName", p->name);
	close_el(d);
	close_el(d);
	close_el(d);
}

/* The VAT breakdown, one subtotal per rate, and the totals. */
static void
totals(struct doc *d)
{
	const struct credit *c = d->u->c;
	const struct note *n = d->u->f.n;

	open_el(d, "cac:TaxTotal");
	amount(d, "cbc:TaxAmount", n->tax);
	for (uint32_t t = n->first_tax; t != RK_NOID; t = c->vats[t].next) {
		open_el(d, "cac:TaxSubtotal");
		amount(d, "cbc:TaxableAmount", c->vats[t].taxable);
		amount(d, "cbc:TaxAmount", c->vats[t].tax);
		tax_category(d, "cac:TaxCategory", &c->vats[t].rate);
		close_el(d);
	}
	close_el(d);
	open_el(d, "cac:LegalMonetaryTotal");
	amount(d, "cbc:LineExtensionAmount", n->net);
	amount(d, "cbc:TaxExclusiveAmount", n->net);
	amount(d, "cbc:TaxInclusiveAmount", n->net + n->tax);
	amount(d, "cbc:PayableAmount", n->net + n->tax);
	close_el(d);
}

/*
 * A line's allowance: the effective reason and condition and the
 * percentage in words; the percentage and base in figures only where
 * the amount, rounded to the currency, is within the 0.02 of them that
 * PEPPOL-EN16931-R040 allows: in a currency with decimals.
 */
static void
allowance(struct doc *d, const struct kept *k, const struct rk_val *cells)
{
	const struct rk_val *reason = &cells[CELL_REASON];
	const struct rk_val *cond = &cells[CELL_CONDITION];
	char why[200], pct[48];
	size_t n = 0;

	pct[pct_format(k->allowance_pct, pct)] = '\0';
	if (reason->n)
		n += (size_t)snprintf(why + n, sizeof(why) - n, "reason %.*s, ",
		    (int)reason->n, reason->p);
	if (cond->n)
		n += (size_t)snprintf(why + n, sizeof(why) - n,
		    "condition %.*s, ", (int)cond->n, cond->p);
	snprintf(why + n, sizeof(why) - n, "%s %%", pct);
	open_el(d, "cac:AllowanceCharge");
	text(d, "cbc:ChargeIndicator", "false");
	text(d, "cbc:AllowanceChargeReason", why);
	if (d->u->f.minor)
		text(d, "cbc:MultiplierFactorNumeric", pct);
	amount(d, "cbc:Amount", k->allowance);
	if (d->u->f.minor)
		amount(d, "cbc:BaseAmount", k->gross);
	close_el(d);
}

/* Empty or white space only: an element XML would hold empty. */
static int
blank(const struct rk_val *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strchr(" \t\r\n", v->p[i]))
			return 0;
	return 1;
}

static void
line(struct doc *d, const struct kept *k)
{
	struct ubl *u = d->u;
	struct rk_val cells[CELLS_N], name;
	char buf[48];

	rk_rowstore_get(&u->c->cellstore, k->cells, cells, CELLS_N);
	open_el(d, "cac:CreditNoteLine");
	element(d, "cbc:ID", NULL, NULL, buf, rk_utoa(k->line_no, buf));
	element(d, "cbc:CreditedQuantity", "unitCode", "C62", cells[JN_QTY].p,
	    cells[JN_QTY].n);
	amount(d, "cbc:LineExtensionAmount", k->net);
	if (cells[JN_INVOICE_LINE].n) {
		char ref[160];

		open_el(d, "cac:DocumentReference");
		element(d, "cbc:ID", NULL, NULL, ref, (size_t)snprintf(ref,
		    sizeof(ref), "%.*s:%.*s", (int)cells[JN_INVOICE_ID].n,
		    cells[JN_INVOICE_ID].p, (int)cells[JN_INVOICE_LINE].n,
		    cells[JN_INVOICE_LINE].p));
		text(d, "cbc:DocumentTypeCode", "130");
		close_el(d);
	}
	if (k->allowance > 0)
		allowance(d, k, cells);
	open_el(d, "cac:Item");
	name = ubl_carried(u, k, u->description);
	if (blank(&name))
		name = cells[JN_SKU];
	val(d, "cbc:Name", &name);
	open_el(d, "cac:SellersItemIdentification");
	val(d, "cbc:ID", &cells[JN_SKU]);
	close_el(d);
	tax_category(d, "cac:ClassifiedTaxCategory", &k->tax_rate);
	close_el(d);
	open_el(d, "cac:Price");
	element(d, "cbc:PriceAmount", "currencyID", u->f.currency,
	    cells[JN_UNIT_PRICE].p, cells[JN_UNIT_PRICE].n);
	close_el(d);
	close_el(d);
}

/* Written nowhere: the pass that only checks. */
static int
discard(void *ctx, const char *p, int n)
{
	(void)ctx;
	(void)p;
	return n;
}

int
ubl_document(struct ubl *u, FILE *fp, const char *path)
{
	xmlOutputBufferPtr out = fp ? xmlOutputBufferCreateFile(fp, NULL) :
	    xmlOutputBufferCreateIO(discard, NULL, NULL, NULL);
	struct doc d = { u, out ? xmlNewTextWriter(out) : NULL, 0, 0 };

	if (d.w == NULL) {
		xmlOutputBufferClose(out);
		return rk_errf(u->err, RK_EX_SOFTWARE, "out of memory");
	}
	check(&d, xmlTextWriterSetIndent(d.w, 1));
	check(&d, xmlTextWriterSetIndentString(d.w, BAD_CAST "  "));
	check(&d, xmlTextWriterStartDocument(d.w, NULL, "UTF-8", NULL));
	open_el(&d, "CreditNote");
	check(&d, xmlTextWriterWriteAttribute(d.w, BAD_CAST "xmlns",
	    BAD_CAST NS "CreditNote-2"));
	check(&d, xmlTextWriterWriteAttribute(d.w, BAD_CAST "xmlns:cac",
	    BAD_CAST NS "CommonAggregateComponents-2"));
	check(&d, xmlTextWriterWriteAttribute(d.w, BAD_CAST "xmlns:cbc",
	    BAD_CAST NS "CommonBasicComponents-2"));
	head(&d);
	party(&d, "cac:AccountingSupplierParty", &u->seller);
	party(&d, "cac:AccountingCustomerParty", &u->f.buyer);
	totals(&d);
	for (uint32_t i = 0; i < u->f.n->nlines; i++)
		line(&d, note_line(u->c, u->f.n, i));
	if (!d.failed && !d.refused)
		check(&d, xmlTextWriterEndDocument(d.w));
	xmlFreeTextWriter(d.w);
	if (d.refused)
		return -1;
	if (d.failed)
		return rk_errf(u->err, RK_EX_IOERR, "--out-dir '%s': write "
		    "error: %s", path, strerror(errno ? errno : EIO));
	return 0;
}
