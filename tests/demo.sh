#!/bin/sh
# make demo: run the pipeline on the example data and print each answer.
# usage: tests/demo.sh BINDIR
# Uses ../shared/examples when it is there, else the copy under
# tests/fixtures/examples.  Scratch files live in a temporary directory.
set -u
bindir=$(cd "${1:-bin}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
ex=$top/../shared/examples
[ -f "$ex/orders.csv" ] || ex=$top/tests/fixtures/examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

run() {
	# a tool's status: 0 done, 1 done with rejected rows; anything else fails
	"$@"
	rc=$?
	[ $rc -le 1 ] || { echo "demo: $1 failed with status $rc" >&2; exit $rc; }
}

echo "== return-register --as-of 2026-11-20   (the retailers' pre-registrations)"
echo "   data: $ex"
run "$bindir/return-register" --orders "$ex/orders.csv" --policy "$ex/policy.yaml" \
    --registry "$work/rma.csv" --journal "$work/matched.csv" \
    --rejects "$work/register-rejects.csv" --as-of 2026-11-20 --summary \
    <"$ex/requests.csv"
echo
echo "== rejected request lines (--rejects)"
cat "$work/register-rejects.csv"
echo
echo "== the registry now holds $(($(wc -l <"$work/rma.csv") - 1)) registered lines"
echo
echo "== return-match --as-of 2026-11-25   (what the warehouse scanned)"
run "$bindir/return-match" --orders "$ex/orders.csv" --policy "$ex/policy.yaml" \
    --registry "$work/rma.csv" --journal "$work/matched.csv" \
    --retailers "$ex/retailers.csv" --expected "$work/expected.csv" \
    --rejects "$work/match-rejects.csv" --as-of 2026-11-25 --summary \
    <"$ex/receipts.csv"
echo
echo "== registered lines still open (--expected)"
cat "$work/expected.csv"
echo
echo "== the journal now holds $(($(wc -l <"$work/matched.csv") - 1)) rows"
