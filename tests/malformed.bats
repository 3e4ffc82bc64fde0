#!/usr/bin/env bats
# A catalog of malformed inputs for return-register (returns-formats(5), §3, §4, §6).
# Every case file is in tests/malformed/ and listed in its README.md.  The
# tool runs in that directory so that messages name the case file exactly as
# it was given; scratch files (rejects, registries, generated inputs) go to $T.
load helpers

M=$BATS_TEST_DIRNAME/malformed
ASOF=2026-11-20
P=return-register

# The one valid request line most request cases start with, and its answer.
OK_OUT='RMA000001,1,REQ-1,1,R-FI-001,JKT-ALP-M-BLU,2,OVERSTOCK,accepted,,PO-FI-5422,INV-70011,2,2026-10-15,149.00,EUR,25.5,2026-11-20,ok'

# The answer to the two requests fed to every --orders case: SKU-A comes from
# the valid order line 2 (INV-1 line 1, 10.00); SKU-B was only on the
# malformed order line, which must not be used.
ORD_REQ='request_id,retailer_id,sku,qty,reason
REQ-1,R-X,SKU-A,2,OVERSTOCK
REQ-2,R-X,SKU-B,1,OVERSTOCK'
ORD_OUT="$REG_HEAD
RMA000001,1,REQ-1,1,R-X,SKU-A,2,OVERSTOCK,accepted,,PO-1,INV-1,1,2026-11-01,10.00,EUR,25,2026-11-20,
,,REQ-2,1,R-X,SKU-B,1,OVERSTOCK,rejected,not_purchased,,,,,,,,2026-11-20,"

BAD_ID='is not an id (1 to 64 bytes of UTF-8, no leading or trailing space, no control character)'
BAD_QTY='is not a whole number from 1 to 1000000000'
BAD_MONEY='is not an amount (digits with an optional decimal part: at most 12 integer and 6 fraction digits, no sign, exponent or thousands separator)'
BAD_DATE='is not a date YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ss with Z or an offset'
BAD_PCT='is not a percentage from 0 to 100 with at most 4 fraction digits'
BAD_CUR='is not an ISO 4217 currency code with a minor unit'

# reg ARGS...: run return-register in tests/malformed, stdout and stderr apart.
reg() {
	cd "$M" || return
	run --separate-stderr "$P" --as-of "$ASOF" "$@"
}

# expect STATUS STDOUT STDERR: the whole of each.  stderr is compared first,
# so that an ASan/UBSan report there fails the test and is shown.
expect() {
	assert_equal "$stderr" "$3"
	assert_equal "$status" "$1"
	assert_equal "$output" "$2"
}

# row_case FILE LINE MESSAGE [STDOUT]: a request file whose data row at LINE is
# malformed; the other rows are answered, the exit status is 1.
row_case() {
	reg --orders "$EX/orders.csv" "$1"
	expect 1 "${4-$REG_HEAD
$OK_OUT}" "$P: $1:$2: $3"
}

# order_case FILE LINE MESSAGE: an --orders file whose line LINE is malformed.
order_case() {
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders "$1" <"$T/req.csv"
	expect 1 "$ORD_OUT" "$P: $1:$2: $3"
}

# struct_case FILE LINE:COL MESSAGE: a structural error, exit 65, no output.
struct_case() {
	reg --orders "$EX/orders.csv" "$1"
	expect 65 "" "$P: $1:$2: $3"
}

# policy_case FILE LINE:COL MESSAGE: a policy error, exit 78, no output.
policy_case() {
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders "$EX/orders.csv" --policy "$1" <"$T/req.csv"
	expect 78 "" "$P: --policy $1:$2: $3"
}

# ---- CSV structure (§2.1, exit 65) ----------------------------------------

@test "01 unterminated quote: 65 at the opening quote" {
	struct_case 01-unterminated-quote.csv 3:16 'unterminated quoted field'
}

@test "07 header missing a required column: 65 with FILE:LINE:COL" {
	reg --orders "$EX/orders.csv" 07-missing-header-column.csv
	# §2.4: exit 65 with FILE:LINE:COL; the spec does not say which column.
	assert_regex "$stderr" "^$P: 07-missing-header-column\\.csv:1:[0-9]+: the header has no column 'sku'\$"
	assert_equal "$status" 65
	assert_equal "$output" ""
}

@test "08 duplicated header column: 65 at the second one" {
	struct_case 08-duplicate-header-column.csv 1:39 'duplicated column name "sku"'
}

@test "09 empty header column name: 65" {
	struct_case 09-empty-header-name.csv 1:24 'empty column name'
}

@test "10 quote inside an unquoted field: 65, column counted in characters" {
	struct_case 10-quote-inside-unquoted-field.csv 3:62 'quote inside an unquoted field'
}

@test "11 text after a closing quote: 65" {
	struct_case 11-text-after-closing-quote.csv 3:28 'text after a closing quote'
}

@test "59 second operand broken: 65, nothing written for the first one" {
	reg --orders "$EX/orders.csv" 34-header-only.csv 59-second-operand-broken.csv
	expect 65 "" "$P: 59-second-operand-broken.csv:2:16: unterminated quoted field"
}

@test "76 byte-order mark then duplicated header column: BOM not counted" {
	struct_case 76-bom-duplicate-header.csv 1:28 'duplicated column name "request_id"'
}

@test "73 structural error leaves the registry untouched" {
	printf '%s\n' "$REQ_HEAD" \
	    'REQ-9,R-FI-001,JKT-ALP-M-BLU,1,OVERSTOCK,,,2026-11-20,' >"$T/ok.csv"
	reg --orders "$EX/orders.csv" --registry "$T/rma.csv" "$T/ok.csv"
	assert_equal "$stderr" ""
	assert_equal "$status" 0
	cp "$T/rma.csv" "$T/rma.before"
	reg --orders "$EX/orders.csv" --registry "$T/rma.csv" 01-unterminated-quote.csv
	expect 65 "" "$P: 01-unterminated-quote.csv:3:16: unterminated quoted field"
	cmp "$T/rma.before" "$T/rma.csv"
}

# ---- encodings, NUL, sizes -------------------------------------------------

@test "02 invalid UTF-8 in a known column: invalid_utf8" {
	row_case 02-invalid-utf8-known-column.csv 3 \
	    "invalid_utf8: column 'sku': invalid UTF-8 \"HAT-BEANIE\\xff\""
}

@test "03 invalid UTF-8 in a carried column: invalid_utf8, rejects keep the bytes" {
	reg --orders "$EX/orders.csv" --rejects "$T/rej.csv" 03-invalid-utf8-carried-column.csv
	expect 1 "$REG_HEAD,erp_ref
$OK_OUT,A-17" ""
	printf '%s\n' \
	    "request_id,retailer_id,sku,qty,reason,order_id,invoice_id,requested_at,note,erp_ref,reject_file,reject_line,reject_code,reject_reason" \
	    "REQ-2,R-FI-001,HAT-BEANIE,2,OVERSTOCK,,,2026-11-20,,B$(printf '\303')(,03-invalid-utf8-carried-column.csv,3,invalid_utf8,\"column 'erp_ref': invalid UTF-8 \"\"B\\xc3(\"\"\"" \
	    >"$T/want"
	cmp "$T/want" "$T/rej.csv"
}

@test "03 invalid UTF-8 in a carried column: on stderr without --rejects" {
	row_case 03-invalid-utf8-carried-column.csv 3 \
	    "invalid_utf8: column 'erp_ref': invalid UTF-8 \"B\\xc3(\"" "$REG_HEAD,erp_ref
$OK_OUT,A-17"
}

@test "04 NUL byte in an id column: bad_id" {
	row_case 04-nul-in-id.csv 3 "bad_id: column 'request_id': \"REQ\\x002\" $BAD_ID"
}

@test "05 NUL byte in the note column: bad_text" {
	row_case 05-nul-in-note.csv 3 \
	    "bad_text: column 'note': 3 bytes of text: text must be UTF-8 without NUL, at most 1000 bytes"
}

@test "06 a 10 MB note: bad_text, on stderr and in the rejects file" {
	big() {
		printf '%s\n%s\n' "$REQ_HEAD" 'REQ-1,R-FI-001,JKT-ALP-M-BLU,2,OVERSTOCK,,,2026-11-20,ok'
		printf 'REQ-2,R-FI-001,HAT-BEANIE,2,OVERSTOCK,,,2026-11-20,'
		head -c 10000000 /dev/zero | tr '\0' x
		printf '%s\n' "$1"
	}
	big '' >"$T/big.csv"
	reg --orders "$EX/orders.csv" <"$T/big.csv"
	msg="column 'note': 10000000 bytes of text: text must be UTF-8 without NUL, at most 1000 bytes"
	expect 1 "$REG_HEAD
$OK_OUT" "$P: -:3: bad_text: $msg"
	reg --orders "$EX/orders.csv" --rejects "$T/rej.csv" <"$T/big.csv"
	expect 1 "$REG_HEAD
$OK_OUT" ""
	{
		echo "$REQ_HEAD,reject_file,reject_line,reject_code,reject_reason"
		big ",-,3,bad_text,\"$msg\"" | tail -n 1
	} >"$T/want"
	cmp "$T/want" "$T/rej.csv"
}

@test "50 id longer than 64 bytes: bad_id" {
	row_case 50-id-too-long.csv 3 \
	    "bad_id: column 'sku': \"SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS\"... $BAD_ID"
}

@test "51 id with a leading space: bad_id" {
	row_case 51-id-leading-space.csv 3 "bad_id: column 'retailer_id': \" R-FI-001\" $BAD_ID"
}

@test "52 id with a C1 control (U+0085): bad_id" {
	row_case 52-id-c1-control.csv 3 \
	    "bad_id: column 'sku': \"HAT\\xc2\\x85BEANIE\" $BAD_ID"
}

@test "56 invalid_utf8 is checked before the other columns" {
	row_case 56-invalid-utf8-checked-first.csv 3 \
	    "invalid_utf8: column 'note': invalid UTF-8 \"caf\\xe9\""
}

# ---- field count (§2.1) ----------------------------------------------------

@test "12 row with too few fields: field_count" {
	row_case 12-too-few-fields.csv 3 'field_count: 8 fields, the header has 9'
}

@test "13 row with too many fields: field_count, the rejects file keeps the extra field" {
	reg --orders "$EX/orders.csv" --rejects "$T/rej.csv" 13-too-many-fields.csv
	expect 1 "$REG_HEAD
$OK_OUT" ""
	printf '%s\n' \
	    "$REQ_HEAD,column_10,reject_file,reject_line,reject_code,reject_reason" \
	    'REQ-2,R-FI-001,HAT-BEANIE,2,OVERSTOCK,,,2026-11-20,,extra,13-too-many-fields.csv,3,field_count,"10 fields, the header has 9"' \
	    >"$T/want"
	cmp "$T/want" "$T/rej.csv"
}

# ---- quantities and integers (§2.2) ----------------------------------------

@test "14 negative qty: bad_qty" {
	row_case 14-qty-negative.csv 3 "bad_qty: column 'qty': \"-2\" $BAD_QTY"
}

@test "15 qty 3.0: bad_qty" {
	row_case 15-qty-decimal-3.0.csv 3 "bad_qty: column 'qty': \"3.0\" $BAD_QTY"
}

@test "16 qty 2.5: bad_qty" {
	row_case 16-qty-decimal-2.5.csv 3 "bad_qty: column 'qty': \"2.5\" $BAD_QTY"
}

@test "17 qty 0: bad_qty" {
	row_case 17-qty-zero.csv 3 "bad_qty: column 'qty': \"0\" $BAD_QTY"
}

@test "18 qty 1000000001: bad_qty" {
	row_case 18-qty-1000000001.csv 3 "bad_qty: column 'qty': \"1000000001\" $BAD_QTY"
}

@test "19 qty 99999999999999999999: bad_qty" {
	row_case 19-qty-huge.csv 3 "bad_qty: column 'qty': \"99999999999999999999\" $BAD_QTY"
}

@test "53 empty required value: missing_value" {
	row_case 53-missing-required-value.csv 3 "missing_value: column 'sku' is required and empty"
}

@test "54 request_line 0: bad_integer" {
	row_case 54-request-line-zero.csv 3 \
	    "bad_integer: column 'request_line': \"0\" $BAD_QTY" "$REG_HEAD
${OK_OUT%ok}"
}

@test "55 first failing column in column-table order, not file order" {
	row_case 55-first-failing-column-in-table-order.csv 3 "bad_qty: column 'qty': \"0\" $BAD_QTY"
}

# ---- dates (§2.2) ----------------------------------------------------------

@test "26 date 2026-02-30: bad_date" {
	row_case 26-date-2026-02-30.csv 3 "bad_date: column 'requested_at': \"2026-02-30\" $BAD_DATE"
}

@test "27 lower-case timestamp: bad_date" {
	row_case 27-date-lower-case-timestamp.csv 3 \
	    "bad_date: column 'requested_at': \"2026-11-20t10:00:00z\" $BAD_DATE"
}

# ---- order lines (§3) ------------------------------------------------------

@test "20 unit_price with 7 decimals: bad_money" {
	order_case 20-price-7-decimals.csv 3 "bad_money: column 'unit_price': \"1.2345678\" $BAD_MONEY"
}

@test "21 unit_price 1e3: bad_money" {
	order_case 21-price-exponent.csv 3 "bad_money: column 'unit_price': \"1e3\" $BAD_MONEY"
}

@test "22 negative unit_price: bad_money" {
	order_case 22-price-negative.csv 3 "bad_money: column 'unit_price': \"-1.00\" $BAD_MONEY"
}

@test "23 unit_price with a thousands separator: bad_money" {
	order_case 23-price-thousands-separator.csv 3 "bad_money: column 'unit_price': \"1,000.00\" $BAD_MONEY"
}

@test "24 unit_price with 13 integer digits: bad_money" {
	order_case 24-price-13-integer-digits.csv 3 "bad_money: column 'unit_price': \"1234567890123\" $BAD_MONEY"
}

@test "25 tax_rate 100.5: bad_percent" {
	order_case 25-tax-rate-100.5.csv 3 "bad_percent: column 'tax_rate': \"100.5\" $BAD_PCT"
}

@test "28 currency XXX: bad_currency" {
	order_case 28-currency-XXX.csv 3 "bad_currency: column 'currency': \"XXX\" $BAD_CUR"
}

@test "29 currency eur: bad_currency" {
	order_case 29-currency-lower-case.csv 3 "bad_currency: column 'currency': \"eur\" $BAD_CUR"
}

@test "64 line_no 2a: bad_integer" {
	order_case 64-orders-line-no-bad.csv 3 "bad_integer: column 'line_no': \"2a\" $BAD_QTY"
}

@test "65 invoice_date 2026-02-29: bad_date" {
	order_case 65-orders-date-not-leap-year.csv 3 "bad_date: column 'invoice_date': \"2026-02-29\" $BAD_DATE"
}

@test "30 duplicate order key (invoice_id, line_no): duplicate_key, the first one is used" {
	order_case 30-duplicate-order-key.csv 3 \
	    'duplicate_key: invoice "INV-1" line "01" appears more than once; the first one is used'
}

@test "30 duplicate order key: the rejects file has the primary columns, then the order columns" {
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders 30-duplicate-order-key.csv --rejects "$T/rej.csv" <"$T/req.csv"
	expect 1 "$ORD_OUT" ""
	printf '%s\n' \
	    'request_id,retailer_id,sku,qty,reason,order_id,invoice_id,line_no,invoice_date,delivered_at,unit_price,currency,tax_rate,reject_file,reject_line,reject_code,reject_reason' \
	    ',R-X,SKU-A,5,,PO-2,INV-1,01,2026-11-02,,99.00,EUR,25,30-duplicate-order-key.csv,3,duplicate_key,"invoice ""INV-1"" line ""01"" appears more than once; the first one is used"' \
	    >"$T/want"
	cmp "$T/want" "$T/rej.csv"
}

@test "70 a rejected order line claims no key: the later valid line is used" {
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders 70-orders-rejected-line-claims-no-key.csv <"$T/req.csv"
	expect 1 "$REG_HEAD
RMA000001,1,REQ-1,1,R-X,SKU-A,2,OVERSTOCK,accepted,,PO-2,INV-1,1,2026-11-02,99.00,EUR,25,2026-11-20,
,,REQ-2,1,R-X,SKU-B,1,OVERSTOCK,rejected,not_purchased,,,,,,,,2026-11-20," \
	    "$P: 70-orders-rejected-line-claims-no-key.csv:2: bad_percent: column 'tax_rate': \"100.5\" $BAD_PCT"
}

@test "63 orders header missing line_no: 65 with FILE:LINE:COL" {
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders 63-orders-missing-header-column.csv <"$T/req.csv"
	expect 65 "" "$P: --orders 63-orders-missing-header-column.csv:1:1: the header has no column 'line_no'"
}

# ---- request keys (§4) -----------------------------------------------------

@test "31 duplicate request key: duplicate_key for the later row" {
	reg --orders "$EX/orders.csv" --rejects "$T/rej.csv" 31-duplicate-request-key.csv
	expect 1 "$REG_HEAD
${OK_OUT%ok}
RMA000002,1,REQ-1,1,R-SE-014,HAT-BEANIE,1,OVERSTOCK,accepted,,PO-SE-3119,INV-70013,2,2026-11-02,196.90,SEK,25,2026-11-20," ""
	printf '%s\n' \
	    'request_id,request_line,retailer_id,sku,qty,reason,reject_file,reject_line,reject_code,reject_reason' \
	    'REQ-1,01,R-FI-001,JKT-ALP-M-BLU,1,OVERSTOCK,31-duplicate-request-key.csv,3,duplicate_key,"request ""REQ-1"" of retailer ""R-FI-001"" has line 1 twice (first on line 2)"' \
	    >"$T/want"
	cmp "$T/want" "$T/rej.csv"
}

@test "57 a rejected request row claims no key" {
	row_case 57-rejected-row-claims-no-key.csv 2 "bad_qty: column 'qty': \"0\" $BAD_QTY" "$REG_HEAD
${OK_OUT%ok}"
}

@test "58 default request_line counts rejected rows" {
	row_case 58-default-request-line-counts-rejects.csv 2 "bad_qty: column 'qty': \"zero\" $BAD_QTY" "$REG_HEAD
RMA000001,1,REQ-1,2,R-FI-001,JKT-ALP-M-BLU,2,OVERSTOCK,accepted,,PO-FI-5422,INV-70011,2,2026-10-15,149.00,EUR,25.5,2026-11-20,"
}

@test "44 reason the policy does not define: unknown_reason" {
	reg --orders "$EX/orders.csv" --policy "$EX/policy.yaml" 44-unknown-reason.csv
	expect 1 "$REG_HEAD
$OK_OUT" "$P: 44-unknown-reason.csv:3: unknown_reason: column 'reason': \"RESTOCK\" is not a reason the policy defines"
}

# ---- line ends (§2.1) ------------------------------------------------------

@test "74 CRLF with a quoted line break: physical line numbers" {
	row_case 74-crlf-line-numbers.csv 5 "bad_qty: column 'qty': \"0\" $BAD_QTY" "$REG_HEAD
$OK_OUT
RMA000002,1,REQ-2,1,R-FI-001,HAT-BEANIE,1,OVERSTOCK,held,outside_window,PO-FI-3471,INV-70001,2,2026-08-04,17.90,EUR,25.5,2026-11-20,\"two"$'\r'"
lines\""
}

@test "75 bare CR line ends: physical line numbers" {
	row_case 75-bare-cr-line-numbers.csv 5 "bad_qty: column 'qty': \"0\" $BAD_QTY" "$REG_HEAD
$OK_OUT
RMA000002,1,REQ-2,1,R-FI-001,HAT-BEANIE,1,OVERSTOCK,held,outside_window,PO-FI-3471,INV-70001,2,2026-08-04,17.90,EUR,25.5,2026-11-20,\"two"$'\r'"lines\""
}

# ---- nothing to do (§2.1, exit 0) ------------------------------------------

@test "32 empty file: exit 0, header only" {
	reg --orders "$EX/orders.csv" --rejects "$T/rej.csv" 32-empty-file.csv
	expect 0 "$REG_HEAD" ""
	printf '%s\n' 'reject_file,reject_line,reject_code,reject_reason' >"$T/want"
	cmp "$T/want" "$T/rej.csv"
}

@test "33 blank lines only: exit 0, header only" {
	reg --orders "$EX/orders.csv" 33-blank-lines-only.csv
	expect 0 "$REG_HEAD" ""
}

@test "34 header only: exit 0, header only (with the carried column)" {
	reg --orders "$EX/orders.csv" 34-header-only.csv
	expect 0 "$REG_HEAD,erp_ref" ""
}

# ---- JSON (§2.1) -----------------------------------------------------------

@test "35 JSON Lines line that is not an object: 65" {
	struct_case 35-jsonl-line-not-object.jsonl 2:1 'expected a JSON object'
}

@test "36 truncated JSON: 65" {
	struct_case 36-jsonl-truncated.jsonl 2:1 'truncated JSON: the object started here is not closed'
}

@test "60 JSON array element that is not an object: 65" {
	struct_case 60-json-array-element-not-object.json 2:2 'expected a JSON object'
}

@test "62 JSON Lines with invalid UTF-8: 65 at the bad byte" {
	struct_case 62-jsonl-invalid-utf8.jsonl 2:58 "invalid UTF-8 (JSON text must be UTF-8)"
}

@test "37 JSON boolean in a known column: bad_value" {
	row_case 37-json-boolean-in-known-column.jsonl 2 "bad_value: column 'sku': a JSON boolean is not allowed"
}

@test "38 JSON number 3.0 for qty: bad_qty" {
	row_case 38-json-qty-3.0.jsonl 2 "bad_qty: column 'qty': \"3.0\" $BAD_QTY"
}

@test "72 JSON number 1e2 for qty: bad_qty" {
	row_case 72-json-qty-exponent.jsonl 2 "bad_qty: column 'qty': \"1e2\" $BAD_QTY"
}

@test "71 JSON \\u0000 in an id: bad_id" {
	row_case 71-json-nul-escape-in-id.jsonl 2 "bad_id: column 'request_id': \"REQ\\x002\" $BAD_ID"
}

@test "61 JSON missing a required key: missing_value, not structural" {
	row_case 61-json-missing-required-key.json 2 "missing_value: column 'reason' is required and empty"
}

# ---- policy (§6, exit 78) --------------------------------------------------

@test "39 policy with a tab in indentation: 78" {
	policy_case 39-policy-tab-indent.yaml 4:1 'tab in indentation: YAML indents with spaces only'
}

@test "40 policy unknown key: 78 with did you mean" {
	policy_case 40-policy-unknown-key.yaml 3:15 \
	    'unknown key "restockng_pct" in reason OVERSTOCK (did you mean "restocking_pct"?)'
}

@test "41 policy value of the wrong type: 78" {
	policy_case 41-policy-wrong-type.yaml 2:10 'reasons must be a mapping'
}

@test "42 policy quoted number: 78" {
	policy_case 42-policy-quoted-number.yaml 1:21 'return_window_days must be an unquoted number'
}

@test "43 policy negative window: 78" {
	policy_case 43-policy-negative-window.yaml 3:28 'window_days is out of range: it must be 0 to 36500'
}

@test "66 policy default_reason not defined: 78" {
	policy_case 66-policy-default-reason-undefined.yaml 2:17 \
	    'default_reason "OVERSTOCK" is not one of the reasons'
}

@test "67 policy rma_format without {seq}: 78" {
	policy_case 67-policy-rma-format-no-seq.yaml 2:13 \
	    'rma_format has no {seq} or {seq:N}: the numbers it makes would not be unique'
}

# ---- state files (§2.6, exit 78) -------------------------------------------

@test "68 registry missing a standard column: 78" {
	cp "$M/68-registry-missing-column.csv" "$T/"
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders "$EX/orders.csv" --registry "$T/68-registry-missing-column.csv" <"$T/req.csv"
	expect 78 "" "$P: --registry $T/68-registry-missing-column.csv:1: state file has no column 'status'"
	cmp 68-registry-missing-column.csv "$T/68-registry-missing-column.csv"
}

@test "69 registry with a status it never commits: 78" {
	cp "$M/69-registry-bad-status.csv" "$T/"
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders "$EX/orders.csv" --registry "$T/69-registry-bad-status.csv" <"$T/req.csv"
	expect 78 "" "$P: --registry $T/69-registry-bad-status.csv:2: status \"approved\": the registry holds only accepted and held lines"
	cmp 69-registry-bad-status.csv "$T/69-registry-bad-status.csv"
}

# ---- command line (§2.5, §2.7) ---------------------------------------------

@test "45 --orders file that does not exist: 66" {
	printf '%s\n' "$ORD_REQ" >"$T/req.csv"
	reg --orders "$T/no-such-orders.csv" <"$T/req.csv"
	expect 66 "" "$P: --orders '$T/no-such-orders.csv': cannot open: No such file or directory"
}

@test "46 unknown option: 64, message prefixed with the program name" {
	cd "$M"
	# called by its path, as cron does: the prefix is still PROG (§2.7)
	run --separate-stderr "$BIN/return-register" --orders "$EX/orders.csv" --frobnicate 12-too-few-fields.csv
	usage=$("$P" --help | sed '/^$/,$d')
	assert_equal "$stderr" "$P: unknown option '--frobnicate'
$usage"
	assert_equal "$status" 64
	assert_equal "$output" ""
}

@test "47 missing --orders: 64" {
	reg 12-too-few-fields.csv
	usage=$("$P" --help | sed '/^$/,$d')
	assert_equal "$stderr" "$P: --orders FILE is required
$usage"
	assert_equal "$status" 64
	assert_equal "$output" ""
}

@test "48 --rejects in a directory that does not exist: 73" {
	reg --orders "$EX/orders.csv" --rejects "$T/no-such-dir/rej.csv" 12-too-few-fields.csv
	expect 73 "" "$P: --rejects '$T/no-such-dir/rej.csv': cannot create: No such file or directory"
}

@test "49 --as-of 2026-13-01: 64" {
	reg --orders "$EX/orders.csv" --as-of 2026-13-01 12-too-few-fields.csv
	expect 64 "" "$P: --as-of: '2026-13-01' is not a date YYYY-MM-DD or a timestamp YYYY-MM-DDThh:mm:ssZ"
}

# ---- nothing lost (§2.4) ---------------------------------------------------

# Every data row of each case is in the output (one or more rows with its
# key) or in the rejects file, exactly once.
@test "conservation over every row-level case" {
	cases='02-invalid-utf8-known-column.csv 2
03-invalid-utf8-carried-column.csv 2
04-nul-in-id.csv 2
05-nul-in-note.csv 2
12-too-few-fields.csv 2
13-too-many-fields.csv 2
14-qty-negative.csv 2
15-qty-decimal-3.0.csv 2
16-qty-decimal-2.5.csv 2
17-qty-zero.csv 2
18-qty-1000000001.csv 2
19-qty-huge.csv 2
26-date-2026-02-30.csv 2
27-date-lower-case-timestamp.csv 2
31-duplicate-request-key.csv 3
32-empty-file.csv 0
33-blank-lines-only.csv 0
34-header-only.csv 0
37-json-boolean-in-known-column.jsonl 2
38-json-qty-3.0.jsonl 2
44-unknown-reason.csv 2
50-id-too-long.csv 2
51-id-leading-space.csv 2
52-id-c1-control.csv 2
53-missing-required-value.csv 2
54-request-line-zero.csv 2
55-first-failing-column-in-table-order.csv 2
56-invalid-utf8-checked-first.csv 2
57-rejected-row-claims-no-key.csv 2
58-default-request-line-counts-rejects.csv 2
61-json-missing-required-key.json 2
71-json-nul-escape-in-id.jsonl 2
72-json-qty-exponent.jsonl 2
74-crlf-line-numbers.csv 3
75-bare-cr-line-numbers.csv 3'
	while read -r f n; do
		reg --orders "$EX/orders.csv" --policy "$EX/policy.yaml" \
		    --rejects "$T/rej.csv" -o jsonl "$f"
		[ -z "$stderr" ] || fail "$f: stderr: $stderr"
		[ "$status" -le 1 ] || fail "$f: exit status $status"
		out=$(printf '%s\n' "$output" |
		    grep -o '"request_id":"[^"]*","request_line":[0-9]*,"retailer_id":"[^"]*"' |
		    sort -u | wc -l)
		rej=$(tail -n +2 "$T/rej.csv" | grep -ac "$f,[0-9]*,[a-z_0-9]*," || true)
		[ $((out + rej)) -eq "$n" ] ||
		    fail "$f: $n rows in, $out in the output, $rej rejected"
	done <<<"$cases"
}
