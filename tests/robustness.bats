#!/usr/bin/env bats
# Hostile and odd inputs found in review: each once broke a run, a state
# file or the validity of the output.
load helpers

F=$TOP/tests/fixtures/rules
AS_OF=2026-11-20

reg() {
	return-register --orders "$F/orders.csv" --policy "$F/policy-hold.yaml" \
	    --as-of $AS_OF "$@"
}

@test "JSON: large values in one object are all read (no stale pointers)" {
	# printf and tr, not awk: mawk cannot sprintf more than 8 KiB.
	{
		printf '{"request_id":"Q1","retailer_id":"R1","sku":"SKU-B","qty":1,"reason":"DEFECT","aa":"'
		printf '%5000s' '' | tr ' ' y
		printf '","bb":"'
		printf '%50000s' '' | tr ' ' z
		printf '"}\n'
	} >"$T/big.jsonl"
	[ "$(wc -c <"$T/big.jsonl")" -eq $((95 + 5000 + 50000)) ]
	run reg --json "$T/big.jsonl"
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_output --partial '"status":"accepted"'
	assert_output --partial "\"bb\":\"$(printf '%50000s' '' | tr ' ' z)\"}"
}

@test "JSON: a number too large for a double is a bad value of its column, not a broken input" {
	put rq.jsonl <<-'X'
	{"request_id":"Q1","retailer_id":"R1","sku":"SKU-B","qty":1e999,"reason":"DEFECT"}
	{"request_id":"Q2","retailer_id":"R1","sku":"SKU-B","qty":1,"reason":"DEFECT","big":1e999}
	X
	run --separate-stderr reg --json "$T/rq.jsonl"
	assert_failure 1
	assert_equal "$stderr" "return-register: $T/rq.jsonl:1: bad_qty: column 'qty': \"1e999\" is not a whole number from 1 to 1000000000"
	assert_output --partial '"request_id":"Q2"'
	assert_output --partial '"big":1e999}'
}

@test "JSON: a malformed number is still refused as JSON" {
	printf '{"request_id":"Q1","retailer_id":"R1","sku":"S","qty":01,"reason":"D"}\n' >"$T/rq.jsonl"
	run reg "$T/rq.jsonl"
	assert_failure 65
}

@test "a header name that is not UTF-8 is a broken input (JSON output must stay valid)" {
	printf 'request_id,retailer_id,sku,qty,reason,x\377\376\nQ1,R1,SKU-B,1,DEFECT,v\n' >"$T/rq.csv"
	run --separate-stderr reg -o jsonl "$T/rq.csv"
	assert_failure 65
	assert_equal "$stderr" "return-register: $T/rq.csv:1:40: column name is not valid UTF-8"
}

@test "a closed standard output is refused before any state file is touched" {
	printf 'request_id,retailer_id,sku,qty,reason\nQ1,R1,SKU-B,1,DEFECT\n' >"$T/rq.csv"
	run --separate-stderr sh -c 'return-register --orders "$1" --policy "$2" --as-of 2026-11-20 --registry "$3" "$4" >&-' \
	    sh "$F/orders.csv" "$F/policy-hold.yaml" "$T/rma.csv" "$T/rq.csv"
	assert_failure 74
	assert_equal "$stderr" "return-register: standard output is closed"
	[ ! -e "$T/rma.csv" ]
}

@test "an rma_format that makes no id is a policy error, not a poisoned registry" {
	printf 'rma_format: "RMA{seq:06} "\n' >"$T/p.yaml"
	printf 'request_id,retailer_id,sku,qty,reason\nQ1,R1,SKU-B,1,DEFECT\n' >"$T/rq.csv"
	run --separate-stderr return-register --orders "$F/orders.csv" --policy "$T/p.yaml" "$T/rq.csv"
	assert_failure 78
	assert_equal "$stderr" "return-register: --policy $T/p.yaml:1:13: rma_format makes ids like \"RMA000001 \", which are not ids (1 to 64 bytes, no leading or trailing space, no control character)"
}

@test "--policy naming a directory cannot be opened (66)" {
	printf 'request_id,retailer_id,sku,qty,reason\n' >"$T/rq.csv"
	run --separate-stderr return-register --orders "$F/orders.csv" --policy "$T" "$T/rq.csv"
	assert_failure 66
	assert_equal "$stderr" "return-register: --policy '$T': cannot open: Is a directory"
}

@test "request_line positions count the whole texts, however long" {
	local a=$(printf '%64s' '' | tr ' ' A)
	printf 'request_id,retailer_id,sku,qty,reason\n%sB,R1,SKU-B,1,DEFECT\n%s,R1,SKU-B,1,DEFECT\n' "$a" "$a" >"$T/rq.csv"
	run --separate-stderr reg "$T/rq.csv"
	assert_failure 1
	# line 1, not 2: the malformed row's request_id is another request
	assert_line --index 1 "RMA000001,1,$a,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,"
}

@test "a record of too many fields is a broken input, not a memory blow-up" {
	{ printf 'request_id,retailer_id,sku,qty,reason\n'; head -c 200000 /dev/zero | tr '\0' ','; echo; } >"$T/rq.csv"
	run --separate-stderr reg "$T/rq.csv"
	assert_failure 65
	assert_equal "$stderr" "return-register: $T/rq.csv:2:1: record larger than 64 MiB or with more than 65536 fields"
}

@test "a last line of delimiters without a newline is a row like any other" {
	printf 'request_id,retailer_id,sku,qty,reason\nQ1,R1,SKU-B,1,DEFECT\n,,,,' >"$T/rq.csv"
	run --separate-stderr reg "$T/rq.csv"
	assert_failure 1
	assert_equal "$stderr" "return-register: $T/rq.csv:3: missing_value: column 'request_id' is required and empty"
}

@test "duplicate answers write integers and dates of the registry normalized" {
	put rma.csv <<-X
	$REG_HEAD
	RMA000001,01,Q1,001,R1,SKU-B,006,DEFECT,accepted,,PO-1,INV-1,02,2026-09-01T10:00:00Z,20.00,EUR,24,2026-11-20,
	X
	printf 'request_id,retailer_id,sku,qty,reason\nQ1,R1,SKU-B,1,DEFECT\n' >"$T/rq.csv"
	run reg --registry "$T/rma.csv" --json "$T/rq.csv"
	assert_success
	assert_output '{"rma_id":"RMA000001","rma_line":1,"request_id":"Q1","request_line":1,"retailer_id":"R1","sku":"SKU-B","qty":6,"reason":"DEFECT","status":"duplicate","status_reason":null,"order_id":"PO-1","invoice_id":"INV-1","invoice_line":2,"line_date":"2026-09-01","unit_price":"20.00","currency":"EUR","tax_rate":"24","requested_at":"2026-11-20","note":null}'
}

@test "an ambiguous_sender list is cut to fit status_reason; the journal stays readable" {
	awk 'BEGIN { print "order_id,invoice_id,line_no,invoice_date,delivered_at,retailer_id,sku,qty,unit_price,currency,tax_rate"
		for (i = 1; i <= 100; i++)
			printf "PO-%d,INV-%d,1,2026-11-01,,RETAILER-WITH-A-RATHER-LONG-IDENTIFIER-NUMBER-%05d,SKU-1,5,10.00,EUR,25\n", i, i, i }' >"$T/o.csv"
	printf 'receipt_id,parcel_id,sku,qty\nW1,P1,SKU-1,1\n' >"$T/r.csv"
	run return-match --orders "$T/o.csv" --journal "$T/j.csv" --as-of 2026-11-25 "$T/r.csv"
	assert_success
	local reason=$(printf '%s\n' "$output" | tail -n 1 | cut -d, -f11)
	[ "${#reason}" -le 1000 ]
	assert_equal "${reason:0:68}" "ambiguous_sender:RETAILER-WITH-A-RATHER-LONG-IDENTIFIER-NUMBER-00001"
	assert_equal "${reason: -4}" "|..."
	run return-match --orders "$T/o.csv" --journal "$T/j.csv" --as-of 2026-11-25 "$T/r.csv"
	assert_success
	assert_line --index 1 --partial "W1,2,P1,,SKU-1,1,,2026-11-25,none,unmatched,ambiguous_sender:"
}
