#!/usr/bin/env bats
# The delimiter of each CSV input, the decimal comma, near-miss header
# names and messages that name the option of the file they are about
# (returns-formats(5), return-register(1), return-match(1)).
#
# The example data is rewritten with other delimiters into $T; a run on
# the rewritten files must give the very bytes of the all-',' run.
load helpers

GOLD=$TOP/tests/expected

# Delimiters are given as awk takes them in -v and -F: '\t' is a TAB.

# redelim D: CSV on stdin to stdout, every ',' outside quotes made D.
redelim() {
	awk -v d="$1" '{
		out = ""
		n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (c == "\"")
				q = !q
			else if (c == "," && !q)
				c = d
			out = out c
		}
		print out
	}'
}

# decomma D: D-separated CSV without quotes on stdin; unit_price and
# tax_rate are written with a decimal comma.
decomma() {
	awk -F "$1" -v OFS="$1" '
	NR == 1 {
		for (i = 1; i <= NF; i++)
			if ($i == "unit_price" || $i == "tax_rate")
				k[i] = 1
		print
		next
	}
	{
		for (i in k)
			sub(/\./, ",", $i)
		print
	}'
}

# excel: what a spreadsheet saves: a byte-order mark and CR LF line ends.
excel() {
	printf '\357\273\277'
	awk '{ printf "%s\r\n", $0 }'
}

# orders_as D FILE: the example orders with delimiter D and decimal commas
# (decimal points for ',').
orders_as() {
	if [ "$1" = , ]; then
		cp "$EX/orders.csv" "$2"
	else
		redelim "$1" <"$EX/orders.csv" | decomma "$1" >"$2"
	fi
}

# register_examples ORDERS REQUESTS: return-register on the example
# requests, given as tests/fixtures/examples/requests.csv so that
# reject_file is the golden one; the answer, rejects and registry go to
# $T/out.csv, $T/rej.csv and $T/rma.csv.
register_examples() {
	mkdir -p "$T/w/tests/fixtures/examples"
	cp "$2" "$T/w/tests/fixtures/examples/requests.csv"
	rm -f "$T/rma.csv"
	(cd "$T/w" && return-register --orders "$1" --policy "$EX/policy.yaml" \
	    --as-of 2026-11-20 --rejects "$T/rej.csv" --registry "$T/rma.csv" \
	    tests/fixtures/examples/requests.csv >"$T/out.csv")
}

@test "return-register: the example data in any delimiter, with decimal commas, gives the golden bytes" {
	run register_examples "$EX/orders.csv" "$EX/requests.csv"
	assert_failure 1
	cmp "$GOLD/register-examples.csv" "$T/out.csv"
	cmp "$GOLD/register-examples-rejects.csv" "$T/rej.csv"
	cp "$T/rma.csv" "$T/rma-comma.csv"
	# delimiter of the orders, then of the requests
	for c in '; ,' ', ;' '; ;' '\t \t' '| |' '| \t'; do
		set -- $c
		orders_as "$1" "$T/orders.csv"
		redelim "$2" <"$EX/requests.csv" >"$T/requests.csv"
		run register_examples "$T/orders.csv" "$T/requests.csv"
		assert_failure 1
		cmp "$GOLD/register-examples.csv" "$T/out.csv"
		cmp "$GOLD/register-examples-rejects.csv" "$T/rej.csv"
		cmp "$T/rma-comma.csv" "$T/rma.csv"
	done
}

@test "return-register: a ',' ERP export beside a ';' spreadsheet file (BOM, CR LF, decimal comma)" {
	redelim ';' <"$EX/orders.csv" | decomma ';' | excel >"$T/orders.csv"
	redelim ';' <"$EX/requests.csv" | excel >"$T/requests.csv"
	run register_examples "$T/orders.csv" "$EX/requests.csv"
	assert_failure 1
	cmp "$GOLD/register-examples.csv" "$T/out.csv"
	cmp "$GOLD/register-examples-rejects.csv" "$T/rej.csv"
	run register_examples "$EX/orders.csv" "$T/requests.csv"
	assert_failure 1
	cmp "$GOLD/register-examples.csv" "$T/out.csv"
	cmp "$GOLD/register-examples-rejects.csv" "$T/rej.csv"
}

# match_examples DIR ORDERS RECEIPTS RETAILERS: return-match on a copy of
# the registry $T/rma.csv, everything it writes into DIR.
match_examples() {
	mkdir -p "$1"
	cp "$T/rma.csv" "$1/rma.csv"
	return-match --orders "$2" --policy "$EX/policy.yaml" --as-of 2026-11-25 \
	    --registry "$1/rma.csv" --journal "$1/journal.csv" \
	    --retailers "$4" --expected "$1/expected.csv" --rejects "$1/rej.csv" \
	    <"$3" >"$1/out.csv"
}

@test "return-match: receipts, orders and retailers in any delimiter give the same bytes" {
	run register_examples "$EX/orders.csv" "$EX/requests.csv"
	assert_failure 1
	# one malformed receipt, so that the rejects file has a row
	{ cat "$EX/receipts.csv"; echo 'WMS-889999,P-1009,R-FI-001,,,HAT-BEANIE,two,A,FI,2026-11-25'; } \
	    >"$T/receipts.csv"
	run match_examples "$T/ref" "$EX/orders.csv" "$T/receipts.csv" "$EX/retailers.csv"
	assert_failure 1
	run cat "$T/ref/rej.csv"
	assert_output 'receipt_id,parcel_id,retailer_id,rma_id,order_id,sku,qty,condition,origin_country,received_at,reject_file,reject_line,reject_code,reject_reason
WMS-889999,P-1009,R-FI-001,,,HAT-BEANIE,two,A,FI,2026-11-25,-,15,bad_qty,"column '\''qty'\'': ""two"" is not a whole number from 1 to 1000000000"'
	[ "$(wc -l <"$T/ref/out.csv")" -eq 17 ]
	for c in '; \t |' '| ; ;' '\t , \t'; do
		set -- $c
		orders_as "$1" "$T/orders.csv"
		redelim "$2" <"$T/receipts.csv" >"$T/rc.csv"
		redelim "$3" <"$EX/retailers.csv" >"$T/retailers.csv"
		run match_examples "$T/mix" "$T/orders.csv" "$T/rc.csv" "$T/retailers.csv"
		assert_failure 1
		for f in out.csv rej.csv expected.csv journal.csv rma.csv; do
			cmp "$T/ref/$f" "$T/mix/$f"
		done
		rm -r "$T/mix"
	done
}

@test "--delimiter ';': every CSV input is read with ';', output and rejects are written with it" {
	put orders.csv <<-'X'
	order_id;invoice_id;line_no;invoice_date;delivered_at;retailer_id;sku;qty;unit_price;currency;tax_rate
	P1;I1;1;2026-10-01;;R1;S;5;12,50;EUR;25,5
	P1;I1;2;2026-10-01;;R1;T;5;7.25;EUR;24
	X
	# judged alone, this header would be ',' (five each); not under --delimiter
	put rq.csv <<-'X'
	request_id;retailer_id;sku;qty;reason;u,v,w,x,y,z
	Q1;R1;S;2;DEFECT;a
	Q2;R1;T;one;DEFECT;b
	Q3;R1;T;1;DEFECT;c
	X
	run --separate-stderr return-register --orders "$T/orders.csv" --as-of 2026-11-20 \
	    --delimiter ';' --registry "$T/rma.csv" --rejects "$T/rej.csv" "$T/rq.csv"
	assert_equal "$stderr" ""
	assert_failure 1
	assert_output - <<-'X'
	rma_id;rma_line;request_id;request_line;retailer_id;sku;qty;reason;status;status_reason;order_id;invoice_id;invoice_line;line_date;unit_price;currency;tax_rate;requested_at;note;u,v,w,x,y,z
	RMA000001;1;Q1;1;R1;S;2;DEFECT;accepted;;P1;I1;1;2026-10-01;12.50;EUR;25.5;2026-11-20;;a
	RMA000002;1;Q3;1;R1;T;1;DEFECT;accepted;;P1;I1;2;2026-10-01;7.25;EUR;24;2026-11-20;;c
	X
	run cat "$T/rej.csv"
	assert_output - <<-X
	request_id;retailer_id;sku;qty;reason;u,v,w,x,y,z;reject_file;reject_line;reject_code;reject_reason
	Q2;R1;T;one;DEFECT;b;$T/rq.csv;3;bad_qty;"column 'qty': ""one"" is not a whole number from 1 to 1000000000"
	X
	# the registry is a state file: ',' and '.' whatever the options
	run cat "$T/rma.csv"
	assert_output - <<-'X'
	rma_id,rma_line,request_id,request_line,retailer_id,sku,qty,reason,status,status_reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate,requested_at,note,"u,v,w,x,y,z"
	RMA000001,1,Q1,1,R1,S,2,DEFECT,accepted,,P1,I1,1,2026-10-01,12.50,EUR,25.5,2026-11-20,,a
	RMA000002,1,Q3,1,R1,T,1,DEFECT,accepted,,P1,I1,2,2026-10-01,7.25,EUR,24,2026-11-20,,c
	X
}

@test "--delimiter ';' reads a ',' orders file as one column: 65, nothing written" {
	redelim ';' <"$EX/requests.csv" >"$T/requests.csv"
	run --separate-stderr return-register --orders "$EX/orders.csv" \
	    --policy "$EX/policy.yaml" --as-of 2026-11-20 --delimiter ';' \
	    --registry "$T/rma.csv" --rejects "$T/rej.csv" "$T/requests.csv"
	assert_equal "$stderr" "return-register: --orders $EX/orders.csv:1:1: the header has no column 'order_id'"
	assert_failure 65
	assert_output ''
	[ ! -e "$T/rma.csv" ]
	[ ! -e "$T/rej.csv" ]
	# --delimiter ',' likewise for a ';' operand, which is named plainly
	run --separate-stderr return-register --orders "$EX/orders.csv" \
	    --policy "$EX/policy.yaml" --as-of 2026-11-20 --delimiter , \
	    "$T/requests.csv"
	assert_equal "$stderr" "return-register: $T/requests.csv:1:1: the header has no column 'request_id'"
	assert_failure 65
	assert_output ''
}

@test "decimal comma: ',' in a ';' file, '.' everywhere, ',' in ',' CSV only under --decimal-comma" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,S,1,DEFECT
	Q2,R1,T,1,DEFECT
	X
	# ';' file: both separators; never a thousands separator
	put semi.csv <<-'X'
	order_id;invoice_id;line_no;invoice_date;delivered_at;retailer_id;sku;qty;unit_price;currency;tax_rate
	P1;I1;1;2026-10-01;;R1;S;5;12,50;EUR;25,5
	P1;I1;2;2026-10-01;;R1;T;5;7.25;EUR;24.0
	P1;I1;3;2026-10-01;;R1;U;5;1.234,50;EUR;24
	P1;I1;4;2026-10-01;;R1;V;5;3,5;EUR;24,12345
	X
	run --separate-stderr return-register --orders "$T/semi.csv" --as-of 2026-11-20 "$T/rq.csv"
	assert_equal "$stderr" "return-register: $T/semi.csv:4: bad_money: column 'unit_price': \"1.234,50\" is not an amount (digits with an optional decimal part: at most 12 integer and 6 fraction digits, no sign, exponent or thousands separator)
return-register: $T/semi.csv:5: bad_percent: column 'tax_rate': \"24,12345\" is not a percentage from 0 to 100 with at most 4 fraction digits"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,S,1,DEFECT,accepted,,P1,I1,1,2026-10-01,12.50,EUR,25.5,2026-11-20,
	RMA000002,1,Q2,1,R1,T,1,DEFECT,accepted,,P1,I1,2,2026-10-01,7.25,EUR,24.0,2026-11-20,
	X
	# ',' file: a quoted "12,50" is bad money unless --decimal-comma
	put comma.csv <<-X
	$ORD_HEAD
	P1,I1,1,2026-10-01,,R1,S,5,"12,50",EUR,"25,5"
	P1,I1,2,2026-10-01,,R1,T,5,7.25,EUR,24
	X
	run --separate-stderr return-register --orders "$T/comma.csv" --as-of 2026-11-20 "$T/rq.csv"
	assert_equal "$stderr" "return-register: $T/comma.csv:2: bad_money: column 'unit_price': \"12,50\" is not an amount (digits with an optional decimal part: at most 12 integer and 6 fraction digits, no sign, exponent or thousands separator)"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	,,Q1,1,R1,S,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	RMA000001,1,Q2,1,R1,T,1,DEFECT,accepted,,P1,I1,2,2026-10-01,7.25,EUR,24,2026-11-20,
	X
	run --separate-stderr return-register --orders "$T/comma.csv" --as-of 2026-11-20 \
	    --decimal-comma "$T/rq.csv"
	assert_equal "$stderr" ""
	assert_success
	assert_output - <<-X
	$REG_HEAD
	RMA000001,1,Q1,1,R1,S,1,DEFECT,accepted,,P1,I1,1,2026-10-01,"12,50",EUR,"25,5",2026-11-20,
	RMA000002,1,Q2,1,R1,T,1,DEFECT,accepted,,P1,I1,2,2026-10-01,"7,25",EUR,24,2026-11-20,
	X
}

@test "decimal comma: never in JSON, even under --decimal-comma" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,S,1,DEFECT
	X
	put orders.jsonl <<-'X'
	{"order_id":"P1","invoice_id":"I1","line_no":1,"invoice_date":"2026-10-01","retailer_id":"R1","sku":"S","qty":5,"unit_price":"12,50","currency":"EUR","tax_rate":"25"}
	{"order_id":"P2","invoice_id":"I2","line_no":1,"invoice_date":"2026-10-01","retailer_id":"R2","sku":"U","qty":5,"unit_price":"1.00","currency":"EUR","tax_rate":"25"}
	X
	run --separate-stderr return-register --orders "$T/orders.jsonl" --as-of 2026-11-20 \
	    --decimal-comma "$T/rq.csv"
	assert_equal "$stderr" "return-register: $T/orders.jsonl:1: bad_money: column 'unit_price': \"12,50\" is not an amount (digits with an optional decimal part: at most 12 integer and 6 fraction digits, no sign, exponent or thousands separator)"
	assert_failure 1
	assert_output - <<-X
	$REG_HEAD
	,,Q1,1,R1,S,1,DEFECT,rejected,not_purchased,,,,,,,,2026-11-20,
	X
}

@test "a header near-miss of a required column is named" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,S,1,DEFECT
	X
	for c in 'Qty |qty' ' QTY|qty' 'Unit-Price|unit_price' 'unit price|unit_price' \
	    'Tax_Rate|tax_rate'; do
		name=${c%|*} col=${c#*|}
		printf '%s\n' "$ORD_HEAD" | sed "s/$col/$name/" | redelim ';' >"$T/orders.csv"
		run --separate-stderr return-register --orders "$T/orders.csv" --as-of 2026-11-20 "$T/rq.csv"
		assert_equal "$stderr" "return-register: --orders $T/orders.csv:1:1: the header has no column '$col' (found '$name')"
		assert_failure 65
		assert_output ''
	done
	# not a near-miss: the plain message
	printf '%s\n' "$ORD_HEAD" | sed 's/,qty,/,quantity,/' >"$T/orders.csv"
	run --separate-stderr return-register --orders "$T/orders.csv" --as-of 2026-11-20 "$T/rq.csv"
	assert_equal "$stderr" "return-register: --orders $T/orders.csv:1:1: the header has no column 'qty'"
	assert_failure 65
	# an operand: its plain name; blank lines before the header count
	printf '\n\nRequest ID;retailer_id;sku;qty;reason\n' >"$T/rq2.csv"
	run --separate-stderr return-register --orders "$EX/orders.csv" --as-of 2026-11-20 "$T/rq2.csv"
	assert_equal "$stderr" "return-register: $T/rq2.csv:3:1: the header has no column 'request_id' (found 'Request ID')"
	assert_failure 65
	assert_output ''
}

@test "messages about --orders and --retailers files name the option" {
	put rq.csv <<-'X'
	request_id,retailer_id,sku,qty,reason
	Q1,R1,S,1,DEFECT
	X
	mkdir "$T/dir"
	run --separate-stderr return-register --orders "$T/dir" --as-of 2026-11-20 "$T/rq.csv"
	assert_equal "$stderr" "return-register: --orders '$T/dir': cannot open: Is a directory"
	assert_failure 66
	assert_output ''
	run --separate-stderr return-match --orders "$EX/orders.csv" --retailers "$T/dir" \
	    --as-of 2026-11-25 "$EX/receipts.csv"
	assert_equal "$stderr" "return-match: --retailers '$T/dir': cannot open: Is a directory"
	assert_failure 66
	assert_output ''
	# structural errors: the option, then FILE:LINE:COL
	printf '%s\n' "$ORD_HEAD" 'P1,I1,1,2026-10-01,,R1,S,5,"12;50,EUR,25' | redelim ';' >"$T/semi.csv"
	run --separate-stderr return-match --orders "$T/semi.csv" --as-of 2026-11-25 \
	    --journal "$T/journal.csv" "$EX/receipts.csv"
	assert_equal "$stderr" "return-match: --orders $T/semi.csv:2:28: unterminated quoted field"
	assert_failure 65
	assert_output ''
	[ ! -e "$T/journal.csv" ]
	printf 'retailer_id|name|country|name\nR1|Eka Oy|FI|x\n' >"$T/retailers.csv"
	run --separate-stderr return-match --orders "$EX/orders.csv" --retailers "$T/retailers.csv" \
	    --as-of 2026-11-25 --journal "$T/journal.csv" "$EX/receipts.csv"
	assert_equal "$stderr" "return-match: --retailers $T/retailers.csv:1:26: duplicated column name \"name\""
	assert_failure 65
	assert_output ''
	[ ! -e "$T/journal.csv" ]
	# an operand keeps its plain FILE:LINE:COL
	printf 'request_id;retailer_id;sku;qty;reason\nQ"1;R1;S;1;DEFECT\n' >"$T/rq2.csv"
	run --separate-stderr return-register --orders "$EX/orders.csv" --as-of 2026-11-20 "$T/rq2.csv"
	assert_equal "$stderr" "return-register: $T/rq2.csv:2:2: quote inside an unquoted field"
	assert_failure 65
	assert_output ''
	# a rejected row keeps PROG: FILE:LINE: CODE: message, reject_file the file
	# (with one good line for another retailer: an export of malformed
	# lines only would stop the run)
	printf '%s\n' "$ORD_HEAD" 'P1|I1|1|2026-10-01||R1|S|5|12,5,0|EUR|24' \
	    'P2|I2|1|2026-10-01||R2|U|5|1|EUR|24' | sed '1s/,/|/g' >"$T/pipe.csv"
	run --separate-stderr return-register --orders "$T/pipe.csv" --as-of 2026-11-20 "$T/rq.csv"
	assert_equal "$stderr" "return-register: $T/pipe.csv:2: bad_money: column 'unit_price': \"12,5,0\" is not an amount (digits with an optional decimal part: at most 12 integer and 6 fraction digits, no sign, exponent or thousands separator)"
	assert_failure 1
	run return-register --orders "$T/pipe.csv" --as-of 2026-11-20 --rejects "$T/rej.csv" "$T/rq.csv"
	assert_failure 1
	run cat "$T/rej.csv"
	assert_output - <<-X
	request_id,retailer_id,sku,qty,reason,order_id,invoice_id,line_no,invoice_date,delivered_at,unit_price,currency,tax_rate,reject_file,reject_line,reject_code,reject_reason
	,R1,S,5,,P1,I1,1,2026-10-01,,"12,5,0",EUR,24,$T/pipe.csv,2,bad_money,"column 'unit_price': ""12,5,0"" is not an amount (digits with an optional decimal part: at most 12 integer and 6 fraction digits, no sign, exponent or thousands separator)"
	X
}
