// allocate.mjs - make bench, skewed scenario: return-match's order-history
// allocation (return-match(1), tier 4) done in DuckDB, for comparison.
//
//   node allocate.mjs ORDERS RECEIPTS OUT [THREADS]
//
// Loads the order lines and the receipts (read_csv, typed) and writes OUT
// (CSV): per receipt, in input order, one row per order line taken from,
// in allocation order (receipt_id, invoice_id, invoice_line, qty, status
// unannounced), then the remainder (status unmatched, status_reason
// exceeds_returnable, or not_purchased when the retailer never bought the
// sku).  THREADS sets DuckDB's threads (default: its own, every core).
//
// It holds only for the benchmark's data, where every receipt names its
// retailer and no RMA, the window covers every line and every receipt is
// dated after every line.  Then the greedy rule (newest line first: line
// date, delivered_at else invoice_date, descending; ties invoice_id
// bytewise, then line_no; each receipt in input order takes what it can)
// is the overlap of two cumulative sums per (retailer, sku): receipt k
// asks for the units (D[k-1], D[k]] of the run's demand, line j holds the
// units (S[j-1], S[j]] of its supply, and receipt k takes from line j
// exactly their overlap.  Every end point of either sum cuts the number
// line into pieces; each piece lies in one receipt and one line, found by
// an ASOF join (the first end point at or after the piece's end).
import { DuckDBInstance } from '@duckdb/node-api';

const [orders, receipts, out, threads] = process.argv.slice(2);
if (!out) {
	console.error('usage: node allocate.mjs ORDERS RECEIPTS OUT [THREADS]');
	process.exit(64);
}
const q = (s) => `'${s.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
if (threads)
	await con.run(`SET threads = ${Number(threads)}`);

// Receipts in input order: a table keeps insertion order in its rowid.
await con.run(`CREATE TEMP TABLE receipts AS
SELECT receipt_id, retailer_id, sku, qty
FROM read_csv(${q(receipts)}, header = true, delim = ',', quote = '"',
    columns = {'receipt_id': 'VARCHAR', 'parcel_id': 'VARCHAR',
    'retailer_id': 'VARCHAR', 'sku': 'VARCHAR', 'qty': 'BIGINT',
    'received_at': 'DATE'})`);

await con.run(`COPY (
WITH demand AS (
	SELECT rowid AS seq, receipt_id, retailer_id, sku, qty,
	    sum(qty) OVER (PARTITION BY retailer_id, sku ORDER BY rowid
		ROWS UNBOUNDED PRECEDING) AS d_hi
	FROM receipts
), runs AS (
	SELECT retailer_id, sku, max(d_hi) AS d_total
	FROM demand GROUP BY retailer_id, sku
), lines AS (
	-- the lines of the runs asked of, newest first
	SELECT o.retailer_id, o.sku, o.invoice_id, o.line_no, o.qty, r.d_total,
	    sum(o.qty) OVER (PARTITION BY o.retailer_id, o.sku
		ORDER BY o.line_date DESC, o.invoice_id, o.line_no
		ROWS UNBOUNDED PRECEDING) AS s_hi
	FROM (SELECT retailer_id, sku, invoice_id, line_no, qty,
	        coalesce(delivered_at, invoice_date) AS line_date
	    FROM read_csv(${q(orders)}, header = true, delim = ',', quote = '"',
	        columns = {'order_id': 'VARCHAR', 'invoice_id': 'VARCHAR',
	        'line_no': 'BIGINT', 'invoice_date': 'DATE', 'delivered_at': 'DATE',
	        'retailer_id': 'VARCHAR', 'sku': 'VARCHAR', 'qty': 'BIGINT',
	        'unit_price': 'DECIMAL(18,2)', 'currency': 'VARCHAR',
	        'tax_rate': 'DECIMAL(9,4)', 'description': 'VARCHAR'})) o
	JOIN runs r USING (retailer_id, sku)
), bounds AS (
	-- what a run can give: the lesser of its demand and its supply
	SELECT retailer_id, sku, max(s_hi) AS s_total,
	    least(max(s_hi), any_value(d_total)) AS given
	FROM lines GROUP BY retailer_id, sku
), used AS (
	-- the lines some demand reaches
	SELECT * FROM lines WHERE s_hi - qty < d_total
), cuts AS (
	SELECT retailer_id, sku, d_hi AS pos FROM demand
	UNION
	SELECT retailer_id, sku, s_hi FROM used
), pieces AS (
	SELECT c.retailer_id, c.sku, c.pos,
	    c.pos - lag(c.pos, 1, 0) OVER (PARTITION BY c.retailer_id, c.sku
		ORDER BY c.pos) AS qty
	FROM cuts c JOIN bounds b USING (retailer_id, sku)
	WHERE c.pos <= b.given
), taken AS (
	SELECT d.seq, p.pos, d.receipt_id, u.invoice_id, u.line_no, p.qty,
	    'unannounced' AS status, NULL AS status_reason
	FROM pieces p
	ASOF JOIN demand d ON d.retailer_id = p.retailer_id AND d.sku = p.sku
	    AND d.d_hi >= p.pos
	ASOF JOIN used u ON u.retailer_id = p.retailer_id AND u.sku = p.sku
	    AND u.s_hi >= p.pos
), left_over AS (
	SELECT d.seq, d.d_hi AS pos, d.receipt_id, NULL, NULL,
	    d.d_hi - greatest(d.d_hi - d.qty, coalesce(b.s_total, 0)),
	    'unmatched',
	    CASE WHEN b.s_total IS NULL THEN 'not_purchased'
		ELSE 'exceeds_returnable' END
	FROM demand d LEFT JOIN bounds b USING (retailer_id, sku)
	WHERE d.d_hi > coalesce(b.s_total, 0)
)
SELECT receipt_id, invoice_id, line_no AS invoice_line, qty, status,
    status_reason
FROM (SELECT * FROM taken UNION ALL SELECT * FROM left_over)
ORDER BY seq, pos
) TO ${q(out)} (FORMAT csv, HEADER true)`);
