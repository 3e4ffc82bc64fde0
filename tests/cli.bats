#!/usr/bin/env bats
# The terminal side of return-register and return-match: --help, -V, what
# an unknown option or a missing value is told, and the progress line
# (return-register(1): OPTIONS, DIAGNOSTICS).
load helpers

# usage TOOL: the usage lines, which --help prints before the option lines
# and a refused option after its message.
usage() {
	"$1" --help | sed '/^$/,$d'
}

# requests ROWS [BAD]: ROWS request lines in $T/big.csv, row BAD with the
# quantity "two".
requests() {
	awk -v n="$1" -v bad="${2:-0}" 'BEGIN {
		print "request_id,retailer_id,sku,qty,reason"
		for (i = 1; i <= n; i++)
			printf "Q%d,R1,SKU-A,%s,DEFECT\n", i, i == bad ? "two" : "1"
	}' >"$T/big.csv"
}

# shown FILE: stderr as bytes made visible: CR as <CR>, erase-line as <EL>,
# and the amount read (which depends on how the pipe was filled) as N.
shown() {
	cr=$(printf '\r')
	esc=$(printf '\033')
	sed -e "s/$cr/<CR>/g" -e "s/$esc\\[K/<EL>/g" \
	    -e 's/[0-9][0-9]*\.[0-9] MB/N MB/g' -e 's/ *[0-9][0-9]*% of/ N% of/g' "$1"
}

# piped ARGS...: return-register reading $T/big.csv through a pipe, the
# progress line redrawn at every update, stderr in $T/err.
piped() {
	cat "$T/big.csv" | RK_PROGRESS_INTERVAL=0 return-register \
	    --orders "$EX/orders.csv" --as-of 2026-11-20 "$@" >/dev/null 2>"$T/err"
}

@test "return-register --help: usage, a line per option, See return-register(1)" {
	run --separate-stderr return-register --help
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-'X'
	usage: return-register --orders FILE [--registry FILE] [--journal FILE]
	           [--policy FILE] [--as-of DATE] [--rejects FILE] [--summary]
	           [--progress | --no-progress] [-i auto|csv|jsonl|json]
	           [-o csv|jsonl|json] [--json] [--delimiter C] [--decimal-comma]
	           [--crlf] [--lock-timeout SECONDS] [--dry-run] [FILE ...]
	       return-register -h | -V

	      --orders FILE           the ERP's invoiced sales lines (required)
	      --registry FILE         the registry of RMAs
	      --journal FILE          the journal of matched receipts
	      --policy FILE           the returns policy
	      --as-of DATE            the run's today (default: the current UTC date)
	      --rejects FILE          write rejected rows to FILE, not to stderr
	      --summary               print a summary on stderr at the end
	      --progress              show a progress line on stderr
	      --no-progress           do not show it
	  -i, --input-format FMT      the operands' format: auto, csv, jsonl, json
	  -o, --output-format FMT     the output format (default: csv)
	      --json                  short for -o jsonl
	      --delimiter C           separate CSV fields with C, not a comma
	      --decimal-comma         a comma is the decimal separator in CSV
	      --crlf                  end CSV records with CR LF
	      --lock-timeout SECONDS  wait at most SECONDS for the lock
	      --dry-run               do everything but write a state file
	  -h, --help                  print this help and exit
	  -V, --version               print the version and exit
	See return-register(1).
	X
	help=$output
	run return-register -h
	assert_success
	assert_output "$help"
}

@test "return-match --help: its own options, See return-match(1)" {
	run --separate-stderr return-match --help
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<-'X'
	usage: return-match --orders FILE [--registry FILE] [--journal FILE]
	           [--retailers FILE] [--expected FILE] [--policy FILE]
	           [--as-of DATE] [--rejects FILE] [--summary]
	           [--progress | --no-progress] [-i auto|csv|jsonl|json]
	           [-o csv|jsonl|json] [--json] [--delimiter C] [--decimal-comma]
	           [--crlf] [--lock-timeout SECONDS] [--dry-run] [FILE ...]
	       return-match -h | -V

	      --orders FILE           the ERP's invoiced sales lines (required)
	      --registry FILE         the registry of RMAs
	      --journal FILE          the journal of matched receipts
	      --retailers FILE        the retailers' master data
	      --expected FILE         write the registered lines still open to FILE
	      --policy FILE           the returns policy
	      --as-of DATE            the run's today (default: the current UTC date)
	      --rejects FILE          write rejected rows to FILE, not to stderr
	      --summary               print a summary on stderr at the end
	      --progress              show a progress line on stderr
	      --no-progress           do not show it
	  -i, --input-format FMT      the operands' format: auto, csv, jsonl, json
	  -o, --output-format FMT     the output format (default: csv)
	      --json                  short for -o jsonl
	      --delimiter C           separate CSV fields with C, not a comma
	      --decimal-comma         a comma is the decimal separator in CSV
	      --crlf                  end CSV records with CR LF
	      --lock-timeout SECONDS  wait at most SECONDS for the lock
	      --dry-run               do everything but write a state file
	  -h, --help                  print this help and exit
	  -V, --version               print the version and exit
	See return-match(1).
	X
}

@test "-V is --version" {
	for tool in return-register return-match; do
		run --separate-stderr "$tool" -V
		assert_success
		assert_output "$("$tool" --version)"
		assert_equal "$stderr" ""
	done
}

@test "an unknown option near a valid one: 64, did you mean it" {
	run --separate-stderr return-register --orders "$EX/orders.csv" --sumary
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "return-register: unknown option '--sumary' (did you mean '--summary'?)
$(usage return-register)"
	# with a value, and shortened as getopt_long(3) allows
	run --separate-stderr return-register --orders "$EX/orders.csv" --lokc-time=5
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: unknown option '--lokc-time' (did you mean '--lock-timeout'?)"
	# among return-match's own options
	run --separate-stderr return-match --orders "$EX/orders.csv" --retialers x
	assert_failure 64
	assert_equal "$stderr" "return-match: unknown option '--retialers' (did you mean '--retailers'?)
$(usage return-match)"
}

@test "an unknown option far from every valid one: 64, no suggestion" {
	run --separate-stderr return-register --orders "$EX/orders.csv" --frobnicate
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "return-register: unknown option '--frobnicate'
$(usage return-register)"
	run --separate-stderr return-register --orders "$EX/orders.csv" --verbose
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: unknown option '--verbose'"
}

@test "a prefix of several options: 64, the options it could be" {
	run --separate-stderr return-register --orders "$EX/orders.csv" --de ';'
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "return-register: option '--de' is ambiguous: '--delimiter' or '--decimal-comma'
$(usage return-register)"
}

@test "an option without its value: 64, named in full" {
	run --separate-stderr return-register --orders
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "return-register: option '--orders' needs a value
$(usage return-register)"
	run --separate-stderr return-register --orders "$EX/orders.csv" --lock
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: option '--lock-timeout' needs a value"
	run --separate-stderr return-register --orders "$EX/orders.csv" -i
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: option '-i' needs a value"
	run --separate-stderr return-match --orders "$EX/orders.csv" --expected
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-match: option '--expected' needs a value"
}

@test "a value for an option that takes none: 64" {
	run --separate-stderr return-register --orders "$EX/orders.csv" --summary=yes
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "return-register: option '--summary' takes no value
$(usage return-register)"
}

@test "an unknown short option: 64, the letter in the other case, a long option with one dash" {
	run --separate-stderr return-register --orders "$EX/orders.csv" -v
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "return-register: unknown option '-v' (did you mean '-V'?)
$(usage return-register)"
	run --separate-stderr return-register --orders "$EX/orders.csv" -summary
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: unknown option '-s' (did you mean '--summary'?)"
	# in a word of letters after a long option, the letter is named
	run --separate-stderr return-register --summary -xy --orders "$EX/orders.csv"
	assert_failure 64
	assert_equal "${stderr_lines[0]}" "return-register: unknown option '-x'"
}

@test "--progress reading a pipe: rows and bytes, no percentage" {
	requests 2500
	run piped --progress
	assert_success
	run shown "$T/err"
	assert_output "<CR>return-register: 1024 rows, N MB read<CR>return-register: 2048 rows, N MB read<CR><EL>"
	# without --progress stderr is no terminal: nothing
	run piped
	assert_success
	run shown "$T/err"
	assert_output ""
}

@test "--progress reading a file: the share of the bytes" {
	requests 2500
	RK_PROGRESS_INTERVAL=0 run --separate-stderr return-register --progress \
	    --orders "$EX/orders.csv" --as-of 2026-11-20 "$T/big.csv"
	assert_success
	printf '%s' "$stderr" >"$T/err"
	run shown "$T/err"
	assert_output "<CR>return-register: N% of N MB read<CR>return-register: N% of N MB read<CR><EL>"
}

@test "a rejected row printed while the progress line is shown is on a line of its own" {
	requests 2500 1500
	run piped --progress
	assert_failure 1
	run shown "$T/err"
	# the line is erased (<CR><EL>) before the message and drawn again after
	assert_output - <<-'X'
	<CR>return-register: 1024 rows, N MB read<CR><EL>return-register: -:1501: bad_qty: column 'qty': "two" is not a whole number from 1 to 1000000000
	<CR>return-register: 2048 rows, N MB read<CR><EL>
	X
}
