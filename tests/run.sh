#!/bin/sh
# Run every test: the unit tests of lib/ (TAP programs) and the bats tests.
# usage: tests/run.sh BINDIR UNITDIR
# The last line is "N passed, N failed"; the exit status is 1 on failure.
bindir=${1:-bin}
unitdir=${2:-build/tests}
top=$(cd "$(dirname "$0")/.." && pwd)
RK_BIN=$(cd "$bindir" && pwd)
export RK_BIN
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

for t in "$unitdir"/unit_*; do
	[ -x "$t" ] || continue
	echo "# $(basename "$t")"
	"$t" >"$log.u" 2>&1
	rc=$?
	cat "$log.u"
	cat "$log.u" >>"$log"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log.u"; then
		echo "not ok - $(basename "$t") exited with status $rc" | tee -a "$log"
	fi
	rm -f "$log.u"
done

echo "# bats"
(cd "$top/tests" && bats --tap ./*.bats) >"$log.b" 2>&1
rc=$?
cat "$log.b"
cat "$log.b" >>"$log"
if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log.b"; then
	echo "not ok - bats exited with status $rc" | tee -a "$log"
fi
rm -f "$log.b"

passed=$(grep -c '^ok' "$log")
failed=$(grep -c '^not ok' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
