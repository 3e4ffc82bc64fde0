#!/usr/bin/env bats
# return-match: every rule of return-match(1), with exact output.
# The order lines, their dates and ages are described in
# tests/fixtures/match/README.md; every run is as of 2026-11-25 (60-day
# window: INV-1, INV-2, INV-4, INV-5 in window; INV-3, INV-7 out of it).
load helpers

F=$TOP/tests/fixtures/match
AS_OF=2026-11-25
MATCH_HEAD='receipt_id,seq,parcel_id,retailer_id,sku,qty,condition,received_at,match,status,status_reason,rma_id,rma_line,reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate'
EXP_HEAD='rma_id,rma_line,retailer_id,sku,qty_registered,qty_received,qty_open,requested_at,age_days'

# rmatch POLICY [ARGS...] < receipts: run return-match on the fixture orders.
rmatch() {
	local pol=$1
	shift
	return-match --orders "$F/orders.csv" --policy "$F/policy-$pol.yaml" \
	    --as-of $AS_OF "$@"
}

# ---------------------------------------------------------------- tiers

@test "tier rma: the row's own RMA, its lines by rma_line; sender from the RMA" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,2,Q1,2,R1,SKU-A,3,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA-1,1,Q1,1,R1,SKU-A,2,DEFECT,accepted,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24,2026-11-20,
	RMA-1,3,Q1,3,R1,SKU-B,1,OVERSTOCK,accepted,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	r1,P1,,RMA-1,SKU-A,4
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,DEFECT,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	r1,2,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,2,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
}

@test "tier parcel_rma: today's RMAs of the box by first appearance, then the journal's in journal order" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA-1,2,Q1,2,R1,SKU-C,1,OVERSTOCK,accepted,,PO-2,INV-2,2,2026-11-01,5.00,EUR,24,2026-11-20,
	RMA-2,1,Q2,1,R1,SKU-A,1,DEFECT,accepted,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24,2026-11-20,
	RMA-2,2,Q2,2,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,2026-11-20,
	RMA-3,1,Q3,1,R1,SKU-A,2,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-10,
	RMA-4,1,Q4,1,R1,SKU-A,2,OVERSTOCK,accepted,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24,2026-11-10,
	RMA-5,1,Q5,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-01,
	X
	# an earlier run saw RMA-4, then RMA-3 in the same box
	put journal.csv <<-X
	$MATCH_HEAD
	w1,1,P1,R1,SKU-A,1,A,2026-11-20,rma,matched,,RMA-4,1,OVERSTOCK,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	w2,1,P1,R1,SKU-A,1,A,2026-11-20,rma,matched,,RMA-3,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	r1,P1,R1,,SKU-A,5
	r2,P1,R1,RMA-2,SKU-B,1
	r3,P1,R1,RMA-1,SKU-C,1
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r2,1,P1,R1,SKU-B,1,A,2026-11-25,rma,matched,,RMA-2,2,DEFECT,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	r3,1,P1,R1,SKU-C,1,A,2026-11-25,rma,matched,,RMA-1,2,OVERSTOCK,PO-2,INV-2,2,2026-11-01,5.00,EUR,24
	r1,1,P1,R1,SKU-A,1,A,2026-11-25,parcel_rma,matched,,RMA-2,1,DEFECT,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	r1,2,P1,R1,SKU-A,1,A,2026-11-25,parcel_rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,3,P1,R1,SKU-A,1,A,2026-11-25,parcel_rma,matched,,RMA-4,1,OVERSTOCK,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	r1,4,P1,R1,SKU-A,1,A,2026-11-25,parcel_rma,matched,,RMA-3,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,5,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,,RMA-5,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
}

@test "tier retailer_rma: the sender's other RMAs by requested_at, rma_id, rma_line; then order history" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-D,1,QD,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-15,
	RMA-B,1,QB,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-10,
	RMA-A,2,QA,2,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-10,
	RMA-S,1,QS,1,R2,SKU-A,1,OVERSTOCK,accepted,,PO-4,INV-4,1,2026-10-10,100.00,SEK,25,2026-11-01,
	RMA-A,1,QA,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-10,
	RMA-C,1,QC,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-01,
	RMA-C,2,QC,2,R1,SKU-B,1,OVERSTOCK,accepted,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,2026-11-01,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	r1,P1,R1,,SKU-A,6
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r1,1,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,,RMA-C,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,2,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,,RMA-A,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,3,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,,RMA-A,2,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,4,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,,RMA-B,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,5,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,,RMA-D,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	r1,6,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	X
}

@test "tier order_history: unannounced, newest first, net of registered and journal quantity" {
	# RMA-X (3 on INV-2/1) was received last time; 4 of INV-1/1 came back
	# unannounced: INV-2/1 has 5 - 3 = 2 left, INV-1/1 10 - 4 = 6
	put rma.csv <<-X
	$REG_HEAD
	RMA-X,1,QX,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24,2026-11-01,
	X
	put journal.csv <<-X
	$MATCH_HEAD
	w1,1,P9,R1,SKU-A,3,A,2026-11-10,rma,matched,,RMA-X,1,OVERSTOCK,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	w2,1,P9,R1,SKU-A,4,A,2026-11-10,order_history,unannounced,,,,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	w3,1,P9,R1,SKU-A,9,A,2026-11-10,none,unmatched,exceeds_returnable,,,,,,,,,,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-A,5
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r1,1,P1,R1,SKU-A,2,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	r1,2,P1,R1,SKU-A,3,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
}

@test "tier-4 window: default_reason's window_days, else return_window_days" {
	printf 'return_window_days: 60\nlate: reject\ndefault_reason: DEFECT\nreasons:\n  DEFECT: {window_days: 365}\n' >"$T/pol.yaml"
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-D,5
	X
	run return-match --orders "$F/orders.csv" --policy "$T/pol.yaml" --as-of $AS_OF "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r1,1,P1,R1,SKU-D,2,,2026-11-25,order_history,unannounced,,,,,PO-7,INV-7,1,2026-09-01,7.50,EUR,24
	r1,2,P1,R1,SKU-D,3,,2026-11-25,order_history,unannounced,,,,,PO-3,INV-3,2,2026-06-01,7.00,EUR,24
	X
	# the same policy without default_reason: 60 days, nothing in window
	printf 'return_window_days: 60\nlate: reject\nreasons:\n  DEFECT: {window_days: 365}\n' >"$T/pol.yaml"
	run return-match --orders "$F/orders.csv" --policy "$T/pol.yaml" --as-of $AS_OF "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r1,1,P1,R1,SKU-D,5,,2026-11-25,none,unmatched,outside_window,,,,,,,,,,
	X
}

@test "a mixed box: several orders, several RMAs, only some rows name one" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,2,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA-2,1,Q2,1,R1,SKU-B,1,DEFECT,accepted,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,2026-11-20,
	RMA-2,2,Q2,2,R1,SKU-C,1,DEFECT,accepted,,PO-2,INV-2,2,2026-11-01,5.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,order_id,sku,qty
	m1,BOX,R1,RMA-1,,SKU-A,2
	m2,BOX,,,,SKU-B,1
	m3,BOX,,RMA-2,PO-2,SKU-C,1
	m4,BOX,R1,,,SKU-A,1
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	m1,1,BOX,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	m3,1,BOX,R1,SKU-C,1,A,2026-11-25,rma,matched,,RMA-2,2,DEFECT,PO-2,INV-2,2,2026-11-01,5.00,EUR,24
	m2,1,BOX,R1,SKU-B,1,A,2026-11-25,parcel_rma,matched,,RMA-2,1,DEFECT,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	m4,1,BOX,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	X
}

# ---------------------------------------------------------------- sender

@test "inference: exactly one retailer holds enough of every sku of the box" {
	# PX: only R1 bought SKU-B.  PY: 4 of SKU-E in all; R3 has only 3.
	put rc.csv <<-'X'
	receipt_id,parcel_id,sku,qty
	x1,PX,SKU-A,2
	x2,PX,SKU-B,1
	y1,PY,SKU-E,2
	y2,PY,SKU-E,2
	X
	run rmatch hold "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	x1,1,PX,R1,SKU-A,2,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	x2,1,PX,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	y1,1,PY,R2,SKU-E,2,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25
	y2,1,PY,R2,SKU-E,2,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25
	X
}

@test "inference: several candidates are ambiguous_sender, ids sorted" {
	# R2 and R3 both hold 3 SKU-E and 1 SKU-A in window (R3 is first in
	# orders.csv); R1 never bought SKU-E
	put rc.csv <<-'X'
	receipt_id,parcel_id,order_id,sku,qty
	z1,PZ,,SKU-E,3
	z2,PZ,PO-5,SKU-A,1
	X
	run rmatch hold "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	z1,1,PZ,,SKU-E,3,A,2026-11-25,none,unmatched,ambiguous_sender:R2|R3,,,,,,,,,,
	z2,1,PZ,,SKU-A,1,A,2026-11-25,none,unmatched,ambiguous_sender:R2|R3,,,,PO-5,,,,,,
	X
}

@test "inference: no candidate is unknown_sender (only in-window history counts)" {
	# N1: nobody bought SKU-Z; N2: nobody has 100 SKU-A; N3: R1's SKU-D is
	# all out of window, which does not count even under late: hold
	put rc.csv <<-'X'
	receipt_id,parcel_id,sku,qty
	n1,N1,SKU-Z,1
	n2,N2,SKU-A,100
	n3,N3,SKU-D,1
	X
	run rmatch hold "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	n1,1,N1,,SKU-Z,1,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	n2,1,N2,,SKU-A,100,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	n3,1,N3,,SKU-D,1,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	X
}

@test "inference: open registered quantity first, order history only when no retailer qualifies" {
	# S1: R2's open RMA-S covers it (order history alone: R2|R3).  S2 is
	# inferred against what is left: RMA-S is used up, so order history
	# decides, and both R2 (6 - 2 registered) and R3 qualify.
	put rma.csv <<-X
	$REG_HEAD
	RMA-S,1,QS,1,R2,SKU-E,2,OVERSTOCK,accepted,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,sku,qty
	s1,S1,SKU-E,2
	s2,S2,SKU-E,2
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	s1,1,S1,R2,SKU-E,2,A,2026-11-25,retailer_rma,matched,retailer_inferred,RMA-S,1,OVERSTOCK,PO-4,INV-4,2,2026-10-10,50.00,SEK,25
	s2,1,S2,,SKU-E,2,A,2026-11-25,none,unmatched,ambiguous_sender:R2|R3,,,,,,,,,,
	X
}

@test "inference: origin_country against --retailers filters each stage" {
	# O1 (DE): R2's open RMA is filtered out at stage 1, so stage 2 runs
	# and finds R3.  O2: the first non-empty origin_country (SE) counts;
	# R2 has no open SKU-A, so stage 2: R2 only (R3 is DE).  O3 (FI): R2's
	# open RMA-S and every order line are filtered out.
	put rma.csv <<-X
	$REG_HEAD
	RMA-S,1,QS,1,R2,SKU-E,2,OVERSTOCK,accepted,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,sku,qty,origin_country
	o1,O1,SKU-E,2,DE
	o2,O2,SKU-A,1,
	o3,O2,SKU-E,1,SE
	o4,O3,SKU-E,1,FI
	X
	run rmatch hold --registry "$T/rma.csv" --retailers "$F/retailers.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	o1,1,O1,R3,SKU-E,2,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-5,INV-5,2,2026-10-20,10.00,EUR,19
	o2,1,O2,R2,SKU-A,1,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-4,INV-4,1,2026-10-10,100.00,SEK,25
	o3,1,O2,R2,SKU-E,1,A,2026-11-25,retailer_rma,matched,retailer_inferred,RMA-S,1,OVERSTOCK,PO-4,INV-4,2,2026-10-10,50.00,SEK,25
	o4,1,O3,,SKU-E,1,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	X
}

@test "sender conflict: retailer_id vs the RMA's, two retailer_ids, two RMAs of different retailers" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA-S,1,QS,1,R2,SKU-E,2,OVERSTOCK,accepted,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,order_id,sku,qty
	c1,PC1,,,PO-1,SKU-A,2
	c2,PC1,R1,RMA-S,,SKU-E,1
	c3,PC2,R1,,PO-1,SKU-A,1
	c4,PC2,R2,,,SKU-A,1
	c5,PC3,,RMA-1,,SKU-A,1
	c6,PC3,,RMA-S,,SKU-E,1
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	c1,1,PC1,,SKU-A,2,A,2026-11-25,none,conflict,sender_conflict,,,,PO-1,,,,,,
	c2,1,PC1,R1,SKU-E,1,A,2026-11-25,none,conflict,sender_conflict,RMA-S,,,,,,,,,
	c3,1,PC2,R1,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,,,,PO-1,,,,,,
	c4,1,PC2,R2,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	c5,1,PC3,,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,RMA-1,,,,,,,,,
	c6,1,PC3,,SKU-E,1,A,2026-11-25,none,conflict,sender_conflict,RMA-S,,,,,,,,,
	X
}

@test "an RMA whose lines name two retailers: parcels still taken in order of first appearance, any threads" {
	# RMA-X belongs to R1 (its first line) but its line 2 names R2:
	# P1 takes both lines in tier rma, so P2 of R2 finds none open in
	# tier retailer_rma.  Taken by sender on separate threads, P2
	# could come first: such a registry keeps one order.
	put rma.csv <<-X
	$REG_HEAD
	RMA-X,1,QX,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA-X,2,QX,2,R2,SKU-A,1,OVERSTOCK,accepted,,PO-4,INV-4,1,2026-10-10,100.00,SEK,25,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	r1,P1,,RMA-X,SKU-A,2
	r2,P2,R2,,SKU-A,1
	X
	for t in 1 2 4; do
		RK_THREADS=$t run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
		assert_success
		assert_output - <<-X
		$MATCH_HEAD
		r1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-X,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
		r1,2,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-X,2,OVERSTOCK,PO-4,INV-4,1,2026-10-10,100.00,SEK,25
		r2,1,P2,R2,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-4,INV-4,1,2026-10-10,100.00,SEK,25
		X
	done
}

@test "sender from the journal: used only when today's rows name none; two there are a conflict" {
	# PJ: today's row names no sender, the journal names R1 and R2.
	# PL: today's R1 wins over the journal's R2 (today's rows first).
	put journal.csv <<-X
	$MATCH_HEAD
	w1,1,PJ,R1,SKU-A,1,A,2026-11-20,none,conflict,sender_conflict,,,,,,,,,,
	w2,1,PJ,R2,SKU-A,1,A,2026-11-20,none,conflict,sender_conflict,,,,,,,,,,
	w3,1,PL,R2,SKU-A,1,A,2026-11-20,none,unmatched,exceeds_returnable,,,,,,,,,,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	t1,PJ,,SKU-A,1
	t2,PL,R1,SKU-A,1
	X
	run rmatch hold --journal "$T/journal.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	t1,1,PJ,,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	t2,1,PL,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	X
}

# ---------------------------------------------------------------- outcomes

@test "over-receipt: more than registered falls through to order history" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,2,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	v1,P1,R1,RMA-1,SKU-A,5
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	v1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	v1,2,P1,R1,SKU-A,3,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	X
}

@test "over-receipt: registered quantity of an order line is not returned again unannounced (returns-formats(5))" {
	# all 5 of INV-2/2 are registered: after RMA-1's 5, nothing remains
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-C,5,OVERSTOCK,accepted,,PO-2,INV-2,2,2026-11-01,5.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	v1,P1,R1,SKU-C,7
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	v1,1,P1,R1,SKU-C,5,A,2026-11-25,retailer_rma,matched,,RMA-1,1,OVERSTOCK,PO-2,INV-2,2,2026-11-01,5.00,EUR,24
	v1,2,P1,R1,SKU-C,2,A,2026-11-25,none,unmatched,exceeds_returnable,,,,,,,,,,
	X
}

@test "order_id on the receipt: its order's lines first, in window and out of window" {
	# newest alone would take INV-2 before INV-1, and INV-7 before INV-3
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,order_id,sku,qty
	o1,P1,R1,PO-1,SKU-A,12
	o2,P1,R1,PO-3,SKU-D,5
	X
	run rmatch hold "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	o1,1,P1,R1,SKU-A,10,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	o1,2,P1,R1,SKU-A,2,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	o2,1,P1,R1,SKU-D,4,A,2026-11-25,order_history,held,outside_window,,,,PO-3,INV-3,2,2026-06-01,7.00,EUR,24
	o2,2,P1,R1,SKU-D,1,A,2026-11-25,order_history,held,outside_window,,,,PO-7,INV-7,1,2026-09-01,7.50,EUR,24
	X
}

@test "late: hold: in-window lines, then held outside_window, then exceeds_returnable" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	h1,P1,R1,SKU-A,20
	X
	run rmatch hold "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	h1,1,P1,R1,SKU-A,5,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	h1,2,P1,R1,SKU-A,10,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	h1,3,P1,R1,SKU-A,4,A,2026-11-25,order_history,held,outside_window,,,,PO-3,INV-3,1,2026-06-01,9.00,EUR,24
	h1,4,P1,R1,SKU-A,1,A,2026-11-25,none,unmatched,exceeds_returnable,,,,,,,,,,
	X
}

@test "late: reject: what remains only out of window is unmatched outside_window" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	h1,P1,R1,SKU-A,19
	h2,P1,R1,SKU-D,2
	X
	run rmatch reject "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	h1,1,P1,R1,SKU-A,5,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	h1,2,P1,R1,SKU-A,10,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	h1,3,P1,R1,SKU-A,4,A,2026-11-25,none,unmatched,outside_window,,,,,,,,,,
	h2,1,P1,R1,SKU-D,2,A,2026-11-25,none,unmatched,outside_window,,,,,,,,,,
	X
}

@test "not_purchased (never bought, or only after received_at) and exceeds_returnable" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,order_id,sku,qty,received_at
	n1,P1,R1,,SKU-Z,1,
	n2,P1,R1,,SKU-F,2,
	n3,P1,R1,PO-2,SKU-C,6,
	n4,P1,R1,,SKU-E,1,
	n5,P1,R1,,SKU-F,2,2026-12-01
	X
	run rmatch hold "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	n1,1,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	n2,1,P1,R1,SKU-F,2,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	n3,1,P1,R1,SKU-C,5,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,2,2026-11-01,5.00,EUR,24
	n3,2,P1,R1,SKU-C,1,A,2026-11-25,none,unmatched,exceeds_returnable,,,,PO-2,,,,,,
	n4,1,P1,R1,SKU-E,1,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	n5,1,P1,R1,SKU-F,2,A,2026-12-01,order_history,unannounced,,,,,PO-6,INV-6,1,2026-12-01,5.00,EUR,24
	X
}

@test "a registered held line gives status held with its status_reason" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-H,1,QH,1,R1,SKU-A,2,OVERSTOCK,held,outside_window,PO-3,INV-3,1,2026-06-01,9.00,EUR,24,2026-11-20,
	RMA-H,2,QH,2,R1,SKU-B,1,OVERSTOCK,accepted,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	k1,P1,R1,RMA-H,SKU-A,2
	k2,P1,R1,RMA-H,SKU-B,1
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	k1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,held,outside_window,RMA-H,1,OVERSTOCK,PO-3,INV-3,1,2026-06-01,9.00,EUR,24
	k2,1,P1,R1,SKU-B,1,A,2026-11-25,rma,matched,,RMA-H,2,OVERSTOCK,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	X
}

@test "unknown rma id: treated as naming none; matched and unannounced rows say unknown_rma" {
	# P2 has no retailer and no known RMA: inferred (R1, the only buyer of
	# SKU-B), and unknown_rma wins over retailer_inferred
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	u3,P2,,RMA-NOPE,SKU-B,1
	u1,P1,R1,RMA-NOPE,SKU-A,2
	u2,P1,R1,RMA-NOPE,SKU-Z,1
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	u1,1,P1,R1,SKU-A,1,A,2026-11-25,retailer_rma,matched,unknown_rma,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	u1,2,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,unknown_rma,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	u2,1,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,RMA-NOPE,,,,,,,,,
	u3,1,P2,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,unknown_rma,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	X
}

@test "condition: unknown code rejected (unknown_condition, exit 1), empty takes default_condition" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty,condition
	q1,P1,R1,SKU-B,1,X
	q2,P1,R1,SKU-B,1,
	q3,P1,R1,SKU-B,1,B
	X
	run --separate-stderr rmatch hold --rejects "$T/rej.csv" "$T/rc.csv"
	assert_failure 1
	assert_output - <<-X
	$MATCH_HEAD
	q2,1,P1,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	q3,1,P1,R1,SKU-B,1,B,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	X
	# the reject_reason wording is the tool's (returns-formats(5) fixes only the code)
	run cat "$T/rej.csv"
	assert_output - <<-X
	receipt_id,parcel_id,retailer_id,sku,qty,condition,reject_file,reject_line,reject_code,reject_reason
	q1,P1,R1,SKU-B,1,X,$T/rc.csv,2,unknown_condition,"column 'condition': ""X"" is not a condition the policy defines"
	X
	# without a policy any code is accepted and an empty one stays empty
	run return-match --orders "$F/orders.csv" --as-of $AS_OF "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	q1,1,P1,R1,SKU-B,1,X,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	q2,1,P1,R1,SKU-B,1,,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	q3,1,P1,R1,SKU-B,1,B,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	X
}

@test "a row split over three invoice lines: seq 1, 2, 3 in allocation order" {
	put orders.csv <<-X
	$ORD_HEAD
	PO-1,I-1,1,2026-11-01,,R1,S,2,1.00,EUR,24
	PO-2,I-2,1,2026-11-10,,R1,S,2,2.00,EUR,24
	PO-3,I-3,1,2026-10-15,2026-11-05,R1,S,2,3.00,EUR,24
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	t1,BOX,R1,S,5
	X
	run return-match --orders "$T/orders.csv" --policy "$F/policy-hold.yaml" \
	    --as-of $AS_OF "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	t1,1,BOX,R1,S,2,A,2026-11-25,order_history,unannounced,,,,,PO-2,I-2,1,2026-11-10,2.00,EUR,24
	t1,2,BOX,R1,S,2,A,2026-11-25,order_history,unannounced,,,,,PO-3,I-3,1,2026-11-05,3.00,EUR,24
	t1,3,BOX,R1,S,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,I-1,1,2026-11-01,1.00,EUR,24
	X
}

@test "output order: sender and conflict parcels first, then inferred; known RMA rows first in a parcel" {
	# INF comes first but is inferred after S1 took R2's SKU-E: only R3 is
	# left (in input order it would have been ambiguous R2|R3)
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	a1,INF,,,SKU-E,3
	a2,S1,R2,,SKU-E,6
	a3,RMA,,,SKU-B,1
	a4,CON,R1,,SKU-A,1
	a5,RMA,,RMA-1,SKU-A,1
	a6,UNK,,,SKU-Z,1
	a7,S1,R2,,SKU-A,1
	a8,CON,R2,,SKU-A,1
	X
	run rmatch hold --registry "$T/rma.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	a2,1,S1,R2,SKU-E,6,A,2026-11-25,order_history,unannounced,,,,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25
	a7,1,S1,R2,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-4,INV-4,1,2026-10-10,100.00,SEK,25
	a5,1,RMA,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	a3,1,RMA,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	a4,1,CON,R1,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	a8,1,CON,R2,SKU-A,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	a1,1,INF,R3,SKU-E,3,A,2026-11-25,order_history,unannounced,retailer_inferred,,,,PO-5,INV-5,2,2026-10-20,10.00,EUR,19
	a6,1,UNK,,SKU-Z,1,A,2026-11-25,none,unmatched,unknown_sender,,,,,,,,,,
	X
}

# ---------------------------------------------------------------- journal

@test "journal: a re-run skips what was allocated; unmatched and conflict receipts get the next seq" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,2,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	j1,P1,R1,RMA-1,SKU-A,2
	j2,P1,R1,,SKU-C,6
	j3,P1,R1,,SKU-Z,1
	j4,P2,R1,,SKU-B,1
	j5,P2,R2,,SKU-B,1
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	j1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	j2,1,P1,R1,SKU-C,5,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,2,2026-11-01,5.00,EUR,24
	j2,2,P1,R1,SKU-C,1,A,2026-11-25,none,unmatched,exceeds_returnable,,,,,,,,,,
	j3,1,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	j4,1,P2,R1,SKU-B,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	j5,1,P2,R2,SKU-B,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	X
	local first=$output
	run cat "$T/journal.csv"
	assert_output "$first"
	# the same receipts again: j1 is skipped, j2 is tried for its last 1
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	j2,3,P1,R1,SKU-C,1,A,2026-11-25,none,unmatched,exceeds_returnable,,,,,,,,,,
	j3,2,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,
	j4,2,P2,R1,SKU-B,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	j5,2,P2,R2,SKU-B,1,A,2026-11-25,none,conflict,sender_conflict,,,,,,,,,,
	X
	local second=$output
	run cat "$T/journal.csv"
	assert_output "$first
$(printf '%s\n' "$second" | tail -n +2)"
	# a receipt wholly allocated: nothing but the header, journal unchanged
	cp "$T/journal.csv" "$T/journal.before"
	head -n 2 "$T/rc.csv" >"$T/rc1.csv"
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc1.csv"
	assert_success
	assert_output "$MATCH_HEAD"
	run cmp "$T/journal.before" "$T/journal.csv"
	assert_success
}

@test "journal: an unmatched receipt fed again after its RMA was registered is matched, keeping its box's sender" {
	put rc1.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	k1,PJ,R1,SKU-D,2
	X
	run rmatch reject --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc1.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	k1,1,PJ,R1,SKU-D,2,A,2026-11-25,none,unmatched,outside_window,,,,,,,,,,
	X
	# the retailer registers it as a DEFECT (365 days)
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,SKU-D,2,DEFECT
	X
	run return-register --orders "$F/orders.csv" --policy "$F/policy-reject.yaml" --as-of $AS_OF \
	    --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rq.csv"
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,SKU-D,2,DEFECT,accepted,,PO-7,INV-7,1,2026-09-01,7.50,EUR,24,2026-11-25,
	X
	# the remainder is fed again, this time without a sender on the row
	put rc2.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	k1,PJ,,SKU-D,2
	X
	run rmatch reject --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc2.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	k1,2,PJ,R1,SKU-D,2,A,2026-11-25,retailer_rma,matched,,RMA000001,1,DEFECT,PO-7,INV-7,1,2026-09-01,7.50,EUR,24
	X
	run cat "$T/journal.csv"
	assert_output - <<-X
	$MATCH_HEAD
	k1,1,PJ,R1,SKU-D,2,A,2026-11-25,none,unmatched,outside_window,,,,,,,,,,
	k1,2,PJ,R1,SKU-D,2,A,2026-11-25,retailer_rma,matched,,RMA000001,1,DEFECT,PO-7,INV-7,1,2026-09-01,7.50,EUR,24
	X
}

@test "journal: what an earlier run matched is no longer open for the next receipt" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc1.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	m1,P1,R1,RMA-1,SKU-A,2
	X
	put rc2.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	m2,P2,R1,RMA-1,SKU-A,2
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc1.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	m1,1,P1,R1,SKU-A,2,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc2.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	m2,1,P2,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	m2,2,P2,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	X
}

# ---------------------------------------------------------------- --expected

@test "--expected: lines never arrived, partly received, or whose sku did not arrive in its box" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	RMA-1,2,Q1,2,R1,SKU-B,2,OVERSTOCK,accepted,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24,2026-11-20,
	RMA-1,3,Q1,3,R1,SKU-C,1,DEFECT,accepted,,PO-2,INV-2,2,2026-11-01,5.00,EUR,24,2026-11-20,
	RMA-2,1,Q2,1,R2,SKU-E,2,OVERSTOCK,accepted,,PO-4,INV-4,2,2026-10-10,50.00,SEK,25,2026-11-01,
	X
	put journal.csv <<-X
	$MATCH_HEAD
	w1,1,P0,R1,SKU-A,1,A,2026-11-21,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
	# SKU-Z came in RMA-1's box instead of SKU-C
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	e1,P1,R1,RMA-1,SKU-A,1
	e2,P1,R1,RMA-1,SKU-B,2
	e3,P1,R1,RMA-1,SKU-Z,1
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" \
	    --expected "$T/expected.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	e1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	e2,1,P1,R1,SKU-B,2,A,2026-11-25,rma,matched,,RMA-1,2,OVERSTOCK,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
	e3,1,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,RMA-1,,,,,,,,,
	X
	run cat "$T/expected.csv"
	assert_output - <<-X
	$EXP_HEAD
	RMA-1,1,R1,SKU-A,3,2,1,2026-11-20,5
	RMA-1,3,R1,SKU-C,1,0,1,2026-11-20,5
	RMA-2,1,R2,SKU-E,2,0,2,2026-11-01,24
	X
}

# ---------------------------------------------------------------- formats

@test "carried columns: through to output and journal; known and output names are not carried" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	erp_ref,receipt_id,parcel_id,retailer_id,rma_id,sku,qty,origin_country,status,note
	E-1,r1,P1,R1,RMA-1,SKU-A,2,FI,x,"a ""quoted"", note"
	E-2,r2,P1,R1,,SKU-Z,1,FI,x,
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD,erp_ref,note
	r1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,E-1,"a ""quoted"", note"
	r1,2,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24,E-1,"a ""quoted"", note"
	r2,1,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,,E-2,
	X
	local out=$output
	run cat "$T/journal.csv"
	assert_output "$out"
}

@test "--json and -o json: integer, string and null types of the journal schema; the journal stays CSV" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,1,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.jsonl <<-'X'
	{"receipt_id":"r1","parcel_id":"P1","retailer_id":"R1","rma_id":"RMA-1","sku":"SKU-A","qty":1,"meta":{"a":[1,2]}}
	{"receipt_id":"r2","parcel_id":"P1","retailer_id":"R1","sku":"SKU-Z","qty":"1","erp_ref":"E-2"}
	X
	run rmatch hold --registry "$T/rma.csv" --journal "$T/journal.csv" --json "$T/rc.jsonl"
	assert_success
	assert_output - <<-'X'
	{"receipt_id":"r1","seq":1,"parcel_id":"P1","retailer_id":"R1","sku":"SKU-A","qty":1,"condition":"A","received_at":"2026-11-25","match":"rma","status":"matched","status_reason":null,"rma_id":"RMA-1","rma_line":1,"reason":"OVERSTOCK","order_id":"PO-1","invoice_id":"INV-1","invoice_line":1,"line_date":"2026-10-01","unit_price":"10.00","currency":"EUR","tax_rate":"24","meta":{"a":[1,2]},"erp_ref":null}
	{"receipt_id":"r2","seq":1,"parcel_id":"P1","retailer_id":"R1","sku":"SKU-Z","qty":1,"condition":"A","received_at":"2026-11-25","match":"none","status":"unmatched","status_reason":"not_purchased","rma_id":null,"rma_line":null,"reason":null,"order_id":null,"invoice_id":null,"invoice_line":null,"line_date":null,"unit_price":null,"currency":null,"tax_rate":null,"meta":null,"erp_ref":"E-2"}
	X
	run cat "$T/journal.csv"
	assert_output - <<-X
	$MATCH_HEAD,meta,erp_ref
	r1,1,P1,R1,SKU-A,1,A,2026-11-25,rma,matched,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,"{""a"":[1,2]}",
	r2,1,P1,R1,SKU-Z,1,A,2026-11-25,none,unmatched,not_purchased,,,,,,,,,,,,E-2
	X
	# -o json: one array (layout: one object a line, as the tool writes it)
	run rmatch hold --registry "$T/rma.csv" -o json "$T/rc.jsonl"
	assert_success
	assert_output - <<-'X'
	[
	{"receipt_id":"r1","seq":1,"parcel_id":"P1","retailer_id":"R1","sku":"SKU-A","qty":1,"condition":"A","received_at":"2026-11-25","match":"rma","status":"matched","status_reason":null,"rma_id":"RMA-1","rma_line":1,"reason":"OVERSTOCK","order_id":"PO-1","invoice_id":"INV-1","invoice_line":1,"line_date":"2026-10-01","unit_price":"10.00","currency":"EUR","tax_rate":"24","meta":{"a":[1,2]},"erp_ref":null},
	{"receipt_id":"r2","seq":1,"parcel_id":"P1","retailer_id":"R1","sku":"SKU-Z","qty":1,"condition":"A","received_at":"2026-11-25","match":"none","status":"unmatched","status_reason":"not_purchased","rma_id":null,"rma_line":null,"reason":null,"order_id":null,"invoice_id":null,"invoice_line":null,"line_date":null,"unit_price":null,"currency":null,"tax_rate":null,"meta":null,"erp_ref":"E-2"}
	]
	X
}

@test "-o json applies to --expected" {
	put rma.csv <<-X
	$REG_HEAD
	RMA-1,1,Q1,1,R1,SKU-A,3,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-10-01,10.00,EUR,24,2026-11-20,
	X
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,rma_id,sku,qty
	e1,P1,R1,RMA-1,SKU-A,1
	X
	run rmatch hold --registry "$T/rma.csv" --expected "$T/expected.jsonl" --json "$T/rc.csv"
	assert_success
	run cat "$T/expected.jsonl"
	assert_output '{"rma_id":"RMA-1","rma_line":1,"retailer_id":"R1","sku":"SKU-A","qty_registered":3,"qty_received":1,"qty_open":2,"requested_at":"2026-11-20","age_days":5}'
}

# ---------------------------------------------------------------- exit status
# The message texts are the tool's (returns-formats(5) fixes only "PROG: message").

@test "exit 64: --orders missing" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-A,1
	X
	run --separate-stderr return-match --as-of $AS_OF --journal "$T/journal.csv" "$T/rc.csv"
	assert_failure 64
	assert_output ''
	assert_equal "${stderr_lines[0]}" "return-match: --orders FILE is required"
	[ ! -e "$T/journal.csv" ]
}

@test "exit 66: the --retailers file cannot be opened" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-A,1
	X
	run --separate-stderr rmatch hold --retailers "$T/nope.csv" --journal "$T/journal.csv" "$T/rc.csv"
	assert_failure 66
	assert_output ''
	assert_equal "$stderr" "return-match: --retailers '$T/nope.csv': cannot open: No such file or directory"
	[ ! -e "$T/journal.csv" ]
}

@test "exit 75: the journal is locked by another run" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-A,1
	X
	flock "$T/journal.csv.lock" sleep 5 &
	sleep 0.5
	run --separate-stderr rmatch hold --journal "$T/journal.csv" --lock-timeout 1 "$T/rc.csv"
	assert_failure 75
	assert_output ''
	assert_equal "$stderr" "return-match: --journal '$T/journal.csv' is locked by another run (waited 1 s; see --lock-timeout)"
	[ ! -e "$T/journal.csv" ]
	wait
	run rmatch hold --journal "$T/journal.csv" --lock-timeout 1 "$T/rc.csv"
	assert_success
	assert_output - <<-X
	$MATCH_HEAD
	r1,1,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
	X
}

@test "exit 78: a journal with a status return-match never commits" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-A,1
	X
	put journal.csv <<-X
	$MATCH_HEAD
	w1,1,P0,R1,SKU-A,1,A,2026-11-20,rma,accepted,,RMA-1,1,OVERSTOCK,PO-1,INV-1,1,2026-10-01,10.00,EUR,24
	X
	cp "$T/journal.csv" "$T/journal.before"
	run --separate-stderr rmatch hold --journal "$T/journal.csv" "$T/rc.csv"
	assert_failure 78
	assert_output ''
	assert_equal "$stderr" "return-match: --journal $T/journal.csv:2: status \"accepted\" is not one return-match commits"
	run cmp "$T/journal.before" "$T/journal.csv"
	assert_success
}

@test "duplicate_key: a receipt_id seen before, in this file or an earlier one; a malformed row claims none" {
	put rc.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r1,P1,R1,SKU-A,1
	r2,P1,R1,SKU-B,x
	r1,P2,R1,SKU-B,1
	r3,P2,R1,SKU-B,1
	X
	put rc2.csv <<-'X'
	receipt_id,parcel_id,retailer_id,sku,qty
	r2,P3,R1,SKU-B,1
	r3,P3,R1,SKU-A,1
	X
	# claimed where the rows are parsed, or on the calling thread: the same
	for thread in parse take; do
		RK_CHECK_THREAD=$thread run --separate-stderr rmatch hold \
		    --rejects "$T/rej.csv" "$T/rc.csv" "$T/rc2.csv"
		assert_failure 1
		assert_output - <<-X
		$MATCH_HEAD
		r1,1,P1,R1,SKU-A,1,A,2026-11-25,order_history,unannounced,,,,,PO-2,INV-2,1,2026-11-01,11.00,EUR,24
		r3,1,P2,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
		r2,1,P3,R1,SKU-B,1,A,2026-11-25,order_history,unannounced,,,,,PO-1,INV-1,2,2026-10-01,20.00,EUR,24
		X
		run cat "$T/rej.csv"
		assert_output - <<-X
		receipt_id,parcel_id,retailer_id,sku,qty,reject_file,reject_line,reject_code,reject_reason
		r2,P1,R1,SKU-B,x,$T/rc.csv,3,bad_qty,"column 'qty': ""x"" is not a whole number from 1 to 1000000000"
		r1,P2,R1,SKU-B,1,$T/rc.csv,4,duplicate_key,"receipt ""r1"" appears more than once; the first one is used"
		r3,P3,R1,SKU-A,1,$T/rc2.csv,3,duplicate_key,"receipt ""r3"" appears more than once; the first one is used"
		X
	done
}
