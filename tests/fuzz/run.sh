#!/bin/sh
# make fuzz: run each fuzz target for a while, one after the other, and
# sum up what each did.
# usage: tests/fuzz/run.sh TARGETDIR SECONDS NAME...
# Each target NAME runs niced for SECONDS with its dictionary
# (tests/fuzz/NAME.dict, or the one named below) on two corpus
# directories: build/fuzz/corpus/NAME, where it keeps what it finds, and
# tests/fuzz/corpus/NAME, the seeds and regression cases it only reads.
# A crash, leak or undefined behaviour is saved under
# build/fuzz/crashes/NAME/ and makes the exit status 1.  The log of each
# run is build/fuzz/NAME.log; the last lines give per target the
# executions per second, the coverage (edges, "cov") and the corpus size.
set -u
targets=$1 seconds=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build/fuzz
status=0
summary=
for t in "$@"; do
	case $t in
	csv_delim) dict=csv ;;
	state|tool) dict=tool ;;
	*) dict=$t ;;
	esac
	set -- -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
	    -rss_limit_mb=2048 -artifact_prefix="$work/crashes/$t/"
	[ -f "$top/tests/fuzz/$dict.dict" ] && set -- "$@" -dict="$top/tests/fuzz/$dict.dict"
	mkdir -p "$work/corpus/$t" "$work/crashes/$t" "$top/tests/fuzz/corpus/$t"
	echo "fuzz $t: $seconds s"
	(cd "$top" && nice -n 10 "$targets/$t" "$@" "$work/corpus/$t" \
	    "tests/fuzz/corpus/$t") >"$work/$t.log" 2>&1
	rc=$?
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | tail -n 1)
	execs=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$work/$t.log")
	cov=$(printf '%s\n' "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$done_line" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
	if [ $rc -ne 0 ]; then
		status=1
		echo "fuzz $t: FAILED (status $rc); see $work/$t.log and $work/crashes/$t/"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz:|.*runtime error)' "$work/$t.log" | head -n 5
	fi
	summary="$summary$(printf '%-10s %8s exec/s %6s edges  corpus %s' "$t" \
	    "${execs:-?}" "${cov:-?}" "${corp:-?}")
"
done
printf '%s' "$summary"
exit $status
