/*
 * gen - deterministic test data for `make bench`.
 *
 *   gen orders N requests M DIR
 *
 * writes DIR/orders.csv (N invoiced lines of 2,000 retailers buying from
 * 50,000 skus over 18 months, 1-15 lines per invoice, about 87 bytes a
 * line) and DIR/requests.csv (M return request lines sampled from those
 * order lines: 60% without reference, 25% naming the order, 15% the
 * invoice; some ask for more than was bought, some name a sku the
 * retailer never bought, some another retailer's order, 0.1% carry a
 * malformed quantity).  The same arguments always give the same bytes.
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

int
main(int argc, char **argv)
{
	long norders, nreq, n = 0, inv = 0, made = 0;
	char path[4096], date[16], deliv[16];
	FILE *o, *q;
	static char obuf[1 << 20], qbuf[1 << 20];

	if (argc != 6 || strcmp(argv[1], "orders") || strcmp(argv[3], "requests")) {
		fprintf(stderr, "usage: gen orders N requests M DIR\n");
		return 64;
	}
	norders = atol(argv[2]);
	nreq = atol(argv[4]);
	snprintf(path, sizeof(path), "%s/orders.csv", argv[5]);
	o = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/requests.csv", argv[5]);
	q = fopen(path, "w");
	if (o == NULL || q == NULL) {
		perror(argv[5]);
		return 73;
	}
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
	if (fclose(o) || fclose(q)) {
		perror("write");
		return 74;
	}
	fprintf(stderr, "gen: %ld order lines, %ld request lines\n", n, made);
	return 0;
}
