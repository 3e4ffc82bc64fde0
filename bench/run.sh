#!/bin/sh
# make bench: time the tools on generated data beside the floor, a bare
# libcsv parse of the same files (bench/floor.c).  Not part of make check.
# usage: bench/run.sh BINDIR BENCHBUILDDIR
#
# Environment: BENCH_ORDERS (default 10000000), BENCH_REQUESTS (1000000),
# BENCH_RUNS (3: each command runs this often; the best run counts, as
# the least disturbed by the rest of the machine).
set -eu
bin=$(cd "$1" && pwd)
bb=$(cd "$2" && pwd)
orders=${BENCH_ORDERS:-10000000}
requests=${BENCH_REQUESTS:-1000000}
runs=${BENCH_RUNS:-3}
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

rows=$((orders + requests))
best "$bb/floor" -d "$data/orders.csv" "$data/requests.csv"
report "libcsv defaults (reference)" $rows 0
best "$bb/floor" "$data/orders.csv" "$data/requests.csv"
floor=$best_s
report "floor: libcsv strict, spaces kept" $rows 0
rm -f "$data/rma.csv"
best "$bin/return-register" --orders "$data/orders.csv" --as-of 2026-11-20 \
    --rejects "$data/rejects.csv" "$data/requests.csv"
report "return-register" $rows "$floor"
echo "bench: return-register answered $(($(wc -l <"$data/out") - 1)) rows, rejected $(($(wc -l <"$data/rejects.csv") - 1))"
