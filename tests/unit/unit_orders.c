/*
 * unit_orders.c - the --orders file (returns-formats(5), ORDER LINES):
 * loading with its key (invoice_id, line_no), the first occurrence used
 * and later ones rejected, line numbers that come in order or not, the
 * values the visit function sees, kept lines and their text, what earlier
 * runs took from a line, the allocation order of returns-policy(5), and
 * the rule that a failed export answers nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/date.h"
#include "rk/orders.h"
#include "rk/policy.h"
#include "rk/rejects.h"
#include "rk/util.h"

#include "tap.h"

static char dir[TAP_PATH], path[TAP_PATH + 16];

#define HEADER "order_id,invoice_id,line_no,invoice_date,delivered_at," \
	"retailer_id,sku,qty,unit_price,currency,tax_rate,description,gtin"
#define REJECT_COLS "reject_file,reject_line,reject_code,reject_reason"

static void
write_file(const char *p, const char *text)
{
	FILE *fp = fopen(p, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(p);
		exit(2);
	}
}

/* text with every occurrence of the scratch directory written "DIR". */
static const char *
with_dir(const char *text, char *out, size_t cap)
{
	size_t n = strlen(dir), o = 0;

	while (*text && o + 1 < cap) {
		if (strncmp(text, dir, n) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "DIR");
			text += n;
		} else {
			out[o++] = *text++;
		}
	}
	out[o < cap ? o : cap - 1] = '\0';
	return out;
}

/* What the visit function saw of each good row. */
struct visit_log {
	size_t n;
	struct {
		char invoice[16];    /* invoice_id as read */
		char line_no[16];    /* line_no as read */
		uint32_t inv;        /* its invoice id */
		int64_t line, qty;   /* checked values */
		uint32_t kept;       /* rk_orders_add's index */
		uint32_t looked;     /* what look answered */
	} row[32];
};

/* The look: qty and line_no of the checked row, as qty * 1000 + line_no. */
static uint32_t
look_fn(const void *ctx, const struct rk_fv *vals)
{
	(void)ctx;
	return (uint32_t)(vals[OL_QTY].i * 1000 + vals[OL_LINE_NO].i);
}

static const struct rk_aux_look look = { look_fn, NULL, NULL };

/*
 * A look in two steps (rk_aux_look's ahead): each ahead counted, and
 * each answer noting how many aheads had run before it: its own row's
 * and, when the answer was left until the next row was checked, that
 * row's too.
 */
static struct {
	unsigned aheads, looks;
	unsigned before[32];
} steps;

static void
ahead_fn(const void *ctx, const struct rk_fv *vals)
{
	(void)ctx;
	(void)vals;
	steps.aheads++;
}

static uint32_t
look_late_fn(const void *ctx, const struct rk_fv *vals)
{
	if (steps.looks < RK_ARRAY_LEN(steps.before))
		steps.before[steps.looks] = steps.aheads;
	steps.looks++;
	return look_fn(ctx, vals);
}

static const struct rk_aux_look look_ahead = { look_late_fn, NULL, ahead_fn };

/* The look load() uses. */
static const struct rk_aux_look *the_look = &look;

static void
visit(void *ctx, struct rk_orders *orders, const struct rk_fv *vals,
    uint32_t inv, uint32_t looked)
{
	struct visit_log *log = ctx;

	if (log->n == RK_ARRAY_LEN(log->row))
		return;
	snprintf(log->row[log->n].invoice, sizeof(log->row[0].invoice), "%.*s",
	    (int)vals[OL_INVOICE_ID].n, vals[OL_INVOICE_ID].p);
	snprintf(log->row[log->n].line_no, sizeof(log->row[0].line_no), "%.*s",
	    (int)vals[OL_LINE_NO].n, vals[OL_LINE_NO].p);
	log->row[log->n].inv = inv;
	log->row[log->n].line = vals[OL_LINE_NO].i;
	log->row[log->n].qty = vals[OL_QTY].i;
	log->row[log->n].looked = looked;
	log->row[log->n].kept = rk_orders_add(orders, vals, inv, RK_NOID,
	    RK_NOID);
	log->n++;
}

/* The visited rows as "INVOICE/LINE_NO" joined with spaces. */
static const char *
visited(const struct visit_log *log, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < log->n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s/%s", i ? " " : "",
		    log->row[i].invoice, log->row[i].line_no);
	return out;
}

/*
 * Load text as the --orders file into orders; the rejects file is
 * written to rejected (the scratch directory as "DIR").  Returns
 * rk_orders_load's answer.
 */
static int
load(const char *text, struct rk_orders *orders, struct visit_log *log,
    char *rejected, size_t cap, struct rk_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct rk_rejects_opts rjo = { fp, "rejects.csv", ',', 0 };
	struct rk_rejects *rj = rk_rejects_open(&rjo);
	struct rk_reader_opts ro = { RK_FMT_AUTO, 0, NULL };
	int rc;

	write_file(path, text);
	memset(log, 0, sizeof(*log));
	rc = rk_orders_load(orders, path, &ro, '.', rj, NULL, visit, log,
	    the_look, err);
	if (rk_rejects_finish(rj, err))
		rc = -2;
	rk_rejects_free(rj);
	fclose(fp);
	with_dir(buf, rejected, cap);
	free(buf);
	unlink(path);
	return rc;
}

/* The value of a column as the row check makes it from text. */
static struct rk_fv
fv(enum rk_kind kind, const char *text)
{
	struct rk_fv v;

	memset(&v, 0, sizeof(v));
	v.p = "";
	v.cur = -1;
	if (*text && rk_check_kind(kind, text, strlen(text), ',', 0,
	    RK_KNOWN_NOTHING, &v) != RK_OK) {
		fprintf(stderr, "bad test value '%s'\n", text);
		exit(2);
	}
	return v;
}

/* The checked columns of an order line (delivered_at may be ""). */
static void
order_vals(struct rk_fv *v, const char *order, const char *invoice,
    const char *line_no, const char *invoice_date, const char *delivered,
    const char *price, const char *currency, const char *tax)
{
	v[OL_ORDER_ID] = fv(RK_K_ID, order);
	v[OL_INVOICE_ID] = fv(RK_K_ID, invoice);
	v[OL_LINE_NO] = fv(RK_K_INT, line_no);
	v[OL_INVOICE_DATE] = fv(RK_K_DATE, invoice_date);
	v[OL_DELIVERED_AT] = fv(RK_K_DATE, delivered);
	v[OL_RETAILER_ID] = fv(RK_K_ID, "R1");
	v[OL_SKU] = fv(RK_K_ID, "SKU-1");
	v[OL_QTY] = fv(RK_K_QTY, "4");
	v[OL_UNIT_PRICE] = fv(RK_K_MONEY, price);
	v[OL_CURRENCY] = fv(RK_K_CUR, currency);
	v[OL_TAX_RATE] = fv(RK_K_PCT, tax);
	v[OL_DESCRIPTION] = fv(RK_K_TEXT, "");
	v[OL_GTIN] = fv(RK_K_ID, "");
}

static const char *
date_text(int32_t days, char *out)
{
	rk_date_format(days, out);
	return out;
}

static const char *
price_text(const struct rk_oline *l, char *out)
{
	out[rk_oline_price(l, out)] = '\0';
	return out;
}

static const char *
tax_text(const struct rk_oline *l, char *out)
{
	out[rk_oline_tax(l, out)] = '\0';
	return out;
}

static const char *
order_text(const struct rk_orders *orders, const struct rk_oline *l,
    char *out)
{
	size_t n;
	const char *p = rk_orders_order(orders, l, &n);

	snprintf(out, 64, "%.*s", (int)n, p);
	return out;
}

static const char *
pool_text(const struct rk_intern *pool, uint32_t id, char *out)
{
	size_t n;
	const char *p = rk_intern_str(pool, id, &n);

	snprintf(out, 64, "%.*s", (int)n, p);
	return out;
}

/*
 * A look with an ahead step answers what the one-step look does, for
 * each good row, after its own ahead and the next good row's (the last
 * row's right after its own); a malformed row between them is not
 * looked at.
 */
static void
test_look_ahead(void)
{
	static const char text[] = HEADER "\n"
	    "SO-1,INV-1,1,2025-01-10,,R1,SKU-A,3,12.50,EUR,19,,\n"
	    "SO-1,INV-1,2,2025-01-10,,R1,SKU-B,10,1.00,EUR,19,,\n"
	    "SO-1,INV-1,3,2025-01-10,,R1,SKU-B,many,1.00,EUR,19,,\n"
	    "SO-2,INV-2,1,2025-02-01,,R2,SKU-A,1,100,USD,0,,\n";
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char rejected[4096];

	memset(&steps, 0, sizeof(steps));
	the_look = &look_ahead;
	rk_orders_init(&orders);
	is_int(load(text, &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "look ahead: loaded");
	the_look = &look;
	is_int(orders.rejected, 1, "look ahead: the malformed row rejected");
	is_int(log.n, 3, "look ahead: the good rows visited");
	is_int(log.row[0].looked, 3001, "look ahead: row 1's answer");
	is_int(log.row[1].looked, 10002, "look ahead: row 2's answer");
	is_int(log.row[2].looked, 1001, "look ahead: row 4's answer");
	is_int(steps.aheads, 3, "look ahead: one ahead per good row");
	is_int(steps.looks, 3, "look ahead: one answer per good row");
	is_int(steps.before[0], 2, "look ahead: row 1 answered after row 2's "
	    "ahead");
	is_int(steps.before[1], 2, "look ahead: row 2 answered before row 4's "
	    "ahead (row 3 is malformed)");
	is_int(steps.before[2], 3, "look ahead: the last row answered after "
	    "its ahead");
	rk_orders_release(&orders);
}

static void
test_good_lines(void)
{
	static const char text[] = HEADER "\n"
	    "SO-1,INV-1,1,2025-01-10,2025-01-12,R1,SKU-A,3,12.50,EUR,19,"
	    "Widget,4006381333931\n"
	    "SO-1,INV-1,2,2025-01-10,,R1,SKU-B,10,0.000001,EUR,7.5,,\n"
	    "SO-2,INV-2,1,2025-02-01T10:00:00+02:00,,R2,SKU-A,1,100,USD,0,"
	    "\"Gadget, large\",\n";
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char rejected[4096], buf[64];
	const struct rk_oline *l;

	rk_orders_init(&orders);
	is_int(load(text, &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "good lines: loaded");
	is_int(orders.rows, 3, "good lines: 3 rows read");
	is_int(orders.rejected, 0, "good lines: none rejected");
	is_str(rejected, REJECT_COLS "\n",
	    "good lines: the rejects file is its header only");
	is_int(log.n, 3, "good lines: each row visited");
	is_str(log.row[0].invoice, "INV-1", "visit 1: invoice_id");
	is_str(log.row[1].invoice, "INV-1", "visit 2: invoice_id");
	is_str(log.row[2].invoice, "INV-2", "visit 3: invoice_id");
	is_int(log.row[0].inv, 0, "visit 1: invoice id 0");
	is_int(log.row[1].inv, 0, "visit 2: the same invoice, the same id");
	is_int(log.row[2].inv, 1, "visit 3: a new invoice, id 1");
	is_int(log.row[0].looked, 3001, "visit 1: what the look answered");
	is_int(log.row[1].looked, 10002, "visit 2: what the look answered");
	is_int(log.row[2].looked, 1001, "visit 3: what the look answered");
	is_int(log.row[0].line, 1, "visit 1: line_no 1");
	is_int(log.row[1].line, 2, "visit 2: line_no 2");
	is_int(log.row[2].line, 1, "visit 3: line_no 1");
	is_int(log.row[0].qty, 3, "visit 1: qty 3");
	is_int(log.row[1].qty, 10, "visit 2: qty 10");
	is_int(log.row[2].qty, 1, "visit 3: qty 1");
	is_int(log.row[0].kept, 0, "visit 1: kept as line 0");
	is_int(log.row[2].kept, 2, "visit 3: kept as line 2");
	is_int(orders.n, 3, "good lines: 3 lines kept");

	l = &orders.lines[0];
	is_int(l->qty, 3, "line 0: qty");
	is_int(l->remaining, 3, "line 0: remaining starts at qty");
	is_int(l->price, 12500000, "line 0: unit_price in millionths");
	is_str(price_text(l, buf), "12.50", "line 0: unit_price as written");
	is_int(l->tax, 19000000, "line 0: tax_rate in millionths");
	is_str(tax_text(l, buf), "19", "line 0: tax_rate as written");
	is_str(date_text(l->date, buf), "2025-01-12",
	    "line 0: line date is delivered_at when present");
	is_int(l->cur, rk_currency_find("EUR", 3), "line 0: currency EUR");
	is_int(l->line_no, 1, "line 0: line_no");
	is_int(l->invoice, 0, "line 0: invoice id");
	is_str(order_text(&orders, l, buf), "SO-1", "line 0: order_id");
	is_str(pool_text(&orders.retailers, l->retailer, buf), "R1",
	    "line 0: retailer_id");
	is_str(pool_text(&orders.skus, l->sku, buf), "SKU-A", "line 0: sku");

	l = &orders.lines[1];
	is_str(date_text(l->date, buf), "2025-01-10",
	    "line 1: line date is invoice_date without delivered_at");
	is_int(l->price, 1, "line 1: 0.000001 is one millionth");
	is_str(price_text(l, buf), "0.000001", "line 1: unit_price as written");
	is_str(tax_text(l, buf), "7.5", "line 1: tax_rate as written");
	is_int(l->order, orders.lines[0].order,
	    "line 1: the same order_id shares its text");
	is_str(pool_text(&orders.skus, l->sku, buf), "SKU-B", "line 1: sku");

	l = &orders.lines[2];
	is_str(date_text(l->date, buf), "2025-02-01",
	    "line 2: a timestamp's date prefix, no time-zone conversion");
	is_str(price_text(l, buf), "100", "line 2: unit_price as written");
	is_str(tax_text(l, buf), "0", "line 2: tax_rate 0");
	is_int(l->cur, rk_currency_find("USD", 3), "line 2: currency USD");
	is_str(order_text(&orders, l, buf), "SO-2", "line 2: order_id");
	is_int(l->sku, orders.lines[0].sku, "line 2: SKU-A interned once");
	is_str(pool_text(&orders.retailers, l->retailer, buf), "R2",
	    "line 2: retailer_id");
	is_int(orders.retailers.count, 2, "good lines: 2 retailers interned");
	is_int(orders.skus.count, 2, "good lines: 2 skus interned");
	is_int(orders.invoices.count, 2, "good lines: 2 invoices interned");
	rk_orders_release(&orders);
}

static void
test_duplicates(void)
{
	static const char text[] = HEADER "\n"
	    "SO-1,A,1,2025-01-10,,R1,S1,1,1.00,EUR,19,first,\n"
	    "SO-1,A,2,2025-01-10,,R1,S1,2,1.00,EUR,19,,\n"
	    "SO-1,A,1,2025-01-11,,R1,S1,9,2.00,EUR,19,again,\n"
	    "SO-1,B,1,2025-01-10,,R1,S1,4,1.00,EUR,19,,\n"
	    "SO-1,A,02,2025-01-10,,R1,S1,5,1.00,EUR,19,,\n";
	static const char want[] = HEADER "," REJECT_COLS "\n"
	    "SO-1,A,1,2025-01-11,,R1,S1,9,2.00,EUR,19,again,,DIR/orders.csv,4,"
	    "duplicate_key,\"invoice \"\"A\"\" line \"\"1\"\" appears more than "
	    "once; the first one is used\"\n"
	    "SO-1,A,02,2025-01-10,,R1,S1,5,1.00,EUR,19,,,DIR/orders.csv,6,"
	    "duplicate_key,\"invoice \"\"A\"\" line \"\"02\"\" appears more "
	    "than once; the first one is used\"\n";
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char rejected[4096], buf[256];

	rk_orders_init(&orders);
	is_int(load(text, &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "duplicates: loaded");
	is_int(orders.rows, 5, "duplicates: 5 rows read");
	is_int(orders.rejected, 2, "duplicates: 2 rejected");
	is_str(visited(&log, buf, sizeof(buf)), "A/1 A/2 B/1",
	    "duplicates: only first occurrences are visited");
	is_str(rejected, want,
	    "duplicates: later ones rejected as read, 02 being 2");
	is_int(orders.n, 3, "duplicates: 3 lines kept");
	is_int(orders.lines[0].qty, 1, "duplicates: A/1 keeps the first qty");
	is_int(orders.lines[0].price, 1000000,
	    "duplicates: A/1 keeps the first unit_price");
	is_str(date_text(orders.lines[0].date, buf), "2025-01-10",
	    "duplicates: A/1 keeps the first date");
	rk_orders_release(&orders);
}

/* Order lines for (invoice, line_no) pairs, with the header first. */
static void
order_file(char *out, size_t cap, const char *const *keys, size_t n)
{
	size_t o = (size_t)snprintf(out, cap, "%s\n", HEADER);

	for (size_t i = 0; i < n && o < cap; i++) {
		const char *slash = strchr(keys[i], '/');

		o += (size_t)snprintf(out + o, cap - o,
		    "SO,%.*s,%s,2025-01-10,,R1,S1,1,1,EUR,0,,\n",
		    (int)(slash - keys[i]), keys[i], slash + 1);
	}
}

/* The reject_line values of a rejects file, joined with spaces. */
static const char *
reject_lines(const char *csv, char *out, size_t cap)
{
	const char *p = csv;
	size_t o = 0;

	out[0] = '\0';
	while ((p = strstr(p, "DIR/orders.csv,")) != NULL && o < cap) {
		p += strlen("DIR/orders.csv,");
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", o ? " " : "",
		    (int)strcspn(p, ","), p);
	}
	return out;
}

static void
test_line_numbers(void)
{
	/*
	 * X: 3 and 5 come early, 2 and 4 fill the gaps; 2, 5 and 100 again
	 * are duplicates whether they were counted or kept aside.  Y and Z
	 * interleave with X, so the previous row's invoice is not theirs.
	 */
	static const char *const keys[] = {
		"X/3", "X/1", "X/2", "Y/2", "X/5", "X/4", "X/2", "Y/1", "X/5",
		"X/6", "X/100", "Z/1", "X/100", "X/7", "Y/2", "X/0100",
		"Z/1000000000", "Z/1000000000", "X/8", "Y/3",
	};
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char text[4096], rejected[8192], buf[512];

	order_file(text, sizeof(text), keys, RK_ARRAY_LEN(keys));
	rk_orders_init(&orders);
	is_int(load(text, &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "line numbers: loaded");
	is_int(orders.rows, 20, "line numbers: 20 rows read");
	is_int(orders.rejected, 6, "line numbers: 6 duplicates");
	is_str(visited(&log, buf, sizeof(buf)),
	    "X/3 X/1 X/2 Y/2 X/5 X/4 Y/1 X/6 X/100 Z/1 X/7 Z/1000000000 X/8 Y/3",
	    "line numbers: first occurrences, dense or sparse");
	is_str(reject_lines(rejected, buf, sizeof(buf)), "8 10 14 16 17 19",
	    "line numbers: the duplicates' lines, in file order");
	is_int(log.row[3].inv, 1, "line numbers: Y is invoice 1");
	is_int(log.row[6].inv, 1, "line numbers: Y again after X, invoice 1");
	is_int(log.row[9].inv, 2, "line numbers: Z is invoice 2");
	is_int(log.row[10].inv, 0, "line numbers: X again after Z, invoice 0");
	rk_orders_release(&orders);
}

static void
test_malformed_rows(void)
{
	/* only valid rows claim a key: A/1 is claimed by line 3 */
	static const char text[] = HEADER "\n"
	    "SO-1,A,1,2025-01-10,,R1,S1,0,1.00,EUR,19,,\n"
	    "SO-1,A,1,2025-01-10,,R1,S1,2,1.00,EUR,19,,\n"
	    "SO-1,A,1,2025-13-10,,R1,S1,2,1.00,EUR,19,,\n"
	    "SO-1,A,1,2025-01-10,,R1,S1,2,1.00,EUR,19,,,extra\n"
	    "SO-1,A,2,2025-01-10,,R1,S1,2,1.00,XTS,19,,\n";
	static const char want[] = HEADER ",column_14," REJECT_COLS "\n"
	    "SO-1,A,1,2025-01-10,,R1,S1,0,1.00,EUR,19,,,,DIR/orders.csv,2,"
	    "bad_qty,\"column 'qty': \"\"0\"\" is not a whole number from 1 to "
	    "1000000000\"\n"
	    "SO-1,A,1,2025-13-10,,R1,S1,2,1.00,EUR,19,,,,DIR/orders.csv,4,"
	    "bad_date,\"column 'invoice_date': \"\"2025-13-10\"\" is not a date "
	    "YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ss with Z or an "
	    "offset\"\n"
	    "SO-1,A,1,2025-01-10,,R1,S1,2,1.00,EUR,19,,,extra,DIR/orders.csv,5,"
	    "field_count,\"14 fields, the header has 13\"\n"
	    "SO-1,A,2,2025-01-10,,R1,S1,2,1.00,XTS,19,,,,DIR/orders.csv,6,"
	    "bad_currency,\"column 'currency': \"\"XTS\"\" is not an ISO 4217 "
	    "currency code with a minor unit\"\n";
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char rejected[4096], buf[256];

	rk_orders_init(&orders);
	is_int(load(text, &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "malformed: loaded");
	is_int(orders.rows, 5, "malformed: 5 rows read");
	is_int(orders.rejected, 4, "malformed: 4 rejected");
	is_str(visited(&log, buf, sizeof(buf)), "A/1",
	    "malformed: the valid row is visited, though a bad one came first");
	is_int(log.row[0].qty, 2, "malformed: the valid row's values");
	is_str(rejected, want, "malformed: each with its code, extra fields "
	    "as column_14");
	rk_orders_release(&orders);
}

static void
test_json_lines(void)
{
	static const char text[] =
	    "{\"order_id\":\"SO-1\",\"invoice_id\":\"J\",\"line_no\":1,"
	    "\"invoice_date\":\"2025-03-01\",\"retailer_id\":\"R\",\"sku\":\"S\","
	    "\"qty\":2,\"unit_price\":9.5,\"currency\":\"EUR\","
	    "\"tax_rate\":\"19\"}\n"
	    "{\"order_id\":\"SO-1\",\"invoice_id\":\"J\",\"line_no\":1,"
	    "\"invoice_date\":\"2025-03-02\",\"retailer_id\":\"R\",\"sku\":\"S\","
	    "\"qty\":3,\"unit_price\":1,\"currency\":\"EUR\",\"tax_rate\":\"19\","
	    "\"note\":\"x\"}\n";
	static const char want[] = "order_id,invoice_id,line_no,invoice_date,"
	    "retailer_id,sku,qty,unit_price,currency,tax_rate,note," REJECT_COLS
	    "\n"
	    "SO-1,J,1,2025-03-02,R,S,3,1,EUR,19,x,DIR/orders.csv,2,duplicate_key,"
	    "\"invoice \"\"J\"\" line \"\"1\"\" appears more than once; the first "
	    "one is used\"\n";
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char rejected[4096], buf[64];

	rk_orders_init(&orders);
	is_int(load(text, &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "JSON Lines: loaded");
	is_int(orders.rows, 2, "JSON Lines: 2 rows read");
	is_int(orders.n, 1, "JSON Lines: 1 line kept");
	is_str(price_text(&orders.lines[0], buf), "9.5",
	    "JSON Lines: a JSON number's unit_price as written");
	is_str(rejected, want,
	    "JSON Lines: the duplicate with its own keys, absent ones left out");
	rk_orders_release(&orders);
}

static void
test_load_errors(void)
{
	struct rk_orders orders;
	struct visit_log log;
	struct rk_err err;
	char rejected[4096];

	rk_orders_init(&orders);
	is_int(load("", &orders, &log, rejected, sizeof(rejected), &err), 0,
	    "no bytes: no error");
	is_int(orders.rows, 0, "no bytes: no rows");
	is_int(load(HEADER "\n", &orders, &log, rejected, sizeof(rejected),
	    &err), 0, "a header only: no error");
	is_int(orders.rows, 0, "a header only: no rows");
	is_int(load("order_id,invoice_id\nA,B\n", &orders, &log, rejected,
	    sizeof(rejected), &err), -1, "a header without line_no: an error");
	is_int(err.status, RK_EX_DATAERR,
	    "a header without line_no: status 65");
	is_str(with_dir(err.msg, rejected, sizeof(rejected)),
	    "--orders DIR/orders.csv:1:1: the header has no column 'line_no'",
	    "a header without line_no: the message names the option");
	rk_orders_release(&orders);
}

/* rk_orders_require for rows read and rejected, and primary rows. */
static int
require(unsigned long rows, unsigned long rejected, uint64_t primary,
    const char *answered, struct rk_err *err)
{
	struct rk_orders orders;
	int rc;

	rk_orders_init(&orders);
	orders.rows = rows;
	orders.rejected = rejected;
	err->status = 0;
	err->msg[0] = '\0';
	rc = rk_orders_require(&orders, "orders.csv", primary, answered, err);
	rk_orders_release(&orders);
	return rc;
}

static void
test_require(void)
{
	struct rk_err err;

	is_int(require(0, 0, 0, "request", &err), 0,
	    "require: no orders, no primary rows: nothing to do");
	is_int(require(0, 0, 1, "request", &err), -1,
	    "require: no order lines, a primary row: an error");
	is_int(err.status, RK_EX_DATAERR, "require: status 65");
	is_str(err.msg, "--orders 'orders.csv': no valid order line (no order "
	    "lines at all); no request was answered",
	    "require: the message for no order lines");
	is_int(require(1200, 1200, 3, "receipt", &err), -1,
	    "require: every line malformed: an error");
	is_str(err.msg, "--orders 'orders.csv': no valid order line (1200 "
	    "malformed of 1200); no receipt was answered",
	    "require: the message counts the malformed lines");
	is_int(require(5, 5, 0, "request", &err), 0,
	    "require: every line malformed, primary empty: nothing to do");
	is_int(require(5, 4, 7, "request", &err), 0,
	    "require: one valid line is enough");
	is_int(require(1, 0, 1, "request", &err), 0,
	    "require: one line, valid");
}

static void
test_add(void)
{
	struct rk_orders orders;
	struct rk_fv v[OL_NCOLS];
	char buf[64];
	uint32_t i;

	rk_orders_init(&orders);
	order_vals(v, "SO-1", "I", "7", "2025-01-10", "", "12,50", "EUR",
	    "0,0001");
	i = rk_orders_add(&orders, v, 5, 7, 9);
	is_int(i, 0, "add: the first line is 0");
	is_int(orders.lines[0].retailer, 7, "add: a given retailer id is kept");
	is_int(orders.lines[0].sku, 9, "add: a given sku id is kept");
	is_int(orders.retailers.count, 0, "add: nothing interned then");
	is_int(orders.lines[0].invoice, 5, "add: the invoice id as given");
	is_int(orders.lines[0].line_no, 7, "add: line_no");
	is_int(orders.lines[0].qty, 4, "add: qty");
	is_str(price_text(&orders.lines[0], buf), "12.50",
	    "add: a decimal comma is written back with '.'");
	is_str(tax_text(&orders.lines[0], buf), "0.0001", "add: tax_rate");

	order_vals(v, "SO-1", "I", "8", "2025-01-10", "", "007.5", "EUR",
	    "100");
	is_int(rk_orders_add(&orders, v, 5, RK_NOID, RK_NOID), 1,
	    "add: the second line is 1");
	is_str(pool_text(&orders.retailers, orders.lines[1].retailer, buf),
	    "R1", "add: RK_NOID interns the retailer");
	is_str(pool_text(&orders.skus, orders.lines[1].sku, buf), "SKU-1",
	    "add: RK_NOID interns the sku");
	is_str(price_text(&orders.lines[1], buf), "007.5",
	    "add: leading zeros of a price are kept as written");
	is_str(tax_text(&orders.lines[1], buf), "100", "add: tax_rate 100");
	is_int(orders.lines[1].order, orders.lines[0].order,
	    "add: the previous line's order_id is shared");

	order_vals(v, "SO-2", "I", "9", "2025-01-10", "2025-01-20", "1", "EUR",
	    "19");
	rk_orders_add(&orders, v, 5, RK_NOID, RK_NOID);
	order_vals(v, "SO-1", "I", "10", "2025-01-10", "", "1", "EUR", "19");
	rk_orders_add(&orders, v, 5, RK_NOID, RK_NOID);
	is_int(orders.n, 4, "add: 4 lines");
	is_int(orders.lines[2].order, 1, "add: a new order_id, a new text");
	is_int(orders.lines[3].order, 2,
	    "add: an earlier, not the previous, order_id is new text");
	is_str(order_text(&orders, &orders.lines[2], buf), "SO-2",
	    "add: the text of SO-2");
	is_str(order_text(&orders, &orders.lines[3], buf), "SO-1",
	    "add: the text of SO-1 again");
	is_str(date_text(orders.lines[2].date, buf), "2025-01-20",
	    "add: delivered_at is the line date");
	is_int(orders.retailers.count, 1, "add: R1 interned once");
	/* what the allocator's keys need, gathered line by line */
	is_int(orders.inv_kept_cap > 5 && orders.inv_kept[5], 1,
	    "add: invoice 5 has a kept line");
	is_int(orders.inv_kept[0] + orders.inv_kept[4], 0,
	    "add: invoices 0 and 4 have none");
	is_int(orders.min_date, orders.lines[0].date,
	    "add: the smallest date, 2025-01-10");
	is_int(orders.max_date, orders.lines[2].date,
	    "add: the largest date, delivered_at 2025-01-20");
	is_int(orders.min_price == orders.lines[2].price, 1,
	    "add: the lowest unit price, 1");
	is_int(orders.max_price == orders.lines[0].price, 1,
	    "add: the highest unit price, 12,50");
	is_int(orders.max_line_no, 10, "add: the largest line_no");
	rk_orders_release(&orders);

	/* no_ids: a tool that finds its lines by pair keeps no ids */
	rk_orders_init(&orders);
	orders.no_ids = 1;
	order_vals(v, "SO-1", "I", "7", "2025-01-10", "", "12,50", "EUR", "19");
	is_int(rk_orders_add(&orders, v, 5, RK_NOID, RK_NOID), 0,
	    "no_ids: the line kept");
	is_int(orders.lines[0].retailer, RK_NOID, "no_ids: no retailer id");
	is_int(orders.lines[0].sku, RK_NOID, "no_ids: no sku id");
	is_int(orders.retailers.count + orders.skus.count, 0,
	    "no_ids: nothing interned");
	is_int(orders.lines[0].invoice, 5, "no_ids: the invoice id as given");
	is_int(orders.lines[0].line_no, 7, "no_ids: line_no");
	rk_orders_release(&orders);
}

static void
test_consumed(void)
{
	struct rk_consumed c;

	memset(&c, 0, sizeof(c));
	rk_consumed_add(&c, 2, 1, 3);
	rk_consumed_add(&c, 0, 1, 1);
	rk_consumed_add(&c, 2, 1, 4);
	rk_consumed_add(&c, 2, 3, 5);
	rk_consumed_add(&c, 1, 2, 7);
	rk_consumed_build(&c, 4);
	is_int(rk_consumed_get(&c, 2, 1), 7,
	    "consumed: two takings of one line add up");
	is_int(rk_consumed_get(&c, 2, 3), 5, "consumed: (2, 3)");
	is_int(rk_consumed_get(&c, 0, 1), 1, "consumed: invoice 0");
	is_int(rk_consumed_get(&c, 1, 2), 7, "consumed: invoice 1");
	is_int(rk_consumed_get(&c, 1, 1), 0,
	    "consumed: another line of the invoice: nothing");
	is_int(rk_consumed_get(&c, 2, 2), 0, "consumed: (2, 2): nothing");
	is_int(rk_consumed_get(&c, 3, 1), 0,
	    "consumed: an invoice nothing was taken from");
	is_int(rk_consumed_get(&c, 4, 1), 0,
	    "consumed: an invoice beyond those built");
	is_int(rk_consumed_get(&c, RK_NOID, 1), 0, "consumed: RK_NOID");
	rk_consumed_release(&c);

	memset(&c, 0, sizeof(c));
	rk_consumed_build(&c, 0);
	is_int(rk_consumed_get(&c, 0, 1), 0, "consumed: nothing added");
	rk_consumed_release(&c);

	memset(&c, 0, sizeof(c));
	rk_consumed_build(&c, 3);
	is_int(rk_consumed_get(&c, 1, 1), 0,
	    "consumed: invoices, none taken from");
	rk_consumed_release(&c);
}

/* The lines of the allocation-order tests, by letter. */
static const struct {
	const char *invoice, *line_no, *date, *price, *currency;
} cmp_lines[] = {
	{ "INV-9", "2", "2025-01-10", "5.00", "EUR" },   /* a */
	{ "INV-10", "1", "2025-01-10", "5.00", "EUR" },  /* b */
	{ "INV-10", "10", "2025-01-10", "5", "EUR" },    /* c */
	{ "INV-10", "2", "2025-01-10", "5.000", "EUR" }, /* d */
	{ "INV-1", "1", "2025-01-12", "7", "EUR" },      /* e */
	{ "inv-1", "1", "2025-01-08", "0.5", "USD" },    /* f */
	{ "INV-9", "1", "2025-01-12", "5", "CHF" },      /* g */
	{ "inv-1", "1", "2025-01-10", "5", "EUR" },      /* h */
	{ "INV-1", "3", "2025-01-10", "5", "EUR" },      /* i */
};

static const struct rk_orders *sort_orders;
static int sort_allocation;

static int
by_allocation(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return rk_oline_cmp(sort_orders, sort_allocation,
	    &sort_orders->lines[*x], &sort_orders->lines[*y]);
}

/* The lines sorted by an allocation, as their letters. */
static const char *
sorted(const struct rk_orders *orders, int allocation, char *out)
{
	uint32_t idx[RK_ARRAY_LEN(cmp_lines)];
	size_t n = RK_ARRAY_LEN(cmp_lines);

	for (uint32_t i = 0; i < n; i++)
		idx[i] = n - 1 - i;
	sort_orders = orders;
	sort_allocation = allocation;
	qsort(idx, n, sizeof(idx[0]), by_allocation);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)('a' + idx[i]);
	out[n] = '\0';
	return out;
}

/* rk_oline_cmp's answer as -1, 0 or 1. */
static int
cmp(const struct rk_orders *orders, int allocation, const struct rk_oline *a,
    const struct rk_oline *b)
{
	int c = rk_oline_cmp(orders, allocation, a, b);

	return (c > 0) - (c < 0);
}

static void
test_allocation_order(void)
{
	struct rk_orders orders;
	struct rk_fv v[OL_NCOLS];
	char buf[16];
	const struct rk_oline *l;

	rk_orders_init(&orders);
	for (size_t i = 0; i < RK_ARRAY_LEN(cmp_lines); i++) {
		const char *inv = cmp_lines[i].invoice;

		order_vals(v, "SO", inv, cmp_lines[i].line_no,
		    cmp_lines[i].date, "", cmp_lines[i].price,
		    cmp_lines[i].currency, "19");
		rk_orders_add(&orders, v, rk_intern_add(&orders.invoices, inv,
		    strlen(inv)), RK_NOID, RK_NOID);
	}
	l = orders.lines;
	is_str(sorted(&orders, RK_ALLOC_NEWEST, buf), "egibdcahf",
	    "newest: date descending, then invoice_id bytewise, then line_no");
	is_str(sorted(&orders, RK_ALLOC_OLDEST, buf), "fibdcaheg",
	    "oldest: date ascending, the same ties");
	is_str(sorted(&orders, RK_ALLOC_LOWEST_PRICE, buf), "fgibdcahe",
	    "lowest_price: price whatever the currency, then newest, then ties");
	is_int(cmp(&orders, RK_ALLOC_NEWEST, &l[4], &l[0]), -1,
	    "newest: a later date first");
	is_int(cmp(&orders, RK_ALLOC_NEWEST, &l[0], &l[4]), 1,
	    "newest: an earlier date after");
	is_int(cmp(&orders, RK_ALLOC_OLDEST, &l[0], &l[4]), -1,
	    "oldest: an earlier date first");
	is_int(cmp(&orders, RK_ALLOC_NEWEST, &l[1], &l[0]), -1,
	    "ties: \"INV-10\" before \"INV-9\" (bytewise)");
	is_int(cmp(&orders, RK_ALLOC_NEWEST, &l[8], &l[1]), -1,
	    "ties: \"INV-1\" before \"INV-10\" (a prefix first)");
	is_int(cmp(&orders, RK_ALLOC_NEWEST, &l[7], &l[0]), 1,
	    "ties: \"inv-1\" after \"INV-9\" (bytes, not case-folded)");
	is_int(cmp(&orders, RK_ALLOC_NEWEST, &l[3], &l[2]), -1,
	    "ties: line 2 before line 10 (numerically)");
	is_int(cmp(&orders, RK_ALLOC_LOWEST_PRICE, &l[3], &l[2]), -1,
	    "lowest_price: 5.000 and 5 are equal, line 2 before line 10");
	is_int(cmp(&orders, RK_ALLOC_LOWEST_PRICE, &l[5], &l[4]), -1,
	    "lowest_price: 0.5 USD before 7 EUR");
	is_int(cmp(&orders, RK_ALLOC_LOWEST_PRICE, &l[6], &l[1]), -1,
	    "lowest_price: equal prices, the newer first");
	for (int a = RK_ALLOC_NEWEST; a <= RK_ALLOC_LOWEST_PRICE; a++)
		is_int(cmp(&orders, a, &l[2], &l[2]), 0,
		    "allocation %d: a line equals itself", a);
	rk_orders_release(&orders);
}

int
main(void)
{
	rk_progname = "unit_orders";
	tap_tmpname(dir, sizeof(dir), "unit_orders");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/orders.csv", dir);
	test_good_lines();
	test_look_ahead();
	test_duplicates();
	test_line_numbers();
	test_malformed_rows();
	test_json_lines();
	test_load_errors();
	test_require();
	test_add();
	test_consumed();
	test_allocation_order();
	rmdir(dir);
	return done_testing();
}
