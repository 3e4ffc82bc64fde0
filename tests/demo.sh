#!/bin/sh
# make demo: run the pipeline of the three tools on the example data and
# print each answer; then write the credit notes as UBL and, when
# ../shared/validation is there, check them with validate-ubl.
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
    <"$ex/receipts.csv" >"$work/matches.csv"
cat "$work/matches.csv"
echo
echo "== registered lines still open (--expected)"
cat "$work/expected.csv"
echo
echo "== the journal now holds $(($(wc -l <"$work/matched.csv") - 1)) rows"
echo
echo "== credit-emit --as-of 2026-11-25   (credit notes for the ERP)"
run "$bindir/credit-emit" --policy "$ex/policy.yaml" --ledger "$work/credits.csv" \
    --retailers "$ex/retailers.csv" --held "$work/held.csv" \
    --replacements "$work/replacements.csv" --as-of 2026-11-25 --summary \
    <"$work/matches.csv"
echo
echo "== held for a person to look at (--held: receipt_id, seq, status, hold_reason)"
cut -d, -f1,2,10,22 "$work/held.csv"
echo
echo "== to be replaced, not credited (--replacements)"
cat "$work/replacements.csv"
echo
echo "== the ledger now holds $(($(wc -l <"$work/credits.csv") - 1)) lines"
echo
echo "== credit-emit --replay -o ubl   (the same notes as UBL credit notes, for Peppol)"
mkdir "$work/ubl"
# the ids of the notes in the ledger, in order
ids=$(cut -d, -f1 "$work/credits.csv" | sed '1d; /^$/d' | uniq)
# shellcheck disable=SC2086
run "$bindir/credit-emit" --policy "$ex/policy.yaml" --ledger "$work/credits.csv" \
    --retailers "$ex/retailers.csv" --replay -o ubl --out-dir "$work/ubl" $ids
echo
echo "== the first of them"
cat "$work/ubl/$(ls "$work/ubl" | head -n 1)"
echo
echo "== validate-ubl   (EN 16931 and Peppol BIS Billing 3.0, the official rules)"
validator=$top/../shared/validation/validate-ubl
if [ ! -x "$validator" ]; then
	echo "(not validated: $validator is not there)"
elif ! command -v java >/dev/null; then
	echo "(not validated: java is missing: apt-get install -y default-jre-headless libsaxonhe-java)"
else
	"$validator" "$work"/ubl/*.xml
	rc=$?
	[ $rc -le 1 ] || { echo "demo: validate-ubl failed with status $rc" >&2; exit $rc; }
	[ $rc -eq 0 ] || echo "(a note that fails here cannot be sent over Peppol as it is; see IMPLEMENTATION NOTES in credit-emit(1))"
fi
