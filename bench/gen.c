/*
 * gen - deterministic test data for `make bench`.
 *
 *   gen orders N requests M DIR
 *   gen receipts N DIR
 *
 * writes DIR/orders.csv (N invoiced lines of 2,000 retailers buying from
 * 50,000 skus over 18 months, 1-15 lines per invoice, about 87 bytes a
 * line) and DIR/requests.csv (M return request lines sampled from those
 * order lines: 60% without reference, 25% naming the order, 15% the
 * invoice; some ask for more than was bought, some name a sku the
 * retailer never bought, some another retailer's order, 0.1% carry a
 * malformed quantity), DIR/retailers.csv (their master data) and
 * DIR/sample.csv (every 16th order line, for the receipts).
 *
 * The second form reads DIR/rma.csv (a registry written by
 * return-register) and DIR/sample.csv and writes DIR/receipts.csv: N
 * scanned items, a third naming an RMA, a third in mixed boxes (an RMA on
 * some rows, the sender's other purchases on the others), a third in
 * unannounced boxes (no sender, no RMA, the origin country only).
 *
 *   gen matched N DIR
 *
 * writes DIR/matched.csv: N rows of return-match output for credit-emit,
 * skewed as real data is (a few retailers, and a few invoices of each,
 * hold most lines): 70% matched, 20% unannounced, 5% held, 5% unmatched.
 *
 *   gen skewed N M DIR
 *
 * writes DIR/orders.csv (N invoiced lines, about 89 bytes each, of 3,000
 * retailers buying from 40,000 skus, both Zipf-like: the rank-r retailer
 * or sku is drawn with probability proportional to 1/r^1.1, so one
 * retailer's run of a popular sku holds thousands of lines; 18 months,
 * 1-15 lines per invoice, invoice ids not zero-padded, so their bytewise
 * order is not their numeric one), DIR/receipts.csv (M scanned items, each naming its retailer and
 * no RMA, sampled from the order lines, so every (retailer, sku) was
 * bought, one in 50 asking for many times the line's quantity; in boxes
 * of 1-3 items of one retailer, received after every line date) and
 * DIR/requests.csv (the same rows as return requests, one request per
 * box).
 *
 *   gen flat N M DIR
 *
 * writes the same three files with every retailer and every sku drawn
 * uniformly instead (a retailer's run of a sku then holds a line or
 * two): the data of the skewed form, without its skew.
 *
 * The same arguments always give the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned
below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static void
date_of(int day, char *out)
{
	/* day 0 = 2025-06-01; civil date by a small table walk */
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 2025, m = 6, d = 1 + day;

	for (;;) {
		int len = md[m - 1] + (m == 2 && y % 4 == 0);

		if (d <= len)
			break;
		d -= len;
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	sprintf(out, "%04d-%02d-%02d", y, m, d);
}

static const char *const countries[] = { "FI", "SE", "DE", "NO", "DK", "NL" };

/* A CSV line split at commas (the files read here quote nothing that
 * matters: ids, numbers, dates). */
static int
split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	f[n++] = p;
	while (*p && *p != '\n') {
		if (*p == ',' && n < max) {
			*p = '\0';
			f[n++] = p + 1;
		}
		p++;
	}
	*p = '\0';
	return n;
}

struct item {
	char ret[16], sku[16], rma[16], order[16];
	int qty;
};

static struct item *
load(const char *path, int rma, long *count)
{
	FILE *fp = fopen(path, "r");
	char line[4096], *f[32];
	struct item *v = NULL;
	long n = 0, cap = 0;

	if (fp == NULL) {
		perror(path);
		exit(66);
	}
	if (fgets(line, sizeof(line), fp) == NULL) {
		fclose(fp);
		*count = 0;
		return NULL;
	}
	while (fgets(line, sizeof(line), fp)) {
		int k = split(line, f, 32);

		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			v = realloc(v, (size_t)cap * sizeof(*v));
		}
		if (rma) {
			/* registry: rma_id,rma_line,request_id,request_line,retailer_id,sku,qty,... */
			if (k < 12)
				continue;
			snprintf(v[n].rma, 16, "%s", f[0]);
			snprintf(v[n].ret, 16, "%s", f[4]);
			snprintf(v[n].sku, 16, "%s", f[5]);
			snprintf(v[n].order, 16, "%s", f[10]);
			v[n].qty = atoi(f[6]);
		} else {
			/* sample: retailer_id,sku,order_id,qty */
			if (k < 4)
				continue;
			snprintf(v[n].ret, 16, "%s", f[0]);
			snprintf(v[n].sku, 16, "%s", f[1]);
			snprintf(v[n].order, 16, "%s", f[2]);
			v[n].rma[0] = '\0';
			v[n].qty = atoi(f[3]);
		}
		n++;
	}
	fclose(fp);
	*count = n;
	return v;
}

static int
receipts(long n, const char *dir)
{
	char path[4096];
	long nreg, nsam, made = 0, parcel = 0, *byret, *nbyret;
	struct item *reg, *sam;
	FILE *o;
	static char obuf[1 << 20];

	snprintf(path, sizeof(path), "%s/rma.csv", dir);
	reg = load(path, 1, &nreg);
	snprintf(path, sizeof(path), "%s/sample.csv", dir);
	sam = load(path, 0, &nsam);
	if (nreg == 0 || nsam == 0) {
		fprintf(stderr, "gen: %s/rma.csv or sample.csv is empty\n", dir);
		return 65;
	}
	snprintf(path, sizeof(path), "%s/receipts.csv", dir);
	o = fopen(path, "w");
	if (o == NULL) {
		perror(path);
		return 73;
	}
	setvbuf(o, obuf, _IOFBF, sizeof(obuf));
	fputs("receipt_id,parcel_id,sku,qty,retailer_id,rma_id,order_id,"
	    "condition,origin_country,received_at\n", o);
	/* sample lines by retailer, so a box holds one retailer's goods */
	byret = calloc((size_t)nsam + 1, sizeof(*byret));
	nbyret = calloc(2001, sizeof(*nbyret));
	for (long i = 0; i < nsam; i++)
		nbyret[atoi(sam[i].ret + 2) + 1]++;
	for (int r = 0; r < 2000; r++)
		nbyret[r + 1] += nbyret[r];
	{
		long *fill = calloc(2001, sizeof(*fill));

		for (long i = 0; i < nsam; i++) {
			int r = atoi(sam[i].ret + 2);

			byret[nbyret[r] + fill[r]++] = i;
		}
		free(fill);
	}
	while (made < n) {
		unsigned kind = below(3), rows = 1 + below(3);
		long ri = (long)below((unsigned)nreg);
		const struct item *r = &reg[ri];
		int ret = atoi(r->ret + 2);
		long lo = nbyret[ret], cnt = nbyret[ret + 1] - lo;

		if (kind == 2) {
			/* an unannounced box: another retailer's purchases */
			ret = (int)below(2000);
			lo = nbyret[ret];
			cnt = nbyret[ret + 1] - lo;
			if (cnt == 0)
				continue;
		}
		parcel++;
		for (unsigned k = 0; k < rows && made < n; k++, made++) {
			const char *cond = below(10) ? "A" : "B";
			const struct item *s = cnt ? &sam[byret[lo + (long)below((unsigned)cnt)]] :
			    NULL;

			if (kind == 0 || (kind == 1 && k == 0) || s == NULL) {
				/* naming an RMA: its lines in order, sometimes one more */
				fprintf(o, "W%ld,P%ld,%s,%d,%s,%s,,%s,%s,2026-11-25\n", made,
				    parcel, r->sku, r->qty + (below(10) == 0),
				    kind == 0 ? r->ret : "", r->rma, cond, countries[ret % 6]);
				if (ri + 1 < nreg && strcmp(reg[ri + 1].rma, r->rma) == 0)
					r = &reg[++ri];
			} else if (kind == 1) {
				/* mixed: the sender's other purchases, without RMA */
				fprintf(o, "W%ld,P%ld,%s,1,%s,,%s,%s,%s,2026-11-25\n", made,
				    parcel, s->sku, below(2) ? s->ret : "",
				    below(2) ? s->order : "", cond, countries[ret % 6]);
			} else {
				/* unannounced: no sender, no RMA, the origin country */
				fprintf(o, "W%ld,P%ld,%s,%d,,,,%s,%s,2026-11-25\n", made,
				    parcel, s->sku, 1 + below((unsigned)s->qty), cond,
				    below(4) ? countries[ret % 6] : "");
			}
		}
	}
	if (fclose(o)) {
		perror("write");
		return 74;
	}
	fprintf(stderr, "gen: %ld receipts in %ld parcels\n", made, parcel);
	free(reg);
	free(sam);
	free(byret);
	free(nbyret);
	return 0;
}

/* A skewed draw from 0..n-1: small values are much more likely. */
static unsigned
skewed(unsigned n)
{
	double u = (double)(rnd() >> 11) / 9007199254740992.0;

	return (unsigned)(n * u * u * u);
}

static int
matched(long n, const char *dir)
{
	static char buf[1 << 20];
	char path[4096];
	FILE *m;

	snprintf(path, sizeof(path), "%s/matched.csv", dir);
	if ((m = fopen(path, "w")) == NULL) {
		perror(path);
		return 73;
	}
	setvbuf(m, buf, _IOFBF, sizeof(buf));
	fputs("receipt_id,seq,parcel_id,retailer_id,sku,qty,condition,"
	    "received_at,match,status,status_reason,rma_id,rma_line,reason,"
	    "order_id,invoice_id,invoice_line,line_date,unit_price,currency,"
	    "tax_rate\n", m);
	for (long i = 0; i < n; i++) {
		unsigned ret = skewed(200), inv = ret * 100000 + skewed(5000);
		unsigned kind = below(100), sku = below(50000);
		unsigned price = 100 + below(99900), qty = 1 + below(5);
		const char *cur = ret % 5 == 0 ? "SEK" : "EUR";
		const char *tax = ret % 5 == 0 ? "25" : "25.5";
		const char *cond = below(10) ? "A" : "B";

		if (kind >= 95) {
			fprintf(m, "W%07ld,1,P%06ld,R-%05u,SKU-%06u,%u,%s,2026-11-25,"
			    "none,unmatched,not_purchased,,,,,,,,,,\n", i, i / 5, ret,
			    sku, qty, cond);
			continue;
		}
		if (kind < 70 || kind >= 90)
			fprintf(m, "W%07ld,1,P%06ld,R-%05u,SKU-%06u,%u,%s,2026-11-25,"
			    "rma,%s,%s,RMA%07u,%u,%s,", i, i / 5, ret, sku, qty, cond,
			    kind < 70 ? "matched" : "held",
			    kind < 70 ? "" : "outside_window", inv, 1 + below(9),
			    below(4) ? "OVERSTOCK" : "DEFECT");
		else
			fprintf(m, "W%07ld,1,P%06ld,R-%05u,SKU-%06u,%u,%s,2026-11-25,"
			    "order_history,unannounced,,,,,", i, i / 5, ret, sku, qty,
			    cond);
		fprintf(m, "PO-%08u,INV-%08u,%u,2026-10-%02u,%u.%02u,%s,%s\n", inv,
		    inv, 1 + below(15), 1 + below(28), price / 100, price % 100, cur,
		    tax);
	}
	if (fclose(m)) {
		perror("write");
		return 74;
	}
	return 0;
}

/* ---- gen skewed: Zipf-like retailers and skus ---- */

#define SK_RETAILERS 3000
#define SK_SKUS 40000

/* r^(1/10) by Newton's method from above, in plain arithmetic (the same
 * bits on every machine, unlike a libm pow). */
static double
tenth_root(double r)
{
	double x = 3.0; /* 3^10 = 59049: above every rank */

	for (int i = 0; i < 60; i++) {
		double x9 = x * x * x * x * x * x * x * x * x;
		double next = (9.0 * x + r / x9) / 10.0;

		if (next >= x)
			break;
		x = next;
	}
	return x;
}

/* The cumulative weights of ranks 1..n, weight 1/r^1.1, normalised. */
static double *
zipf_table(unsigned n)
{
	double *cdf = malloc(n * sizeof(*cdf)), sum = 0;

	if (cdf == NULL) {
		perror("gen");
		exit(70);
	}
	for (unsigned r = 1; r <= n; r++) {
		sum += 1.0 / ((double)r * tenth_root((double)r));
		cdf[r - 1] = sum;
	}
	for (unsigned r = 0; r < n; r++)
		cdf[r] /= sum;
	return cdf;
}

/* A rank 0..n-1 drawn by inverse CDF; rank k is id k * step mod n, so the
 * popular ids are spread over the id space. */
static unsigned
zipf_draw(const double *cdf, unsigned n, unsigned step)
{
	double u = (double)(rnd() >> 11) / 9007199254740992.0;
	unsigned lo = 0, hi = n - 1;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (unsigned)((unsigned long long)lo * step % n);
}

/* A sampled order line: what one receipt (and one request) returns. */
struct sk_row {
	unsigned ret, sku, qty;
};

/* A retailer, or a sku, of the n: Zipf-like, or uniform when flat. */
static unsigned
sk_draw(const double *cdf, unsigned n, unsigned step, int flat)
{
	return flat ? below(n) : zipf_draw(cdf, n, step);
}

/*
 * DIR/orders.csv: N lines, invoice by invoice; M of them (selection
 * sampling: exactly M, in file order) are kept in rows.  flat: retailers
 * and skus drawn uniformly.
 */
static int
skewed_orders(long n, long m, const char *dir, struct sk_row *rows, int flat)
{
	static char obuf[1 << 20];
	double *rcdf = zipf_table(SK_RETAILERS), *scdf = zipf_table(SK_SKUS);
	char path[4096], date[16], deliv[16];
	long made = 0, inv = 0, kept = 0;
	FILE *o;

	snprintf(path, sizeof(path), "%s/orders.csv", dir);
	if ((o = fopen(path, "w")) == NULL) {
		perror(path);
		return 73;
	}
	setvbuf(o, obuf, _IOFBF, sizeof(obuf));
	fputs("order_id,invoice_id,line_no,invoice_date,delivered_at,"
	    "retailer_id,sku,qty,unit_price,currency,tax_rate,description\n", o);
	while (made < n) {
		unsigned ret = sk_draw(rcdf, SK_RETAILERS, 7919, flat);
		unsigned lines = 1 + below(15);
		int day = (int)below(538), delivered = below(3) == 0;
		const char *cur = ret % 5 == 0 ? "SEK" : "EUR";
		const char *tax = ret % 5 == 0 ? "25" : "25.5";

		inv++;
		date_of(day, date);
		date_of(day + 2, deliv);
		for (unsigned l = 1; l <= lines && made < n; l++, made++) {
			unsigned sku = sk_draw(scdf, SK_SKUS, 104729, flat);
			unsigned qty = 1 + below(24), price = 100 + below(99900);
			double u = (double)(rnd() >> 11) / 9007199254740992.0;

			fprintf(o, "PO-%ld,INV-%ld,%u,%s,%s,R-%05u,SKU-%06u,%u,"
			    "%u.%02u,%s,%s,Article %u\n", inv, inv, l, date,
			    delivered ? deliv : "", ret, sku, qty, price / 100,
			    price % 100, cur, tax, sku);
			if (u * (double)(n - made) < (double)(m - kept)) {
				rows[kept].ret = ret;
				rows[kept].sku = sku;
				/* one in 50 asks for more than a line holds */
				rows[kept++].qty = below(50) ? 1 + below(qty) :
				    qty * (2 + below(20));
			}
		}
	}
	free(rcdf);
	free(scdf);
	if (fclose(o)) {
		perror(path);
		return 74;
	}
	return 0;
}

/*
 * DIR/receipts.csv and DIR/requests.csv: the sampled rows grouped by
 * retailer, cut into boxes of 1-3, the boxes shuffled; row by row the
 * same items, as scans (a receipt per item, a parcel per box) and as
 * requests (a request per box).
 */
static int
skewed_rows(long m, const char *dir, const struct sk_row *rows)
{
	static char rbuf[1 << 20], qbuf[1 << 20];
	long *start = calloc(SK_RETAILERS + 1, sizeof(*start));
	long *byret = malloc((size_t)(m + 1) * sizeof(*byret));
	long *box = malloc((size_t)(m + 1) * sizeof(*box));
	long *perm = malloc((size_t)(m + 1) * sizeof(*perm)), nbox = 0, id = 0;
	char rpath[4096], qpath[4096];
	FILE *r, *q;

	if (start == NULL || byret == NULL || box == NULL || perm == NULL) {
		perror("gen");
		return 70;
	}
	for (long i = 0; i < m; i++) /* counting sort by retailer, stable */
		start[rows[i].ret + 1]++;
	for (int k = 0; k < SK_RETAILERS; k++)
		start[k + 1] += start[k];
	for (long i = 0; i < m; i++)
		byret[start[rows[i].ret]++] = i;
	for (long i = 0, k; i < m; i += k) { /* boxes: 1-3 of one retailer */
		k = 1 + below(3);
		while (i + k > m ||
		    rows[byret[i + k - 1]].ret != rows[byret[i]].ret)
			k--;
		perm[nbox] = nbox;
		box[nbox++] = i;
	}
	box[nbox] = m;
	for (long b = nbox - 1; b > 0; b--) { /* Fisher-Yates */
		long pick = (long)(rnd() % (uint64_t)(b + 1)), t = perm[b];

		perm[b] = perm[pick];
		perm[pick] = t;
	}
	snprintf(rpath, sizeof(rpath), "%s/receipts.csv", dir);
	snprintf(qpath, sizeof(qpath), "%s/requests.csv", dir);
	if ((r = fopen(rpath, "w")) == NULL || (q = fopen(qpath, "w")) == NULL) {
		perror(r == NULL ? rpath : qpath);
		return 73;
	}
	setvbuf(r, rbuf, _IOFBF, sizeof(rbuf));
	setvbuf(q, qbuf, _IOFBF, sizeof(qbuf));
	fputs("receipt_id,parcel_id,retailer_id,sku,qty,received_at\n", r);
	fputs("request_id,retailer_id,sku,qty,reason,requested_at\n", q);
	for (long b = 0; b < nbox; b++)
		for (long i = box[perm[b]]; i < box[perm[b] + 1]; i++, id++) {
			const struct sk_row *x = &rows[byret[i]];

			fprintf(r, "W%ld,P%ld,R-%05u,SKU-%06u,%u,2026-12-01\n", id,
			    b, x->ret, x->sku, x->qty);
			fprintf(q, "Q%ld,R-%05u,SKU-%06u,%u,OVERSTOCK,2026-12-01\n",
			    b, x->ret, x->sku, x->qty);
		}
	free(start);
	free(byret);
	free(box);
	free(perm);
	if (fclose(r) | fclose(q)) {
		perror("write");
		return 74;
	}
	return 0;
}

static int
skewed_mode(long n, long m, const char *dir, int flat)
{
	struct sk_row *rows;
	int rc;

	if (n < 1 || m < 1 || m > n) {
		fprintf(stderr, "gen: %s needs 1 <= M <= N\n",
		    flat ? "flat" : "skewed");
		return 64;
	}
	if ((rows = malloc((size_t)m * sizeof(*rows))) == NULL) {
		perror("gen");
		return 70;
	}
	rc = skewed_orders(n, m, dir, rows, flat);
	if (rc == 0)
		rc = skewed_rows(m, dir, rows);
	free(rows);
	if (rc == 0)
		fprintf(stderr, "gen: %ld %s order lines, %ld receipts and "
		    "requests\n", n, flat ? "flat" : "skewed", m);
	return rc;
}

int
main(int argc, char **argv)
{
	long norders, nreq, n = 0, inv = 0, made = 0;
	char path[4096], date[16], deliv[16];
	FILE *o, *q, *sm, *rt;
	static char obuf[1 << 20], qbuf[1 << 20];

	if (argc == 4 && strcmp(argv[1], "receipts") == 0)
		return receipts(atol(argv[2]), argv[3]);
	if (argc == 4 && strcmp(argv[1], "matched") == 0)
		return matched(atol(argv[2]), argv[3]);
	if (argc == 5 && (strcmp(argv[1], "skewed") == 0 ||
	    strcmp(argv[1], "flat") == 0))
		return skewed_mode(atol(argv[2]), atol(argv[3]), argv[4],
		    strcmp(argv[1], "flat") == 0);
	if (argc != 6 || strcmp(argv[1], "orders") || strcmp(argv[3], "requests")) {
		fprintf(stderr, "usage: gen orders N requests M DIR\n"
		    "       gen receipts N DIR\n       gen matched N DIR\n"
		    "       gen skewed N M DIR\n"
		    "       gen flat N M DIR\n");
		return 64;
	}
	norders = atol(argv[2]);
	nreq = atol(argv[4]);
	snprintf(path, sizeof(path), "%s/orders.csv", argv[5]);
	o = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/requests.csv", argv[5]);
	q = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/sample.csv", argv[5]);
	sm = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/retailers.csv", argv[5]);
	rt = fopen(path, "w");
	if (o == NULL || q == NULL || sm == NULL || rt == NULL) {
		perror(argv[5]);
		return 73;
	}
	fputs("retailer_id,sku,order_id,qty\n", sm);
	fputs("retailer_id,name,vat_id,country,street,city,postal_code,"
	    "endpoint_id,email\n", rt);
	for (int r = 0; r < 2000; r++)
		fprintf(rt, "R-%05d,Retailer %d Ltd,VAT%08d,%s,Street %d,City,%05d,"
		    "0088:%013d,r%d@example.test\n", r, r, r, countries[r % 6], r,
		    r, r, r);
	setvbuf(o, obuf, _IOFBF, sizeof(obuf));
	setvbuf(q, qbuf, _IOFBF, sizeof(qbuf));
	fputs("order_id,invoice_id,line_no,invoice_date,delivered_at,"
	    "retailer_id,sku,qty,unit_price,currency,tax_rate,description\n", o);
	fputs("request_id,retailer_id,sku,qty,reason,order_id,invoice_id,"
	    "requested_at,note\n", q);
	while (n < norders) {
		unsigned ret = below(2000), lines = 1 + below(15);
		int day = (int)below(538), delivered = below(3) == 0;
		const char *cur = ret % 5 == 0 ? "SEK" : "EUR";
		const char *tax = ret % 5 == 0 ? "25" : "25.5";

		inv++;
		date_of(day, date);
		date_of(day + 2, deliv);
		for (unsigned l = 1; l <= lines && n < norders; l++, n++) {
			unsigned sku = below(50000), qty = 1 + below(40);
			unsigned price = 100 + below(99900);

			if (below(16) == 0)
				fprintf(sm, "R-%05u,SKU-%06u,PO-%07ld,%u\n", ret, sku, inv, qty);
			fprintf(o, "PO-%07ld,INV-%08ld,%u,%s,%s,R-%05u,SKU-%06u,%u,"
			    "%u.%02u,%s,%s,Art %u\n", inv, inv, l, date,
			    delivered ? deliv : "", ret, sku, qty, price / 100,
			    price % 100, cur, tax, sku);
			/* sample request lines from the order lines */
			if (made < nreq && below((unsigned)(norders / nreq)) == 0) {
				unsigned kind = below(100), rq = 1 + below(qty + 2);
				char qtxt[16];

				snprintf(qtxt, sizeof(qtxt), "%u", rq);
				if (below(1000) == 0)
					strcpy(qtxt, "two");
				if (kind < 60)
					fprintf(q, "REQ-%ld,R-%05u,SKU-%06u,%s,%s,,,2026-11-20,\n",
					    made / 3, ret, below(50) == 0 ? 99999 : sku, qtxt,
					    below(4) ? "OVERSTOCK" : "DEFECT");
				else if (kind < 85)
					fprintf(q, "REQ-%ld,R-%05u,SKU-%06u,%s,DEFECT,PO-%07ld,,"
					    "2026-11-20,\n", made / 3,
					    below(100) == 0 ? (ret + 1) % 2000 : ret, sku, qtxt,
					    inv);
				else
					fprintf(q, "REQ-%ld,R-%05u,SKU-%06u,%s,OVERSTOCK,,"
					    "INV-%08ld,2026-11-20,\"note, with a comma\"\n",
					    made / 3, ret, sku, qtxt, inv);
				made++;
			}
		}
	}
	if (fclose(o) | fclose(q) | fclose(sm) | fclose(rt)) {
		perror("write");
		return 74;
	}
	fprintf(stderr, "gen: %ld order lines, %ld request lines\n", n, made);
	return 0;
}
