#!/usr/bin/env bats
# credit-emit: every rule of credit-emit(1) (triage, dispositions,
# amounts, VAT, grouping, numbers, replay, malformed rows, the reports,
# the output formats), with exact output.  The policy and
# what its codes make of a line are in tests/fixtures/credit/README.md;
# every run is as of 2026-11-25 unless a test says otherwise.
load helpers

F=$TOP/tests/fixtures/credit
AS_OF=2026-11-25
MATCH_HEAD='receipt_id,seq,parcel_id,retailer_id,sku,qty,condition,received_at,match,status,status_reason,rma_id,rma_line,reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate'
OUT_HEAD='credit_note_id,issue_date,retailer_id,currency,invoice_id,line_no,receipt_id,seq,rma_id,rma_line,order_id,invoice_line,sku,qty,unit_price,gross_amount,allowance_pct,allowance_amount,net_amount,tax_rate,reason,condition,note_net,note_tax,note_total'
LEDGER_HEAD="$OUT_HEAD,disposition"
HELD_HEAD="$MATCH_HEAD,hold_reason"
REPL_HEAD='retailer_id,sku,qty,order_id,invoice_id,invoice_line,rma_id,rma_line,receipt_id,seq'
# A short input: the columns credit-emit needs to credit a row.
SHORT_HEAD='receipt_id,seq,retailer_id,sku,qty,status,reason,condition,invoice_id,unit_price,currency,tax_rate'

# ce ARGS...: credit-emit with the fixture policy; cep ARGS...: with
# $T/pol.yaml, made by policy KEY VALUE (the fixture policy, KEY set).
ce() {
	credit-emit --policy "$F/policy.yaml" --as-of $AS_OF "$@"
}

cep() {
	credit-emit --policy "$T/pol.yaml" --as-of $AS_OF "$@"
}

policy() {
	sed "s|^$1:.*|$1: $2|" "$F/policy.yaml" >"$T/pol.yaml"
	grep -q "^$1: $2\$" "$T/pol.yaml"
}

# --------------------------------------------------------------- examples

# examples_matches: in $T, the registry R of the example requests (exit 1:
# one malformed quantity) and M, return-match's answer to the receipts.
examples_matches() {
	cd "$T"
	run --separate-stderr return-register --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
	    --as-of 2026-11-20 --registry R "$EX/requests.csv"
	assert_failure 1
	return-match --orders "$EX/orders.csv" --retailers "$EX/retailers.csv" \
	    --policy "$EX/policy.yaml" --as-of 2026-11-25 --registry R "$EX/receipts.csv" >M
}

@test "examples: register, match, credit: six notes, eight rows held, one replacement; the ledger" {
	examples_matches
	run --separate-stderr credit-emit --policy "$EX/policy.yaml" --as-of 2026-11-25 \
	    --ledger L --held H --replacements P M
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN2026-000001,2026-11-25,R-SE-014,SEK,INV-70013,1,WMS-880001,1,RMA000002,1,PO-SE-3119,4,TNT-2P-LITE,12,3179.00,38148.00,10,3814.80,34333.20,25,OVERSTOCK,A,34727.00,8681.75,43408.75
	CN2026-000001,2026-11-25,R-SE-014,SEK,INV-70013,2,WMS-880002,1,RMA000002,3,PO-SE-3119,2,HAT-BEANIE,2,196.90,393.80,0,0.00,393.80,25,WRONG_ITEM,A,34727.00,8681.75,43408.75
	CN2026-000002,2026-11-25,R-SE-014,SEK,INV-70012,1,WMS-880001,2,RMA000002,2,PO-SE-8301,2,TNT-2P-LITE,3,3179.00,9537.00,10,953.70,8583.30,25,OVERSTOCK,A,8583.30,2145.83,10729.13
	CN2026-000003,2026-11-25,R-FI-001,EUR,INV-70011,1,WMS-880003,1,RMA000001,1,PO-FI-5422,2,JKT-ALP-M-BLU,6,149.00,894.00,10,89.40,804.60,25.5,OVERSTOCK,A,804.60,205.17,1009.77
	CN2026-000004,2026-11-25,R-FI-001,EUR,INV-70005,1,WMS-880004,1,RMA000001,4,PO-FI-3961,2,PNT-TRK-32,3,69.50,208.50,20,41.70,166.80,25.5,DEFECT,B,166.80,42.53,209.33
	CN2026-000005,2026-11-25,R-DE-203,EUR,INV-70007,1,WMS-880008,1,RMA000003,1,PO-DE-6924,1,BAG-DAY-25,24,54.90,1317.60,10,131.76,1185.84,19,OVERSTOCK,A,1185.84,225.31,1411.15
	CN2026-000006,2026-11-25,R-NO-007,NOK,INV-70010,1,WMS-880012,1,RMA000005,1,PO-NO-6140,1,TNT-2P-LITE,1,3323.50,3323.50,10,332.35,2991.15,25,OVERSTOCK,A,2991.15,747.79,3738.94
	X
	run cat H
	assert_output - <<-X
	$HELD_HEAD
	WMS-880005,1,P-1002,R-FI-001,SCK-WOOL-3P,12,A,2026-11-25,parcel_rma,held,outside_window,RMA000001,2,OVERSTOCK,PO-FI-3028,INV-70003,2,2026-08-21,12.45,EUR,25.5,outside_window
	WMS-880005,2,P-1002,R-FI-001,SCK-WOOL-3P,2,A,2026-11-25,parcel_rma,held,outside_window,RMA000001,3,OVERSTOCK,PO-FI-3471,INV-70001,3,2026-08-04,12.45,EUR,25.5,outside_window
	WMS-880008,2,P-1004,R-DE-203,BAG-DAY-25,2,A,2026-11-25,order_history,unannounced,,,,,PO-DE-3243,INV-70014,3,2026-11-02,54.90,EUR,19,unannounced
	WMS-880009,1,P-1004,R-DE-203,GLV-SKI-L,1,SCRAP,2026-11-25,order_history,unannounced,,,,,PO-DE-6924,INV-70007,2,2026-09-10,38.75,EUR,19,disposition_reject
	WMS-880011,1,P-1005,R-NO-007,JKT-ALP-M-BLU,2,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,,not_purchased
	WMS-880013,1,P-1006,R-SE-014,PNT-TRK-32,1,A,2026-11-25,none,conflict,sender_conflict,RMA000001,,,,,,,,,,sender_conflict
	WMS-880006,1,P-1003,R-FI-001,JKT-ALP-L-BLU,2,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-FI-5422,INV-70011,1,2026-10-15,149.00,EUR,25.5,unannounced
	WMS-880007,1,P-1003,R-FI-001,TNT-2P-LITE,1,B,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-FI-5422,INV-70011,3,2026-10-15,289.00,EUR,25.5,unannounced
	X
	run cat P
	assert_output - <<-X
	$REPL_HEAD
	R-DE-203,JKT-ALP-L-BLU,1,PO-DE-6924,INV-70007,3,RMA000004,1,WMS-880010,1
	X
	# the ledger: the credited lines in output order, then the replacement
	run cat L
	assert_output - <<-X
	$LEDGER_HEAD
	CN2026-000001,2026-11-25,R-SE-014,SEK,INV-70013,1,WMS-880001,1,RMA000002,1,PO-SE-3119,4,TNT-2P-LITE,12,3179.00,38148.00,10,3814.80,34333.20,25,OVERSTOCK,A,34727.00,8681.75,43408.75,credit
	CN2026-000001,2026-11-25,R-SE-014,SEK,INV-70013,2,WMS-880002,1,RMA000002,3,PO-SE-3119,2,HAT-BEANIE,2,196.90,393.80,0,0.00,393.80,25,WRONG_ITEM,A,34727.00,8681.75,43408.75,credit
	CN2026-000002,2026-11-25,R-SE-014,SEK,INV-70012,1,WMS-880001,2,RMA000002,2,PO-SE-8301,2,TNT-2P-LITE,3,3179.00,9537.00,10,953.70,8583.30,25,OVERSTOCK,A,8583.30,2145.83,10729.13,credit
	CN2026-000003,2026-11-25,R-FI-001,EUR,INV-70011,1,WMS-880003,1,RMA000001,1,PO-FI-5422,2,JKT-ALP-M-BLU,6,149.00,894.00,10,89.40,804.60,25.5,OVERSTOCK,A,804.60,205.17,1009.77,credit
	CN2026-000004,2026-11-25,R-FI-001,EUR,INV-70005,1,WMS-880004,1,RMA000001,4,PO-FI-3961,2,PNT-TRK-32,3,69.50,208.50,20,41.70,166.80,25.5,DEFECT,B,166.80,42.53,209.33,credit
	CN2026-000005,2026-11-25,R-DE-203,EUR,INV-70007,1,WMS-880008,1,RMA000003,1,PO-DE-6924,1,BAG-DAY-25,24,54.90,1317.60,10,131.76,1185.84,19,OVERSTOCK,A,1185.84,225.31,1411.15,credit
	CN2026-000006,2026-11-25,R-NO-007,NOK,INV-70010,1,WMS-880012,1,RMA000005,1,PO-NO-6140,1,TNT-2P-LITE,1,3323.50,3323.50,10,332.35,2991.15,25,OVERSTOCK,A,2991.15,747.79,3738.94,credit
	,,R-DE-203,EUR,INV-70007,,WMS-880010,1,RMA000004,1,PO-DE-6924,3,JKT-ALP-L-BLU,1,149.00,,,,,19,WARRANTY,A,,,,replace
	X
}

@test "examples: the next night an analyst approves the box from Finland and one late row: two new notes, the rest skipped" {
	examples_matches
	credit-emit --policy "$EX/policy.yaml" --as-of 2026-11-25 --ledger L M >/dev/null
	printf 'receipt_id,seq\nWMS-880006,\nWMS-880007,\nWMS-880005,2\n' >approve.csv
	run --separate-stderr credit-emit --policy "$EX/policy.yaml" --as-of 2026-11-26 \
	    --ledger L --approve approve.csv --held H --summary M
	assert_success
	# 880005/2: 2 x 12.45, OVERSTOCK 10 %, 25.5 %: 22.41 + 5.71; 880006:
	# 2 x 149.00, 10 %; 880007: 289.00, OVERSTOCK and B: 30 %;
	# 268.20 + 202.30 = 470.50, 25.5 %: 119.9775 -> 119.98
	assert_output - <<-X
	$OUT_HEAD
	CN2026-000007,2026-11-26,R-FI-001,EUR,INV-70001,1,WMS-880005,2,RMA000001,3,PO-FI-3471,3,SCK-WOOL-3P,2,12.45,24.90,10,2.49,22.41,25.5,OVERSTOCK,A,22.41,5.71,28.12
	CN2026-000008,2026-11-26,R-FI-001,EUR,INV-70011,1,WMS-880006,1,,,PO-FI-5422,1,JKT-ALP-L-BLU,2,149.00,298.00,10,29.80,268.20,25.5,OVERSTOCK,A,470.50,119.98,590.48
	CN2026-000008,2026-11-26,R-FI-001,EUR,INV-70011,2,WMS-880007,1,,,PO-FI-5422,3,TNT-2P-LITE,1,289.00,289.00,30,86.70,202.30,25.5,OVERSTOCK,B,470.50,119.98,590.48
	X
	assert_equal "$stderr" "credit-emit: 16 rows in, 8 already in the ledger, 0 malformed
credit-emit: credited 3 lines on 2 notes, held 5, replaced 0
credit-emit: credited EUR 618.60"
	run cut -d, -f1,2,22 H
	assert_output - <<-X
	receipt_id,seq,hold_reason
	WMS-880005,1,outside_window
	WMS-880008,2,unannounced
	WMS-880009,1,disposition_reject
	WMS-880011,1,not_purchased
	WMS-880013,1,sender_conflict
	X
}

# ----------------------------------------------------------------- triage

@test "triage: matched rows are credited; unannounced rows held by default, hold_reason unannounced" {
	put in.csv <<-X
	$MATCH_HEAD
	m1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	u1,1,P1,R1,SKU-B,1,,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	u2,1,P2,R1,SKU-C,3,B,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-2,INV-2,1,2026-10-15,5.00,EUR,24
	X
	run --separate-stderr ce --held "$T/held.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,m1,1,RMA-1,1,PO-1,1,SKU-A,2,10.00,20.00,0,0.00,20.00,24,DEFECT,A,20.00,4.80,24.80
	X
	# an unannounced row's status_reason is not its hold_reason
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	u1,1,P1,R1,SKU-B,1,,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,unannounced
	u2,1,P2,R1,SKU-C,3,B,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-2,INV-2,1,2026-10-15,5.00,EUR,24,unannounced
	X
}

@test "triage: unannounced: credit credits unannounced rows (default reason and condition); held rows stay held" {
	policy unannounced credit
	put in.csv <<-X
	$MATCH_HEAD
	m1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	u1,1,P1,R1,SKU-B,1,,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	u2,1,P2,R1,SKU-C,3,B,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-2,INV-2,1,2026-10-15,5.00,EUR,24
	h1,1,P1,R1,SKU-D,1,A,2026-11-25,order_history,held,outside_window,,,,PO-3,INV-3,1,2026-08-01,7.00,EUR,24
	X
	run --separate-stderr cep --held "$T/held.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	# u1: OVERSTOCK (default) and A (default): 10 %; u2: OVERSTOCK and B: 30 %
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,m1,1,RMA-1,1,PO-1,1,SKU-A,2,10.00,20.00,0,0.00,20.00,24,DEFECT,A,38.00,9.12,47.12
	CN0001,2026-11-25,R1,EUR,INV-1,2,u1,1,,,PO-1,2,SKU-B,1,20.00,20.00,10,2.00,18.00,24,OVERSTOCK,A,38.00,9.12,47.12
	CN0002,2026-11-25,R1,EUR,INV-2,1,u2,1,,,PO-2,1,SKU-C,3,5.00,15.00,30,4.50,10.50,24,OVERSTOCK,B,10.50,2.52,13.02
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	h1,1,P1,R1,SKU-D,1,A,2026-11-25,order_history,held,outside_window,,,,PO-3,INV-3,1,2026-08-01,7.00,EUR,24,outside_window
	X
}

@test "triage: held rows are held with their status_reason, or 'held' when it is empty" {
	put in.csv <<-X
	$MATCH_HEAD
	h1,1,P1,R1,SKU-A,2,A,2026-11-25,parcel_rma,held,outside_window,RMA-1,2,OVERSTOCK,PO-1,INV-1,1,2026-08-01,10.00,EUR,24
	h2,1,P1,R1,SKU-B,1,A,2026-11-25,rma,held,awaiting_photos,RMA-1,3,DEFECT,PO-1,INV-1,2,2026-08-01,20.00,EUR,24
	h3,1,P1,R1,SKU-C,1,A,2026-11-25,rma,held,,RMA-1,4,DEFECT,PO-1,INV-1,3,2026-08-01,30.00,EUR,24
	X
	run --separate-stderr ce --held "$T/held.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$OUT_HEAD"
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	h1,1,P1,R1,SKU-A,2,A,2026-11-25,parcel_rma,held,outside_window,RMA-1,2,OVERSTOCK,PO-1,INV-1,1,2026-08-01,10.00,EUR,24,outside_window
	h2,1,P1,R1,SKU-B,1,A,2026-11-25,rma,held,awaiting_photos,RMA-1,3,DEFECT,PO-1,INV-1,2,2026-08-01,20.00,EUR,24,awaiting_photos
	h3,1,P1,R1,SKU-C,1,A,2026-11-25,rma,held,,RMA-1,4,DEFECT,PO-1,INV-1,3,2026-08-01,30.00,EUR,24,held
	X
}

@test "triage: unmatched, conflict and any other status are held with their status_reason, else the status; approval does not help" {
	put in.csv <<-X
	$MATCH_HEAD
	x1,1,P1,,SKU-A,1,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	x2,1,P2,,SKU-A,1,A,2026-11-25,none,unmatched,ambiguous_sender:R1|R2,,,,,,,,,,
	x3,1,P3,R1,SKU-A,1,A,2026-11-25,none,unmatched,,,,,,,,,,,
	x4,1,P4,R2,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,RMA-1,,,,,,,,,
	x5,1,P5,R1,SKU-A,1,A,2026-11-25,rma,in_transit,carrier_lost,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	x6,1,P5,R1,SKU-A,1,A,2026-11-25,rma,in_transit,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	x7,1,P5,R1,SKU-A,1,A,2026-11-25,rma,Matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	x8,1,P5,R1,SKU-A,1,A,2026-11-25,rma,accepted,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
	printf 'receipt_id\nx1\nx2\nx3\nx4\nx5\nx6\nx7\nx8\n' >"$T/approve.csv"
	run --separate-stderr ce --held "$T/held.csv" --approve "$T/approve.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$OUT_HEAD"
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	x1,1,P1,,SKU-A,1,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,,unknown_sender
	x2,1,P2,,SKU-A,1,A,2026-11-25,none,unmatched,ambiguous_sender:R1|R2,,,,,,,,,,,ambiguous_sender:R1|R2
	x3,1,P3,R1,SKU-A,1,A,2026-11-25,none,unmatched,,,,,,,,,,,,unmatched
	x4,1,P4,R2,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,RMA-1,,,,,,,,,,sender_conflict
	x5,1,P5,R1,SKU-A,1,A,2026-11-25,rma,in_transit,carrier_lost,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,carrier_lost
	x6,1,P5,R1,SKU-A,1,A,2026-11-25,rma,in_transit,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,in_transit
	x7,1,P5,R1,SKU-A,1,A,2026-11-25,rma,Matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,Matched
	x8,1,P5,R1,SKU-A,1,A,2026-11-25,rma,accepted,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,accepted
	X
}

@test "triage: disposition reject is held disposition_reject, matched, unannounced (credit), approved; unmatched keeps its reason" {
	policy unannounced credit
	put in.csv <<-X
	$MATCH_HEAD
	s1,1,P1,R1,SKU-A,1,SCRAP,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	s2,1,P1,R1,SKU-B,1,SCRAP,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	s3,1,P1,R1,SKU-C,1,SCRAP,2026-11-25,rma,held,outside_window,RMA-1,2,WARRANTY,PO-1,INV-1,3,2026-08-01,30.00,EUR,24
	s4,1,P2,R1,SKU-D,1,SCRAP,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	s5,1,P1,R1,SKU-E,1,A,2026-11-25,rma,matched,,RMA-1,3,DEFECT,PO-1,INV-1,4,2026-10-01,5.00,EUR,24
	X
	printf 'receipt_id,seq\ns3,1\ns4,1\n' >"$T/approve.csv"
	run --separate-stderr cep --held "$T/held.csv" --replacements "$T/repl.csv" \
	    --approve "$T/approve.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,s5,1,RMA-1,3,PO-1,4,SKU-E,1,5.00,5.00,0,0.00,5.00,24,DEFECT,A,5.00,1.20,6.20
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	s1,1,P1,R1,SKU-A,1,SCRAP,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,disposition_reject
	s2,1,P1,R1,SKU-B,1,SCRAP,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,disposition_reject
	s3,1,P1,R1,SKU-C,1,SCRAP,2026-11-25,rma,held,outside_window,RMA-1,2,WARRANTY,PO-1,INV-1,3,2026-08-01,30.00,EUR,24,disposition_reject
	s4,1,P2,R1,SKU-D,1,SCRAP,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,,not_purchased
	X
	run cat "$T/repl.csv"
	assert_output "$REPL_HEAD"
}

@test "--approve: a receipt_id alone approves every row of the receipt, with a seq that row only (007 is 7)" {
	put in.csv <<-X
	$MATCH_HEAD
	a1,1,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,1,2026-10-01,1.00,EUR,24
	a1,2,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-1,2,2026-09-20,2.00,EUR,24
	a2,1,P1,R1,SKU-B,1,A,2026-11-25,parcel_rma,held,outside_window,RMA-1,1,DEFECT,PO-3,INV-1,3,2026-08-01,3.00,EUR,24
	a2,2,P1,R1,SKU-B,1,A,2026-11-25,parcel_rma,held,outside_window,RMA-1,2,DEFECT,PO-3,INV-1,4,2026-08-01,4.00,EUR,24
	a3,7,P1,R1,SKU-C,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,5,2026-10-01,5.00,EUR,24
	a4,1,P1,R1,SKU-D,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,6,2026-10-01,6.00,EUR,24
	X
	put approve.csv <<-'X'
	receipt_id,seq
	a1,
	a2,2
	a3,007
	a9,1
	X
	run --separate-stderr ce --held "$T/held.csv" --approve "$T/approve.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,a1,1,,,PO-1,1,SKU-A,1,1.00,1.00,10,0.10,0.90,24,OVERSTOCK,A,11.20,2.69,13.89
	CN0001,2026-11-25,R1,EUR,INV-1,2,a1,2,,,PO-2,2,SKU-A,1,2.00,2.00,10,0.20,1.80,24,OVERSTOCK,A,11.20,2.69,13.89
	CN0001,2026-11-25,R1,EUR,INV-1,3,a2,2,RMA-1,2,PO-3,4,SKU-B,1,4.00,4.00,0,0.00,4.00,24,DEFECT,A,11.20,2.69,13.89
	CN0001,2026-11-25,R1,EUR,INV-1,4,a3,7,,,PO-1,5,SKU-C,1,5.00,5.00,10,0.50,4.50,24,OVERSTOCK,A,11.20,2.69,13.89
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	a2,1,P1,R1,SKU-B,1,A,2026-11-25,parcel_rma,held,outside_window,RMA-1,1,DEFECT,PO-3,INV-1,3,2026-08-01,3.00,EUR,24,outside_window
	a4,1,P1,R1,SKU-D,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,6,2026-10-01,6.00,EUR,24,unannounced
	X
	# an --approve file without the seq column approves whole receipts
	printf 'receipt_id\na2\n' >"$T/approve.csv"
	run --separate-stderr ce --held "$T/held.csv" --approve "$T/approve.csv" "$T/in.csv"
	assert_success
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,a2,1,RMA-1,1,PO-3,3,SKU-B,1,3.00,3.00,0,0.00,3.00,24,DEFECT,A,7.00,1.68,8.68
	CN0001,2026-11-25,R1,EUR,INV-1,2,a2,2,RMA-1,2,PO-3,4,SKU-B,1,4.00,4.00,0,0.00,4.00,24,DEFECT,A,7.00,1.68,8.68
	X
	run cut -d, -f1,2,22 "$T/held.csv"
	assert_output - <<-X
	receipt_id,seq,hold_reason
	a1,1,unannounced
	a1,2,unannounced
	a3,7,unannounced
	a4,1,unannounced
	X
}

# ----------------------------------------------------------- dispositions

@test "dispositions: credit, replace (--replacements and the ledger), reject; the condition's setting overrides the reason's" {
	put in.csv <<-X
	$MATCH_HEAD
	d1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,WARRANTY,PO-1,INV-1,1,2026-10-01,100.00,EUR,24
	d2,1,P1,R1,SKU-B,2,A,2026-11-25,rma,matched,,RMA-1,2,OVERSTOCK,PO-1,INV-1,2,2026-10-01,10.00,EUR,24
	d3,1,P1,R1,SKU-C,1,NEW,2026-11-25,rma,matched,,RMA-1,3,WARRANTY,PO-1,INV-1,3,2026-10-01,30.00,EUR,24
	d4,1,P1,R1,SKU-D,1,SCRAP,2026-11-25,rma,matched,,RMA-1,4,WARRANTY,PO-1,INV-1,4,2026-10-01,40.00,EUR,24
	d5,1,P1,R1,SKU-E,3,B,2026-11-25,rma,held,outside_window,RMA-2,1,WARRANTY,PO-2,INV-2,1,2026-08-01,50.00,EUR,24
	X
	printf 'receipt_id\nd5\n' >"$T/approve.csv"
	run --separate-stderr ce --ledger "$T/ledger.csv" --held "$T/held.csv" \
	    --replacements "$T/repl.csv" --approve "$T/approve.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	# d3: NEW sets only the disposition, the percentages are WARRANTY's (none)
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,d2,1,RMA-1,2,PO-1,2,SKU-B,2,10.00,20.00,10,2.00,18.00,24,OVERSTOCK,A,48.00,11.52,59.52
	CN0001,2026-11-25,R1,EUR,INV-1,2,d3,1,RMA-1,3,PO-1,3,SKU-C,1,30.00,30.00,0,0.00,30.00,24,WARRANTY,NEW,48.00,11.52,59.52
	X
	run cat "$T/repl.csv"
	assert_output - <<-X
	$REPL_HEAD
	R1,SKU-A,1,PO-1,INV-1,1,RMA-1,1,d1,1
	R1,SKU-E,3,PO-2,INV-2,1,RMA-2,1,d5,1
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	d4,1,P1,R1,SKU-D,1,SCRAP,2026-11-25,rma,matched,,RMA-1,4,WARRANTY,PO-1,INV-1,4,2026-10-01,40.00,EUR,24,disposition_reject
	X
	run cat "$T/ledger.csv"
	assert_output - <<-X
	$LEDGER_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,d2,1,RMA-1,2,PO-1,2,SKU-B,2,10.00,20.00,10,2.00,18.00,24,OVERSTOCK,A,48.00,11.52,59.52,credit
	CN0001,2026-11-25,R1,EUR,INV-1,2,d3,1,RMA-1,3,PO-1,3,SKU-C,1,30.00,30.00,0,0.00,30.00,24,WARRANTY,NEW,48.00,11.52,59.52,credit
	,,R1,EUR,INV-1,,d1,1,RMA-1,1,PO-1,1,SKU-A,1,100.00,,,,,24,WARRANTY,A,,,,replace
	,,R1,EUR,INV-2,,d5,1,RMA-2,1,PO-2,1,SKU-E,3,50.00,,,,,24,WARRANTY,B,,,,replace
	X
	# the next night: nothing credited or replaced again, the reject still held
	cp "$T/ledger.csv" "$T/before.csv"
	run --separate-stderr ce --ledger "$T/ledger.csv" --held "$T/held.csv" \
	    --replacements "$T/repl.csv" --approve "$T/approve.csv" "$T/in.csv"
	assert_success
	assert_output "$OUT_HEAD"
	run cat "$T/repl.csv"
	assert_output "$REPL_HEAD"
	run cut -d, -f1,22 "$T/held.csv"
	assert_output - <<-X
	receipt_id,hold_reason
	d4,disposition_reject
	X
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
}

@test "dispositions: without --replacements a replaced row is still recorded in the ledger, and counted by --summary" {
	put in.csv <<-X
	$SHORT_HEAD
	w1,1,R1,SKU-A,1,matched,WARRANTY,,INV-1,,,
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" --summary "$T/in.csv"
	assert_success
	assert_output "$OUT_HEAD"
	assert_equal "$stderr" "credit-emit: 1 rows in, 0 already in the ledger, 0 malformed
credit-emit: credited 0 lines on 0 notes, held 0, replaced 1"
	# a replaced row needs no price: it is not credited
	run cat "$T/ledger.csv"
	assert_output - <<-X
	$LEDGER_HEAD
	,,R1,,INV-1,,w1,1,,,,,SKU-A,1,,,,,,,WARRANTY,A,,,,replace
	X
}

# ---------------------------------------------------------------- amounts

@test "allowances: restocking and condition percentages add up, with decimals, capped at 100 %; a note of zero value is issued" {
	put in.csv <<-X
	$SHORT_HEAD
	k1,1,R1,SKU-A,2,matched,OVERSTOCK,B,INV-1,50.00,EUR,24
	k2,1,R1,SKU-B,1,matched,SEASON,C,INV-1,200.00,EUR,24
	k3,1,R1,SKU-C,4,matched,OVERSTOCK,LOST,INV-1,20.00,EUR,24
	k4,1,R1,SKU-D,1,matched,DEFECT,LOST,INV-2,99.99,EUR,24
	X
	run --separate-stderr ce "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	# k1: (100 - 80) + 10 = 30; k2: (100 - 87.5) + 12.3456 = 24.8456;
	# k3: (100 - 20) + 90 = 170, capped: 100; k4: 80 + 90, capped: 100
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,k1,1,,,,,SKU-A,2,50.00,100.00,30,30.00,70.00,24,OVERSTOCK,B,220.31,52.87,273.18
	CN0001,2026-11-25,R1,EUR,INV-1,2,k2,1,,,,,SKU-B,1,200.00,200.00,24.8456,49.69,150.31,24,SEASON,C,220.31,52.87,273.18
	CN0001,2026-11-25,R1,EUR,INV-1,3,k3,1,,,,,SKU-C,4,20.00,80.00,100,80.00,0.00,24,OVERSTOCK,LOST,220.31,52.87,273.18
	CN0002,2026-11-25,R1,EUR,INV-2,1,k4,1,,,,,SKU-D,1,99.99,99.99,100,99.99,0.00,24,DEFECT,LOST,0.00,0.00,0.00
	X
}

@test "rounding: half away from zero in EUR (2 decimals), JPY (0) and KWD (3), for gross, allowance and tax" {
	# DEFECT and HALF: 50 %.  Each amount is exactly half a minor unit
	# before rounding, and the digit before the 5 is even (half-even and
	# truncation would both round down):
	#   EUR 3 x 0.815 = 2.445 -> 2.45; 1.225 -> 1.23; net 1.22; 25 %: 0.305 -> 0.31
	#   JPY 5 x 493.7 = 2468.5 -> 2469; 1234.5 -> 1235; net 1234; 25 %: 308.5 -> 309
	#   KWD 3 x 0.4015 = 1.2045 -> 1.205; 0.6025 -> 0.603; net 0.602; 25 %: 0.1505 -> 0.151
	put in.csv <<-X
	$SHORT_HEAD
	e1,1,R1,SKU-A,3,matched,DEFECT,HALF,INV-E,0.815,EUR,25
	j1,1,R1,SKU-A,5,matched,DEFECT,HALF,INV-J,493.7,JPY,25
	w1,1,R1,SKU-A,3,matched,DEFECT,HALF,INV-K,0.4015,KWD,25
	X
	run --separate-stderr ce "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-E,1,e1,1,,,,,SKU-A,3,0.815,2.45,50,1.23,1.22,25,DEFECT,HALF,1.22,0.31,1.53
	CN0002,2026-11-25,R1,JPY,INV-J,1,j1,1,,,,,SKU-A,5,493.7,2469,50,1235,1234,25,DEFECT,HALF,1234,309,1543
	CN0003,2026-11-25,R1,KWD,INV-K,1,w1,1,,,,,SKU-A,3,0.4015,1.205,50,0.603,0.602,25,DEFECT,HALF,0.602,0.151,0.753
	X
}

@test "VAT: one note, two rates (24 and 24.00 are one): tax per rate on its summed net, note_tax the sum; -o json tax" {
	# 24 %: 10.02 + 10.02 = 20.04 -> 4.8096 -> 4.81 (per line it would be
	# 2.40 + 2.40); 25.5 %: 20.05 -> 5.11275 -> 5.11
	put in.csv <<-X
	$SHORT_HEAD
	v1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.02,EUR,24
	v2,1,R1,SKU-B,1,matched,DEFECT,A,INV-1,20.05,EUR,25.5
	v3,1,R1,SKU-C,1,matched,DEFECT,A,INV-1,10.02,EUR,24.00
	X
	run --separate-stderr ce "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,v1,1,,,,,SKU-A,1,10.02,10.02,0,0.00,10.02,24,DEFECT,A,40.09,9.92,50.01
	CN0001,2026-11-25,R1,EUR,INV-1,2,v2,1,,,,,SKU-B,1,20.05,20.05,0,0.00,20.05,25.5,DEFECT,A,40.09,9.92,50.01
	CN0001,2026-11-25,R1,EUR,INV-1,3,v3,1,,,,,SKU-C,1,10.02,10.02,0,0.00,10.02,24.00,DEFECT,A,40.09,9.92,50.01
	X
	# the rate as first written on the note
	run --separate-stderr ce -o json "$T/in.csv"
	assert_success
	assert_output - <<-'X'
	[
	{"credit_note_id":"CN0001","issue_date":"2026-11-25","retailer_id":"R1","currency":"EUR","note_net":"40.09","note_tax":"9.92","note_total":"50.01","lines":[{"invoice_id":"INV-1","line_no":1,"receipt_id":"v1","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-A","qty":1,"unit_price":"10.02","gross_amount":"10.02","allowance_pct":"0","allowance_amount":"0.00","net_amount":"10.02","tax_rate":"24","reason":"DEFECT","condition":"A"},{"invoice_id":"INV-1","line_no":2,"receipt_id":"v2","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-B","qty":1,"unit_price":"20.05","gross_amount":"20.05","allowance_pct":"0","allowance_amount":"0.00","net_amount":"20.05","tax_rate":"25.5","reason":"DEFECT","condition":"A"},{"invoice_id":"INV-1","line_no":3,"receipt_id":"v3","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-C","qty":1,"unit_price":"10.02","gross_amount":"10.02","allowance_pct":"0","allowance_amount":"0.00","net_amount":"10.02","tax_rate":"24.00","reason":"DEFECT","condition":"A"}],"tax":[{"tax_rate":"24","taxable":"20.04","tax":"4.81"},{"tax_rate":"25.5","taxable":"20.05","tax":"5.11"}]}
	]
	X
}

# The table of VAT rates grows as notes add rates: no rate may be lost
# when it moves (a regression: a pointer into it was kept across growth).
@test "VAT: 700 notes of three rates each: every note taxes every rate (the rate table growing loses none)" {
	awk -v head="$SHORT_HEAD" 'BEGIN {
		print head
		for (k = 1; k <= 700; k++)
			for (j = 1; j <= 3; j++)
				printf "t%d,%d,R1,SKU-A,1,matched,DEFECT,A,INV-%d,100.00,EUR,%s\n", \
				    k, j, k, j == 1 ? "10" : j == 2 ? "20" : "25"
	}' >"$T/in.csv"
	ce "$T/in.csv" >"$T/out.csv"
	# 10 + 20 + 25 % of 100.00 on every note
	run sh -c 'tail -n +2 "$1" | cut -d, -f23-25 | sort | uniq -c | awk "{ print \$1, \$2 }"' \
	    sh "$T/out.csv"
	assert_output "2100 300.00,55.00,355.00"
	run sh -c 'tail -n +2 "$1" | cut -d, -f1 | sort -u | wc -l' sh "$T/out.csv"
	assert_output 700
}

# -------------------------------------------------------------- grouping

# g.csv: two retailers; R1 in EUR and SEK, rows of two RMAs and
# unannounced rows (no rma_id) of several invoices, interleaved.
g_input() {
	put g.csv <<-X
	$MATCH_HEAD
	g1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	g2,1,P1,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-10-01,20.00,EUR,24
	g3,1,P1,R1,SKU-C,1,A,2026-11-25,rma,matched,,RMA-2,1,DEFECT,PO-1,INV-1,2,2026-10-01,30.00,EUR,24
	g4,1,P2,R2,SKU-D,1,A,2026-11-25,order_history,unannounced,,,,,PO-3,INV-3,1,2026-10-01,40.00,EUR,24
	g5,1,P1,R1,SKU-E,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,3,2026-10-01,50.00,EUR,24
	g6,1,P1,R1,SKU-F,1,A,2026-11-25,rma,matched,,RMA-1,2,DEFECT,PO-2,INV-2,2,2026-10-01,60.00,SEK,25
	g7,1,P1,R1,SKU-G,1,A,2026-11-25,order_history,unannounced,,,,,PO-4,INV-4,1,2026-10-01,70.00,SEK,25
	X
}

@test "group_by invoice: one note per retailer, currency and invoice, in order of first line, lines in input order" {
	g_input
	policy unannounced credit
	run --separate-stderr cep "$T/g.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,g1,1,RMA-1,1,PO-1,1,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,85.00,20.40,105.40
	CN0001,2026-11-25,R1,EUR,INV-1,2,g3,1,RMA-2,1,PO-1,2,SKU-C,1,30.00,30.00,0,0.00,30.00,24,DEFECT,A,85.00,20.40,105.40
	CN0001,2026-11-25,R1,EUR,INV-1,3,g5,1,,,PO-1,3,SKU-E,1,50.00,50.00,10,5.00,45.00,24,OVERSTOCK,A,85.00,20.40,105.40
	CN0002,2026-11-25,R1,EUR,INV-2,1,g2,1,,,PO-2,1,SKU-B,1,20.00,20.00,10,2.00,18.00,24,OVERSTOCK,A,18.00,4.32,22.32
	CN0003,2026-11-25,R2,EUR,INV-3,1,g4,1,,,PO-3,1,SKU-D,1,40.00,40.00,10,4.00,36.00,24,OVERSTOCK,A,36.00,8.64,44.64
	CN0004,2026-11-25,R1,SEK,INV-2,1,g6,1,RMA-1,2,PO-2,2,SKU-F,1,60.00,60.00,0,0.00,60.00,25,DEFECT,A,60.00,15.00,75.00
	CN0005,2026-11-25,R1,SEK,INV-4,1,g7,1,,,PO-4,1,SKU-G,1,70.00,70.00,10,7.00,63.00,25,OVERSTOCK,A,63.00,15.75,78.75
	X
}

@test "group_by rma: one note per retailer, currency and RMA; unannounced rows (no rma_id) share one per retailer and currency" {
	g_input
	policy unannounced credit
	sed -i 's/^group_by:.*/group_by: rma/' "$T/pol.yaml"
	run --separate-stderr cep "$T/g.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,g1,1,RMA-1,1,PO-1,1,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,10.00,2.40,12.40
	CN0002,2026-11-25,R1,EUR,INV-2,1,g2,1,,,PO-2,1,SKU-B,1,20.00,20.00,10,2.00,18.00,24,OVERSTOCK,A,63.00,15.12,78.12
	CN0002,2026-11-25,R1,EUR,INV-1,2,g5,1,,,PO-1,3,SKU-E,1,50.00,50.00,10,5.00,45.00,24,OVERSTOCK,A,63.00,15.12,78.12
	CN0003,2026-11-25,R1,EUR,INV-1,1,g3,1,RMA-2,1,PO-1,2,SKU-C,1,30.00,30.00,0,0.00,30.00,24,DEFECT,A,30.00,7.20,37.20
	CN0004,2026-11-25,R2,EUR,INV-3,1,g4,1,,,PO-3,1,SKU-D,1,40.00,40.00,10,4.00,36.00,24,OVERSTOCK,A,36.00,8.64,44.64
	CN0005,2026-11-25,R1,SEK,INV-2,1,g6,1,RMA-1,2,PO-2,2,SKU-F,1,60.00,60.00,0,0.00,60.00,25,DEFECT,A,60.00,15.00,75.00
	CN0006,2026-11-25,R1,SEK,INV-4,1,g7,1,,,PO-4,1,SKU-G,1,70.00,70.00,10,7.00,63.00,25,OVERSTOCK,A,63.00,15.75,78.75
	X
}

@test "group_by retailer: one note per retailer and currency; a retailer with two currencies gets two notes" {
	g_input
	policy unannounced credit
	sed -i 's/^group_by:.*/group_by: retailer/' "$T/pol.yaml"
	run --separate-stderr cep "$T/g.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,g1,1,RMA-1,1,PO-1,1,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,103.00,24.72,127.72
	CN0001,2026-11-25,R1,EUR,INV-2,2,g2,1,,,PO-2,1,SKU-B,1,20.00,20.00,10,2.00,18.00,24,OVERSTOCK,A,103.00,24.72,127.72
	CN0001,2026-11-25,R1,EUR,INV-1,3,g3,1,RMA-2,1,PO-1,2,SKU-C,1,30.00,30.00,0,0.00,30.00,24,DEFECT,A,103.00,24.72,127.72
	CN0001,2026-11-25,R1,EUR,INV-1,4,g5,1,,,PO-1,3,SKU-E,1,50.00,50.00,10,5.00,45.00,24,OVERSTOCK,A,103.00,24.72,127.72
	CN0002,2026-11-25,R2,EUR,INV-3,1,g4,1,,,PO-3,1,SKU-D,1,40.00,40.00,10,4.00,36.00,24,OVERSTOCK,A,36.00,8.64,44.64
	CN0003,2026-11-25,R1,SEK,INV-2,1,g6,1,RMA-1,2,PO-2,2,SKU-F,1,60.00,60.00,0,0.00,60.00,25,DEFECT,A,123.00,30.75,153.75
	CN0003,2026-11-25,R1,SEK,INV-4,2,g7,1,,,PO-4,1,SKU-G,1,70.00,70.00,10,7.00,63.00,25,OVERSTOCK,A,123.00,30.75,153.75
	X
}

# --------------------------------------------------------------- numbers

@test "numbers: continue across runs with {yyyy}, {mm}, {seq} and {seq:4}; after a format change only matching ids count" {
	# fmt FORMAT: the fixture policy numbering after FORMAT; ids AS_OF
	# INPUT: the ids and issue dates of a run on the ledger
	fmt() {
		sed "s|^credit_note_format:.*|credit_note_format: \"$1\"|" "$F/policy.yaml" >"$T/pol.yaml"
	}
	ids() {
		credit-emit --policy "$T/pol.yaml" --as-of "$1" --ledger "$T/ledger.csv" "$2" |
		    tail -n +2 | cut -d, -f1,2 | tr '\n' ' '
	}
	printf '%s\n' "$SHORT_HEAD" 'a1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,25' \
	    'a2,1,R1,SKU-A,1,matched,DEFECT,A,INV-2,10.00,EUR,25' >"$T/n1.csv"
	for i in 3 4 5 6; do
		printf '%s\n' "$SHORT_HEAD" "a$i,1,R1,SKU-A,1,matched,DEFECT,A,INV-$i,10.00,EUR,25" >"$T/n$i.csv"
	done
	fmt 'CN{yyyy}{mm}-{seq}'
	run ids 2026-11-25 "$T/n1.csv"
	assert_output "CN202611-1,2026-11-25 CN202611-2,2026-11-25 "
	# a new year and month: the number goes on
	run ids 2027-01-03 "$T/n3.csv"
	assert_output "CN202701-3,2027-01-03 "
	# another format: no id of the ledger matches it, it starts at 1
	fmt 'C{seq:4}/{yyyy}'
	run ids 2027-01-04 "$T/n4.csv"
	assert_output "C0001/2027,2027-01-04 "
	# back to the first: its highest is CN202701-3
	fmt 'CN{yyyy}{mm}-{seq}'
	run ids 2027-02-01 "$T/n5.csv"
	assert_output "CN202702-4,2027-02-01 "
	fmt 'C{seq:4}/{yyyy}'
	run ids 2027-02-02 "$T/n6.csv"
	assert_output "C0002/2027,2027-02-02 "
	run cut -d, -f1,2,7 "$T/ledger.csv"
	assert_output - <<-X
	credit_note_id,issue_date,receipt_id
	CN202611-1,2026-11-25,a1
	CN202611-2,2026-11-25,a2
	CN202701-3,2027-01-03,a3
	C0001/2027,2027-01-04,a4
	CN202702-4,2027-02-01,a5
	C0002/2027,2027-02-02,a6
	X
}

@test "numbers: a ledger of hand-written ids: the highest matching sequence counts, other ids do not" {
	put ledger.csv <<-X
	$LEDGER_HEAD
	CN0041,2026-10-01,R1,EUR,INV-0,1,old1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50,credit
	CN0007,2026-10-01,R1,EUR,INV-0,1,old2,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50,credit
	CN-9999,2026-10-01,R1,EUR,INV-0,1,old3,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50,credit
	X9999,2026-10-01,R1,EUR,INV-0,1,old4,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50,credit
	X
	put in.csv <<-X
	$SHORT_HEAD
	n1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,25
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/in.csv"
	assert_success
	assert_output - <<-X
	$OUT_HEAD
	CN0042,2026-11-25,R1,EUR,INV-1,1,n1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50
	X
}

# ---------------------------------------------------------------- replay

@test "--replay: csv and jsonl byte-identical to the original output, json too; notes in the order named" {
	g_input
	policy unannounced credit
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "erp_ref"; next } { print $0, "E" NR }' \
	    "$T/g.csv" >"$T/gc.csv"
	for f in csv jsonl json; do
		cep --ledger "$T/ledger-$f.csv" -o $f "$T/gc.csv" >"$T/out.$f"
		run credit-emit --policy "$T/pol.yaml" --ledger "$T/ledger-$f.csv" --replay -o $f \
		    CN0001 CN0002 CN0003 CN0004 CN0005
		assert_success
		assert_output "$(cat "$T/out.$f")"
		# byte for byte: the same bytes, the same newlines
		credit-emit --policy "$T/pol.yaml" --ledger "$T/ledger-$f.csv" --replay -o $f \
		    CN0001 CN0002 CN0003 CN0004 CN0005 >"$T/replay.$f"
		run cmp "$T/out.$f" "$T/replay.$f"
		assert_success
	done
	cp "$T/ledger-csv.csv" "$T/before.csv"
	run --separate-stderr credit-emit --policy "$T/pol.yaml" --ledger "$T/ledger-csv.csv" \
	    --replay CN0004 CN0001
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD,erp_ref
	CN0004,2026-11-25,R1,SEK,INV-2,1,g6,1,RMA-1,2,PO-2,2,SKU-F,1,60.00,60.00,0,0.00,60.00,25,DEFECT,A,60.00,15.00,75.00,E7
	CN0001,2026-11-25,R1,EUR,INV-1,1,g1,1,RMA-1,1,PO-1,1,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,85.00,20.40,105.40,E2
	CN0001,2026-11-25,R1,EUR,INV-1,2,g3,1,RMA-2,1,PO-1,2,SKU-C,1,30.00,30.00,0,0.00,30.00,24,DEFECT,A,85.00,20.40,105.40,E4
	CN0001,2026-11-25,R1,EUR,INV-1,3,g5,1,,,PO-1,3,SKU-E,1,50.00,50.00,10,5.00,45.00,24,OVERSTOCK,A,85.00,20.40,105.40,E6
	X
	run --separate-stderr credit-emit --policy "$T/pol.yaml" --ledger "$T/ledger-csv.csv" \
	    --replay -o json CN0005
	assert_success
	assert_output - <<-'X'
	[
	{"credit_note_id":"CN0005","issue_date":"2026-11-25","retailer_id":"R1","currency":"SEK","note_net":"63.00","note_tax":"15.75","note_total":"78.75","lines":[{"invoice_id":"INV-4","line_no":1,"receipt_id":"g7","seq":1,"rma_id":null,"rma_line":null,"order_id":"PO-4","invoice_line":1,"sku":"SKU-G","qty":1,"unit_price":"70.00","gross_amount":"70.00","allowance_pct":"10","allowance_amount":"7.00","net_amount":"63.00","tax_rate":"25","reason":"OVERSTOCK","condition":"A","erp_ref":"E8"}],"tax":[{"tax_rate":"25","taxable":"63.00","tax":"15.75"}]}
	]
	X
	run cmp "$T/before.csv" "$T/ledger-csv.csv"
	assert_success
}

@test "--replay: an id the ledger lacks is 64, nothing written; --replay without --ledger or ids is 64" {
	g_input
	policy unannounced credit
	cep --ledger "$T/ledger.csv" "$T/g.csv" >/dev/null
	cp "$T/ledger.csv" "$T/before.csv"
	run --separate-stderr credit-emit --policy "$T/pol.yaml" --ledger "$T/ledger.csv" \
	    --replay CN0001 CN0099
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "credit-emit: --replay: --ledger '$T/ledger.csv' holds no credit note \"CN0099\""
	run --separate-stderr credit-emit --policy "$T/pol.yaml" --replay CN0001
	assert_failure 64
	assert_equal "$stderr" "credit-emit: --replay needs --ledger FILE and the ids of the notes"
	run --separate-stderr credit-emit --policy "$T/pol.yaml" --ledger "$T/ledger.csv" --replay
	assert_failure 64
	assert_equal "$stderr" "credit-emit: --replay needs --ledger FILE and the ids of the notes"
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
}

# ------------------------------------------------------- malformed rows

REJ_HEAD="$MATCH_HEAD,reject_file,reject_line,reject_code,reject_reason"

@test "malformed: unknown_reason and unknown_condition, on credited and held rows alike" {
	put in.csv <<-X
	$MATCH_HEAD
	b1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,NOPE,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	b2,1,P1,R1,SKU-A,1,Z,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	b3,1,P1,,SKU-A,1,Z,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	b4,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
	run --separate-stderr ce --held "$T/held.csv" "$T/in.csv"
	assert_failure 1
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,b4,1,RMA-1,1,PO-1,1,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,10.00,2.40,12.40
	X
	assert_equal "$stderr" "credit-emit: $T/in.csv:2: unknown_reason: column 'reason': \"NOPE\" is not a reason the policy defines
credit-emit: $T/in.csv:3: unknown_condition: column 'condition': \"Z\" is not a condition the policy defines
credit-emit: $T/in.csv:4: unknown_condition: column 'condition': \"Z\" is not a condition the policy defines"
	run cat "$T/held.csv"
	assert_output "$HELD_HEAD"
}

@test "malformed: missing_value for an empty retailer_id, invoice_id, unit_price, currency or tax_rate on a credited row only" {
	put in.csv <<-X
	$MATCH_HEAD
	c1,1,P1,,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	c2,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,,1,2026-10-01,10.00,EUR,24
	c3,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,,EUR,24
	c4,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,,24
	c5,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,
	h1,1,P1,,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,,,,,,
	h2,1,P1,R1,SKU-A,1,A,2026-11-25,rma,held,outside_window,RMA-1,1,DEFECT,PO-1,,1,2026-08-01,,,
	h3,1,P1,R1,SKU-A,1,SCRAP,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,,EUR,
	p1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,2,WARRANTY,PO-1,,,,,,
	X
	run --separate-stderr ce --held "$T/held.csv" --replacements "$T/repl.csv" \
	    --rejects "$T/rej.csv" "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$OUT_HEAD"
	run cat "$T/rej.csv"
	assert_output - <<-X
	$REJ_HEAD
	c1,1,P1,,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,$T/in.csv,2,missing_value,column 'retailer_id' is required to credit a row and empty
	c2,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,,1,2026-10-01,10.00,EUR,24,$T/in.csv,3,missing_value,column 'invoice_id' is required to credit a row and empty
	c3,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,,EUR,24,$T/in.csv,4,missing_value,column 'unit_price' is required to credit a row and empty
	c4,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,,24,$T/in.csv,5,missing_value,column 'currency' is required to credit a row and empty
	c5,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,10.00,EUR,,$T/in.csv,6,missing_value,column 'tax_rate' is required to credit a row and empty
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD
	h1,1,P1,,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,,,,,,,unannounced
	h2,1,P1,R1,SKU-A,1,A,2026-11-25,rma,held,outside_window,RMA-1,1,DEFECT,PO-1,,1,2026-08-01,,,,outside_window
	h3,1,P1,R1,SKU-A,1,SCRAP,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-1,INV-1,1,2026-10-01,,EUR,,disposition_reject
	X
	run cat "$T/repl.csv"
	assert_output - <<-X
	$REPL_HEAD
	R1,SKU-A,1,PO-1,,,RMA-1,2,p1,1
	X
}

@test "malformed: amount_overflow for qty 1000000000 x unit_price 999999999999.999999 on a credited row; the largest product passes" {
	put in.csv <<-X
	$SHORT_HEAD
	o1,1,R1,SKU-A,1000000000,matched,DEFECT,A,INV-1,999999999999.999999,EUR,24
	o2,1,R1,SKU-A,1000000000,unannounced,DEFECT,A,INV-1,999999999999.999999,EUR,24
	o3,1,R1,SKU-A,1,matched,DEFECT,A,INV-2,999999999999.994999,EUR,0
	o4,1,R1,SKU-A,1000000000,matched,WARRANTY,A,INV-1,999999999999.999999,EUR,24
	X
	run --separate-stderr ce --held "$T/held.csv" --replacements "$T/repl.csv" "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" "credit-emit: $T/in.csv:2: amount_overflow: qty x unit_price exceeds 999999999999.999999"
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-2,1,o3,1,,,,,SKU-A,1,999999999999.994999,999999999999.99,0,0.00,999999999999.99,0,DEFECT,A,999999999999.99,0.00,999999999999.99
	X
	run cut -d, -f1,22 "$T/held.csv"
	assert_output - <<-X
	receipt_id,hold_reason
	o2,unannounced
	X
	run cat "$T/repl.csv"
	assert_output - <<-X
	$REPL_HEAD
	R1,SKU-A,1000000000,,INV-1,,,,o4,1
	X
}

@test "malformed: duplicate_key for a repeated (receipt_id, seq), 01 being 1; the first row is used" {
	put in.csv <<-X
	$SHORT_HEAD
	r1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,24
	r1,2,R1,SKU-A,1,matched,DEFECT,A,INV-1,20.00,EUR,24
	r1,01,R1,SKU-A,1,matched,DEFECT,A,INV-1,30.00,EUR,24
	r1,2,R1,SKU-A,1,unmatched,DEFECT,A,INV-1,40.00,EUR,24
	X
	run --separate-stderr ce --held "$T/held.csv" --rejects "$T/rej.csv" "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,r1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,30.00,7.20,37.20
	CN0001,2026-11-25,R1,EUR,INV-1,2,r1,2,,,,,SKU-A,1,20.00,20.00,0,0.00,20.00,24,DEFECT,A,30.00,7.20,37.20
	X
	run cat "$T/rej.csv"
	assert_output - <<-X
	$SHORT_HEAD,reject_file,reject_line,reject_code,reject_reason
	r1,01,R1,SKU-A,1,matched,DEFECT,A,INV-1,30.00,EUR,24,$T/in.csv,4,duplicate_key,"receipt ""r1"" has seq 1 twice; the first one is used"
	r1,2,R1,SKU-A,1,unmatched,DEFECT,A,INV-1,40.00,EUR,24,$T/in.csv,5,duplicate_key,"receipt ""r1"" has seq 2 twice; the first one is used"
	X
	run cat "$T/held.csv"
	assert_output "$HELD_HEAD"
}

# Only valid rows claim a key: a row rejected for missing_value or
# amount_overflow leaves its (receipt_id, seq) to a later valid row.
@test "malformed: only valid rows claim a key: after a row rejected for missing_value its key is credited" {
	put in.csv <<-X
	$SHORT_HEAD
	r1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,,EUR,24
	r1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,24
	r2,1,R1,SKU-A,1000000000,matched,DEFECT,A,INV-1,999999999999.999999,EUR,24
	r2,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,20.00,EUR,24
	X
	run --separate-stderr ce "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" "credit-emit: $T/in.csv:2: missing_value: column 'unit_price' is required to credit a row and empty
credit-emit: $T/in.csv:4: amount_overflow: qty x unit_price exceeds 999999999999.999999"
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,r1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,30.00,7.20,37.20
	CN0001,2026-11-25,R1,EUR,INV-1,2,r2,1,,,,,SKU-A,1,20.00,20.00,0,0.00,20.00,24,DEFECT,A,30.00,7.20,37.20
	X
}

# ------------------------------------------------------ reports, carried

@test "--held: the return-match columns (empty when the input lacks them, values normalized), hold_reason, carried columns" {
	put in.csv <<-'X'
	erp_ref,receipt_id,seq,sku,qty,status,status_reason,retailer_id,invoice_id,invoice_line,unit_price,currency,tax_rate,rma_line,note
	X1,h1,007,SKU-A,003,held,outside_window,R1,INV-1,002,10.50,EUR,24.0,01,"a, ""b"""
	X2,h2,1,SKU-B,0010,unannounced,,R1,INV-1,,1.000,EUR,24,,
	X3,c1,1,SKU-C,2,matched,,R1,INV-1,3,2.5,EUR,24,1,q
	X
	run --separate-stderr ce --held "$T/held.csv" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-X
	$OUT_HEAD,erp_ref,note
	CN0001,2026-11-25,R1,EUR,INV-1,1,c1,1,,1,,3,SKU-C,2,2.5,5.00,10,0.50,4.50,24,OVERSTOCK,A,4.50,1.08,5.58,X3,q
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD,erp_ref,note
	h1,7,,R1,SKU-A,3,,,,held,outside_window,,1,,,INV-1,2,,10.50,EUR,24.0,outside_window,X1,"a, ""b"""
	h2,1,,R1,SKU-B,10,,,,unannounced,,,,,,INV-1,,,1.000,EUR,24,unannounced,X2,
	X
}

@test "carried columns: through to the output and the ledger; the ledger's header is the union of the nights'; standard names are not carried" {
	put n1.csv <<-X
	$SHORT_HEAD,erp_ref,gross_amount
	a1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,24,E-1,999
	X
	put n2.csv <<-X
	batch,$SHORT_HEAD,hold_reason,disposition
	B7,a2,1,R1,SKU-A,1,matched,DEFECT,A,INV-2,20.00,EUR,24,x,y
	B8,a3,1,R1,SKU-A,1,held,DEFECT,A,INV-2,30.00,EUR,24,x,y
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/n1.csv"
	assert_success
	assert_output - <<-X
	$OUT_HEAD,erp_ref
	CN0001,2026-11-25,R1,EUR,INV-1,1,a1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,10.00,2.40,12.40,E-1
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" --held "$T/held.csv" "$T/n2.csv"
	assert_success
	assert_output - <<-X
	$OUT_HEAD,batch
	CN0002,2026-11-25,R1,EUR,INV-2,1,a2,1,,,,,SKU-A,1,20.00,20.00,0,0.00,20.00,24,DEFECT,A,20.00,4.80,24.80,B7
	X
	run cat "$T/held.csv"
	assert_output - <<-X
	$HELD_HEAD,batch
	a3,1,,R1,SKU-A,1,A,,,held,,,,DEFECT,,INV-2,,,30.00,EUR,24,held,B8
	X
	run cat "$T/ledger.csv"
	assert_output - <<-X
	$LEDGER_HEAD,erp_ref,batch
	CN0001,2026-11-25,R1,EUR,INV-1,1,a1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,24,DEFECT,A,10.00,2.40,12.40,credit,E-1,
	CN0002,2026-11-25,R1,EUR,INV-2,1,a2,1,,,,,SKU-A,1,20.00,20.00,0,0.00,20.00,24,DEFECT,A,20.00,4.80,24.80,credit,,B7
	X
}

# A note's sums may have more integer digits than one amount: the ledger
# holds them so that the next run and --replay read it back.
@test "ledger: a note whose total has 13 integer digits is committed so that the next run and --replay read it" {
	put in.csv <<-X
	$SHORT_HEAD
	g1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,999999999999.99,EUR,25
	g2,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,999999999999.99,EUR,25
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/in.csv"
	assert_success
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,g1,1,,,,,SKU-A,1,999999999999.99,999999999999.99,0,0.00,999999999999.99,25,DEFECT,A,1999999999999.98,500000000000.00,2499999999999.98
	CN0001,2026-11-25,R1,EUR,INV-1,2,g2,1,,,,,SKU-A,1,999999999999.99,999999999999.99,0,0.00,999999999999.99,25,DEFECT,A,1999999999999.98,500000000000.00,2499999999999.98
	X
	cp "$T/ledger.csv" "$T/before.csv"
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/in.csv"
	assert_equal "$stderr" ""
	assert_success
	assert_output "$OUT_HEAD"
	run --separate-stderr credit-emit --policy "$F/policy.yaml" --ledger "$T/ledger.csv" --replay CN0001
	assert_success
	assert_line --index 2 "CN0001,2026-11-25,R1,EUR,INV-1,2,g2,1,,,,,SKU-A,1,999999999999.99,999999999999.99,0,0.00,999999999999.99,25,DEFECT,A,1999999999999.98,500000000000.00,2499999999999.98"
}

# ---------------------------------------------------------------- formats

@test "-o jsonl: one object per credit line (integers as numbers, money as strings, empty as null); --held and --replacements too" {
	put in.csv <<-X
	$SHORT_HEAD,erp_ref
	j1,1,R1,SKU-A,2,matched,OVERSTOCK,B,INV-1,12.50,EUR,25.5,7
	j2,1,R1,SKU-B,1,unannounced,,,INV-1,1.00,EUR,25.5,
	j3,1,R1,SKU-C,1,matched,WARRANTY,,INV-1,3.00,EUR,25.5,x
	X
	run --separate-stderr ce -o jsonl --held "$T/held.jsonl" --replacements "$T/repl.jsonl" "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-'X'
	{"credit_note_id":"CN0001","issue_date":"2026-11-25","retailer_id":"R1","currency":"EUR","invoice_id":"INV-1","line_no":1,"receipt_id":"j1","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-A","qty":2,"unit_price":"12.50","gross_amount":"25.00","allowance_pct":"30","allowance_amount":"7.50","net_amount":"17.50","tax_rate":"25.5","reason":"OVERSTOCK","condition":"B","note_net":"17.50","note_tax":"4.46","note_total":"21.96","erp_ref":"7"}
	X
	run cat "$T/held.jsonl"
	assert_output - <<-'X'
	{"receipt_id":"j2","seq":1,"parcel_id":null,"retailer_id":"R1","sku":"SKU-B","qty":1,"condition":null,"received_at":null,"match":null,"status":"unannounced","status_reason":null,"rma_id":null,"rma_line":null,"reason":null,"order_id":null,"invoice_id":"INV-1","invoice_line":null,"line_date":null,"unit_price":"1.00","currency":"EUR","tax_rate":"25.5","hold_reason":"unannounced","erp_ref":null}
	X
	run cat "$T/repl.jsonl"
	assert_output - <<-'X'
	{"retailer_id":"R1","sku":"SKU-C","qty":1,"order_id":null,"invoice_id":"INV-1","invoice_line":null,"rma_id":null,"rma_line":null,"receipt_id":"j3","seq":1}
	X
}

@test "-o json: one object per note (credit_note_id, issue_date, retailer_id, currency, note_net, note_tax, note_total, lines, tax); none is []" {
	put in.csv <<-X
	$SHORT_HEAD
	j1,1,R1,SKU-A,2,matched,OVERSTOCK,B,INV-1,12.50,EUR,25.5
	j2,1,R2,SKU-B,3,matched,DEFECT,A,INV-2,100,JPY,10
	j3,1,R1,SKU-C,1,matched,DEFECT,A,INV-1,1.00,EUR,0
	X
	run --separate-stderr ce -o json "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-'X'
	[
	{"credit_note_id":"CN0001","issue_date":"2026-11-25","retailer_id":"R1","currency":"EUR","note_net":"18.50","note_tax":"4.46","note_total":"22.96","lines":[{"invoice_id":"INV-1","line_no":1,"receipt_id":"j1","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-A","qty":2,"unit_price":"12.50","gross_amount":"25.00","allowance_pct":"30","allowance_amount":"7.50","net_amount":"17.50","tax_rate":"25.5","reason":"OVERSTOCK","condition":"B"},{"invoice_id":"INV-1","line_no":2,"receipt_id":"j3","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-C","qty":1,"unit_price":"1.00","gross_amount":"1.00","allowance_pct":"0","allowance_amount":"0.00","net_amount":"1.00","tax_rate":"0","reason":"DEFECT","condition":"A"}],"tax":[{"tax_rate":"25.5","taxable":"17.50","tax":"4.46"},{"tax_rate":"0","taxable":"1.00","tax":"0.00"}]},
	{"credit_note_id":"CN0002","issue_date":"2026-11-25","retailer_id":"R2","currency":"JPY","note_net":"300","note_tax":"30","note_total":"330","lines":[{"invoice_id":"INV-2","line_no":1,"receipt_id":"j2","seq":1,"rma_id":null,"rma_line":null,"order_id":null,"invoice_line":null,"sku":"SKU-B","qty":3,"unit_price":"100","gross_amount":"300","allowance_pct":"0","allowance_amount":"0","net_amount":"300","tax_rate":"10","reason":"DEFECT","condition":"A"}],"tax":[{"tax_rate":"10","taxable":"300","tax":"30"}]}
	]
	X
	printf '%s\n' "$SHORT_HEAD" >"$T/none.csv"
	run --separate-stderr ce -o json "$T/none.csv"
	assert_success
	assert_output "[]"
}

@test "--summary: rows in, already in the ledger, malformed; credited lines and notes, held, replaced; amounts by currency" {
	put in.csv <<-X
	$SHORT_HEAD
	s1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,25
	s2,1,R1,SKU-A,1,matched,DEFECT,A,INV-2,20.00,EUR,25
	s3,1,R2,SKU-A,1,matched,DEFECT,A,INV-3,100,JPY,10
	s4,1,R1,SKU-A,1,unannounced,DEFECT,A,INV-1,10.00,EUR,25
	s5,1,R1,SKU-A,1,matched,WARRANTY,A,INV-1,10.00,EUR,25
	s6,1,R1,SKU-A,x,matched,DEFECT,A,INV-1,10.00,EUR,25
	X
	run --separate-stderr ce --summary --ledger "$T/ledger.csv" --rejects "$T/rej.csv" "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" "credit-emit: 6 rows in, 0 already in the ledger, 1 malformed
credit-emit: credited 3 lines on 3 notes, held 1, replaced 1
credit-emit: credited EUR 37.50
credit-emit: credited JPY 110"
	printf 's7,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,1.00,EUR,25\n' >>"$T/in.csv"
	run --separate-stderr ce --summary --ledger "$T/ledger.csv" --rejects "$T/rej.csv" "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" "credit-emit: 7 rows in, 4 already in the ledger, 1 malformed
credit-emit: credited 1 lines on 1 notes, held 1, replaced 0
credit-emit: credited EUR 1.25"
	assert_line --index 1 --partial "CN0004,2026-11-25,R1,EUR,INV-1,1,s7,1,"
}

@test "--dry-run: the same output as a real run; the ledger untouched (absent stays absent); the numbers are not reserved" {
	put in.csv <<-X
	$SHORT_HEAD
	y1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,25
	y2,1,R1,SKU-A,1,matched,WARRANTY,A,INV-2,20.00,EUR,25
	y3,1,R1,SKU-A,1,unannounced,DEFECT,A,INV-1,30.00,EUR,25
	X
	run --separate-stderr ce --dry-run --summary --ledger "$T/ledger.csv" --held "$T/held.csv" \
	    --replacements "$T/repl.csv" "$T/in.csv"
	assert_success
	local dry=$output
	assert_equal "$stderr" "credit-emit: 3 rows in, 0 already in the ledger, 0 malformed
credit-emit: credited 1 lines on 1 notes, held 1, replaced 1
credit-emit: credited EUR 12.50
credit-emit: dry run: nothing committed; --ledger '$T/ledger.csv' is as it was"
	[ ! -e "$T/ledger.csv" ]
	# the reports are written as usual
	run cut -d, -f1,22 "$T/held.csv"
	assert_output - <<-X
	receipt_id,hold_reason
	y3,unannounced
	X
	run cat "$T/repl.csv"
	assert_output - <<-X
	$REPL_HEAD
	R1,SKU-A,1,,INV-2,,,,y2,1
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/in.csv"
	assert_success
	assert_output "$dry"
	assert_output - <<-X
	$OUT_HEAD
	CN0001,2026-11-25,R1,EUR,INV-1,1,y1,1,,,,,SKU-A,1,10.00,10.00,0,0.00,10.00,25,DEFECT,A,10.00,2.50,12.50
	X
	# a dry run on a ledger: the next numbers shown, the ledger byte-identical
	cp "$T/ledger.csv" "$T/before.csv"
	printf 'y4,1,R1,SKU-A,1,matched,DEFECT,A,INV-4,40.00,EUR,25\n' >>"$T/in.csv"
	run --separate-stderr ce --dry-run --ledger "$T/ledger.csv" "$T/in.csv"
	assert_success
	local dry2=$output
	run cmp "$T/before.csv" "$T/ledger.csv"
	assert_success
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/in.csv"
	assert_success
	assert_output "$dry2"
	assert_output - <<-X
	$OUT_HEAD
	CN0002,2026-11-25,R1,EUR,INV-4,1,y4,1,,,,,SKU-A,1,40.00,40.00,0,0.00,40.00,25,DEFECT,A,40.00,10.00,50.00
	X
}

@test "idempotency: what the ledger holds, credited or replaced, is never emitted again; a night with no rows leaves no ledger" {
	printf '%s\n' "$SHORT_HEAD" >"$T/none.csv"
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/none.csv"
	assert_success
	assert_output "$OUT_HEAD"
	[ ! -e "$T/ledger.csv" ]
	put in.csv <<-X
	$SHORT_HEAD
	i1,1,R1,SKU-A,1,matched,DEFECT,A,INV-1,10.00,EUR,25
	i1,2,R1,SKU-A,1,matched,WARRANTY,A,INV-1,10.00,EUR,25
	X
	run --separate-stderr ce --ledger "$T/ledger.csv" "$T/in.csv"
	assert_success
	assert_line --index 1 --partial "CN0001,2026-11-25,R1,EUR,INV-1,1,i1,1,"
	cp "$T/ledger.csv" "$T/before.csv"
	# the same rows again, with a new seq of the receipt: only that one
	printf 'i1,3,R1,SKU-A,1,matched,DEFECT,A,INV-1,5.00,EUR,25\n' >>"$T/in.csv"
	run --separate-stderr ce --ledger "$T/ledger.csv" --replacements "$T/repl.csv" "$T/in.csv"
	assert_success
	assert_output - <<-X
	$OUT_HEAD
	CN0002,2026-11-25,R1,EUR,INV-1,1,i1,3,,,,,SKU-A,1,5.00,5.00,0,0.00,5.00,25,DEFECT,A,5.00,1.25,6.25
	X
	run cat "$T/repl.csv"
	assert_output "$REPL_HEAD"
	run sh -c 'tail -n +2 "$1" | cut -d, -f1,7,8,26' sh "$T/ledger.csv"
	assert_output - <<-X
	CN0001,i1,1,credit
	,i1,2,replace
	CN0002,i1,3,credit
	X
}

# --------------------------------------------------------------- property

@test "property: 1,000 random notes in EUR, SEK, JPY, KWD, NOK equal an independent decimal computation (csv, json, ledger)" {
	"$TOP/tests/tools/credit-property" gen -n 1000 -s 11 "$T/p"
	credit-emit --policy "$T/p/policy.yaml" --as-of $AS_OF --ledger "$T/p/ledger.csv" \
	    "$T/p/matches.csv" >"$T/p/out.csv"
	credit-emit --policy "$T/p/policy.yaml" --as-of $AS_OF -o json \
	    "$T/p/matches.csv" >"$T/p/out.json"
	run --separate-stderr "$TOP/tests/tools/credit-property" check -j "$T/p/out.json" \
	    -l "$T/p/ledger.csv" "$T/p" "$T/p/out.csv"
	echo "# ${output:-$stderr}" | tail -n 1 >&3
	assert_equal "$stderr" ""
	assert_success
	assert_output --regexp '^credit-property: 1000 notes \(EUR [0-9]+ JPY [0-9]+ KWD [0-9]+ NOK [0-9]+ SEK [0-9]+\), [0-9]+ lines, [0-9]+ tax rates, [1-9][0-9]* allowances capped at 100, half-way roundings: gross [1-9][0-9]*, allowance [1-9][0-9]*, tax [1-9][0-9]*; csv, json, ledger equal to the decimal computation$'
}
