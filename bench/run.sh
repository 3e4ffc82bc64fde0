#!/bin/sh
# make bench: time the tools on generated data beside the floor, a bare
# libcsv parse of the same files (bench/floor.c).  Not part of make check.
# usage: bench/run.sh BINDIR BENCHBUILDDIR
#
# Environment: BENCH_ORDERS (default 10000000), BENCH_REQUESTS (1000000),
# BENCH_RECEIPTS (1000000), BENCH_RUNS (3: each command runs this often;
# the best run counts, as the least disturbed by the rest of the machine),
# BENCH_MATCHED (1000000: rows of return-match output for credit-emit),
# BENCH_NOTES (10000: credit notes written as UBL files),
# BENCH_ONLY (register, match, credit or ubl: time one of them only).
set -eu
bin=$(cd "$1" && pwd)
bb=$(cd "$2" && pwd)
orders=${BENCH_ORDERS:-10000000}
requests=${BENCH_REQUESTS:-1000000}
runs=${BENCH_RUNS:-3}
receipts=${BENCH_RECEIPTS:-1000000}
only=${BENCH_ONLY:-}
matched=${BENCH_MATCHED:-1000000}
notes=${BENCH_NOTES:-10000}
data=$bb/data-$orders-$requests
mkdir -p "$data"
if [ ! -f "$data/requests.csv" ]; then
	echo "bench: generating $orders order lines and $requests request lines in $data"
	"$bb/gen" orders "$orders" requests "$requests" "$data"
fi
osize=$(wc -c <"$data/orders.csv")
rsize=$(wc -c <"$data/requests.csv")
echo "bench: orders.csv $((osize / 1000000)) MB, requests.csv $((rsize / 1000000)) MB, best of $runs runs"

# best NAME CMD...: run CMD $runs times; sets best_s and best_kib
best() {
	best_s= best_kib=0
	i=0
	while [ $i -lt "$runs" ]; do
		"$bb/measure" "$data/out" "$@" 2>"$data/measure" >/dev/null || true
		read -r s kib rc <"$data/measure"
		if [ "$rc" -gt 1 ]; then
			echo "bench: $1 failed with status $rc" >&2
			exit 1
		fi
		if [ -z "$best_s" ] ||
		    [ "$(awk -v a="$s" -v b="$best_s" 'BEGIN { print (a < b) }')" = 1 ]; then
			best_s=$s
		fi
		[ "$kib" -gt "$best_kib" ] && best_kib=$kib
		i=$((i + 1))
	done
}

report() {
	# report NAME ROWS FLOOR_S
	awk -v name="$1" -v s="$best_s" -v kib="$best_kib" -v rows="$2" -v floor="$3" 'BEGIN {
		printf "%-34s %8.2f s %12.0f rows/s %8.1f MiB peak", name, s, rows / s, kib / 1024
		if (floor > 0)
			printf "   %.2fx floor", s / floor
		printf "\n"
	}'
}

# the policy of the benchmark: a year to return, late lines held
cat >"$data/policy.yaml" <<'EOF'
return_window_days: 365
late: hold
default_reason: OVERSTOCK
reasons:
  OVERSTOCK: {restocking_pct: 10}
  DEFECT: {window_days: 730}
conditions:
  A: {credit_pct: 100}
  B: {credit_pct: 80}
seller:
  name: Bench Brand AB
  vat_id: SE556000000101
  country: SE
  street: Storgatan 1
  city: Stockholm
  postal_code: "11122"
  endpoint_id: "0007:5560000001"
EOF

if [ -z "$only" ] || [ "$only" = register ]; then
	echo
	echo "== return-register: $requests request lines against $orders order lines"
	rows=$((orders + requests))
	best "$bb/floor" -d "$data/orders.csv" "$data/requests.csv"
	report "libcsv defaults (reference)" $rows 0
	best "$bb/floor" "$data/orders.csv" "$data/requests.csv"
	floor=$best_s
	report "floor: libcsv strict, spaces kept" $rows 0
	best "$bin/return-register" --orders "$data/orders.csv" --as-of 2026-11-20 \
	    --rejects "$data/rejects.csv" "$data/requests.csv"
	report "return-register" $rows "$floor"
	echo "bench: return-register answered $(($(wc -l <"$data/out") - 1)) rows," \
	    "rejected $(($(wc -l <"$data/rejects.csv") - 1))"
fi

if [ -z "$only" ] || [ "$only" = match ]; then
	echo
	# the night before: a registry, then what the warehouse scanned
	if [ ! -f "$data/rma.csv" ] || [ ! -f "$data/receipts-$receipts.csv" ]; then
		rm -f "$data/rma.csv"
		"$bin/return-register" --orders "$data/orders.csv" --as-of 2026-11-20 \
		    --registry "$data/rma.csv" "$data/requests.csv" >/dev/null 2>&1 || true
		"$bb/gen" receipts "$receipts" "$data"
		mv "$data/receipts.csv" "$data/receipts-$receipts.csv"
	fi
	nreg=$(($(wc -l <"$data/rma.csv") - 1))
	echo "== return-match: $receipts receipts against $orders order lines and $nreg registered lines"
	rows=$((orders + receipts + nreg))
	best "$bb/floor" "$data/orders.csv" "$data/receipts-$receipts.csv" "$data/rma.csv"
	floor=$best_s
	report "floor: libcsv strict, spaces kept" $rows 0
	best sh -c 'rm -f "$1/journal.csv"; exec "$2/return-match" --orders "$1/orders.csv" \
	    --registry "$1/rma.csv" --journal "$1/journal.csv" --retailers "$1/retailers.csv" \
	    --policy "$1/policy.yaml" --as-of 2026-11-25 --rejects "$1/match-rejects.csv" \
	    "$1/receipts-$3.csv"' sh "$data" "$bin" "$receipts"
	report "return-match (journal committed)" $rows "$floor"
	echo "bench: return-match answered $(($(wc -l <"$data/out") - 1)) rows:"
	cut -d, -f9-10 "$data/out" | tail -n +2 | sort | uniq -c | sort -rn |
	    awk '{ printf "bench:   %9d %s\n", $1, $2 }'
fi

if [ -z "$only" ] || [ "$only" = credit ]; then
	echo
	[ -f "$data/matched-$matched.csv" ] ||
	    { "$bb/gen" matched "$matched" "$data" &&
	    mv "$data/matched.csv" "$data/matched-$matched.csv"; }
	echo "== credit-emit: $matched rows of return-match output (skewed: few retailers and invoices hold most lines)"
	best "$bb/floor" "$data/matched-$matched.csv"
	floor=$best_s
	report "floor: libcsv strict, spaces kept" "$matched" 0
	best sh -c 'rm -f "$1/ledger.csv"; exec "$2/credit-emit" --policy "$1/policy.yaml" \
	    --ledger "$1/ledger.csv" --held "$1/held.csv" --as-of 2026-11-25 \
	    "$1/matched-$3.csv"' sh "$data" "$bin" "$matched"
	report "credit-emit (ledger committed)" "$matched" "$floor"
	echo "bench: credit-emit wrote $(($(wc -l <"$data/out") - 1)) credit lines on" \
	    "$(tail -n +2 "$data/out" | cut -d, -f1 | sort -u | wc -l) notes," \
	    "held $(($(wc -l <"$data/held.csv") - 1)) rows"
fi

if [ -z "$only" ] || [ "$only" = ubl ]; then
	echo
	# notes of three lines (rates 25 and 12, allowances), one invoice each,
	# from 200 retailers, in SEK and EUR
	if [ ! -f "$data/notes-$notes.csv" ]; then
		awk -v n="$notes" 'BEGIN {
			print "receipt_id,seq,retailer_id,sku,qty,status,reason," \
			    "condition,order_id,invoice_id,invoice_line,unit_price," \
			    "currency,tax_rate"
			for (i = 0; i < n; i++)
				for (l = 1; l <= 3; l++)
					printf "W%07d,%d,R-%05d,SKU-%06d,%d,matched,%s,%s," \
					    "PO-%08d,INV-%08d,%d,%d.%02d,%s,%s\n", i, l,
					    i % 200, (i * 7 + l) % 50000, 1 + (i + l) % 5,
					    l == 2 ? "DEFECT" : "OVERSTOCK", l == 3 ? "B" : "A",
					    i, i, l, 10 + (i * 13 + l) % 990, (i + l) % 100,
					    i % 5 ? "EUR" : "SEK", l == 3 ? "12" : "25"
		}' >"$data/notes-$notes.csv"
	fi
	awk 'BEGIN {
		print "retailer_id,name,vat_id,country,street,city,postal_code," \
		    "endpoint_id"
		for (r = 0; r < 200; r++)
			printf "R-%05d,Retailer %d AB,SE5566778899%02d,SE,Gatan %d," \
			    "Stad,11%03d,0007:5566778899\n", r, r, r % 100, r, r
	}' >"$data/ubl-retailers.csv"
	echo "== credit-emit -o ubl: $notes credit notes of 3 lines, one UBL file each (synced, renamed)"
	best sh -c 'rm -rf "$1/ubl"; mkdir "$1/ubl"; exec "$2/credit-emit" \
	    --policy "$1/policy.yaml" --retailers "$1/ubl-retailers.csv" \
	    --as-of 2026-11-25 -o ubl --out-dir "$1/ubl" "$1/notes-$3.csv"' \
	    sh "$data" "$bin" "$notes"
	files=$(wc -l <"$data/out")
	awk -v name="credit-emit -o ubl" -v s="$best_s" -v kib="$best_kib" \
	    -v files="$files" 'BEGIN {
		printf "%-34s %8.2f s %12.0f files/s %8.1f MiB peak\n", name, s,
		    files / s, kib / 1024
	}'
	echo "bench: credit-emit wrote $files UBL files," \
	    "$(du -sk "$data/ubl" | cut -f1) KiB"
fi
