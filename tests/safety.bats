#!/usr/bin/env bats
# Safety rails around the state files, on the example data set: one file
# named twice, a failed ERP export, reports complete or absent and
# --dry-run (returns-formats(5): SAME FILE, ORDER LINES, REPORTS, DRY RUN),
# and a requests file passed twice or re-sent (return-register(1),
# request_line).
#
# Every test works in $W, a directory holding its own copy of the examples;
# snap records what $W holds before the run under test; afterwards intact
# checks that every file is byte-identical and listing that no file appeared
# or went away but those named (the bookkeeping lives in $A, beside $W in $T).
load helpers

AS_REG=2026-11-20
AS_MAT=2026-11-25
REJ_HEAD='request_id,retailer_id,sku,qty,reason,order_id,invoice_id,requested_at,note,reject_file,reject_line,reject_code,reject_reason'
JRN_HEAD='receipt_id,seq,parcel_id,retailer_id,sku,qty,condition,received_at,match,status,status_reason,rma_id,rma_line,reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate'
MREJ_HEAD='receipt_id,parcel_id,retailer_id,rma_id,order_id,sku,qty,condition,origin_country,received_at,reject_file,reject_line,reject_code,reject_reason'
EXP_HEAD='rma_id,rma_line,retailer_id,sku,qty_registered,qty_received,qty_open,requested_at,age_days'

setup() {
	T=$(mktemp -d "${BATS_TMPDIR:-/tmp}/rk.XXXXXX")
	W=$T/w
	A=$T/aux
	mkdir "$W" "$A" "$A/snap"
	cp "$EX/orders.csv" "$EX/requests.csv" "$EX/receipts.csv" \
	    "$EX/retailers.csv" "$EX/policy.yaml" "$W/"
	cd "$W"
}

# reg ARGS...: return-register on the examples; mat ARGS...: return-match.
reg() {
	return-register --orders orders.csv --policy policy.yaml --as-of $AS_REG "$@"
}

mat() {
	return-match --orders orders.csv --policy policy.yaml --retailers retailers.csv \
	    --as-of $AS_MAT "$@"
}

# to FILE CMD...: CMD with standard output to FILE (the shell truncates it
# first); app FILE CMD...: appended; from FILE CMD...: standard input from FILE.
to() {
	local f=$1
	shift
	"$@" >"$f"
}

app() {
	local f=$1
	shift
	"$@" >>"$f"
}

from() {
	local f=$1
	shift
	"$@" <"$f"
}

# night1: the registry rma.csv from a real run on requests.csv (exit 1: one
# malformed quantity); match1: then the journal j.csv from a real run.
night1() {
	reg --registry rma.csv requests.csv >/dev/null 2>&1 || [ $? -eq 1 ]
	[ -s rma.csv ]
}

match1() {
	mat --registry rma.csv --journal j.csv receipts.csv >/dev/null
	[ -s j.csv ]
}

# snap: remember the listing of $W and a copy of every regular file in it.
snap() {
	local f
	rm -f "$A"/snap/*
	ls -A "$W" | sort >"$A/ls.before"
	for f in "$W"/*; do
		if [ -f "$f" ]; then
			cp "$f" "$A/snap/${f##*/}"
		fi
	done
}

# intact [NAME...]: every file snap saw is byte-identical, except the NAMEs.
intact() {
	local f n x skip
	for f in "$A"/snap/*; do
		[ -e "$f" ] || continue
		n=${f##*/}
		skip=
		for x in "$@"; do
			if [ "$x" = "$n" ]; then
				skip=1
			fi
		done
		if [ -z "$skip" ]; then
			cmp "$f" "$W/$n"
		fi
	done
}

# listing [NEW...]: $W holds what it held at snap, plus the NEW names.
listing() {
	local n
	{ cat "$A/ls.before"; for n in "$@"; do echo "$n"; done; } | sort >"$A/ls.want"
	ls -A "$W" | sort >"$A/ls.got"
	diff "$A/ls.want" "$A/ls.got"
}

# The answer and the registry of return-register on requests.csv.
reg_out1() {
	cat <<-X
	$REG_HEAD
	RMA000001,1,FI-RET-0042,1,R-FI-001,JKT-ALP-M-BLU,6,OVERSTOCK,accepted,,PO-FI-5422,INV-70011,2,2026-10-15,149.00,EUR,25.5,2026-11-20,end of season
	RMA000001,2,FI-RET-0042,2,R-FI-001,SCK-WOOL-3P,12,OVERSTOCK,held,outside_window,PO-FI-3028,INV-70003,2,2026-08-21,12.45,EUR,25.5,2026-11-20,
	RMA000001,3,FI-RET-0042,2,R-FI-001,SCK-WOOL-3P,2,OVERSTOCK,held,outside_window,PO-FI-3471,INV-70001,3,2026-08-04,12.45,EUR,25.5,2026-11-20,
	RMA000001,4,FI-RET-0042,3,R-FI-001,PNT-TRK-32,3,DEFECT,accepted,,PO-FI-3961,INV-70005,2,2026-09-10,69.50,EUR,25.5,2026-11-20,"seam opens at the knee, see photos"
	RMA000002,1,SE-2026-118,1,R-SE-014,TNT-2P-LITE,12,OVERSTOCK,accepted,,PO-SE-3119,INV-70013,4,2026-11-02,3179.00,SEK,25,2026-11-20,
	RMA000002,2,SE-2026-118,1,R-SE-014,TNT-2P-LITE,3,OVERSTOCK,accepted,,PO-SE-8301,INV-70012,2,2026-10-15,3179.00,SEK,25,2026-11-20,
	RMA000002,3,SE-2026-118,2,R-SE-014,HAT-BEANIE,2,WRONG_ITEM,accepted,,PO-SE-3119,INV-70013,2,2026-11-02,196.90,SEK,25,2026-11-20,ordered grey got black
	RMA000003,1,DE-77,1,R-DE-203,BAG-DAY-25,24,OVERSTOCK,accepted,,PO-DE-6924,INV-70007,1,2026-09-10,54.90,EUR,19,2026-11-20,
	RMA000003,,DE-77,1,R-DE-203,BAG-DAY-25,6,OVERSTOCK,rejected,exceeds_returnable,PO-DE-6924,,,,,,,2026-11-20,
	RMA000003,,DE-77,2,R-DE-203,GLV-SKI-L,2,DEFECT,rejected,order_not_found,PO-SE-1976,,,,,,,2026-11-20,
	,,NO-5,1,R-NO-007,JKT-ALP-M-BLU,2,OVERSTOCK,rejected,not_purchased,,,,,,,,2026-11-20,
	RMA000004,1,DE-78,1,R-DE-203,JKT-ALP-L-BLU,1,WARRANTY,accepted,,PO-DE-6924,INV-70007,3,2026-09-10,149.00,EUR,19,2026-11-20,zip broken after two weeks
	RMA000005,1,NO-6,1,R-NO-007,TNT-2P-LITE,2,OVERSTOCK,accepted,,PO-NO-6140,INV-70010,1,2026-09-29,3323.50,NOK,25,2026-11-20,
	X
}

reg_rma1() {
	reg_out1 | grep -v ',rejected,'
}

# The rejects file of that run (FILE: how requests.csv was named).
reg_rej1() {
	printf '%s\n' "$REJ_HEAD"
	printf '%s\n' "NO-5,R-NO-007,BAG-DAY-25,two,OVERSTOCK,,,2026-11-20,,${1:-requests.csv},10,bad_qty,\"column 'qty': \"\"two\"\" is not a whole number from 1 to 1000000000\""
}

# A second night's requests (2026-11-21) and their answer after night1.
night2_requests() {
	put w/night2.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	SE-2026-131,R-SE-014,GLV-SKI-L,3,DEFECT
	FI-RET-0051,R-FI-001,HAT-BEANIE,1,OVERSTOCK
	DE-80,R-DE-203,TNT-2P-LITE,30,OVERSTOCK
	X
}

reg_out2() {
	cat <<-X
	$REG_HEAD
	RMA000006,1,SE-2026-131,1,R-SE-014,GLV-SKI-L,3,DEFECT,accepted,,PO-SE-3119,INV-70013,3,2026-11-02,426.25,SEK,25,2026-11-21,
	RMA000007,1,FI-RET-0051,1,R-FI-001,HAT-BEANIE,1,OVERSTOCK,held,outside_window,PO-FI-3471,INV-70001,2,2026-08-04,17.90,EUR,25.5,2026-11-21,
	RMA000008,1,DE-80,1,R-DE-203,TNT-2P-LITE,24,OVERSTOCK,accepted,,PO-DE-3243,INV-70014,2,2026-11-02,289.00,EUR,19,2026-11-21,
	RMA000008,,DE-80,1,R-DE-203,TNT-2P-LITE,6,OVERSTOCK,rejected,exceeds_returnable,,,,,,,,2026-11-21,
	X
}

# The answer of return-match on receipts.csv after night1, and its --expected.
mat_out1() {
	cat <<-X
	$JRN_HEAD
	WMS-880001,1,P-1001,R-SE-014,TNT-2P-LITE,12,A,2026-11-25,rma,matched,,RMA000002,1,OVERSTOCK,PO-SE-3119,INV-70013,4,2026-11-02,3179.00,SEK,25
	WMS-880001,2,P-1001,R-SE-014,TNT-2P-LITE,3,A,2026-11-25,rma,matched,,RMA000002,2,OVERSTOCK,PO-SE-8301,INV-70012,2,2026-10-15,3179.00,SEK,25
	WMS-880002,1,P-1001,R-SE-014,HAT-BEANIE,2,A,2026-11-25,parcel_rma,matched,,RMA000002,3,WRONG_ITEM,PO-SE-3119,INV-70013,2,2026-11-02,196.90,SEK,25
	WMS-880003,1,P-1002,R-FI-001,JKT-ALP-M-BLU,6,A,2026-11-25,rma,matched,,RMA000001,1,OVERSTOCK,PO-FI-5422,INV-70011,2,2026-10-15,149.00,EUR,25.5
	WMS-880004,1,P-1002,R-FI-001,PNT-TRK-32,3,B,2026-11-25,rma,matched,,RMA000001,4,DEFECT,PO-FI-3961,INV-70005,2,2026-09-10,69.50,EUR,25.5
	WMS-880005,1,P-1002,R-FI-001,SCK-WOOL-3P,12,A,2026-11-25,parcel_rma,held,outside_window,RMA000001,2,OVERSTOCK,PO-FI-3028,INV-70003,2,2026-08-21,12.45,EUR,25.5
	WMS-880005,2,P-1002,R-FI-001,SCK-WOOL-3P,2,A,2026-11-25,parcel_rma,held,outside_window,RMA000001,3,OVERSTOCK,PO-FI-3471,INV-70001,3,2026-08-04,12.45,EUR,25.5
	WMS-880008,1,P-1004,R-DE-203,BAG-DAY-25,24,A,2026-11-25,rma,matched,,RMA000003,1,OVERSTOCK,PO-DE-6924,INV-70007,1,2026-09-10,54.90,EUR,19
	WMS-880008,2,P-1004,R-DE-203,BAG-DAY-25,2,A,2026-11-25,order_history,unannounced,,,,,PO-DE-3243,INV-70014,3,2026-11-02,54.90,EUR,19
	WMS-880009,1,P-1004,R-DE-203,GLV-SKI-L,1,SCRAP,2026-11-25,order_history,unannounced,,,,,PO-DE-6924,INV-70007,2,2026-09-10,38.75,EUR,19
	WMS-880010,1,P-1004,R-DE-203,JKT-ALP-L-BLU,1,A,2026-11-25,retailer_rma,matched,,RMA000004,1,WARRANTY,PO-DE-6924,INV-70007,3,2026-09-10,149.00,EUR,19
	WMS-880011,1,P-1005,R-NO-007,JKT-ALP-M-BLU,2,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	WMS-880012,1,P-1005,R-NO-007,TNT-2P-LITE,1,A,2026-11-25,retailer_rma,matched,unknown_rma,RMA000005,1,OVERSTOCK,PO-NO-6140,INV-70010,1,2026-09-29,3323.50,NOK,25
	WMS-880013,1,P-1006,R-SE-014,PNT-TRK-32,1,A,2026-11-25,none,conflict,sender_conflict,RMA000001,,,,,,,,,
	WMS-880006,1,P-1003,R-FI-001,JKT-ALP-L-BLU,2,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-FI-5422,INV-70011,1,2026-10-15,149.00,EUR,25.5
	WMS-880007,1,P-1003,R-FI-001,TNT-2P-LITE,1,B,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-FI-5422,INV-70011,3,2026-10-15,289.00,EUR,25.5
	X
}

mat_exp1() {
	cat <<-X
	$EXP_HEAD
	RMA000005,1,R-NO-007,TNT-2P-LITE,2,1,1,2026-11-20,5
	X
}

# The same receipts fed again the next night: only what is not allocated.
mat_out2() {
	cat <<-X
	$JRN_HEAD
	WMS-880011,2,P-1005,R-NO-007,JKT-ALP-M-BLU,2,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	WMS-880013,2,P-1006,R-SE-014,PNT-TRK-32,1,A,2026-11-25,none,conflict,sender_conflict,RMA000001,,,,,,,,,
	X
}

# Earlier reports of a name: contents no run of these tests writes.
earlier_reports() {
	local f
	for f in "$@"; do
		printf 'an earlier report, %s\n' "$f" >"$f"
	done
}

# no_temp: no temporary file of a report or a state file is left in $W.
no_temp() {
	run sh -c 'ls -A | grep "\.tmp\."'
	assert_failure 1
	assert_output ''
}

# ---- Same file (returns-formats(5)) ----

@test "same file: --registry z.csv --rejects z.csv is 64 before any row is read, nothing written" {
	snap
	run --separate-stderr reg --registry z.csv --rejects z.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file 'z.csv'"
	assert_output ''
	[ ! -e z.csv ]
	intact
	listing
	# before any row is read: not 65 for a broken input, not blocked on a
	# FIFO no one writes, not 78 for a broken policy
	printf 'request_id,retailer_id,sku,qty,reason\n"Q1,R1,S,1,D\n' >broken.csv
	mkfifo fifo
	printf 'return_window_days: -5\n' >bad.yaml
	snap
	run --separate-stderr reg --registry z.csv --rejects z.csv broken.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file 'z.csv'"
	run --separate-stderr timeout 10 return-register --orders orders.csv --registry z.csv \
	    --rejects z.csv requests.csv fifo
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file 'z.csv'"
	run --separate-stderr return-register --orders orders.csv --policy bad.yaml \
	    --registry z.csv --rejects z.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file 'z.csv'"
	assert_output ''
	intact
	listing
}

@test "same file: > rma.csv onto its own registry is 64, not RMA000001 again; the restored registry numbers on" {
	night1
	night2_requests
	cp rma.csv "$A/rma.saved"
	snap
	run --separate-stderr to rma.csv return-register --orders orders.csv --policy policy.yaml \
	    --as-of 2026-11-21 --registry rma.csv night2.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: standard output and --registry name the same file 'rma.csv'"
	assert_output ''
	# the shell emptied it before the tool ran; the tool wrote nothing to it
	[ -f rma.csv ]
	[ ! -s rma.csv ]
	intact rma.csv
	listing
	# restored, a proper run continues after the old registry's numbers
	cp "$A/rma.saved" rma.csv
	run --separate-stderr return-register --orders orders.csv --policy policy.yaml \
	    --as-of 2026-11-21 --registry rma.csv night2.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(reg_out2)"
	run cat rma.csv
	assert_output "$(reg_rma1; reg_out2 | sed 1d | grep -v ',rejected,')"
	intact rma.csv
	listing
}

@test "same file: >> rma.csv onto its own registry is 64 too, and the registry is left as it was" {
	night1
	night2_requests
	snap
	run --separate-stderr app rma.csv return-register --orders orders.csv --policy policy.yaml \
	    --as-of 2026-11-21 --registry rma.csv night2.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: standard output and --registry name the same file 'rma.csv'"
	assert_output ''
	intact
	listing
}

@test "same file: return-match --journal j.csv --expected j.csv on a real journal is 64, the journal intact" {
	night1
	match1
	snap
	run --separate-stderr mat --registry rma.csv --journal j.csv --expected j.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --expected and --journal name the same file 'j.csv'"
	assert_output ''
	intact
	listing
	# and a registry named as the journal: two state options, one file
	run --separate-stderr mat --registry j.csv --journal j.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --registry and --journal name the same file 'j.csv'"
	assert_output ''
	intact
	listing
}

@test "same file: --rejects orders.csv is 64, the ERP export intact" {
	snap
	run --separate-stderr reg --rejects orders.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --orders name the same file 'orders.csv'"
	assert_output ''
	intact
	listing
	run --separate-stderr mat --rejects orders.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --rejects and --orders name the same file 'orders.csv'"
	assert_output ''
	intact
	listing
}

@test "same file: found through ./x, sub/../x, an absolute path, a symbolic link and a hard link" {
	night1
	match1
	mkdir sub
	ln -s orders.csv erp.csv
	ln retailers.csv retailers-copy.csv
	snap
	run --separate-stderr reg --registry rma.csv --rejects ./rma.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file './rma.csv'"
	assert_output ''
	run --separate-stderr reg --registry rma.csv --rejects sub/../rma.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file 'sub/../rma.csv'"
	assert_output ''
	run --separate-stderr mat --registry rma.csv --journal j.csv --expected "$W/j.csv" receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --expected and --journal name the same file '$W/j.csv'"
	assert_output ''
	run --separate-stderr mat --registry rma.csv --journal j.csv --rejects erp.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --rejects and --orders name the same file 'erp.csv'"
	assert_output ''
	run --separate-stderr mat --registry rma.csv --journal j.csv --expected retailers-copy.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --expected and --retailers name the same file 'retailers-copy.csv'"
	assert_output ''
	[ -L erp.csv ]
	intact
	listing
}

@test "same file: a file not there yet named twice (--rejects new.csv --expected ./new.csv) is 64" {
	night1
	mkdir sub
	snap
	run --separate-stderr mat --registry rma.csv --rejects new.csv --expected ./new.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --rejects and --expected name the same file 'new.csv'"
	assert_output ''
	# a report and a state file not there yet
	run --separate-stderr mat --registry rma.csv --journal sub/../new.csv --expected new.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --expected and --journal name the same file 'new.csv'"
	assert_output ''
	run --separate-stderr mat --registry rma.csv --journal new.csv --expected "$W/new.csv" receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --expected and --journal name the same file '$W/new.csv'"
	assert_output ''
	[ ! -e new.csv ]
	intact
	listing
}

@test "same file: /dev/null for both --rejects and --expected is accepted" {
	night1
	snap
	run --separate-stderr mat --registry rma.csv --journal j.csv --rejects /dev/null \
	    --expected /dev/null receipts.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(mat_out1)"
	run cat j.csv
	assert_output "$(mat_out1)"
	[ -c /dev/null ]
	intact
	listing j.csv j.csv.lock
}

@test "same file: standard input (or an operand) that is the registry is no clash" {
	night1
	snap
	run --separate-stderr from rma.csv reg --registry rma.csv
	assert_failure 1
	assert_equal "$stderr" "return-register: -:4: duplicate_key: request \"FI-RET-0042\" of retailer \"R-FI-001\" has line 2 twice (first on line 3)
return-register: -:7: duplicate_key: request \"SE-2026-118\" of retailer \"R-SE-014\" has line 1 twice (first on line 6)"
	assert_output "$(reg_rma1 | sed 's/,accepted,/,duplicate,/; s/,held,/,duplicate,/')"
	intact
	listing
	run --separate-stderr from rma.csv reg --registry rma.csv -
	assert_failure 1
	assert_output "$(reg_rma1 | sed 's/,accepted,/,duplicate,/; s/,held,/,duplicate,/')"
	run --separate-stderr reg --registry rma.csv rma.csv
	assert_failure 1
	assert_equal "$stderr" "return-register: rma.csv:4: duplicate_key: request \"FI-RET-0042\" of retailer \"R-FI-001\" has line 2 twice (first on line 3)
return-register: rma.csv:7: duplicate_key: request \"SE-2026-118\" of retailer \"R-SE-014\" has line 1 twice (first on line 6)"
	assert_output "$(reg_rma1 | sed 's/,accepted,/,duplicate,/; s/,held,/,duplicate,/')"
	intact
	listing
}

@test "same file: an operand that is also --rejects is 64" {
	snap
	run --separate-stderr reg --rejects requests.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and the input name the same file 'requests.csv'"
	assert_output ''
	intact
	listing
	run --separate-stderr mat --rejects ./receipts.csv orders.csv receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --rejects and the input name the same file './receipts.csv'"
	assert_output ''
	intact
	listing
}

@test "same file: --policy that is also --expected is 64" {
	snap
	run --separate-stderr mat --expected policy.yaml receipts.csv
	assert_failure 64
	assert_equal "$stderr" "return-match: --expected and --policy name the same file 'policy.yaml'"
	assert_output ''
	intact
	listing
}

@test "same file: standard output onto an input, --rejects read as standard input, two state options" {
	night1
	echo 'an earlier report' >r.csv
	snap
	# > requests.csv: emptied by the shell, still refused
	run --separate-stderr to requests.csv reg --registry rma.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: standard output and the input name the same file 'requests.csv'"
	[ ! -s requests.csv ]
	intact requests.csv
	listing
	cp "$A/snap/requests.csv" requests.csv
	run --separate-stderr from r.csv reg --registry rma.csv --rejects r.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and standard input name the same file 'r.csv'"
	assert_output ''
	run --separate-stderr reg --registry rma.csv --journal ./rma.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --registry and --journal name the same file 'rma.csv'"
	assert_output ''
	intact
	listing
}

@test "same file: standard output a regular file and a report named /dev/stdout are one file" {
	snap
	run --separate-stderr to out.csv reg --rejects /dev/stdout requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and standard output name the same file '/dev/stdout'"
	[ ! -s out.csv ]
	intact
	listing out.csv
}

# A dangling symbolic link names a file that does not exist yet; its
# resolved path (the link followed) is the other file's.
@test "same file: a dangling symbolic link to the other file, not there yet, is 64" {
	ln -s rma.csv link.csv
	snap
	run --separate-stderr reg --registry rma.csv --rejects link.csv requests.csv
	assert_failure 64
	assert_equal "$stderr" "return-register: --rejects and --registry name the same file 'link.csv'"
	assert_output ''
	[ -L link.csv ]
	[ ! -e rma.csv ]
	intact
	listing
}

# ---- A failed ERP export (returns-formats(5)) ----

@test "failed ERP export: a zero-byte --orders is 65 before any output; rejects and registry as they were" {
	night1
	: >erp.csv
	earlier_reports rej.csv
	snap
	run --separate-stderr return-register --orders erp.csv --policy policy.yaml --as-of $AS_REG \
	    --registry rma.csv --rejects rej.csv requests.csv
	assert_failure 65
	assert_equal "$stderr" "return-register: --orders 'erp.csv': no valid order line (no order lines at all); no request was answered"
	assert_output ''
	no_temp
	intact
	listing
	run --separate-stderr return-match --orders erp.csv --policy policy.yaml --as-of $AS_MAT \
	    --registry rma.csv --journal j.csv --rejects rej.csv receipts.csv
	assert_failure 65
	assert_equal "$stderr" "return-match: --orders 'erp.csv': no valid order line (no order lines at all); no receipt was answered"
	assert_output ''
	[ ! -e j.csv ]
	no_temp
	intact j.csv.lock
	listing j.csv.lock
}

@test "failed ERP export: a header-only --orders is 65; no --rejects file is created" {
	night1
	match1
	head -n 1 orders.csv >erp.csv
	snap
	run --separate-stderr return-register --orders erp.csv --as-of $AS_REG \
	    --registry rma.csv --rejects rej.csv requests.csv
	assert_failure 65
	assert_equal "$stderr" "return-register: --orders 'erp.csv': no valid order line (no order lines at all); no request was answered"
	assert_output ''
	run --separate-stderr return-match --orders erp.csv --as-of $AS_MAT --registry rma.csv \
	    --journal j.csv --rejects rej.csv --expected exp.csv receipts.csv
	assert_failure 65
	assert_equal "$stderr" "return-match: --orders 'erp.csv': no valid order line (no order lines at all); no receipt was answered"
	assert_output ''
	[ ! -e rej.csv ]
	[ ! -e exp.csv ]
	intact
	listing
}

@test "failed ERP export: every order line malformed (',' header, ';' lines) is 65, 3 malformed of 3" {
	night1
	match1
	{ head -n 1 orders.csv; sed -n '2,4p' orders.csv | tr , ';'; } >erp.csv
	earlier_reports rej.csv exp.csv
	snap
	run --separate-stderr return-register --orders erp.csv --policy policy.yaml --as-of $AS_REG \
	    --registry rma.csv --rejects rej.csv requests.csv
	assert_failure 65
	assert_equal "$stderr" "return-register: --orders 'erp.csv': no valid order line (3 malformed of 3); no request was answered"
	assert_output ''
	intact
	listing
	run --separate-stderr return-match --orders erp.csv --policy policy.yaml --as-of $AS_MAT \
	    --registry rma.csv --journal j.csv --rejects rej.csv --expected exp.csv receipts.csv
	assert_failure 65
	assert_equal "$stderr" "return-match: --orders 'erp.csv': no valid order line (3 malformed of 3); no receipt was answered"
	assert_output ''
	no_temp
	intact
	listing
	# without --rejects the malformed lines are reported before the stop
	run --separate-stderr return-match --orders erp.csv --as-of $AS_MAT --journal j.csv receipts.csv
	assert_failure 65
	assert_equal "$stderr" "return-match: erp.csv:2: field_count: 1 fields, the header has 12
return-match: erp.csv:3: field_count: 1 fields, the header has 12
return-match: erp.csv:4: field_count: 1 fields, the header has 12
return-match: --orders 'erp.csv': no valid order line (3 malformed of 3); no receipt was answered"
	assert_output ''
	intact
	listing
}

@test "failed ERP export: a primary input of malformed rows only still counts" {
	night1
	: >erp.csv
	put w/bad.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R-FI-001,HAT-BEANIE,none,OVERSTOCK
	X
	earlier_reports rej.csv
	snap
	run --separate-stderr return-register --orders erp.csv --as-of $AS_REG --registry rma.csv \
	    --rejects rej.csv bad.csv
	assert_failure 65
	assert_equal "$stderr" "return-register: --orders 'erp.csv': no valid order line (no order lines at all); no request was answered"
	assert_output ''
	no_temp
	intact
	listing
}

@test "failed ERP export: an empty primary input with an empty --orders is nothing to do (0)" {
	: >erp.csv
	: >none.csv
	head -n 1 requests.csv >req-head.csv
	snap
	run --separate-stderr return-register --orders erp.csv --as-of $AS_REG --rejects rej.csv none.csv req-head.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$REG_HEAD"
	run cat rej.csv
	assert_output "$REJ_HEAD"
	run --separate-stderr return-match --orders erp.csv --as-of $AS_MAT --journal j.csv none.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$JRN_HEAD"
	[ ! -e j.csv ]
	intact
	listing rej.csv j.csv.lock
}

# ---- One requests file twice (return-register(1) request_line) ----

@test "requests.csv twice in one run: the second copy is all duplicate_key; the registry as with one copy" {
	mkdir "$A/one"
	cp orders.csv policy.yaml requests.csv "$A/one/"
	(cd "$A/one" && reg --registry rma.csv requests.csv >/dev/null 2>&1) || [ $? -eq 1 ]
	snap
	run --separate-stderr reg --registry rma.csv --rejects rej.csv requests.csv requests.csv
	assert_failure 1
	assert_equal "$stderr" ''
	assert_output "$(reg_out1)"
	run cat rej.csv
	assert_output - <<-X
	$REJ_HEAD
	NO-5,R-NO-007,BAG-DAY-25,two,OVERSTOCK,,,2026-11-20,,requests.csv,10,bad_qty,"column 'qty': ""two"" is not a whole number from 1 to 1000000000"
	FI-RET-0042,R-FI-001,JKT-ALP-M-BLU,6,OVERSTOCK,,,2026-11-20,end of season,requests.csv,2,duplicate_key,"request ""FI-RET-0042"" of retailer ""R-FI-001"" has line 1 twice (first on line 2)"
	FI-RET-0042,R-FI-001,SCK-WOOL-3P,14,OVERSTOCK,,,2026-11-20,,requests.csv,3,duplicate_key,"request ""FI-RET-0042"" of retailer ""R-FI-001"" has line 2 twice (first on line 3)"
	FI-RET-0042,R-FI-001,PNT-TRK-32,3,DEFECT,PO-FI-3961,,2026-11-20,"seam opens at the knee, see photos",requests.csv,4,duplicate_key,"request ""FI-RET-0042"" of retailer ""R-FI-001"" has line 3 twice (first on line 4)"
	SE-2026-118,R-SE-014,TNT-2P-LITE,15,OVERSTOCK,,,2026-11-20,,requests.csv,5,duplicate_key,"request ""SE-2026-118"" of retailer ""R-SE-014"" has line 1 twice (first on line 5)"
	SE-2026-118,R-SE-014,HAT-BEANIE,2,WRONG_ITEM,,INV-70013,2026-11-20,ordered grey got black,requests.csv,6,duplicate_key,"request ""SE-2026-118"" of retailer ""R-SE-014"" has line 2 twice (first on line 6)"
	DE-77,R-DE-203,BAG-DAY-25,30,OVERSTOCK,PO-DE-6924,,2026-11-20,,requests.csv,7,duplicate_key,"request ""DE-77"" of retailer ""R-DE-203"" has line 1 twice (first on line 7)"
	DE-77,R-DE-203,GLV-SKI-L,2,DEFECT,PO-SE-1976,,2026-11-20,,requests.csv,8,duplicate_key,"request ""DE-77"" of retailer ""R-DE-203"" has line 2 twice (first on line 8)"
	NO-5,R-NO-007,JKT-ALP-M-BLU,2,OVERSTOCK,,,2026-11-20,,requests.csv,9,duplicate_key,"request ""NO-5"" of retailer ""R-NO-007"" has line 1 twice (first on line 9)"
	NO-5,R-NO-007,BAG-DAY-25,two,OVERSTOCK,,,2026-11-20,,requests.csv,10,bad_qty,"column 'qty': ""two"" is not a whole number from 1 to 1000000000"
	DE-78,R-DE-203,JKT-ALP-L-BLU,1,WARRANTY,PO-DE-6924,,2026-11-20,zip broken after two weeks,requests.csv,11,duplicate_key,"request ""DE-78"" of retailer ""R-DE-203"" has line 1 twice (first on line 11)"
	NO-6,R-NO-007,TNT-2P-LITE,2,OVERSTOCK,,,2026-11-20,,requests.csv,12,duplicate_key,"request ""NO-6"" of retailer ""R-NO-007"" has line 1 twice (first on line 12)"
	X
	cmp rma.csv "$A/one/rma.csv"
	run cat rma.csv
	assert_output "$(reg_rma1)"
	intact
	listing rej.csv rma.csv rma.csv.lock
}

@test "requests.csv re-sent the next night: every registered line answered duplicate, registry byte-identical" {
	night1
	snap
	run --separate-stderr reg --registry rma.csv --rejects rej.csv requests.csv
	assert_failure 1
	assert_equal "$stderr" ''
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,FI-RET-0042,1,R-FI-001,JKT-ALP-M-BLU,6,OVERSTOCK,duplicate,,PO-FI-5422,INV-70011,2,2026-10-15,149.00,EUR,25.5,2026-11-20,end of season
	RMA000001,2,FI-RET-0042,2,R-FI-001,SCK-WOOL-3P,12,OVERSTOCK,duplicate,outside_window,PO-FI-3028,INV-70003,2,2026-08-21,12.45,EUR,25.5,2026-11-20,
	RMA000001,3,FI-RET-0042,2,R-FI-001,SCK-WOOL-3P,2,OVERSTOCK,duplicate,outside_window,PO-FI-3471,INV-70001,3,2026-08-04,12.45,EUR,25.5,2026-11-20,
	RMA000001,4,FI-RET-0042,3,R-FI-001,PNT-TRK-32,3,DEFECT,duplicate,,PO-FI-3961,INV-70005,2,2026-09-10,69.50,EUR,25.5,2026-11-20,"seam opens at the knee, see photos"
	RMA000002,1,SE-2026-118,1,R-SE-014,TNT-2P-LITE,12,OVERSTOCK,duplicate,,PO-SE-3119,INV-70013,4,2026-11-02,3179.00,SEK,25,2026-11-20,
	RMA000002,2,SE-2026-118,1,R-SE-014,TNT-2P-LITE,3,OVERSTOCK,duplicate,,PO-SE-8301,INV-70012,2,2026-10-15,3179.00,SEK,25,2026-11-20,
	RMA000002,3,SE-2026-118,2,R-SE-014,HAT-BEANIE,2,WRONG_ITEM,duplicate,,PO-SE-3119,INV-70013,2,2026-11-02,196.90,SEK,25,2026-11-20,ordered grey got black
	RMA000003,1,DE-77,1,R-DE-203,BAG-DAY-25,24,OVERSTOCK,duplicate,,PO-DE-6924,INV-70007,1,2026-09-10,54.90,EUR,19,2026-11-20,
	RMA000003,,DE-77,2,R-DE-203,GLV-SKI-L,2,DEFECT,rejected,order_not_found,PO-SE-1976,,,,,,,2026-11-20,
	,,NO-5,1,R-NO-007,JKT-ALP-M-BLU,2,OVERSTOCK,rejected,not_purchased,,,,,,,,2026-11-20,
	RMA000004,1,DE-78,1,R-DE-203,JKT-ALP-L-BLU,1,WARRANTY,duplicate,,PO-DE-6924,INV-70007,3,2026-09-10,149.00,EUR,19,2026-11-20,zip broken after two weeks
	RMA000005,1,NO-6,1,R-NO-007,TNT-2P-LITE,2,OVERSTOCK,duplicate,,PO-NO-6140,INV-70010,1,2026-09-29,3323.50,NOK,25,2026-11-20,
	X
	run cat rej.csv
	assert_output "$(reg_rej1)"
	intact
	listing rej.csv
}

# ---- Reports complete or absent (returns-formats(5)) ----

@test "complete or absent: standard output failing (/dev/full) is 74; earlier reports, journal, registry as they were" {
	night1
	match1
	earlier_reports rej.csv exp.csv
	snap
	run --separate-stderr to /dev/full mat --registry rma.csv --journal j.csv --rejects rej.csv \
	    --expected exp.csv receipts.csv
	assert_failure 74
	assert_equal "$stderr" "return-match: write error on standard output: No space left on device"
	no_temp
	intact
	listing
	night2_requests
	snap
	run --separate-stderr to /dev/full reg --registry rma.csv --rejects rej.csv night2.csv
	assert_failure 74
	assert_equal "$stderr" "return-register: write error on standard output: No space left on device"
	no_temp
	intact
	listing
}

@test "complete or absent: a journal commit that fails (file size limit) is 74; earlier reports as they were" {
	night1
	match1
	earlier_reports rej.csv exp.csv
	# the new journal is larger than the limit, the reports are smaller
	[ "$(wc -c <j.csv)" -gt 1024 ]
	snap
	run --separate-stderr bash -c 'set -o pipefail; trap "" XFSZ; ulimit -f 1
	    return-match --orders orders.csv --policy policy.yaml --retailers retailers.csv \
	    --as-of 2026-11-26 --registry rma.csv --journal j.csv --rejects rej.csv \
	    --expected exp.csv receipts.csv | cat'
	assert_failure 74
	assert_equal "$stderr" "return-match: --journal 'j.csv': write error: File too large"
	# standard output is the run's output proper: complete before the commit
	assert_output "$(mat_out2)"
	no_temp
	intact
	listing
	# the same run without the limit: committed, and the reports replaced
	run --separate-stderr mat --as-of 2026-11-26 --registry rma.csv --journal j.csv \
	    --rejects rej.csv --expected exp.csv receipts.csv
	assert_success
	assert_output "$(mat_out2)"
	run cat rej.csv
	assert_output "$MREJ_HEAD"
	run cat exp.csv
	assert_output "$(mat_exp1 | sed 's/,5$/,6/')"
	run cat j.csv
	assert_output "$(mat_out1; mat_out2 | sed 1d)"
	no_temp
	intact j.csv rej.csv exp.csv
	listing
}

@test "complete or absent: a registry commit that fails (file size limit) is 74; the earlier --rejects as it was" {
	night1
	night2_requests
	earlier_reports rej.csv
	[ "$(wc -c <rma.csv)" -gt 1024 ]
	snap
	run --separate-stderr bash -c 'set -o pipefail; trap "" XFSZ; ulimit -f 1
	    return-register --orders orders.csv --policy policy.yaml --as-of 2026-11-21 \
	    --registry rma.csv --rejects rej.csv night2.csv | cat'
	assert_failure 74
	assert_equal "$stderr" "return-register: --registry 'rma.csv': write error: File too large"
	assert_output "$(reg_out2)"
	no_temp
	intact
	listing
	# the rerun gives the same numbers: none was taken by the failed run
	run --separate-stderr return-register --orders orders.csv --policy policy.yaml \
	    --as-of 2026-11-21 --registry rma.csv --rejects rej.csv night2.csv
	assert_success
	assert_output "$(reg_out2)"
	run cat rej.csv
	assert_output 'request_id,retailer_id,sku,qty,reason,reject_file,reject_line,reject_code,reject_reason'
	no_temp
	intact rma.csv rej.csv
	listing
}

# A file size limit (ulimit -f, as a cron job may have) is a write error,
# exit 74, like a full disk: the tool ignores SIGXFSZ, so the run is not
# killed and removes its temporary files.
@test "complete or absent: a file size limit is a write error (74) that leaves no temporary file" {
	night1
	match1
	earlier_reports rej.csv exp.csv
	snap
	run --separate-stderr bash -c 'ulimit -f 1
	    return-match --orders orders.csv --policy policy.yaml --retailers retailers.csv \
	    --as-of 2026-11-26 --registry rma.csv --journal j.csv --rejects rej.csv \
	    --expected exp.csv receipts.csv >/dev/null'
	assert_failure 74
	assert_equal "$stderr" "return-match: --journal 'j.csv': write error: File too large"
	no_temp
	intact
	listing
}

@test "complete or absent: SIGTERM while blocked on a FIFO operand leaves no temporary file, earlier reports as they were" {
	night1
	match1
	earlier_reports rej.csv exp.csv
	mkfifo fifo
	snap
	return-match --orders orders.csv --policy policy.yaml --retailers retailers.csv \
	    --as-of $AS_MAT --registry rma.csv --journal j.csv --rejects rej.csv \
	    --expected exp.csv receipts.csv fifo >"$A/out" 2>"$A/err" 3>&- &
	local pid=$! i=0 st=0
	until ls rej.csv.tmp.* exp.csv.tmp.* >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -le 200 ]
		sleep 0.05
	done
	kill -TERM $pid
	wait $pid || st=$?
	assert_equal "$st" 143
	assert_equal "$(cat "$A/out")" ''
	assert_equal "$(cat "$A/err")" ''
	no_temp
	intact
	listing
	[ -p fifo ]
}

@test "complete or absent: a report named /dev/null or /dev/stdout is written in place" {
	night1
	snap
	run --separate-stderr reg --rejects /dev/null requests.csv
	assert_failure 1
	assert_equal "$stderr" ''
	assert_output "$(reg_out1)"
	[ -c /dev/null ]
	# standard output here is a pipe: the rejects follow the answer on it
	run --separate-stderr reg --rejects /dev/stdout requests.csv
	assert_failure 1
	assert_equal "$stderr" ''
	assert_output "$(reg_out1; reg_rej1)"
	[ -L /dev/stdout ]
	[ -c /dev/null ]
	# (the --expected file is flushed before the answer)
	run --separate-stderr mat --registry rma.csv --rejects /dev/null --expected /dev/stdout receipts.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(mat_exp1; mat_out1)"
	[ -L /dev/stdout ]
	[ -c /dev/null ]
	run sh -c 'ls -A /dev | grep "\.tmp\."'
	assert_failure 1
	intact
	listing
}

@test "complete or absent: a broken input (65), a locked journal (75), a broken journal (78) leave earlier reports" {
	night1
	match1
	earlier_reports rej.csv exp.csv
	printf 'receipt_id,parcel_id,sku,qty\n"W1,P1,S,1\n' >broken.csv
	printf 'receipt_id\nW1\n' >bad-j.csv
	snap
	run --separate-stderr mat --registry rma.csv --journal j.csv --rejects rej.csv \
	    --expected exp.csv broken.csv
	assert_failure 65
	assert_equal "$stderr" "return-match: broken.csv:2:1: unterminated quoted field"
	assert_output ''
	no_temp
	intact
	listing
	run --separate-stderr mat --registry rma.csv --journal bad-j.csv --rejects rej.csv \
	    --expected exp.csv receipts.csv
	assert_failure 78
	assert_equal "$stderr" "return-match: --journal bad-j.csv:1: state file has no column 'seq'"
	assert_output ''
	no_temp
	intact bad-j.csv.lock
	listing bad-j.csv.lock
	flock j.csv.lock sleep 5 3>&- &
	local pid=$!
	sleep 0.5
	run --separate-stderr mat --registry rma.csv --journal j.csv --rejects rej.csv \
	    --expected exp.csv --lock-timeout 1 receipts.csv
	assert_failure 75
	assert_equal "$stderr" "return-match: --journal 'j.csv' is locked by another run (waited 1 s; see --lock-timeout)"
	assert_output ''
	wait $pid
	no_temp
	intact bad-j.csv.lock
	listing bad-j.csv.lock
}

# ---- --dry-run (returns-formats(5)) ----

@test "--dry-run, return-register: output and rejects of a real run, the registry absent still; --summary says so" {
	snap
	run --separate-stderr reg --dry-run --summary --registry rma.csv --rejects rej.csv requests.csv
	assert_failure 1
	assert_output "$(reg_out1)"
	assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "return-register: dry run: nothing committed; --registry 'rma.csv' is as it was"
	run cat rej.csv
	assert_output "$(reg_rej1)"
	[ ! -e rma.csv ]
	intact
	listing rej.csv rma.csv.lock
	# the real run: the same answer and rejects, and now a registry
	mv rej.csv "$A/rej.dry"
	run --separate-stderr reg --summary --registry rma.csv --rejects rej.csv requests.csv
	assert_failure 1
	assert_output "$(reg_out1)"
	cmp rej.csv "$A/rej.dry"
	run cat rma.csv
	assert_output "$(reg_rma1)"
}

@test "--dry-run, return-register: a second night shows the numbers a real run then gives; the registry byte-identical" {
	night1
	night2_requests
	snap
	run --separate-stderr return-register --orders orders.csv --policy policy.yaml --as-of 2026-11-21 \
	    --dry-run --summary --registry rma.csv --rejects rej.csv night2.csv
	assert_success
	assert_output "$(reg_out2)"
	assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "return-register: dry run: nothing committed; --registry 'rma.csv' is as it was"
	intact
	listing rej.csv
	cp rej.csv "$A/rej.dry"
	# again: the numbers shown were not reserved
	run --separate-stderr return-register --orders orders.csv --policy policy.yaml --as-of 2026-11-21 \
	    --dry-run --registry rma.csv --rejects rej.csv night2.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(reg_out2)"
	intact
	listing rej.csv
	run --separate-stderr return-register --orders orders.csv --policy policy.yaml --as-of 2026-11-21 \
	    --registry rma.csv --rejects rej.csv night2.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(reg_out2)"
	cmp rej.csv "$A/rej.dry"
	run cat rma.csv
	assert_output "$(reg_rma1; reg_out2 | sed 1d | grep -v ',rejected,')"
}

@test "--dry-run without a state option: --summary says nothing committed" {
	snap
	run --separate-stderr reg --dry-run --summary requests.csv
	assert_failure 1
	assert_output "$(reg_out1)"
	assert_equal "${stderr_lines[0]}" "return-register: requests.csv:10: bad_qty: column 'qty': \"two\" is not a whole number from 1 to 1000000000"
	assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "return-register: dry run: nothing committed"
	intact
	listing
	night1
	snap
	run --separate-stderr mat --dry-run --summary --registry rma.csv receipts.csv
	assert_success
	assert_output "$(mat_out1)"
	assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "return-match: dry run: nothing committed"
	intact
	listing
}

@test "--dry-run, return-match: output, rejects and --expected of a real run; the journal byte-identical, then absent" {
	night1
	match1
	snap
	run --separate-stderr mat --as-of 2026-11-26 --dry-run --summary --registry rma.csv \
	    --journal j.csv --rejects rej.csv --expected exp.csv receipts.csv
	assert_success
	assert_output "$(mat_out2)"
	assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "return-match: dry run: nothing committed; --journal 'j.csv' is as it was"
	run cat rej.csv
	assert_output "$MREJ_HEAD"
	run cat exp.csv
	assert_output "$(mat_exp1 | sed 's/,5$/,6/')"
	intact
	listing rej.csv exp.csv
	mv rej.csv "$A/rej.dry"
	mv exp.csv "$A/exp.dry"
	run --separate-stderr mat --as-of 2026-11-26 --registry rma.csv \
	    --journal j.csv --rejects rej.csv --expected exp.csv receipts.csv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(mat_out2)"
	cmp rej.csv "$A/rej.dry"
	cmp exp.csv "$A/exp.dry"
	run cat j.csv
	assert_output "$(mat_out1; mat_out2 | sed 1d)"

	# a first night, no journal yet: it stays absent (the lock may appear)
	snap
	run --separate-stderr mat --dry-run --summary --registry rma.csv --journal new.csv \
	    --rejects rej.csv --expected exp.csv receipts.csv
	assert_success
	assert_output "$(mat_out1)"
	assert_equal "${stderr_lines[${#stderr_lines[@]} - 1]}" "return-match: dry run: nothing committed; --journal 'new.csv' is as it was"
	run cat exp.csv
	assert_output "$(mat_exp1)"
	[ ! -e new.csv ]
	intact rej.csv exp.csv
	listing new.csv.lock
}
