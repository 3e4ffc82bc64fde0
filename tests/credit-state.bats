#!/usr/bin/env bats
# credit-emit's ledger (credit-emit(1) "The ledger"; returns-formats(5)
# STATE FILES, SAME FILE, DRY RUN): the nightly pipeline run twice, output
# failures that must leave the ledger as it was, files named twice, atomic
# commit under SIGKILL, concurrent runs, a locked or damaged ledger.
load helpers

F=$TOP/tests/fixtures/credit
AS_OF=2026-11-25
OUT_HEAD='credit_note_id,issue_date,retailer_id,currency,invoice_id,line_no,receipt_id,seq,rma_id,rma_line,order_id,invoice_line,sku,qty,unit_price,gross_amount,allowance_pct,allowance_amount,net_amount,tax_rate,reason,condition,note_net,note_tax,note_total'
LEDGER_HEAD="$OUT_HEAD,disposition"
MATCH_HEAD='receipt_id,seq,parcel_id,retailer_id,sku,qty,condition,received_at,match,status,status_reason,rma_id,rma_line,reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate'
REPL_HEAD='retailer_id,sku,qty,order_id,invoice_id,invoice_line,rma_id,rma_line,receipt_id,seq'
SHORT_HEAD='receipt_id,seq,retailer_id,sku,qty,status,reason,condition,invoice_id,unit_price,currency,tax_rate'

ce() {
	credit-emit --policy "$F/policy.yaml" --as-of $AS_OF "$@"
}

# gen N PREFIX: N matched rows (receipts PREFIX1...), four to an invoice
# of one retailer, currency and tax rate, so N / 4 notes.
gen() {
	awk -v n="$1" -v p="$2" -v head="$SHORT_HEAD" 'BEGIN {
		print head
		for (i = 1; i <= n; i++) {
			inv = int((i - 1) / 4) + 1
			printf "%s%d,1,R%d,SKU-%d,%d,matched,%s,%s,INV-%s%d,%d.%02d,%s,%s\n", \
			    p, i, inv % 37, i % 101, 1 + i % 7, i % 3 ? "OVERSTOCK" : "DEFECT", \
			    i % 5 ? "A" : "B", p, inv, 1 + i % 97, i % 100, \
			    inv % 2 ? "EUR" : "SEK", inv % 2 ? "24" : "25"
		}
	}'
}

# no_temp: no temporary file of the ledger or of a report is left in $T.
no_temp() {
	run sh -c 'ls -A "$1" | grep "\.tmp"' sh "$T"
	assert_output ""
}

# ----------------------------------------------------------- the pipeline

@test "the whole pipeline twice on the same inputs: the second night issues no credit note; the ledger byte-identical" {
	cd "$T"
	night() {
		return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
		    --as-of 2026-11-20 --registry rma.csv --journal matched.csv \
		    "$EX/requests.csv" >registered.csv 2>/dev/null || [ $? -eq 1 ]
		return-match --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
		    --retailers "$EX/retailers.csv" --as-of 2026-11-25 --registry rma.csv \
		    --journal matched.csv "$EX/receipts.csv" >matches.csv
		credit-emit --policy "$EX/policy.yaml" --as-of 2026-11-25 --ledger credits.csv \
		    --held held.csv --replacements repl.csv matches.csv >notes.csv
	}
	night
	run cut -d, -f1,25 notes.csv
	assert_output - <<-X
	credit_note_id,note_total
	CN2026-000001,43408.75
	CN2026-000001,43408.75
	CN2026-000002,10729.13
	CN2026-000003,1009.77
	CN2026-000004,209.33
	CN2026-000005,1411.15
	CN2026-000006,3738.94
	X
	[ "$(wc -l <credits.csv)" -eq 9 ]
	cp credits.csv credits.before
	night
	run cat notes.csv
	assert_output "$OUT_HEAD"
	run cat repl.csv
	assert_output "$REPL_HEAD"
	run cmp credits.before credits.csv
	assert_success
	# what return-match tries again (unmatched, conflict) is held again
	run cut -d, -f1,2,10,22 held.csv
	assert_output - <<-X
	receipt_id,seq,status,hold_reason
	WMS-880011,2,unmatched,not_purchased
	WMS-880013,2,conflict,sender_conflict
	X
	# and credit-emit on the first night's matches again: nothing new either
	run --separate-stderr credit-emit --policy "$EX/policy.yaml" --as-of 2026-11-26 \
	    --ledger credits.csv --summary matches.csv
	assert_success
	assert_output "$OUT_HEAD"
	run cmp credits.before credits.csv
	assert_success
}

# ------------------------------------------------------- output failures

@test "output failure: standard output on a full disk (/dev/full) is 74; the ledger byte-identical, no report replaced" {
	gen 40 A >"$T/a.csv"
	gen 40 B >"$T/b.csv"
	ce --ledger "$T/ledger.csv" --held "$T/held.csv" "$T/a.csv" >/dev/null
	cp "$T/ledger.csv" "$T/before.csv"
	cp "$T/held.csv" "$T/held.before"
	run --separate-stderr sh -c 'credit-emit --policy "$1" --as-of 2026-11-25 --ledger "$2" \
	    --held "$3" "$4" >/dev/full' sh "$F/policy.yaml" "$T/ledger.csv" "$T/held.csv" "$T/b.csv"
	assert_failure 74
	assert_equal "$stderr" "credit-emit: write error on standard output: No space left on device"
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
	run cmp "$T/held.before" "$T/held.csv"
	assert_success
	no_temp
	# the rerun issues what the failed run would have: numbers 11 to 20
	run ce --ledger "$T/ledger.csv" "$T/b.csv"
	assert_success
	assert_line --index 1 --partial "CN0011,2026-11-25,R1,EUR,INV-B1,1,B1,1,"
	assert_equal "$(tail -n 1 "$T/ledger.csv" | cut -d, -f1)" "CN0020"
}

@test "output failure: a pipe closed early (credit-emit | head -c 10) is 74; the ledger byte-identical" {
	gen 10000 A >"$T/a.csv"
	gen 10000 B >"$T/b.csv"
	ce --ledger "$T/ledger.csv" "$T/a.csv" >/dev/null
	cp "$T/ledger.csv" "$T/before.csv"
	run --separate-stderr bash -c 'set -o pipefail; credit-emit --policy "$1" --as-of 2026-11-25 \
	    --ledger "$2" "$3" | head -c 10' bash "$F/policy.yaml" "$T/ledger.csv" "$T/b.csv"
	assert_failure 74
	assert_output "credit_not"
	assert_equal "$stderr" "credit-emit: write error on standard output: Broken pipe"
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
	no_temp
}

@test "output failure: a file size limit (ulimit -f 1) on standard output, a file, is 74; the ledger byte-identical" {
	gen 40 A >"$T/a.csv"
	gen 40 B >"$T/b.csv"
	ce --ledger "$T/ledger.csv" "$T/a.csv" >/dev/null
	cp "$T/ledger.csv" "$T/before.csv"
	# the output of b.csv is larger than one block of 1024 bytes
	[ "$(ce "$T/b.csv" | wc -c)" -gt 1024 ]
	run --separate-stderr bash -c 'ulimit -f 1; credit-emit --policy "$1" --as-of 2026-11-25 \
	    --ledger "$2" "$3" >"$4"' bash "$F/policy.yaml" "$T/ledger.csv" "$T/b.csv" "$T/out.csv"
	assert_failure 74
	assert_equal "$stderr" "credit-emit: write error on standard output: File too large"
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
	no_temp
}

@test "output failure: a ledger commit over the file size limit is 74; standard output complete, the rerun gives the same numbers" {
	gen 40 A >"$T/a.csv"
	gen 8 B >"$T/b.csv"
	ce --ledger "$T/ledger.csv" "$T/a.csv" >/dev/null
	cp "$T/ledger.csv" "$T/before.csv"
	[ "$(wc -c <"$T/ledger.csv")" -gt 1024 ]
	run --separate-stderr bash -c 'set -o pipefail; trap "" XFSZ; ulimit -f 1; credit-emit --policy "$1" \
	    --as-of 2026-11-25 --ledger "$2" "$3" | cat' bash "$F/policy.yaml" "$T/ledger.csv" "$T/b.csv"
	assert_failure 74
	assert_equal "$stderr" "credit-emit: --ledger '$T/ledger.csv': write error: File too large"
	local out=$output
	assert_line --index 1 --partial "CN0011,2026-11-25,R1,EUR,INV-B1,1,B1,1,"
	assert_line --index 8 --partial "CN0012,2026-11-25,R2,SEK,INV-B2,4,B8,1,"
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
	no_temp
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/b.csv"
	assert_success
	assert_output "$out"
}

# ------------------------------------------------------------- same file

@test "same file: --ledger = --held, --ledger = --rejects, --replacements = the input: 64 naming both, nothing written" {
	cd "$T"
	gen 8 A >a.csv
	ce --ledger ledger.csv a.csv >/dev/null
	gen 8 B >b.csv
	cp ledger.csv before.csv
	cp b.csv b.before
	run --separate-stderr ce --ledger ledger.csv --held ledger.csv b.csv
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "credit-emit: --held and --ledger name the same file 'ledger.csv'"
	run --separate-stderr ce --ledger ledger.csv --rejects ledger.csv b.csv
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "credit-emit: --rejects and --ledger name the same file 'ledger.csv'"
	run --separate-stderr ce --ledger ledger.csv --replacements b.csv b.csv
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "credit-emit: --replacements and the input name the same file 'b.csv'"
	# and two reports naming one file, standard output onto the ledger
	run --separate-stderr ce --ledger ledger.csv --held r.csv --replacements ./r.csv b.csv
	assert_failure 64
	assert_equal "$stderr" "credit-emit: --held and --replacements name the same file 'r.csv'"
	run --separate-stderr sh -c 'credit-emit --policy "$1" --as-of 2026-11-25 --ledger ledger.csv b.csv >>ledger.csv' \
	    sh "$F/policy.yaml"
	assert_failure 64
	assert_equal "$stderr" "credit-emit: standard output and --ledger name the same file 'ledger.csv'"
	run cmp before.csv ledger.csv
	assert_success
	run cmp b.before b.csv
	assert_success
	[ ! -e r.csv ]
	no_temp
}

# ------------------------------------------------------- locked, damaged

@test "exit 75: the ledger is locked by another run; exit 78: a ledger that does not parse; both leave it as it was" {
	gen 8 A >"$T/a.csv"
	ce --ledger "$T/ledger.csv" "$T/a.csv" >/dev/null
	cp "$T/ledger.csv" "$T/before.csv"
	gen 8 B >"$T/b.csv"
	flock "$T/ledger.csv.lock" sleep 4 &
	sleep 0.5
	run --separate-stderr ce --ledger "$T/ledger.csv" --lock-timeout 1 "$T/b.csv"
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "credit-emit: --ledger '$T/ledger.csv' is locked by another run (waited 1 s; see --lock-timeout)"
	wait
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
	printf '%s\n' "$LEDGER_HEAD" 'CN0001,2026-11-25,R1,EUR,INV-1,1,x1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50,refund' >"$T/bad.csv"
	cp "$T/bad.csv" "$T/bad.before"
	run --separate-stderr ce --ledger "$T/bad.csv" "$T/b.csv"
	assert_failure 78
	assert_output ""
	assert_equal "$stderr" "credit-emit: --ledger $T/bad.csv:2: disposition \"refund\": the ledger holds only credit and replace lines"
	printf '%s\n' "$LEDGER_HEAD" ',,R1,EUR,INV-1,,x1,1,,,,,SKU-A,1,10.00,10.00,,,,25,DEFECT,A,,,,replace' >"$T/bad.csv"
	run --separate-stderr ce --ledger "$T/bad.csv" "$T/b.csv"
	assert_failure 78
	assert_equal "$stderr" "credit-emit: --ledger $T/bad.csv:2: a replace line must leave empty column 'gross_amount'"
	printf 'credit_note_id,receipt_id\nCN0001,x1\n' >"$T/bad.csv"
	run --separate-stderr ce --ledger "$T/bad.csv" "$T/b.csv"
	assert_failure 78
	assert_equal "$stderr" "credit-emit: --ledger $T/bad.csv:1: state file has no column 'issue_date'"
}

# ---------------------------------------------------- crash and concurrency

@test "SIGKILL at random moments: the ledger is always the old or the new one, byte for byte" {
	# ~20,000 matched rows: 10,000 credited on night 1, 10,000 on night 2
	gen 10000 A >"$T/day1.csv"
	gen 10000 B >"$T/day2.csv"
	ce --ledger "$T/old.csv" "$T/day1.csv" >/dev/null
	cp "$T/old.csv" "$T/new.csv"
	ce --ledger "$T/new.csv" "$T/day2.csv" >/dev/null
	run cmp -s "$T/old.csv" "$T/new.csv"
	assert_failure 1
	printf '%s\n' "$SHORT_HEAD" >"$T/empty.csv"
	# how long a run takes here: kills land uniformly over that time
	cp "$T/old.csv" "$T/ledger.csv"
	local t0=$(date +%s%N)
	ce --ledger "$T/ledger.csv" "$T/day2.csv" >/dev/null
	local ms=$(( ($(date +%s%N) - t0) / 1000000 + 20 ))
	local old=0 new=0 i pid d
	for i in $(seq 1 30); do
		cp "$T/old.csv" "$T/ledger.csv"
		ce --ledger "$T/ledger.csv" "$T/day2.csv" >/dev/null 2>&1 &
		pid=$!
		d=$((RANDOM % ms))
		sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
		kill -KILL $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		if cmp -s "$T/ledger.csv" "$T/old.csv"; then
			old=$((old + 1))
		elif cmp -s "$T/ledger.csv" "$T/new.csv"; then
			new=$((new + 1))
		else
			echo "kill $i left a ledger that is neither old nor new" >&2
			return 1
		fi
		# and it parses: a run on it succeeds
		run ce --ledger "$T/ledger.csv" "$T/empty.csv"
		assert_success
	done
	echo "# old $old, new $new" >&3
	# the next run removes what a killed commit left behind
	run ce --ledger "$T/ledger.csv" "$T/empty.csv"
	assert_success
	no_temp
}

@test "two runs at once on one ledger never share a credit note number; the ledger holds both" {
	gen 6000 A >"$T/a.csv"
	gen 6000 B >"$T/b.csv"
	local i
	for i in 1 2 3; do
		rm -f "$T/ledger.csv"
		ce --ledger "$T/ledger.csv" "$T/a.csv" >"$T/out-a.csv" &
		ce --ledger "$T/ledger.csv" "$T/b.csv" >"$T/out-b.csv" &
		wait
		# 1,500 notes each, no id in both answers
		assert_equal "$(tail -n +2 "$T/out-a.csv" | cut -d, -f1 | sort -u | wc -l)" 1500
		assert_equal "$(tail -n +2 "$T/out-b.csv" | cut -d, -f1 | sort -u | wc -l)" 1500
		run sh -c "tail -q -n +2 '$T/out-a.csv' '$T/out-b.csv' | cut -d, -f1,7 | awk -F, '{ p = substr(\$2, 1, 1); if ((\$1 in run) && run[\$1] != p) { print \"shared \" \$1; exit 1 } run[\$1] = p }'"
		assert_success
		assert_output ""
		# the ledger: both runs' lines, numbered CN0001..CN3000 without gaps
		assert_equal "$(tail -n +2 "$T/ledger.csv" | wc -l)" 12000
		assert_equal "$(tail -n +2 "$T/ledger.csv" | cut -d, -f1 | sort -u | wc -l)" 3000
		assert_equal "$(tail -n +2 "$T/ledger.csv" | cut -d, -f1 | sort | tail -n 1)" CN3000
		run sh -c "tail -n +2 '$T/ledger.csv' | cut -d, -f1-25 | sort >'$T/l.sorted'; tail -q -n +2 '$T/out-a.csv' '$T/out-b.csv' | sort | cmp - '$T/l.sorted'"
		assert_success
	done
}
