#!/usr/bin/env bats
# The terminal side of return-register and return-match: --help and -V
# (return-register(1): OPTIONS).
load helpers

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
