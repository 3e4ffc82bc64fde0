#!/usr/bin/env bats
# return-register: every rule of return-register(1), with exact output.
load helpers

F=$TOP/tests/fixtures/rules
AS_OF=2026-11-20

# reg POLICY [ARGS...] < requests: run return-register on the rule orders.
reg() {
	local pol=$1
	shift
	return-register --orders "$F/orders.csv" --policy "$F/policy-$pol.yaml" \
	    --as-of $AS_OF "$@"
}

@test "allocation newest: line date descending, delivered_at before invoice_date" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-A,10,DEFECT
	X
	run reg hold "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-A,3,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,1,R1,SKU-A,5,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2026-11-20,
	RMA000001,3,Q1,1,R1,SKU-A,2,DEFECT,accepted,,PO-3,INV-3,1,2026-06-01,8.00,EUR,24,2026-11-20,
	X
}

@test "allocation oldest: line date ascending" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-A,10,DEFECT
	X
	run reg oldest "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-A,4,DEFECT,accepted,,PO-3,INV-3,1,2026-06-01,8.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,1,R1,SKU-A,5,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2026-11-20,
	RMA000001,3,Q1,1,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	X
}

@test "allocation lowest_price: unit price ascending, then newest" {
	put orders.csv <<-X
	$ORD_HEAD
	P1,I-A,1,2026-10-01,,R1,S,1,9.5,EUR,24
	P2,I-B,1,2026-11-01,,R1,S,1,10.00,SEK,25
	P3,I-C,1,2026-10-15,,R1,S,1,9.50,EUR,24
	P4,I-D,1,2026-09-15,,R1,S,1,10,NOK,25
	X
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,S,4,DEFECT
	X
	run return-register --orders "$T/orders.csv" --policy "$F/policy-lowest.yaml" \
	    --as-of $AS_OF "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,S,1,DEFECT,accepted,,P3,I-C,1,2026-10-15,9.50,EUR,24,2026-11-20,
	RMA000001,2,Q1,1,R1,S,1,DEFECT,accepted,,P1,I-A,1,2026-10-01,9.5,EUR,24,2026-11-20,
	RMA000001,3,Q1,1,R1,S,1,DEFECT,accepted,,P2,I-B,1,2026-11-01,10.00,SEK,25,2026-11-20,
	RMA000001,4,Q1,1,R1,S,1,DEFECT,accepted,,P4,I-D,1,2026-09-15,10,NOK,25,2026-11-20,
	X
}

@test "ties: invoice_id bytewise, then line_no numerically" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-D,9,DEFECT
	X
	for pol in hold oldest lowest; do
		run reg $pol "$T/rq.csv"
		assert_success
		assert_output - <<-X
		$REG_HEAD
		RMA000001,1,Q1,1,R1,SKU-D,2,DEFECT,accepted,,PO-7,INV-10,1,2026-09-01,7.50,EUR,24,2026-11-20,
		RMA000001,2,Q1,1,R1,SKU-D,2,DEFECT,accepted,,PO-6,INV-6,1,2026-09-01,7.50,EUR,24,2026-11-20,
		RMA000001,3,Q1,1,R1,SKU-D,2,DEFECT,accepted,,PO-6,INV-6,2,2026-09-01,7.50,EUR,24,2026-11-20,
		RMA000001,4,Q1,1,R1,SKU-D,2,DEFECT,accepted,,PO-6,INV-6,9,2026-09-01,7.50,EUR,24,2026-11-20,
		RMA000001,5,Q1,1,R1,SKU-D,1,DEFECT,accepted,,PO-6,INV-6,10,2026-09-01,7.50,EUR,24,2026-11-20,
		X
	done
}

@test "window and late: hold: in-window lines first, then held outside_window" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-A,10,OVERSTOCK
	X
	run reg hold "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,1,R1,SKU-A,5,OVERSTOCK,held,outside_window,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2026-11-20,
	RMA000001,3,Q1,1,R1,SKU-A,2,OVERSTOCK,held,outside_window,PO-3,INV-3,1,2026-06-01,8.00,EUR,24,2026-11-20,
	X
}

@test "window and late: reject: what remains only out of window is outside_window" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-A,10,OVERSTOCK
	X
	run reg reject "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000001,,Q1,1,R1,SKU-A,7,OVERSTOCK,rejected,outside_window,,,,,,,,2026-11-20,
	X
}

@test "window boundary: 0 <= D - line date <= window_days; the reason's window wins" {
	put orders.csv <<-X
	$ORD_HEAD
	P1,I-60,1,2026-09-21,,R1,S,1,1.00,EUR,24
	P2,I-61,1,2026-09-20,,R1,S,1,1.00,EUR,24
	P3,I-0,1,2026-11-20,,R1,S,1,1.00,EUR,24
	X
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,S,3,OVERSTOCK
	Q2,R1,S,1,DEFECT
	X
	run return-register --orders "$T/orders.csv" --policy "$F/policy-reject.yaml" \
	    --as-of $AS_OF "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,S,1,OVERSTOCK,accepted,,P3,I-0,1,2026-11-20,1.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,1,R1,S,1,OVERSTOCK,accepted,,P1,I-60,1,2026-09-21,1.00,EUR,24,2026-11-20,
	RMA000001,,Q1,1,R1,S,1,OVERSTOCK,rejected,outside_window,,,,,,,,2026-11-20,
	RMA000002,1,Q2,1,R1,S,1,DEFECT,accepted,,P2,I-61,1,2026-09-20,1.00,EUR,24,2026-11-20,
	X
}

@test "candidates: lines dated after requested_at are never used" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,requested_at
	Q1,R1,SKU-C,1,DEFECT,2026-11-30
	Q2,R1,SKU-C,1,DEFECT,2026-12-01T09:30:00+02:00
	X
	run reg hold "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	,,Q1,1,R1,SKU-C,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-30,
	RMA000001,1,Q2,1,R1,SKU-C,1,DEFECT,accepted,,PO-5,INV-5,1,2026-12-01,5.00,EUR,24,2026-12-01,
	X
}

@test "remainder reasons: exceeds_returnable, not_purchased, order_not_found" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,order_id,invoice_id
	Q3,R1,SKU-A,20,DEFECT,,
	Q4,R1,SKU-Z,1,DEFECT,,
	Q8,R1,SKU-C,1,DEFECT,PO-1,
	Q9,R1,SKU-A,1,DEFECT,PO-1,INV-2
	Q11,R9,SKU-A,1,DEFECT,,
	X
	run reg hold "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q3,1,R1,SKU-A,3,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000001,2,Q3,1,R1,SKU-A,5,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2026-11-20,
	RMA000001,3,Q3,1,R1,SKU-A,4,DEFECT,accepted,,PO-3,INV-3,1,2026-06-01,8.00,EUR,24,2026-11-20,
	RMA000001,,Q3,1,R1,SKU-A,8,DEFECT,rejected,exceeds_returnable,,,,,,,,2026-11-20,
	,,Q4,1,R1,SKU-Z,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	,,Q8,1,R1,SKU-C,1,DEFECT,rejected,not_purchased,PO-1,,,,,,,2026-11-20,
	,,Q9,1,R1,SKU-A,1,DEFECT,rejected,order_not_found,PO-1,INV-2,,,,,,2026-11-20,
	,,Q11,1,R9,SKU-A,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	X
}

@test "authorization: another retailer's order answers exactly like a missing one" {
	put other.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,order_id,invoice_id
	Q1,R1,SKU-A,1,DEFECT,PO-4,
	Q2,R1,SKU-A,1,DEFECT,,INV-4
	X
	put missing.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,order_id,invoice_id
	Q1,R1,SKU-A,1,DEFECT,PO-404,
	Q2,R1,SKU-A,1,DEFECT,,INV-404
	X
	run reg hold "$T/other.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	,,Q1,1,R1,SKU-A,1,DEFECT,rejected,order_not_found,PO-4,,,,,,,2026-11-20,
	,,Q2,1,R1,SKU-A,1,DEFECT,rejected,order_not_found,,INV-4,,,,,,2026-11-20,
	X
	local other=$output
	run reg hold "$T/missing.csv"
	assert_success
	# identical but for the echoed reference
	assert_equal "$(printf '%s' "$other" | sed 's/-4,/-404,/')" "$output"
	# and R2's own order is used for R2
	put own.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,order_id
	Q1,R2,SKU-A,1,DEFECT,PO-4
	X
	run reg hold "$T/own.csv"
	assert_success
	assert_line --index 1 'RMA000001,1,Q1,1,R2,SKU-A,1,DEFECT,accepted,,PO-4,INV-4,1,2026-10-01,10.00,EUR,24,2026-11-20,'
}

@test "scope: order_id and invoice_id narrow, and both must match" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,order_id,invoice_id
	Q1,R1,SKU-A,9,DEFECT,PO-1,
	Q2,R1,SKU-A,1,DEFECT,,INV-2
	Q3,R1,SKU-A,1,DEFECT,PO-2,INV-2
	X
	run reg hold "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-A,5,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2026-11-20,
	RMA000001,,Q1,1,R1,SKU-A,4,DEFECT,rejected,exceeds_returnable,PO-1,,,,,,,2026-11-20,
	RMA000002,1,Q2,1,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000003,1,Q3,1,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	X
}

@test "RMA numbers: one per retailer and request, none without a registered line" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	A,R1,SKU-Z,1,DEFECT
	A,R1,SKU-B,1,DEFECT
	B,R1,SKU-Z,1,DEFECT
	A,R2,SKU-A,1,DEFECT
	A,R1,SKU-A,1,DEFECT
	X
	run reg hold "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,,A,1,R1,SKU-Z,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	RMA000001,1,A,2,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	,,B,1,R1,SKU-Z,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	RMA000002,1,A,1,R2,SKU-A,1,DEFECT,accepted,,PO-4,INV-4,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA000001,2,A,3,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	X
}

@test "RMA numbers continue across runs without gaps; a request keeps its RMA" {
	put day1.csv <<-'X'
	request_id,retailer_id,request_line,sku,qty,reason
	A,R1,1,SKU-B,1,DEFECT
	B,R1,1,SKU-Z,1,DEFECT
	X
	put day2.csv <<-'X'
	request_id,retailer_id,request_line,sku,qty,reason
	C,R1,1,SKU-B,1,DEFECT
	A,R1,2,SKU-A,2,DEFECT
	B,R1,1,SKU-B,1,DEFECT
	X
	run reg hold --registry "$T/rma.csv" "$T/day1.csv"
	assert_success
	run reg hold --registry "$T/rma.csv" "$T/day2.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000002,1,C,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	RMA000001,2,A,2,R1,SKU-A,2,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000003,1,B,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	X
	run cat "$T/rma.csv"
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,A,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	RMA000002,1,C,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	RMA000001,2,A,2,R1,SKU-A,2,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000003,1,B,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	X
}

@test "RMA numbers: rma_format with {yyyy}, and the highest matching id counts" {
	printf 'rma_format: "R{yyyy}-{seq:3}"\nreasons:\n  DEFECT: {window_days: 365}\n' >"$T/pol.yaml"
	put rma.csv <<-X
	$REG_HEAD
	R2025-041,1,OLD,1,R1,SKU-A,1,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2025-12-01,
	X-9999,1,OLD2,1,R1,SKU-A,1,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2025-12-01,
	X
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	N,R1,SKU-B,1,DEFECT
	X
	run return-register --orders "$F/orders.csv" --policy "$T/pol.yaml" \
	    --as-of $AS_OF --registry "$T/rma.csv" "$T/rq.csv"
	assert_success
	assert_line --index 1 'R2026-042,1,N,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,'
}

@test "remaining quantity: registry and journal order_history rows consume invoice lines" {
	put rma.csv <<-X
	$REG_HEAD
	RMA000007,1,OLD,1,R1,SKU-A,2,DEFECT,held,outside_window,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-01,
	X
	put journal.csv <<-'X'
	receipt_id,seq,parcel_id,retailer_id,sku,qty,condition,received_at,match,status,status_reason,rma_id,rma_line,reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate
	W1,1,P1,R1,SKU-A,4,A,2026-11-10,order_history,unannounced,,,,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24
	W2,1,P1,R1,SKU-A,3,A,2026-11-10,none,unmatched,exceeds_returnable,,,,,,,,,,
	W3,1,P2,R1,SKU-A,1,A,2026-11-10,rma,matched,,RMA000007,1,DEFECT,PO-2,INV-2,1,2026-10-03,12.00,EUR,24
	X
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-A,9,DEFECT
	X
	run reg hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000008,1,Q1,1,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000008,2,Q1,1,R1,SKU-A,1,DEFECT,accepted,,PO-1,INV-1,1,2026-09-01,10.00,EUR,24,2026-11-20,
	RMA000008,3,Q1,1,R1,SKU-A,4,DEFECT,accepted,,PO-3,INV-3,1,2026-06-01,8.00,EUR,24,2026-11-20,
	RMA000008,,Q1,1,R1,SKU-A,3,DEFECT,rejected,exceeds_returnable,,,,,,,,2026-11-20,
	X
}

@test "idempotency: the same input twice registers nothing the second time" {
	run return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
	    --as-of $AS_OF --registry "$T/rma.csv" --rejects "$T/rej.csv" "$EX/requests.csv"
	assert_failure 1
	cp "$T/rma.csv" "$T/rma.first"
	run return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
	    --as-of $AS_OF --registry "$T/rma.csv" --rejects "$T/rej.csv" "$EX/requests.csv"
	assert_failure 1
	run cmp "$T/rma.first" "$T/rma.csv"
	assert_success
	run return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
	    --as-of $AS_OF --registry "$T/rma.csv" --rejects "$T/rej.csv" "$EX/requests.csv"
	# every registered line is answered duplicate, with the registered columns
	assert_equal "$(printf '%s\n' "$output" | grep -c ',duplicate,')" \
	    "$(($(wc -l <"$T/rma.first") - 1))"
	assert_equal "$(printf '%s\n' "$output" | grep -c ',accepted,\|,held,')" 0
	assert_line 'RMA000001,2,FI-RET-0042,2,R-FI-001,SCK-WOOL-3P,12,OVERSTOCK,duplicate,outside_window,PO-FI-3028,INV-70003,2,2026-08-21,12.45,EUR,25.5,2026-11-20,'
}

@test "idempotency: a key registered with another sku is duplicate_key" {
	put rq1.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-B,1,DEFECT
	X
	put rq2.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q0,R1,SKU-Z,1,DEFECT
	Q1,R1,SKU-A,1,DEFECT
	X
	run reg hold --registry "$T/rma.csv" "$T/rq1.csv"
	assert_success
	run --separate-stderr reg hold --registry "$T/rma.csv" "$T/rq2.csv"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	,,Q0,1,R1,SKU-Z,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	X
	assert_equal "$stderr" "return-register: $T/rq2.csv:3: duplicate_key: request line 1 is already registered with another sku; a request that spans several runs must number its lines (request_line)"
}

@test "request_line: default is the position among rows of the same retailer and request" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-A,x,DEFECT
	Q1,R2,SKU-A,1,DEFECT
	Q1,R1,SKU-B,1,DEFECT
	X
	run --separate-stderr reg hold "$T/rq.csv"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R2,SKU-A,1,DEFECT,accepted,,PO-4,INV-4,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA000002,1,Q1,2,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	X
}

@test "duplicate request key in one input: later rows are duplicate_key" {
	put rq.csv <<-'X'
	request_id,retailer_id,request_line,sku,qty,reason
	Q1,R1,007,SKU-A,1,DEFECT
	Q1,R1,7,SKU-B,1,DEFECT
	X
	run --separate-stderr reg hold --rejects "$T/rej.csv" "$T/rq.csv"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,7,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	X
	run cat "$T/rej.csv"
	assert_output - <<-X
	request_id,retailer_id,request_line,sku,qty,reason,reject_file,reject_line,reject_code,reject_reason
	Q1,R1,7,SKU-B,1,DEFECT,$T/rq.csv,3,duplicate_key,"request ""Q1"" of retailer ""R1"" has line 7 twice (first on line 2)"
	X
}

@test "duplicate request key: request_line out of order, repeats found before and after" {
	put rq.csv <<-'X'
	request_id,retailer_id,request_line,sku,qty,reason
	Q1,R1,3,SKU-A,1,DEFECT
	Q2,R2,1,SKU-A,1,DEFECT
	Q1,R1,1,SKU-B,1,DEFECT
	Q1,R1,3,SKU-B,1,DEFECT
	Q1,R1,2,SKU-A,1,DEFECT
	Q1,R1,1,SKU-A,1,DEFECT
	X
	run --separate-stderr reg hold --rejects "$T/rej.csv" "$T/rq.csv"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,3,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000002,1,Q2,1,R2,SKU-A,1,DEFECT,accepted,,PO-4,INV-4,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	RMA000001,3,Q1,2,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	X
	run cat "$T/rej.csv"
	assert_output - <<-X
	request_id,retailer_id,request_line,sku,qty,reason,reject_file,reject_line,reject_code,reject_reason
	Q1,R1,3,SKU-B,1,DEFECT,$T/rq.csv,5,duplicate_key,"request ""Q1"" of retailer ""R1"" has line 3 twice (first on line 2)"
	Q1,R1,1,SKU-A,1,DEFECT,$T/rq.csv,7,duplicate_key,"request ""Q1"" of retailer ""R1"" has line 1 twice (first on line 4)"
	X
}

@test "duplicate request key: default and given request_line mixed, and across two inputs" {
	put rq1.csv <<-'X'
	request_id,retailer_id,request_line,sku,qty,reason
	Q1,R1,,SKU-A,1,DEFECT
	Q1,R1,,SKU-B,1,DEFECT
	Q1,R1,1,SKU-A,1,DEFECT
	Q1,R1,,SKU-A,1,DEFECT
	X
	put rq2.csv <<-'X'
	request_id,retailer_id,request_line,sku,qty,reason
	Q1,R1,,SKU-B,1,DEFECT
	Q1,R1,5,SKU-B,1,DEFECT
	X
	run --separate-stderr reg hold --rejects "$T/rej.csv" "$T/rq1.csv" "$T/rq2.csv"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,2,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	RMA000001,3,Q1,4,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	RMA000001,4,Q1,5,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	X
	run cat "$T/rej.csv"
	assert_output - <<-X
	request_id,retailer_id,request_line,sku,qty,reason,reject_file,reject_line,reject_code,reject_reason
	Q1,R1,1,SKU-A,1,DEFECT,$T/rq1.csv,4,duplicate_key,"request ""Q1"" of retailer ""R1"" has line 1 twice (first on line 2)"
	Q1,R1,,SKU-B,1,DEFECT,$T/rq2.csv,2,duplicate_key,"request ""Q1"" of retailer ""R1"" has line 1 twice (first on line 2)"
	X
}

@test "unknown_reason: with a policy only its reasons; without one any reason" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-B,1,BROKEN
	X
	run --separate-stderr reg hold "$T/rq.csv"
	assert_failure 1
	assert_output "$REG_HEAD"
	assert_equal "$stderr" "return-register: $T/rq.csv:2: unknown_reason: column 'reason': \"BROKEN\" is not a reason the policy defines"
	# without a policy: any reason, the default window of 60 days
	run return-register --orders "$F/orders.csv" --as-of $AS_OF "$T/rq.csv"
	assert_success
	assert_line --index 1 'RMA000001,1,Q1,1,R1,SKU-B,1,BROKEN,held,outside_window,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,'
}

@test "carried columns: unknown columns follow the standard ones; output names are not carried" {
	put rq.csv <<-'X'
	erp_ref,request_id,retailer_id,sku,qty,reason,status,note
	E-1,Q1,R1,SKU-B,1,DEFECT,whatever,"a ""quoted"", note"
	X
	run reg hold --registry "$T/rma.csv" "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD,erp_ref
	RMA000001,1,Q1,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,"a ""quoted"", note",E-1
	X
	run cat "$T/rma.csv"
	assert_output - <<-X
	$REG_HEAD,erp_ref
	RMA000001,1,Q1,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,"a ""quoted"", note",E-1
	X
}

@test "registry header: union of carried columns over runs" {
	put rq1.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,x1
	Q1,R1,SKU-B,1,DEFECT,one
	X
	put rq2.csv <<-'X'
	request_id,retailer_id,sku,qty,reason,x2
	Q2,R1,SKU-B,1,DEFECT,two
	X
	run reg hold --registry "$T/rma.csv" "$T/rq1.csv"
	run reg hold --registry "$T/rma.csv" "$T/rq2.csv"
	assert_success
	run cat "$T/rma.csv"
	assert_output - <<-X
	$REG_HEAD,x1,x2
	RMA000001,1,Q1,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,,one,
	RMA000002,1,Q2,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,,,two
	X
}

@test "JSON Lines in, JSON types out, carried values keep their type" {
	put rq.jsonl <<-'X'
	{"request_id":"Q1","retailer_id":"R1","sku":"SKU-B","qty":1,"reason":"DEFECT","meta":{"a": [1, 2]},"n":1.50,"flag":true}
	{"request_id":"Q2","retailer_id":"R1","sku":"SKU-Z","qty":2,"reason":"DEFECT","requested_at":"2026-11-19"}
	X
	run reg hold --json "$T/rq.jsonl"
	assert_success
	assert_output - <<-'X'
	{"rma_id":"RMA000001","rma_line":1,"request_id":"Q1","request_line":1,"retailer_id":"R1","sku":"SKU-B","qty":1,"reason":"DEFECT","status":"accepted","status_reason":null,"order_id":"PO-1","invoice_id":"INV-1","invoice_line":2,"line_date":"2026-09-01","unit_price":"20.00","currency":"EUR","tax_rate":"24","requested_at":"2026-11-20","note":null,"meta":{"a":[1,2]},"n":1.50,"flag":true}
	{"rma_id":null,"rma_line":null,"request_id":"Q2","request_line":1,"retailer_id":"R1","sku":"SKU-Z","qty":2,"reason":"DEFECT","status":"rejected","status_reason":"not_purchased","order_id":null,"invoice_id":null,"invoice_line":null,"line_date":null,"unit_price":null,"currency":null,"tax_rate":null,"requested_at":"2026-11-19","note":null,"meta":null,"n":null,"flag":null}
	X
}

@test "-o json: one array; a JSON array in; CSV out of JSON input has the key union" {
	put rq.json <<-'X'
	[
	  {"request_id":"Q1","retailer_id":"R1","sku":"SKU-B","qty":1,"reason":"DEFECT","a":"x"},
	  {"request_id":"Q2","retailer_id":"R1","sku":"SKU-Z","qty":1,"reason":"DEFECT","b":7}
	]
	X
	run reg hold "$T/rq.json"
	assert_success
	assert_output - <<-X
	$REG_HEAD,a,b
	RMA000001,1,Q1,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,,x,
	,,Q2,1,R1,SKU-Z,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,,,7
	X
	run reg hold -o json "$T/rq.json"
	assert_success
	assert_line --index 0 '['
	assert_line --index 3 ']'
	assert_equal "${#lines[@]}" 4
}

@test "--delimiter ';' and --decimal-comma read and write money with a comma" {
	put orders.csv <<-'X'
	order_id;invoice_id;line_no;invoice_date;delivered_at;retailer_id;sku;qty;unit_price;currency;tax_rate
	P1;I1;1;2026-10-01;;R1;S;5;"1234,50";EUR;"25,5"
	X
	put rq.csv <<-'X'
	request_id;retailer_id;sku;qty;reason
	Q1;R1;S;2;DEFECT
	X
	run return-register --orders "$T/orders.csv" --as-of $AS_OF --delimiter ';' \
	    --decimal-comma --registry "$T/rma.csv" "$T/rq.csv"
	assert_success
	assert_output - <<-'X'
	rma_id;rma_line;request_id;request_line;retailer_id;sku;qty;reason;status;status_reason;order_id;invoice_id;invoice_line;line_date;unit_price;currency;tax_rate;requested_at;note
	RMA000001;1;Q1;1;R1;S;2;DEFECT;accepted;;P1;I1;1;2026-10-01;1234,50;EUR;25,5;2026-11-20;
	X
	# the registry is a state file: comma separated, decimal point
	run tail -n 1 "$T/rma.csv"
	assert_output 'RMA000001,1,Q1,1,R1,S,2,DEFECT,accepted,,P1,I1,1,2026-10-01,1234.50,EUR,25.5,2026-11-20,'
	run return-register --orders "$T/orders.csv" --as-of $AS_OF --delimiter ';' \
	    --decimal-comma --crlf "$T/rq.csv"
	assert_equal "$(printf '%s\n' "$output" | grep -c $'\r$')" 2
}

@test "several operands: each with its own header and format, in operand order" {
	put a.csv <<-'X'
	retailer_id,request_id,sku,qty,reason
	R1,Q1,SKU-B,1,DEFECT
	X
	put b.jsonl <<-'X'
	{"request_id":"Q1","retailer_id":"R1","request_line":2,"sku":"SKU-A","qty":1,"reason":"DEFECT"}
	X
	run reg hold "$T/a.csv" "$T/b.jsonl"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-09-01,20.00,EUR,24,2026-11-20,
	RMA000001,2,Q1,2,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-10-03,12.00,EUR,24,2026-11-20,
	X
}

@test "--summary: counts by status and registered value per currency" {
	run --separate-stderr return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
	    --as-of $AS_OF --summary --rejects "$T/rej.csv" "$EX/requests.csv"
	assert_failure 1
	assert_equal "$stderr" "return-register: 11 request lines in, 13 answer rows out, 1 malformed
return-register: accepted 8, held 2, rejected 3, duplicate 0
return-register: order lines: 42 read, 0 malformed, 20 kept
return-register: registered EUR 2743.40
return-register: registered SEK 48078.80
return-register: registered NOK 6647.00"
}

@test "the example data: whole answer and rejects" {
	cd "$TOP"
	run return-register --orders tests/fixtures/examples/orders.csv \
	    --policy tests/fixtures/examples/policy.yaml --as-of $AS_OF \
	    --rejects "$T/rej.csv" tests/fixtures/examples/requests.csv
	assert_failure 1
	assert_output "$(cat "$TOP/tests/expected/register-examples.csv")"
	run cat "$T/rej.csv"
	assert_output "$(cat "$TOP/tests/expected/register-examples-rejects.csv")"
}
