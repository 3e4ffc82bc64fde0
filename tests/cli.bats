#!/usr/bin/env bats
# The terminal side of return-register and return-match: --help, -V, and
# what an unknown option or a missing value is told
# (return-register(1): OPTIONS, DIAGNOSTICS).
load helpers

# usage TOOL: the usage lines, which --help prints before the option lines
# and a refused option after its message.
usage() {
	"$1" --help | sed '/^$/,$d'
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
