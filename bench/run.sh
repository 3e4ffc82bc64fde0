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
# BENCH_ONLY (register, match, credit or ubl: time one of them only; credit
# and ubl are in the uniform scenario alone),
# BENCH_SCENARIO (uniform, skewed, check or all, the default; see the
# skewed scenario's section below for its own variables).
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
scenario=${BENCH_SCENARIO:-all}
case $scenario in
uniform | skewed | check | all) ;;
*)
	echo "bench: BENCH_SCENARIO is uniform, skewed, check or all" >&2
	exit 64
	;;
esac

# uniform TOOL: whether the uniform scenario runs, and times TOOL
uniform() {
	{ [ "$scenario" = uniform ] || [ "$scenario" = all ]; } &&
	    { [ -z "$only" ] || [ "$only" = "$1" ]; }
}

data=$bb/data-$orders-$requests
if uniform "$only"; then
	mkdir -p "$data"
	if [ ! -f "$data/requests.csv" ]; then
		echo "bench: generating $orders order lines and $requests request lines in $data"
		"$bb/gen" orders "$orders" requests "$requests" "$data"
	fi
	osize=$(wc -c <"$data/orders.csv")
	rsize=$(wc -c <"$data/requests.csv")
	echo "bench: orders.csv $((osize / 1000000)) MB, requests.csv $((rsize / 1000000)) MB, best of $runs runs"
fi

# lt A B: whether the number A is less than B
lt() {
	[ "$(awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) }')" = 1 ]
}

# best NAME CMD...: run CMD $runs times; sets best_s, best_kib and best_cpu
# (the least processor seconds of the runs)
best() {
	best_s= best_kib=0 best_cpu=
	i=0
	while [ $i -lt "$runs" ]; do
		"$bb/measure" "$data/out" "$@" 2>"$data/measure" >/dev/null || true
		read -r s kib rc cpu <"$data/measure"
		if [ "$rc" -gt 1 ]; then
			echo "bench: $1 failed with status $rc" >&2
			exit 1
		fi
		if [ -z "$best_s" ] || lt "$s" "$best_s"; then
			best_s=$s
		fi
		if [ -z "$best_cpu" ] || lt "$cpu" "$best_cpu"; then
			best_cpu=$cpu
		fi
		[ "$kib" -gt "$best_kib" ] && best_kib=$kib
		i=$((i + 1))
	done
}

report() {
	# report NAME ROWS FLOOR_S
	awk -v name="$1" -v s="$best_s" -v kib="$best_kib" -v rows="$2" -v floor="$3" \
	    -v cpu="$best_cpu" 'BEGIN {
		printf "%-34s %8.2f s %12.0f rows/s %8.1f MiB peak %7.2f s cpu", name, s,
		    rows / s, kib / 1024, cpu
		if (floor > 0)
			printf "   %.2fx floor", s / floor
		printf "\n"
	}'
}

# the policy of the benchmark: a year to return, late lines held
uniform "$only" && cat >"$data/policy.yaml" <<'EOF'
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

if uniform register; then
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

if uniform match; then
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

if uniform credit; then
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

if uniform ubl; then
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
	    -v files="$files" -v cpu="$best_cpu" 'BEGIN {
		printf "%-34s %8.2f s %12.0f files/s %8.1f MiB peak %7.2f s cpu\n",
		    name, s, files / s, kib / 1024, cpu
	}'
	echo "bench: credit-emit wrote $files UBL files," \
	    "$(du -sk "$data/ubl" | cut -f1) KiB"
fi

# ---- the skewed scenario (BENCH_SCENARIO=skewed, check or all) ----
#
# Real sales are skewed: gen skewed writes order lines of Zipf-like
# retailers and skus (one retailer's run of a popular sku holds thousands
# of lines), receipts that all name their retailer and no RMA (every one
# allocated against order history: tier 4 of return-match(1)) and the same
# rows as return requests.  The policy's window covers every line.  Timed
# at each RK_THREADS, output written to a file: DuckDB's run of the same
# allocation where node and npm are (bench/duckdb, installed by npm ci
# into BENCHBUILDDIR/duckdb; as many threads), the floor of each tool's
# inputs, return-register (requests against orders, no registry) and
# return-match (receipts against orders, no registry, no journal; then
# once more with the journal committed).  They run in rounds, every
# command once a round (skew_block): each command's best comes from the
# same minutes as the others', and each round's DuckDB / tool ratio is
# printed with its median.  Each line also gives the least processor
# time (user and system, every thread) of the command's runs: on a
# machine of N processors no schedule ends it in less than that over N.
# Before that, the allocation of
# the tools and DuckDB is checked equal to the plain rule
# (bench/reference) on a sample; after, the full-size outputs are
# compared with each other.  Then the same again, at RK_THREADS=1, on
# gen flat's data: the same rows with retailers and skus drawn uniformly
# (the uniform scenario's own data has RMAs, references and windows,
# which DuckDB's script does not do), so that DuckDB is compared on
# both kinds of data.
#
# Environment: BENCH_SKEW_ORDERS (10000000), BENCH_SKEW_ROWS (1000000:
# receipts, and as many requests), BENCH_THREADS ("1 2": the RK_THREADS
# values timed), BENCH_SCALING (1: also time 1 M, 3 M and 10 M order
# lines, each with a tenth as many rows, at RK_THREADS=1; it takes long),
# BENCH_SKEW_CHECK (100000: the order lines of the checked sample, with a
# tenth as many rows), BENCH_FLAT (1: also the flat data; 0: not).
# BENCH_ONLY register or match times one tool (and DuckDB).
# BENCH_SCENARIO=check runs the checks only (make bench-check).

skew_orders=${BENCH_SKEW_ORDERS:-10000000}
skew_rows=${BENCH_SKEW_ROWS:-1000000}
skew_threads=${BENCH_THREADS:-1 2}
skew_check=${BENCH_SKEW_CHECK:-100000}
skew_asof=2026-12-01
skew_kind=skewed        # or flat: which of gen's forms skew_data makes
here=$(cd "$(dirname "$0")" && pwd)

# skew_wants TOOL: whether BENCH_ONLY lets the skewed scenario time TOOL
skew_wants() {
	[ -z "$only" ] || [ "$only" = "$1" ]
}

# skew_data N M: sets sdata, the directory of N order lines and M
# receipts and requests of skew_kind (generated once) and its policy
skew_data() {
	sdata=$bb/$skew_kind-$1-$2
	mkdir -p "$sdata"
	if [ ! -f "$sdata/generated" ]; then
		echo "bench: generating $1 $skew_kind order lines, $2 receipts and requests in $sdata"
		"$bb/gen" "$skew_kind" "$1" "$2" "$sdata"
		: >"$sdata/generated"
	fi
	# every line in window: every row is dated after every line
	cat >"$sdata/policy.yaml" <<'POLICY'
return_window_days: 36500
late: hold
allocation: newest
default_reason: OVERSTOCK
reasons:
  OVERSTOCK: {}
POLICY
}

# skew_duckdb: sets duck to the DuckDB script when node can run it,
# installing @duckdb/node-api (bench/duckdb/package-lock.json) once
duck=
skew_duckdb() {
	dd=$bb/duckdb
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		echo "bench: node or npm not found: DuckDB skipped"
		return 0
	fi
	mkdir -p "$dd"
	cp "$here/duckdb/allocate.mjs" "$dd/"
	if ! cmp -s "$here/duckdb/package-lock.json" "$dd/package-lock.json" ||
	    [ ! -d "$dd/node_modules/@duckdb/node-api" ]; then
		cp "$here/duckdb/package.json" "$here/duckdb/package-lock.json" "$dd/"
		echo "bench: installing @duckdb/node-api in $dd (npm ci)"
		if ! (cd "$dd" && npm ci --no-audit --no-fund --fetch-retries=1 \
		    --fetch-timeout=60000) >"$dd/npm.log" 2>&1; then
			echo "bench: npm ci failed (offline?), see $dd/npm.log: DuckDB skipped"
			rm -f "$dd/package-lock.json"
			return 0
		fi
	fi
	duck=$dd/allocate.mjs
}

# skew_report NAME ROWS [FLOOR_S [DUCK_S]]: one line of the table; the
# ratio to DuckDB is DuckDB's time over this one (above 1: faster)
skew_report() {
	awk -v name="$1" -v s="$best_s" -v kib="$best_kib" -v rows="$2" \
	    -v floor="${3:-0}" -v duck="${4:-0}" -v cpu="$best_cpu" 'BEGIN {
		printf "%-34s %8.2f s %10.0f rows/s %6.0f MiB %6.2f s cpu", name, s,
		    rows / s, kib / 1024, cpu
		if (floor > 0)
			printf " %6.2fx floor", s / floor
		if (duck > 0)
			printf " %6.2fx DuckDB", duck / s
		printf "\n"
	}'
}

# skew_check: the allocation of the tools and DuckDB on a sample, against
# the plain rule of bench/reference; fails the bench when they differ
skew_check() {
	skew_data "$skew_check" $((skew_check / 10))
	echo
	echo "== allocation check: $((skew_check / 10)) rows against $skew_check $skew_kind order lines"
	"$bin/return-match" --orders "$sdata/orders.csv" --policy "$sdata/policy.yaml" \
	    --as-of $skew_asof "$sdata/receipts.csv" >"$sdata/match.csv"
	"$bin/return-register" --orders "$sdata/orders.csv" --policy "$sdata/policy.yaml" \
	    --as-of $skew_asof "$sdata/requests.csv" >"$sdata/register.csv"
	set -- --match "$sdata/match.csv" --register "$sdata/register.csv"
	if [ -n "$duck" ]; then
		node "$duck" "$sdata/orders.csv" "$sdata/receipts.csv" "$sdata/duckdb.csv"
		set -- "$@" --duckdb "$sdata/duckdb.csv"
	fi
	python3 "$here/reference/check.py" --orders "$sdata/orders.csv" \
	    --receipts "$sdata/receipts.csv" --requests "$sdata/requests.csv" \
	    --window 36500 --late hold "$@"
}

# once V CMD...: run CMD once (its output in $data/out); V_s keeps the
# least seconds of V's runs, V_cpu the least processor seconds, V_kib the
# largest peak RSS, last_s this run's seconds
once() {
	v=$1
	shift
	"$bb/measure" "$data/out" "$@" 2>"$data/measure" >/dev/null || true
	read -r last_s kib rc cpu <"$data/measure"
	if [ "$rc" -gt 1 ]; then
		echo "bench: $1 failed with status $rc" >&2
		exit 1
	fi
	eval "o_s=\${${v}_s:-} o_kib=\${${v}_kib:-0}"
	if [ -z "$o_s" ] || lt "$last_s" "$o_s"; then
		eval "${v}_s=\$last_s"
	fi
	eval "o_cpu=\${${v}_cpu:-}"
	if [ -z "$o_cpu" ] || lt "$cpu" "$o_cpu"; then
		eval "${v}_cpu=\$cpu"
	fi
	[ "$kib" -le "$o_kib" ] || eval "${v}_kib=\$kib"
}

# shown V: best_s, best_kib and best_cpu of V, for skew_report
shown() {
	eval "best_s=\${${1}_s:-0} best_kib=\${${1}_kib:-0} best_cpu=\${${1}_cpu:-0}"
}

# ratio A B: A / B to two places
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# median LIST...: the median of numbers
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

# skew_block N M T [journal]: the table of N order lines and M rows at
# RK_THREADS=T, return-match's journal committed too when asked; sets
# sk_duck, sk_floor_r, sk_reg, sk_floor_m, sk_match (seconds; 0: not
# timed).  The commands are run in rounds, each round every command
# once, DuckDB first (d r0 rg m0 mt jn), so that each command's best
# and each round's DuckDB / tool ratio come from the same minutes of a
# machine whose speed moves.
skew_block() {
	skew_data "$1" "$2"
	data=$sdata
	unset d_s d_kib d_cpu r0_s r0_kib r0_cpu rg_s rg_kib rg_cpu m0_s m0_kib \
	    m0_cpu mt_s mt_kib mt_cpu jn_s jn_kib jn_cpu
	q_rg= q_mt= q_jn=
	echo
	echo "== $skew_kind: $2 rows against $1 order lines, RK_THREADS=$3, best of $runs rounds"
	i=0
	while [ $i -lt "$runs" ]; do
		ds=
		if [ -n "$duck" ]; then
			once d node "$duck" "$sdata/orders.csv" "$sdata/receipts.csv" \
			    "$sdata/duckdb-out.csv" "$3"
			ds=$last_s
		fi
		RK_THREADS=$3
		export RK_THREADS
		if skew_wants register; then
			once r0 "$bb/floor" "$sdata/orders.csv" "$sdata/requests.csv"
			once rg "$bin/return-register" --orders "$sdata/orders.csv" \
			    --policy "$sdata/policy.yaml" --as-of $skew_asof \
			    "$sdata/requests.csv"
			mv "$data/out" "$sdata/register-out.csv"
			[ -z "$ds" ] || q_rg="$q_rg $(ratio "$ds" "$last_s")"
		fi
		if skew_wants match; then
			once m0 "$bb/floor" "$sdata/orders.csv" "$sdata/receipts.csv"
			once mt "$bin/return-match" --orders "$sdata/orders.csv" \
			    --policy "$sdata/policy.yaml" --as-of $skew_asof \
			    "$sdata/receipts.csv"
			mv "$data/out" "$sdata/match-out.csv"
			[ -z "$ds" ] || q_mt="$q_mt $(ratio "$ds" "$last_s")"
			if [ "${4:-}" = journal ]; then
				once jn sh -c 'rm -f "$1/journal.csv"; exec "$2/return-match" \
				    --orders "$1/orders.csv" --policy "$1/policy.yaml" \
				    --journal "$1/journal.csv" --as-of "$3" "$1/receipts.csv"' \
				    sh "$sdata" "$bin" $skew_asof
				[ -z "$ds" ] || q_jn="$q_jn $(ratio "$ds" "$last_s")"
			fi
		fi
		unset RK_THREADS
		i=$((i + 1))
	done
	sk_duck=${d_s:-0} sk_floor_r=${r0_s:-0} sk_reg=${rg_s:-0}
	sk_floor_m=${m0_s:-0} sk_match=${mt_s:-0}
	if [ -n "$duck" ]; then
		shown d
		skew_report "DuckDB ($3 threads)" $(($1 + $2))
	fi
	if skew_wants register; then
		shown r0
		skew_report "floor: orders + requests" $(($1 + $2))
		shown rg
		skew_report "return-register" $(($1 + $2)) "$sk_floor_r" "$sk_duck"
	fi
	if skew_wants match; then
		shown m0
		skew_report "floor: orders + receipts" $(($1 + $2))
		shown mt
		skew_report "return-match (no journal)" $(($1 + $2)) "$sk_floor_m" "$sk_duck"
		if [ "${4:-}" = journal ]; then
			shown jn
			skew_report "return-match (journal committed)" $(($1 + $2)) \
			    "$sk_floor_m" "$sk_duck"
		fi
	fi
	rounds=
	[ -z "$q_rg" ] || rounds="return-register$q_rg (median $(median $q_rg))"
	[ -z "$q_mt" ] ||
	    rounds="${rounds:+$rounds; }return-match$q_mt (median $(median $q_mt))"
	[ -z "$q_jn" ] ||
	    rounds="$rounds; with the journal$q_jn (median $(median $q_jn))"
	[ -z "$rounds" ] || echo "DuckDB / tool, round by round: $rounds"
}

# skew_same: the full-size outputs of the tools and DuckDB compared with
# each other (the plain rule would take hours there)
skew_same() {
	set --
	[ ! -f "$sdata/match-out.csv" ] || set -- "$@" --match "$sdata/match-out.csv"
	[ ! -f "$sdata/register-out.csv" ] || set -- "$@" --register "$sdata/register-out.csv"
	[ -z "$duck" ] || set -- "$@" --duckdb "$sdata/duckdb-out.csv"
	[ $# -ge 4 ] || return 0
	echo
	python3 "$here/reference/check.py" --no-reference --orders "$sdata/orders.csv" \
	    --receipts "$sdata/receipts.csv" --requests "$sdata/requests.csv" "$@"
}

# skew_scaling: 1 M, 3 M and 10 M order lines at RK_THREADS=1 (the main
# run's figures when it was one of them), in seconds per million input
# rows: the same at every size when time is linear
skew_scaling() {
	table=
	for n in 1000000 3000000 10000000; do
		if [ "$n" = "$skew_orders" ] && [ $((n / 10)) = "$skew_rows" ] &&
		    [ -n "${sk1:-}" ]; then
			line="$n $sk1"
		else
			skew_block $n $((n / 10)) 1
			line="$n $sk_floor_m $sk_match $sk_reg $sk_duck"
		fi
		table="$table$line
"
	done
	echo
	echo "== skewed scaling at RK_THREADS=1: seconds per million input rows (order lines + rows)"
	printf '%s' "$table" | awk '{
		m = $1 * 1.1 / 1e6
		printf "%9d lines: floor %5.2f  return-match %5.2f  return-register %5.2f  DuckDB %5.2f\n",
		    $1, $2 / m, $3 / m, $4 / m, $5 / m
	}'
}

case $only in credit | ubl) scenario=uniform ;; esac
if [ "$scenario" != uniform ]; then
	skew_duckdb
	skew_check
	if [ "$scenario" != check ]; then
		for t in $skew_threads; do
			skew_block "$skew_orders" "$skew_rows" "$t" journal
			[ "$t" != 1 ] ||
			    sk1="$sk_floor_m $sk_match $sk_reg $sk_duck"
		done
		skew_same
		[ "${BENCH_SCALING:-0}" != 1 ] || skew_scaling
	fi
	if [ "${BENCH_FLAT:-1}" != 0 ]; then
		skew_kind=flat
		skew_check
		if [ "$scenario" != check ]; then
			skew_block "$skew_orders" "$skew_rows" 1
			skew_same
		fi
		skew_kind=skewed
	fi
fi
