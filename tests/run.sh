#!/bin/sh
# Run every test: the unit tests of lib/ (TAP programs) and the bats tests.
# usage: tests/run.sh BINDIR UNITDIR
# Both run with TMPDIR (and BATS_TMPDIR) set to a scratch directory made
# here; whatever either leaves in it is a failure ("not ok - ... left in
# TMPDIR: NAMES"), and so is a change to the source tree (git status, when
# it is a git checkout; bin/ and build/ aside).  The scratch directory is
# removed at the end.
# The last line is "N passed, N failed"; the exit status is 1 on failure.
bindir=${1:-bin}
unitdir=${2:-build/tests}
top=$(cd "$(dirname "$0")/.." && pwd)
RK_BIN=$(cd "$bindir" && pwd)
export RK_BIN
log=$(mktemp) || exit 2
scratch=
trap 'rm -f "$log" "$log.u" "$log.b" "$log.g"; [ -z "$scratch" ] || rm -rf "$scratch"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rk-check.XXXXXX") || exit 2

# oneline: the lines of stdin joined with spaces.
oneline() {
	tr '\n' ' ' | sed 's/ $//'
}

# leftovers WHAT: a "not ok" line naming what WHAT left in the scratch
# directory (and a few of the files in it), then empty it.
leftovers() {
	left=$(cd "$scratch" && ls -A)
	[ -n "$left" ] || return 0
	echo "not ok - $1 left in TMPDIR: $(printf '%s\n' "$left" | oneline)" | tee -a "$log"
	(cd "$scratch" && find . -mindepth 1 | sort | head -n 20 | sed 's|^\./|#   |')
	chmod -R u+rwx "$scratch" 2>/dev/null
	rm -rf "$scratch"
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/rk-check.XXXXXX") || exit 2
}

# srcstate: the git status of the source tree, bin/ and build/ aside
# (nothing outside a git checkout).
srcstate() {
	GIT_OPTIONAL_LOCKS=0 git -C "$top" status --porcelain --ignored --untracked-files=all \
	    -- . ':!bin' ':!build' 2>/dev/null
}
srcstate >"$log.g"

for t in "$unitdir"/unit_*; do
	[ -x "$t" ] || continue
	echo "# $(basename "$t")"
	TMPDIR=$scratch "$t" >"$log.u" 2>&1
	rc=$?
	cat "$log.u"
	cat "$log.u" >>"$log"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log.u"; then
		echo "not ok - $(basename "$t") exited with status $rc" | tee -a "$log"
	fi
	rm -f "$log.u"
done
leftovers "the unit tests"

echo "# bats"
(cd "$top/tests" && TMPDIR=$scratch BATS_TMPDIR=$scratch bats --tap ./*.bats) >"$log.b" 2>&1
rc=$?
cat "$log.b"
cat "$log.b" >>"$log"
if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log.b"; then
	echo "not ok - bats exited with status $rc" | tee -a "$log"
fi
rm -f "$log.b"
leftovers "the bats tests"

changed=$(srcstate | grep -vxF -f "$log.g" | cut -c4-)
if [ -n "$changed" ]; then
	echo "not ok - the tests changed the source tree: $(printf '%s\n' "$changed" | oneline)" | tee -a "$log"
fi

passed=$(grep -c '^ok' "$log")
failed=$(grep -c '^not ok' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
