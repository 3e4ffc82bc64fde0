#!/usr/bin/env bats
# Conservation (returns-formats(5)) of return-register at scale: every request line
# comes out exactly once, as answer rows whose qty sums to its own or as a
# reject, on 10,000+ synthetic lines (tests/tools/gen-requests) and on the
# real UCI Online Retail cancellations (tests/tools/uci2returns); the
# registry commits exactly the accepted and held rows; a second run of the
# same input answers `duplicate` and leaves the registry as it was (return-register(1)
# step 6).  tests/tools/check-conservation does the bookkeeping.
load helpers

TOOLS=$TOP/tests/tools
UCI=$TOP/tests/data/online_retail_nonuk_2010-12_2011-12.csv.gz
GEN_AS_OF=2025-06-30
UCI_AS_OF=2011-12-31

# gen_policy LATE [ALLOCATION]: the synthetic data's policy, $T/policy.yaml.
gen_policy() {
	cat >"$T/policy.yaml" <<-X
	return_window_days: 90
	allocation: ${2:-newest}
	late: $1
	reasons:
	  OVERSTOCK:
	  DEFECT: {window_days: 730}
	  WRONG_ITEM: {window_days: 30}
	X
}

# uci_policy WINDOW LATE: the real data's policy, $T/policy.yaml.
uci_policy() {
	cat >"$T/policy.yaml" <<-X
	return_window_days: $1
	late: $2
	reasons:
	  OVERSTOCK:
	X
}

# gen: 10,000+ synthetic request lines in $T/data.
gen() {
	"$TOOLS/gen-requests" -n 10000 -s 42 -a $GEN_AS_OF "$T/data"
}

# uci: the real data converted into $T/data.
uci() {
	"$TOOLS/uci2returns" "$UCI" "$T/data" 2>"$T/uci.err"
}

# register AS_OF RUN: return-register on $T/data with $T/policy.yaml and the
# registry $T/rma.csv; answers in $T/out.RUN.csv, rejects in $T/rej.RUN.csv,
# its exit status in $rc.
register() {
	rc=0
	return-register --orders "$T/data/orders.csv" --policy "$T/policy.yaml" \
	    --as-of "$1" --registry "$T/rma.csv" --rejects "$T/rej.$2.csv" \
	    "$T/data/requests.csv" >"$T/out.$2.csv" 2>"$T/err.$2" || rc=$?
}

# check RUN: check-conservation of run RUN (registry included), per-line
# classes in $T/keys.RUN.
check() {
	run "$TOOLS/check-conservation" -r "$T/rma.csv" -k "$T/keys.$1" \
	    "$T/data/requests.csv" "$T/out.$1.csv" "$T/rej.$1.csv"
}

# count LABEL: the number after "LABEL: " in the checker's summary (0 if
# there is no such line).
count() {
	local l
	for l in "${lines[@]}"; do
		case $l in "$1: "*)
			l=${l#"$1: "}
			echo "${l%% *}"
			return
			;;
		esac
	done
	echo 0
}

# twice AS_OF: run the input of $T/data twice against one registry; the
# second run answers every line registered by the first `duplicate`, every
# other line as before, and leaves the registry byte for byte.  Sets
# $registered, the number of rows the first run registered; $first_rc is the
# exit status both runs must have.
twice() {
	register "$1" 1
	check 1
	assert_success
	registered=$(($(count 'rows accepted') + $(count 'rows held/outside_window')))
	[ "$registered" -gt 0 ]
	cp "$T/rma.csv" "$T/rma.first"

	register "$1" 2
	assert_equal "$rc" "$first_rc"
	cmp "$T/rma.first" "$T/rma.csv"
	check 2
	assert_success
	assert_line 'conservation: ok'
	refute_line --regexp '^rows (accepted|held)'
	assert_equal "$(($(count 'rows duplicate') + $(count 'rows duplicate/outside_window')))" "$registered"
	assert_equal "$(count 'registry rows')" "$registered"
	# Line by line: registered (wholly or in part) becomes duplicate; a
	# line with nothing registered is processed again with the same result.
	run awk -F '\t' '
		NR == FNR { first[$1] = $5; next }
		{
			want = first[$1]
			if (want == "registered" || want == "partial") want = "duplicate"
			if ($5 != want) { print "line " $1 ": " first[$1] ", then " $5; bad++ }
			n++
		}
		END { if (!n) print "no lines"; exit (bad || !n) }' "$T/keys.1" "$T/keys.2"
	assert_success
}

@test "gen-requests: deterministic, seedable, 10,000+ request lines" {
	"$TOOLS/gen-requests" -n 10000 -s 42 "$T/a"
	"$TOOLS/gen-requests" -n 10000 -s 42 "$T/b"
	"$TOOLS/gen-requests" -n 10000 -s 43 "$T/c"
	cmp "$T/a/orders.csv" "$T/b/orders.csv"
	cmp "$T/a/requests.csv" "$T/b/requests.csv"
	run -1 cmp -s "$T/a/requests.csv" "$T/c/requests.csv"
	assert_equal "$(head -n 1 "$T/a/orders.csv")" "$ORD_HEAD,description"
	assert_equal "$(head -n 1 "$T/a/requests.csv")" \
	    'request_id,request_line,retailer_id,sku,qty,reason,order_id,invoice_id,requested_at,note,erp_ref'
	# Notes hold line breaks, so lines outnumber records.
	[ "$(wc -l <"$T/a/requests.csv")" -gt 10001 ]
}

@test "synthetic 10,000+ lines, late: hold: conservation, registry = accepted + held" {
	gen
	gen_policy hold
	register $GEN_AS_OF 1
	assert_equal "$rc" 1 # the ~1% malformed rows
	check 1
	assert_success
	assert_line 'conservation: ok'
	[[ ${lines[0]} =~ input\ rows\ ([0-9]+),\ rejected\ ([0-9]+), ]] || fail "${lines[0]}"
	[ "${BASH_REMATCH[1]}" -ge 10000 ]
	# About 1% malformed.
	[ "${BASH_REMATCH[2]}" -ge 50 ]
	[ "${BASH_REMATCH[2]}" -le 200 ]
	# Every kind of answer occurs.
	for l in 'rows accepted' 'rows held/outside_window' \
	    'rows rejected/order_not_found' 'rows rejected/not_purchased' \
	    'rows rejected/exceeds_returnable' 'lines registered' 'lines partial' \
	    'lines malformed/bad_qty' 'lines malformed/bad_date' \
	    'lines malformed/missing_value'; do
		[ "$(count "$l")" -gt 0 ] || fail "no '$l' in: $output"
	done
	# late: hold never rejects for the window.
	refute_line --regexp '^rows rejected/outside_window'
	assert_equal "$(count 'registry rows')" \
	    "$(($(count 'rows accepted') + $(count 'rows held/outside_window')))"
	assert_equal "$(head -n 1 "$T/rma.csv")" "$REG_HEAD,erp_ref"
}

@test "synthetic 10,000+ lines, late: reject: conservation, registry = accepted" {
	gen
	gen_policy reject oldest
	register $GEN_AS_OF 1
	assert_equal "$rc" 1
	check 1
	assert_success
	assert_line 'conservation: ok'
	[[ ${lines[0]} =~ input\ rows\ ([0-9]+), ]] || fail "${lines[0]}"
	[ "${BASH_REMATCH[1]}" -ge 10000 ]
	for l in 'rows accepted' 'rows rejected/outside_window' \
	    'rows rejected/order_not_found' 'rows rejected/not_purchased' \
	    'rows rejected/exceeds_returnable' 'lines partial'; do
		[ "$(count "$l")" -gt 0 ] || fail "no '$l' in: $output"
	done
	refute_line --regexp '^rows held'
	assert_equal "$(count 'registry rows')" "$(count 'rows accepted')"
}

@test "uci2returns: every sale an order line, every cancellation a request line" {
	run --separate-stderr "$TOOLS/uci2returns" "$UCI" "$T/data"
	assert_success
	assert_equal "$stderr" 'uci2returns: rows read 44951, order lines 43579, request lines 1372, skipped 0 (field_count 0, bad_invoice 0, bad_qty 0, bad_date 0, bad_customer 0, bad_sku 0, bad_price 0)'
	assert_equal "$(sed -n '1p;2p' "$T/data/orders.csv")" "$ORD_HEAD,description
536370,536370,1,2010-12-01,,C12583,22728,24,3.75,GBP,20,ALARM CLOCK BAKELIKE PINK"
	assert_equal "$(sed -n '1p;2p' "$T/data/requests.csv")" 'request_id,retailer_id,sku,qty,reason,requested_at,note
C536548,C12472,22244,4,OVERSTOCK,2010-12-01,3 HOOK HANGER MAGIC GARDEN'
	# Quotes and commas in descriptions survive as CSV.
	grep -q '^536540,536540,3,2010-12-01,,C14911,85071C,6,2.55,GBP,20,"CHARLIE+LOLA""EXTREMELY BUSY"" SIGN"$' "$T/data/orders.csv"
	# Non-product codes are order lines too.
	grep -q ',C12662,POST,' "$T/data/orders.csv"
}

@test "real data, 365-day window: exact answers, conservation, registry" {
	uci
	uci_policy 365 hold
	register $UCI_AS_OF 1
	assert_equal "$rc" 0
	check 1
	assert_success
	# 1289 of the 1372 cancellations are of products (not POST, M, D, C2),
	# 1211 of those follow an earlier sale of the same customer and sku
	# (94%); 1271 request lines register against earlier purchases, 4 of
	# them only in part.  Within 365 days of 2011-12-31 nothing is late.
	assert_output - <<-X
	check-conservation: input rows 1372, rejected 0, answered 1372 (qty 13869), output rows 1386
	rows accepted: 1281 (qty 12941)
	rows rejected/exceeds_returnable: 14 (qty 82)
	rows rejected/not_purchased: 91 (qty 846)
	lines partial: 4
	lines registered: 1267
	lines rejected/exceeds_returnable: 10
	lines rejected/not_purchased: 91
	registry rows: 1281
	conservation: ok
	X
	assert_equal "$(wc -l <"$T/rej.1.csv")" 1
	# One RMA per cancellation with a registered line, numbered from 1.
	assert_equal "$(cut -d, -f1 "$T/rma.csv" | sort -u | grep -c '^RMA')" 414
	assert_equal "$(cut -d, -f1 "$T/rma.csv" | grep '^RMA' | sort | tail -n 1)" RMA000414
}

@test "real data, 30-day window: late lines held, or rejected with late: reject" {
	uci
	uci_policy 30 hold
	register $UCI_AS_OF 1
	assert_equal "$rc" 0
	check 1
	assert_success
	assert_output - <<-X
	check-conservation: input rows 1372, rejected 0, answered 1372 (qty 13869), output rows 1386
	rows accepted: 1160 (qty 10405)
	rows held/outside_window: 121 (qty 2536)
	rows rejected/exceeds_returnable: 14 (qty 82)
	rows rejected/not_purchased: 91 (qty 846)
	lines partial: 4
	lines registered: 1267
	lines rejected/exceeds_returnable: 10
	lines rejected/not_purchased: 91
	registry rows: 1281
	conservation: ok
	X
	rm "$T/rma.csv"
	uci_policy 30 reject
	register $UCI_AS_OF 2
	assert_equal "$rc" 0
	check 2
	assert_success
	assert_output - <<-X
	check-conservation: input rows 1372, rejected 0, answered 1372 (qty 13869), output rows 1385
	rows accepted: 1160 (qty 10405)
	rows rejected/exceeds_returnable: 12 (qty 57)
	rows rejected/not_purchased: 91 (qty 846)
	rows rejected/outside_window: 122 (qty 2561)
	lines partial: 8
	lines registered: 1147
	lines rejected/exceeds_returnable: 9
	lines rejected/not_purchased: 91
	lines rejected/outside_window: 117
	registry rows: 1160
	conservation: ok
	X
}

@test "synthetic input twice against one registry: duplicate, registry unchanged" {
	gen
	gen_policy hold
	first_rc=1
	twice $GEN_AS_OF
}

@test "real data twice against one registry: duplicate, registry unchanged" {
	uci
	uci_policy 365 hold
	first_rc=0
	twice $UCI_AS_OF
	assert_equal "$registered" 1281
}

# broken WHICH SED MESSAGE: check-conservation of the example run with one of
# its files (out, rej or rma) edited by SED fails and says MESSAGE.
broken() {
	local f
	for f in out rej rma; do
		cp "$T/$f.1.csv" "$T/$f.x.csv"
	done
	sed "$2" "$T/$1.1.csv" >"$T/$1.x.csv"
	run "$TOOLS/check-conservation" -r "$T/rma.x.csv" "$EX/requests.csv" \
	    "$T/out.x.csv" "$T/rej.x.csv"
	assert_failure 1
	assert_line --partial "$3"
	assert_line --regexp '^conservation: [0-9]+ violations$'
}

@test "check-conservation: passes the examples, catches every kind of violation" {
	rc=0
	return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
	    --as-of 2026-11-20 --registry "$T/rma.1.csv" --rejects "$T/rej.1.csv" \
	    "$EX/requests.csv" >"$T/out.1.csv" || rc=$?
	assert_equal "$rc" 1
	run "$TOOLS/check-conservation" -r "$T/rma.1.csv" "$EX/requests.csv" \
	    "$T/out.1.csv" "$T/rej.1.csv"
	assert_success
	assert_line 'check-conservation: input rows 11, rejected 1, answered 10 (qty 77), output rows 13'
	assert_line 'lines malformed/bad_qty: 1'

	# A line lost (NO-6, the last).
	broken out '$d' 'input line 12 (retailer_id=R-NO-007 request_id=NO-6 request_line=1) is neither in the output nor rejected'
	# A quantity changed.
	broken out 's/,24,OVERSTOCK,accepted,/,23,OVERSTOCK,accepted,/' 'has qty 30 but its output rows sum to 29'
	# A line both rejected and answered.
	broken rej "\$a\\
x,R-DE-203,x,x,x,,,,,$EX/requests.csv,11,bad_qty,x" 'input line 11 (retailer_id=R-DE-203 request_id=DE-78 request_line=1) is rejected and in the output'
	# A reject that names no data row.
	broken rej '2s/,10,bad_qty,/,1,bad_qty,/' 'reject_line 1 (bad_qty) names no data row of the input'
	# An answer to a line nobody sent.
	broken out '$p;$s/,NO-6,1,/,NO-7,1,/' 'output rows of retailer_id=R-NO-007 request_id=NO-7 request_line=1 belong to no accepted input row'
	# A line answered both duplicate and anew.
	broken out '$p;$s/,accepted,/,duplicate,/' 'mixes duplicate with other statuses'
	# The registry lost a row, or holds one the output does not.
	broken rma '2d' 'registry lacks 1 accepted or held output row(s): |RMA000001|1|FI-RET-0042|'
	broken rma '$s/,accepted,/,held,/' 'registry row 10 is no accepted, held or duplicate output row'

	run "$TOOLS/check-conservation" "$EX/requests.csv" /dev/null "$T/rej.1.csv"
	assert_failure 2
	assert_output "check-conservation: '/dev/null' has no header"
}
