#!/usr/bin/env bats
# State files (returns-formats(5)) and exit statuses (returns-formats(5)) of return-register:
# locking, atomic commit under SIGKILL, concurrent runs, broken state.
load helpers

F=$TOP/tests/fixtures/rules
AS_OF=2026-11-20

# gen ORDERS REQUESTS DIR: a deterministic data set big enough that a run
# takes a noticeable time (so a kill can land anywhere in it).
gen() {
	awk -v n="$1" -v m="$2" -v dir="$3" 'BEGIN {
		srand(7)
		o = dir "/orders.csv"; q = dir "/requests.csv"
		print "order_id,invoice_id,line_no,invoice_date,delivered_at,retailer_id,sku,qty,unit_price,currency,tax_rate" > o
		print "request_id,retailer_id,sku,qty,reason" > q
		for (i = 1; i <= n; i++) {
			inv = int((i - 1) / 5) + 1; r = inv % 50; s = int(rand() * 400)
			printf "PO-%d,INV-%d,%d,2026-%02d-%02d,,R%d,S%d,%d,%d.%02d,EUR,24\n", \
			    inv, inv, (i - 1) % 5 + 1, 9 + int(rand() * 2), 1 + int(rand() * 28), \
			    r, s, 1 + int(rand() * 9), 1 + int(rand() * 99), int(rand() * 100) > o
		}
		for (j = 1; j <= m; j++)
			printf "Q%d,R%d,S%d,%d,OVERSTOCK\n", int((j - 1) / 3), j % 50, \
			    int(rand() * 400), 1 + int(rand() * 5) > q
	}'
}

rq_one() {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-B,1,DEFECT
	X
}

reg() {
	return-register --orders "$F/orders.csv" --policy "$F/policy-hold.yaml" \
	    --as-of $AS_OF "$@"
}

@test "exit 0 and 1: done, and done with rejected rows" {
	rq_one
	run reg "$T/rq.csv"
	assert_success
	printf 'Q2,R1,SKU-B,x,DEFECT\n' >>"$T/rq.csv"
	run reg "$T/rq.csv"
	assert_failure 1
}

@test "exit 64: unknown option, missing --orders, bad values" {
	run --separate-stderr return-register --orders x --frobnicate
	assert_failure 64
	run --separate-stderr return-register
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: --orders FILE is required"
	run --separate-stderr return-register --orders x --as-of 2026-13-01
	assert_failure 64
	assert_equal "$stderr" "return-register: --as-of: '2026-13-01' is not a date YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ssZ"
	run --separate-stderr return-register --orders x -o xml
	assert_failure 64
	run --separate-stderr return-register --orders x --lock-timeout soon
	assert_failure 64
}

@test "--help and --version" {
	run return-register --help
	assert_success
	assert_line --index 0 --partial "usage: return-register --orders FILE"
	run return-register --version
	assert_success
	assert_output --regexp '^return-register \(returnkit\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "exit 65: a structurally broken input touches no state file" {
	rq_one
	run reg --registry "$T/rma.csv" "$T/rq.csv"
	assert_success
	cp "$T/rma.csv" "$T/before"
	printf 'request_id,retailer_id,sku,qty,reason\nQ9,R1,"SKU-A,1,DEFECT\n' >"$T/bad.csv"
	run --separate-stderr reg --registry "$T/rma.csv" "$T/bad.csv"
	assert_failure 65
	assert_equal "$stderr" "return-register: $T/bad.csv:2:7: unterminated quoted field"
	run cmp "$T/before" "$T/rma.csv"
	assert_success
}

@test "exit 66: an input that cannot be opened" {
	rq_one
	run --separate-stderr return-register --orders "$T/nope.csv" "$T/rq.csv"
	assert_failure 66
	assert_equal "$stderr" "return-register: --orders '$T/nope.csv': cannot open: No such file or directory"
	run --separate-stderr reg "$T/missing.csv"
	assert_failure 66
	run --separate-stderr reg --policy "$T/nopolicy.yaml" "$T/rq.csv"
	assert_failure 66
}

@test "exit 73: an output file that cannot be created" {
	rq_one
	run --separate-stderr reg --rejects "$T/no/dir/rej.csv" "$T/rq.csv"
	assert_failure 73
	assert_equal "$stderr" "return-register: --rejects '$T/no/dir/rej.csv': cannot create: No such file or directory"
	run --separate-stderr reg --registry "$T/no/dir/rma.csv" "$T/rq.csv"
	assert_failure 73
}

@test "exit 74: disk full and broken pipe; the registry is not committed" {
	rq_one
	run --separate-stderr sh -c 'return-register --orders "$1" --policy "$2" --as-of 2026-11-20 --registry "$3" "$4" >/dev/full' \
	    sh "$F/orders.csv" "$F/policy-hold.yaml" "$T/rma.csv" "$T/rq.csv"
	assert_failure 74
	assert_equal "$stderr" "return-register: write error on standard output: No space left on device"
	[ ! -e "$T/rma.csv" ]
	gen 20000 20000 "$T"
	run bash -c 'set -o pipefail; return-register --orders "$1/orders.csv" --as-of 2026-11-20 --registry "$1/rma.csv" "$1/requests.csv" | head -c 10 >/dev/null' \
	    bash "$T"
	assert_failure 74
	[ ! -e "$T/rma.csv" ]
}

@test "exit 75: the registry is locked by another run" {
	rq_one
	flock "$T/rma.csv.lock" sleep 5 &
	sleep 0.5
	run --separate-stderr reg --registry "$T/rma.csv" --lock-timeout 1 "$T/rq.csv"
	assert_failure 75
	assert_equal "$stderr" "return-register: --registry '$T/rma.csv' is locked by another run (waited 1 s; see --lock-timeout)"
	[ ! -e "$T/rma.csv" ]
	wait
	run reg --registry "$T/rma.csv" --lock-timeout 1 "$T/rq.csv"
	assert_success
}

@test "exit 78: a broken policy or a registry that does not parse" {
	rq_one
	printf 'return_window_days: -5\n' >"$T/pol.yaml"
	run --separate-stderr reg --policy "$T/pol.yaml" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --policy $T/pol.yaml:1:21: return_window_days is out of range: it must be 0 to 36500"

	printf '%s\n' "$REG_HEAD" 'RMA1,x,Q,1,R1,S,1,D,accepted,,P,I,1,2026-01-01,1.00,EUR,24,2026-01-02,' >"$T/rma.csv"
	run --separate-stderr reg --registry "$T/rma.csv" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --registry $T/rma.csv:2: state file is damaged: bad_integer: column 'rma_line': \"x\" is not a whole number from 1 to 1000000000"

	printf '%s\n' "$REG_HEAD" 'RMA1,1,Q,1,R1,S,1,D,rejected,,P,I,1,2026-01-01,1.00,EUR,24,2026-01-02,' >"$T/rma.csv"
	run --separate-stderr reg --registry "$T/rma.csv" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --registry $T/rma.csv:2: status \"rejected\": the registry holds only accepted and held lines"

	printf 'rma_id,rma_line\nRMA1,1\n' >"$T/rma.csv"
	run --separate-stderr reg --registry "$T/rma.csv" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --registry $T/rma.csv:1: state file has no column 'request_id'"

	printf '%s\n' "$REG_HEAD" '"RMA1,1' >"$T/rma.csv"
	run --separate-stderr reg --registry "$T/rma.csv" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --registry $T/rma.csv:2:1: unterminated quoted field"

	printf 'receipt_id\nW1\n' >"$T/journal.csv"
	run --separate-stderr reg --journal "$T/journal.csv" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --journal $T/journal.csv:1: state file has no column 'seq'"
}

@test "state: a missing, empty or header-only registry is an empty state" {
	rq_one
	: >"$T/empty.csv"
	printf '%s\n' "$REG_HEAD" >"$T/header.csv"
	for st in "$T/none.csv" "$T/empty.csv" "$T/header.csv"; do
		run reg --registry "$st" "$T/rq.csv"
		assert_success
		assert_line --index 1 --partial 'RMA000001,1,Q1,1,R1,SKU-B,1,'
	done
}

@test "state: a run that registers nothing leaves the registry untouched" {
	rq_one
	run reg --registry "$T/rma.csv" "$T/rq.csv"
	cp -p "$T/rma.csv" "$T/before"
	printf 'request_id,retailer_id,sku,qty,reason\nQ5,R1,SKU-Z,1,DEFECT\n' >"$T/rq2.csv"
	run reg --registry "$T/rma.csv" "$T/rq2.csv"
	assert_success
	run cmp "$T/before" "$T/rma.csv"
	assert_success
}

@test "SIGKILL at random moments: the registry is always the old or the new one" {
	gen 60000 30000 "$T"
	run return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/old.csv" \
	    "$T/requests.csv"
	# the new state, from a run left alone
	head -n 15001 "$T/requests.csv" >"$T/day2.csv"
	sed -n '1p;15002,$p' "$T/requests.csv" >"$T/day1.csv"
	rm -f "$T/old.csv"
	return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/old.csv" \
	    "$T/day1.csv" >/dev/null
	cp "$T/old.csv" "$T/new.csv"
	return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/new.csv" \
	    "$T/day2.csv" >/dev/null
	run cmp -s "$T/old.csv" "$T/new.csv"
	assert_failure 1
	: >"$T/empty-input.csv"
	# how long a run takes here: kills land uniformly over that time
	cp "$T/old.csv" "$T/rma.csv"
	local t0=$(date +%s%N)
	return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/rma.csv" \
	    "$T/day2.csv" >/dev/null
	local ms=$(( ($(date +%s%N) - t0) / 1000000 + 20 ))
	local old=0 new=0
	for i in $(seq 1 40); do
		cp "$T/old.csv" "$T/rma.csv"
		return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/rma.csv" \
		    "$T/day2.csv" >/dev/null 2>&1 &
		local pid=$!
		local d=$((RANDOM % ms))
		sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
		kill -KILL $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		if cmp -s "$T/rma.csv" "$T/old.csv"; then
			old=$((old + 1))
		elif cmp -s "$T/rma.csv" "$T/new.csv"; then
			new=$((new + 1))
		else
			echo "run $i left a registry that is neither old nor new" >&2
			return 1
		fi
		# and it parses: a run on it succeeds
		run return-register --orders "$F/orders.csv" --as-of $AS_OF \
		    --registry "$T/rma.csv" "$T/empty-input.csv"
		assert_success
	done
	echo "# old $old, new $new" >&3
	# the next run removes what a killed commit left behind
	run return-register --orders "$F/orders.csv" --as-of $AS_OF --registry "$T/rma.csv" \
	    /dev/null
	assert_success
	assert_equal "$(ls "$T" | grep -c 'rma.csv.tmp')" 0
}

@test "two runs at once on one registry never hand out the same RMA number" {
	gen 20000 6000 "$T"
	sed -n '1p;2,3001p' "$T/requests.csv" >"$T/a.csv"
	sed -n '1p;3002,$p' "$T/requests.csv" | sed 's/^Q/Z/' >"$T/b.csv"
	for i in 1 2 3; do
		rm -f "$T/rma.csv"
		return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/rma.csv" \
		    "$T/a.csv" >"$T/out-a.csv" &
		return-register --orders "$T/orders.csv" --as-of $AS_OF --registry "$T/rma.csv" \
		    "$T/b.csv" >"$T/out-b.csv" &
		wait
		# each RMA belongs to one (retailer, request) only, across both answers
		run sh -c "tail -q -n +2 '$T/out-a.csv' '$T/out-b.csv' | awk -F, '\$1 != \"\" { k = \$5 \",\" \$3; if ((\$1 in owner) && owner[\$1] != k) { print \"shared \" \$1; exit 1 } owner[\$1] = k }'"
		assert_success
		# the registry holds both runs' registered lines, numbered 1..N without gaps
		local rows=$(tail -n +2 "$T/rma.csv" | wc -l)
		local regd=$(tail -q -n +2 "$T/out-a.csv" "$T/out-b.csv" | grep -c ',accepted,\|,held,')
		assert_equal "$rows" "$regd"
		local n=$(tail -n +2 "$T/rma.csv" | cut -d, -f1 | sort -u | wc -l)
		local max=$(tail -n +2 "$T/rma.csv" | cut -d, -f1 | sort | tail -n 1)
		assert_equal "$max" "$(printf 'RMA%06d' "$n")"
	done
}
