#!/bin/sh
# Fail every I/O call of a full run of one tool, one call at a time, and
# check what each run leaves (tests/faults.bats, make faults).
# usage: tests/faults/loop.sh BINDIR SHIM TOOL WORKDIR
# TOOL is return-register, return-match, credit-emit or credit-emit-ubl
# (credit-emit -o ubl, its files in WORKDIR/ubl).  WORKDIR (empty)
# gets the example data, the state files of an earlier run and reports
# of an earlier run ("old report").  A clean run of TOOL, traced by the
# shim (tests/faults/shim.c), lists every call of read, write, open,
# close, fsync, rename and flock it makes; then for each call, and for
# each error that call can meet, the state and the reports are put back,
# TOOL runs again with that one call failing, and:
#  - it exits 0 or 1 with the clean run's answer, state and reports (the
#    call was retried, or its failure does not matter), or it exits 64
#    or more with a message;
#  - the state file is byte for byte the one before or the clean run's,
#    each report the old one or the clean run's, each UBL file the clean
#    run's; no temporary file is left;
#  - a clean run after it leaves the state a clean run leaves (after a
#    run that committed, the state of two clean runs).
# Prints a line per broken promise ("not ok ...") and, last, the
# number of calls by kind and of runs by outcome; with RK_FAULT_VERBOSE
# set, also each call whose failure came after the state commit.  Exit
# status 1 when a promise was broken, 2 on a usage error.
set -u
[ $# -eq 4 ] || { echo "usage: $0 BINDIR SHIM TOOL WORKDIR" >&2; exit 2; }
bindir=$1 shim=$2 tool=$3 w=$4
top=$(cd "$(dirname "$0")/../.." && pwd)
ex=$top/tests/fixtures/examples
export TZ=UTC LC_ALL=C
# a sanitizer build: the shim comes before its runtime, and leak checks
# at exit are not what is tested here
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0:detect_leaks=0
export ASAN_OPTIONS

case $tool in
return-register) state=rma.csv reports="rejects.csv" ;;
return-match) state=journal.csv reports="rejects.csv expected.csv" ;;
credit-emit | credit-emit-ubl)
	state=ledger.csv reports="rejects.csv held.csv replacements.csv" ;;
*) echo "$0: no tool '$tool'" >&2; exit 2 ;;
esac

# run [ENV...]: the tool under test, on the work directory; $w/out,
# $w/err, status in $rc.
run() {
	case $tool in
	return-register)
		env "$@" "$bindir/return-register" --orders "$w/orders.csv" \
		    --policy "$w/policy.yaml" --registry "$w/rma.csv" \
		    --journal "$w/journal.csv" --rejects "$w/rejects.csv" \
		    --as-of 2026-11-20 "$w/requests.csv" ;;
	return-match)
		env "$@" "$bindir/return-match" --orders "$w/orders.csv" \
		    --policy "$w/policy.yaml" --registry "$w/rma.csv" \
		    --journal "$w/journal.csv" --retailers "$w/retailers.csv" \
		    --expected "$w/expected.csv" --rejects "$w/rejects.csv" \
		    --as-of 2026-11-25 "$w/receipts.csv" ;;
	credit-emit)
		env "$@" "$bindir/credit-emit" --policy "$w/policy.yaml" \
		    --ledger "$w/ledger.csv" --retailers "$w/retailers.csv" \
		    --held "$w/held.csv" --replacements "$w/replacements.csv" \
		    --rejects "$w/rejects.csv" --as-of 2026-11-25 "$w/matches.csv" ;;
	credit-emit-ubl)
		env "$@" "$bindir/credit-emit" --policy "$w/policy.yaml" \
		    --ledger "$w/ledger.csv" --retailers "$w/retailers.csv" \
		    --held "$w/held.csv" --replacements "$w/replacements.csv" \
		    --rejects "$w/rejects.csv" --as-of 2026-11-25 -o ubl \
		    --out-dir "$w/ubl" "$w/matches.csv" ;;
	esac >"$w/out" 2>"$w/err"
	rc=$?
}

# The world before the run under test: the first request lines
# registered, the first receipts matched and credited; the run under
# test brings the rest.  For return-match and credit-emit the registry
# holds every request line.
setup() {
	for f in orders.csv policy.yaml retailers.csv; do
		cp "$ex/$f" "$w/$f" || exit 2
	done
	head -n 6 "$ex/requests.csv" >"$w/requests.csv"
	head -n 8 "$ex/receipts.csv" >"$w/receipts.csv"
	saved=$tool
	for tool in return-register return-match credit-emit; do
		[ $tool = credit-emit ] && cp "$w/out" "$w/matches.csv"
		run
		[ $rc -le 1 ] || { echo "setup: $tool failed ($rc)" >&2; cat "$w/err" >&2; exit 2; }
		if [ $tool = return-register ] && [ $saved != return-register ]; then
			cp "$ex/requests.csv" "$w/requests.csv"
			run
		fi
	done
	tool=$saved
	cp "$ex/requests.csv" "$w/requests.csv"
	cp "$ex/receipts.csv" "$w/receipts.csv"
	if [ $state = ledger.csv ]; then
		# the answer of return-match on every receipt
		cp "$w/journal.csv" "$w/journal.saved"
		tool=return-match
		run
		tool=$saved
		cp "$w/out" "$w/matches.csv"
		mv "$w/journal.saved" "$w/journal.csv"
	fi
	rm -f "$w"/*.csv.lock
	for f in $reports; do
		echo "old report" >"$w/$f"
	done
	mkdir -p "$w/pre"
	cp "$w/$state" "$w/pre/$state"
	for f in $reports; do
		cp "$w/$f" "$w/pre/$f"
	done
}

# Put the state and the reports back as they were before; no UBL file.
restore() {
	cp "$w/pre/"* "$w/"
	rm -rf "$w/ubl"
	mkdir "$w/ubl"
}

# Keep what a run left under $w/$1/.
keep() {
	mkdir -p "$w/$1"
	cp "$w/out" "$w/err" "$w/$state" "$w/$1/"
	echo $rc >"$w/$1/status"
	for f in $reports; do
		cp "$w/$f" "$w/$1/$f"
	done
	rm -rf "$w/$1/ubl"
	cp -R "$w/ubl" "$w/$1/ubl"
}

same() {
	cmp -s "$1" "$2"
}

broken=0
fail() {
	echo "not ok - $tool: $what: $*"
	sed 's/^/#   /' "$w/err" | head -n 5
	broken=$((broken + 1))
}

# Check the run just made with one call failing ($what names it).
check() {
	for f in "$w"/*.tmp.* "$w"/ubl/*.tmp.*; do
		[ -e "$f" ] || continue
		fail "temporary file left: ${f##*/}"
		rm -f "$f"
	done
	# a UBL file written is the clean run's, whatever failed after it
	for f in "$w"/ubl/*; do
		[ -e "$f" ] || continue
		same "$f" "$w/clean/ubl/${f##*/}" || fail "${f##*/} is not the clean run's"
	done
	if [ $rc -le 1 ]; then
		[ $rc -eq "$(cat "$w/clean/status")" ] || fail "status $rc, clean run $(cat "$w/clean/status")"
		same "$w/out" "$w/clean/out" || fail "status $rc and the answer differs from the clean run's"
		[ "$(ls "$w/ubl")" = "$(ls "$w/clean/ubl")" ] || fail "status $rc and other UBL files than the clean run's"
		same "$w/$state" "$w/clean/$state" || fail "status $rc and $state differs from the clean run's"
		for f in $reports; do
			same "$w/$f" "$w/clean/$f" || fail "status $rc and $f differs from the clean run's"
		done
		outcome=ok
	elif [ $rc -lt 64 ] || [ $rc -gt 125 ]; then
		fail "exit status $rc"
		return
	else
		[ -s "$w/err" ] || fail "status $rc without a message"
		if same "$w/$state" "$w/pre/$state"; then
			outcome=failed
		elif same "$w/$state" "$w/clean/$state"; then
			outcome=failed_after_commit
			[ -z "${RK_FAULT_VERBOSE:-}" ] || echo "# failed after the commit ($rc): $what"
		else
			fail "status $rc and $state is neither the old one nor the clean run's"
		fi
		for f in $reports; do
			same "$w/$f" "$w/pre/$f" || same "$w/$f" "$w/clean/$f" ||
			    fail "status $rc and $f is neither the old one nor the clean run's"
		done
	fi
	eval "n_$outcome=\$((n_$outcome + 1))"
	[ $outcome = ok ] && return # the next run is a second clean run
	# a clean run after the failed one
	run
	[ $rc -le 1 ] || fail "the clean run after it exits $rc"
	if [ $outcome = failed_after_commit ]; then
		same "$w/$state" "$w/twice/$state" || fail "the clean run after a committed run leaves another state than two clean runs"
	else
		same "$w/$state" "$w/clean/$state" || fail "the clean run after it leaves another state than a clean run"
		[ "$(ls "$w/ubl")" = "$(ls "$w/clean/ubl")" ] || fail "the clean run after it writes other UBL files than a clean run"
	fi
}

errors_of() {
	case $1 in
	read) echo EIO EINTR ;;
	write) echo ENOSPC EIO EINTR SHORT ;;
	open) echo ENOSPC EIO ;;
	close) echo EIO ;;
	fsync) echo EIO ENOSPC ;;
	rename) echo EIO ENOSPC ;;
	flock) echo EINTR ENOLCK ;;
	esac
}

mkdir -p "$w" || exit 2
w=$(cd "$w" && pwd)
setup
restore
run RK_FAULT_TRACE="$w/trace" LD_PRELOAD="$shim"
[ $rc -le 1 ] || { echo "the clean run failed ($rc)" >&2; cat "$w/err" >&2; exit 2; }
keep clean
run
keep twice
restore
run
same "$w/out" "$w/clean/out" && same "$w/$state" "$w/clean/$state" ||
    { echo "the run without the shim differs from the traced one" >&2; exit 2; }

n_ok=0 n_failed=0 n_failed_after_commit=0 n_broken=0 runs=0
sort "$w/trace" | uniq -c >"$w/calls"
while read -r count kind path; do
	for e in $(errors_of "$kind"); do
		n=1
		while [ $n -le "$count" ]; do
			what="$kind $path #$n $e"
			restore
			rm -f "$w/itrace"
			outcome=broken
			run RK_FAULT_TRACE="$w/itrace" RK_FAULT_CALL="$kind" \
			    RK_FAULT_PATH="$path" RK_FAULT_N=$n RK_FAULT_ERRNO="$e" \
			    LD_PRELOAD="$shim"
			grep -q '^! ' "$w/itrace" || fail "the call was not made"
			check
			runs=$((runs + 1))
			n=$((n + 1))
		done
	done
done <"$w/calls"

calls=$(wc -l <"$w/trace")
bykind=$(awk '{ n[$1]++ } END { for (k in n) print k, n[k] }' "$w/trace" |
    sort | paste -s -d, - | sed 's/,/, /g')
echo "# $tool: $calls calls ($bykind); $runs runs with one failing: $n_ok as the clean run, $n_failed failed leaving everything as it was, $n_failed_after_commit failed after the commit, $broken broken promises"
[ $broken -eq 0 ]
