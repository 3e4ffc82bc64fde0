#!/usr/bin/env bats
# Reading on every core (return-register(1) and return-match(1),
# ENVIRONMENT: RK_THREADS): --orders, the registry and the journal cut
# into chunks at record boundaries and parsed by several threads give
# byte for byte what one thread gives: output, rejects, state files,
# stderr and exit status; so do the allocations, cut into parts on
# RK_THREADS + 1 threads (return-register's by (retailer, sku),
# return-match's by the parcel's sender).  The order lines (about 20 MB)
# hold a byte-order mark, quoted fields with line ends, commas and doubled
# quotes, CR LF and bare CR lines, empty lines, and malformed rows every
# few dozen lines; RK_CHUNK_BYTES makes the chunks small so that rows,
# malformed ones and quoted line ends land on chunk edges many times.
# At one thread, RK_CHECK_THREAD makes the parsing thread, or the thread
# that takes the rows, check every batch: the same bytes again.  The
# answer rows (and the registry's and the journal's) are formatted on
# RK_THREADS + 1 threads in chunks of RK_WRITE_ITEMS: the bytes of the
# calling thread alone, in every output format.
load helpers

ASOF=2026-11-20
MASOF=2026-11-25

setup_file() {
	export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86} UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=86}
	export D=$BATS_FILE_TMPDIR/data
	mkdir -p "$D"
	printf 'return_window_days: 365\nlate: hold\ndefault_reason: OVERSTOCK\nreasons:\n  OVERSTOCK: {restocking_pct: 10}\nconditions:\n  A: {credit_pct: 100}\n' >"$D/policy.yaml"
	gen_orders 250000 >"$D/orders.csv"
	awk 'BEGIN {
		print "request_id,retailer_id,sku,qty,reason,order_id,invoice_id,requested_at,note"
		for (j = 1; j <= 6000; j++) {
			i = (j * 7919) % 180000 + 1
			printf "REQ-%d,R-%d,SKU-%d,%d,OVERSTOCK,,,2026-11-20,\n", j, i % 50, i % 500, 1 + j % 3
		}
	}' >"$D/requests.csv"
	# the registry return-match reads, made by one thread
	RK_THREADS=1 return-register --orders "$D/orders.csv" --policy "$D/policy.yaml" \
	    --as-of $ASOF --registry "$D/rma.csv" --rejects "$D/reg-rejects.csv" \
	    "$D/requests.csv" >/dev/null || [ $? -eq 1 ]
	awk -F, 'NR == 1 { print "receipt_id,parcel_id,retailer_id,rma_id,order_id,sku,qty,condition,origin_country,received_at"; next }
	    NR % 3 == 0 { printf "W-%d,P-%d,,%s,,%s,%s,A,SE,2026-11-25\n", NR, NR / 5, $1, $6, $7 }
	    NR % 7 == 0 { printf "U-%d,P-%d,%s,,,%s,1,A,SE,2026-11-25\n", NR, NR / 5, $5, $6 }' \
	    "$D/rma.csv" >"$D/receipts.csv"
}

# gen_orders N: N order lines (POSIX awk), a malformed one every few dozen.
gen_orders() {
	awk -v n="$1" 'BEGIN {
		printf "\357\273\277"
		print "order_id,invoice_id,line_no,invoice_date,delivered_at,retailer_id,sku,qty,unit_price,currency,tax_rate,description"
		for (i = 1; i <= n; i++) {
			inv = int((i - 1) / 3); ln = (i - 1) % 3 + 1
			eol = i % 7 == 0 ? "\r\n" : i % 97 == 0 ? "\r" : "\n"
			if (i % 5 == 0)
				d = "\"multi\nline, with \"\"quotes\"\"\r\nand commas, " i "\""
			else if (i % 5 == 1)
				d = "\"a, b\""
			else
				d = "plain " i
			qty = i % 41 == 0 ? 0 : 1 + i % 9
			date = i % 61 == 0 ? "2026-02-30" : sprintf("2026-%02d-%02d", 1 + i % 9, 1 + i % 28)
			line = sprintf("PO-%d,INV-%d,%d,%s,,R-%d,SKU-%d,%d,%d.%02d,EUR,25,%s",
			    inv, inv, ln, date, i % 50, i % 500, qty, 5 + i % 90, i % 100, d)
			if (i % 53 == 0)
				line = sprintf("PO-%d,INV-%d,%d,2026-01-01", inv, inv, ln)
			if (i % 59 == 0)
				line = sprintf("PO-%d,INV-%d,%d,2026-01-01,,R-1,SKU-1,1,1.00,EUR,25,dup", inv, inv - 1, ln)
			if (i % 67 == 0)
				line = line "\n"
			if (i % 71 == 0)
				line = line "\r\n\r\n"
			printf "%s%s", line, eol
		}
	}'
}

# envopts ENV... [-- OPTION...]: sets envs and opts, the environment and
# the tool's options (after --).
envopts() {
	envs=() opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ $# -eq 0 ] || shift
	opts=("$@")
}

# register DIR [ENV...] [-- OPTION...]: return-register with ENV and
# OPTIONs, everything it leaves in DIR.
register() {
	local dir=$1 st=0 st2=0
	shift
	envopts "$@"
	mkdir -p "$dir"
	env "${envs[@]}" return-register --orders "$D/orders.csv" --policy "$D/policy.yaml" \
	    --as-of $ASOF --registry "$dir/rma.csv" --rejects "$dir/rejects.csv" \
	    "${opts[@]}" "$D/requests.csv" >"$dir/out" 2>"$dir/err" || st=$?
	env "${envs[@]}" return-register --orders "$D/orders.csv" --policy "$D/policy.yaml" \
	    --as-of $ASOF "${opts[@]}" "$D/requests.csv" >"$dir/out2" 2>"$dir/err2" || st2=$?
	echo $st $st2 >"$dir/status"
	rm -f "$dir"/*.lock
}

# match DIR [ENV...] [-- OPTION...]: return-match twice (the second run
# reads the journal the first one wrote), with ENV and OPTIONs,
# everything it leaves in DIR.
match() {
	local dir=$1 day st
	shift
	envopts "$@"
	mkdir -p "$dir"
	cp "$D/rma.csv" "$dir/rma.csv"
	for day in 1 2; do
		st=0
		env "${envs[@]}" return-match --orders "$D/orders.csv" --policy "$D/policy.yaml" \
		    --as-of $MASOF --registry "$dir/rma.csv" --journal "$dir/journal.csv" \
		    --rejects "$dir/rejects$day.csv" --summary "${opts[@]}" "$D/receipts.csv" \
		    >"$dir/out$day" 2>"$dir/err$day" || st=$?
		echo $st >>"$dir/status"
	done
	rm -f "$dir"/*.lock
}

# same DIR1 DIR2: every file alike, or the first difference shown.
same() {
	run diff -r "$1" "$2"
	assert_success
	assert_output ''
}

@test "return-register: one thread and several, at several chunk sizes, byte for byte" {
	register "$T/one" RK_THREADS=1
	[ "$(cat "$T/one/status")" = "1 1" ]
	[ "$(wc -l <"$T/one/rejects.csv")" -gt 10000 ]
	[ "$(wc -l <"$T/one/err2")" -gt 10000 ]
	register "$T/many" RK_THREADS=4
	same "$T/one" "$T/many"
	rm -rf "$T/many"
	register "$T/many" RK_THREADS=4 RK_CHUNK_BYTES=4096
	same "$T/one" "$T/many"
	rm -rf "$T/many"
	register "$T/many" -u RK_THREADS RK_CHUNK_BYTES=65537
	same "$T/one" "$T/many"
}

@test "one thread: rows checked by the parsing thread, the taking thread or either, byte for byte" {
	register "$T/either" RK_THREADS=1
	[ "$(cat "$T/either/status")" = "1 1" ]
	[ "$(wc -l <"$T/either/rejects.csv")" -gt 10000 ]
	for thread in parse take; do
		register "$T/$thread" RK_THREADS=1 RK_CHECK_THREAD=$thread
		same "$T/either" "$T/$thread"
	done
	match "$T/m-either" RK_THREADS=1
	[ "$(wc -l <"$T/m-either/journal.csv")" -gt 1000 ]
	for thread in parse take; do
		match "$T/m-$thread" RK_THREADS=1 RK_CHECK_THREAD=$thread
		same "$T/m-either" "$T/m-$thread"
	done
}

@test "return-match: one thread and several, the registry and journal too, byte for byte" {
	match "$T/one" RK_THREADS=1
	[ "$(wc -l <"$T/one/journal.csv")" -gt 1000 ]
	match "$T/many" RK_THREADS=4 RK_CHUNK_BYTES=4096
	same "$T/one" "$T/many"
	rm -rf "$T/many"
	match "$T/many" RK_THREADS=3 RK_CHUNK_BYTES=300001
	same "$T/one" "$T/many"
}

# broken N TEXT: the order lines with TEXT in place of the first field of
# the first record on line N or after.
broken() {
	awk -v n="$1" -v text="$2" 'NR >= n && !done && /^PO-/ { sub(/^[^,]*/, text); done = 1 }
	    { print }' "$D/orders.csv"
}

@test "a structural error in the middle: the same message and status both ways" {
	for text in 'PO-1"x' '"PO-1"x' '"PO-1'; do
		broken 250000 "$text" >"$T/orders.csv"
		for env in RK_THREADS=1 RK_THREADS=4 'RK_THREADS=4 RK_CHUNK_BYTES=5000' \
		    'RK_THREADS=1 RK_CHECK_THREAD=parse' 'RK_THREADS=1 RK_CHECK_THREAD=take'; do
			run --separate-stderr env $env return-register --orders "$T/orders.csv" \
			    --as-of $ASOF --rejects "$T/rejects.csv" "$D/requests.csv"
			echo "$status $stderr" >"$T/got.$env"
		done
		grep -q '^65 .*orders.csv:[0-9]*:[0-9]*: ' "$T/got.RK_THREADS=1"
		cmp "$T/got.RK_THREADS=1" "$T/got.RK_THREADS=4"
		cmp "$T/got.RK_THREADS=1" "$T/got.RK_THREADS=4 RK_CHUNK_BYTES=5000"
		cmp "$T/got.RK_THREADS=1" "$T/got.RK_THREADS=1 RK_CHECK_THREAD=parse"
		cmp "$T/got.RK_THREADS=1" "$T/got.RK_THREADS=1 RK_CHECK_THREAD=take"
	done
}

# Answer rows formatted on several threads (rk_writer_rows_par): the
# bytes one thread writes (RK_WRITE_ITEMS above the row count keeps the
# writing on the calling thread), in every output format and CSV dialect.
@test "return-register: answer and registry rows formatted on several threads, byte for byte in every format" {
	for fmt in '-o csv' '-o jsonl' '-o json' '--crlf'; do
		register "$T/one" RK_THREADS=1 RK_WRITE_ITEMS=1000000 -- $fmt
		[ "$(cat "$T/one/status")" = "1 1" ]
		[ "$(wc -l <"$T/one/out")" -gt 5000 ]
		for env in 'RK_THREADS=1 RK_WRITE_ITEMS=1' 'RK_THREADS=4 RK_WRITE_ITEMS=7' \
		    'RK_THREADS=2 RK_WRITE_ITEMS=999' 'RK_THREADS=3'; do
			register "$T/many" $env -- $fmt
			same "$T/one" "$T/many"
			rm -rf "$T/many"
		done
		rm -rf "$T/one"
	done
}

@test "return-match: answer and journal rows formatted on several threads, byte for byte" {
	for fmt in '-o csv' '-o jsonl' '-o json' '--crlf'; do
		match "$T/one" RK_THREADS=1 RK_WRITE_ITEMS=1000000 -- $fmt
		[ "$(wc -l <"$T/one/journal.csv")" -gt 1000 ]
		[ "$(wc -l <"$T/one/out1")" -gt 1000 ]
		for env in 'RK_THREADS=1 RK_WRITE_ITEMS=1' 'RK_THREADS=4 RK_WRITE_ITEMS=13' \
		    'RK_THREADS=3 RK_WRITE_ITEMS=500'; do
			match "$T/many" $env -- $fmt
			same "$T/one" "$T/many"
			rm -rf "$T/many"
		done
		rm -rf "$T/one"
	done
}

# Chunks of records whose every field is empty (each row malformed),
# the first chunks the parsing threads take: their fields take no byte
# of a batch that has held none yet, and their rejects must still be
# the one thread's, cell for cell.
@test "chunks of rows with only empty fields: rejects byte for byte" {
	gen_orders 3000 | awk 'NR == 2 { for (i = 0; i < 3000; i++) print ",,,,,,,,,,," } { print }' \
	    >"$T/orders.csv"
	[ "$(wc -c <"$T/orders.csv")" -gt $((32 * 4096)) ]
	for env in RK_THREADS=1 'RK_THREADS=4 RK_CHUNK_BYTES=4096'; do
		run --separate-stderr env $env return-register --orders "$T/orders.csv" \
		    --policy "$D/policy.yaml" --as-of $ASOF --rejects "$T/rejects.$env" \
		    "$D/requests.csv"
		echo "$status $stderr" >"$T/err.$env"
		printf '%s\n' "$output" >"$T/out.$env"
	done
	[ "$(grep -c '^,*/.*/orders.csv,[0-9]*,missing_value,' "$T/rejects.RK_THREADS=1")" -eq 3000 ]
	cmp "$T/rejects.RK_THREADS=1" "$T/rejects.RK_THREADS=4 RK_CHUNK_BYTES=4096"
	cmp "$T/out.RK_THREADS=1" "$T/out.RK_THREADS=4 RK_CHUNK_BYTES=4096"
	cmp "$T/err.RK_THREADS=1" "$T/err.RK_THREADS=4 RK_CHUNK_BYTES=4096"
}
