"""check.py - make bench: the tools' order-history allocation compared with
the plain rule of allocate.py (and with DuckDB's, bench/duckdb).

  python3 check.py --orders O --receipts R --requests Q [--window DAYS]
      [--late hold|reject] [--as-of DATE] [--match OUT] [--register OUT]
      [--duckdb OUT] [--no-reference]

Every ask is one data row of the receipts (return-match) or of the
requests (return-register), which the benchmark makes the same rows in
the same order.  Each output given is read back as, per ask, its rows in
allocation order: (invoice_id, invoice_line, qty, status), status 'in'
(unannounced, accepted), 'late' (held) or the remainder's reason.  With
--no-reference the first output given is the baseline instead of the
reference (for the full-size data, where plain loops would take hours).
Prints "allocation equal on N rows ..." and exits 0, or the first
differences and exits 1.
"""

import argparse
import csv
import sys

import allocate


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def receipt_asks(path, as_of):
    """The asks of return-match's input, and receipt_id -> ask."""
    asks, index = [], {}
    for row in read_rows(path):
        index[row["receipt_id"]] = len(asks)
        asks.append((row["retailer_id"], row["sku"], int(row["qty"]),
                     row.get("received_at") or as_of))
    return asks, index


def request_keys(path):
    """(retailer_id, request_id, request_line) -> ask, request_line
    defaulting to the row's position within its request
    (return-register(1))."""
    index, seen = {}, {}
    for row in read_rows(path):
        req = (row["retailer_id"], row["request_id"])
        seen[req] = seen.get(req, 0) + 1
        line = str(int(row.get("request_line") or seen[req]))
        index[req + (line,)] = len(index)
    return index


def status_of(status, reason):
    if status in ("unannounced", "accepted"):
        return "in"
    if status == "held" and reason == "outside_window":
        return "late"
    return reason


def collect(rows, nasks, ask_of, seq_of):
    answers = [[] for _ in range(nasks)]
    for row in sorted(rows, key=lambda r: (ask_of(r), seq_of(r))):
        st = status_of(row["status"], row["status_reason"])
        inv = row["invoice_id"] if st in ("in", "late") else ""
        line = row["invoice_line"] if st in ("in", "late") else ""
        answers[ask_of(row)].append((inv, line, int(row["qty"]), st))
    return answers


def match_answers(path, nasks, index):
    """return-match's rows (match order_history or none) per receipt."""
    return collect(read_rows(path), nasks,
                   lambda r: index[r["receipt_id"]], lambda r: int(r["seq"]))


def register_answers(path, nasks, index):
    """return-register's rows per request line, in output order."""
    rows = read_rows(path)
    for i, row in enumerate(rows):
        row["order"] = i
    return collect(rows, nasks, lambda r: index[(
        r["retailer_id"], r["request_id"], r["request_line"])],
        lambda r: r["order"])


def duckdb_answers(path, nasks, index):
    rows = read_rows(path)
    for i, row in enumerate(rows):
        row["order"] = i
    return collect(rows, nasks, lambda r: index[r["receipt_id"]],
                   lambda r: r["order"])


def compare(name, got, want, ids, limit=5):
    diffs = [i for i in range(len(want)) if got[i] != want[i]]
    for i in diffs[:limit]:
        print(f"bench: {name} differs on {ids[i]}: {got[i]} != {want[i]}",
              file=sys.stderr)
    return len(diffs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", required=True)
    ap.add_argument("--receipts", required=True)
    ap.add_argument("--requests")
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--late", default="hold", choices=["hold", "reject"])
    ap.add_argument("--as-of", default="")
    ap.add_argument("--match")
    ap.add_argument("--register")
    ap.add_argument("--duckdb")
    ap.add_argument("--no-reference", action="store_true")
    a = ap.parse_args()

    asks, index = receipt_asks(a.receipts, a.as_of)
    ids = sorted(index, key=index.get)
    outputs = []
    if a.match:
        outputs.append(("return-match",
                        match_answers(a.match, len(asks), index)))
    if a.register:
        rindex = request_keys(a.requests)
        if len(rindex) != len(asks):
            sys.exit("bench: the requests are not the receipts' rows")
        outputs.append(("return-register",
                        register_answers(a.register, len(asks), rindex)))
    if a.duckdb:
        outputs.append(("DuckDB", duckdb_answers(a.duckdb, len(asks), index)))
    if a.no_reference:
        base_name, want = outputs.pop(0)
    else:
        base_name = "the Python reference"
        want = allocate.allocate(a.orders, asks, a.window, a.late)
    bad = 0
    for name, got in outputs:
        bad += compare(name, got, want, ids)
    nrows = sum(len(w) for w in want)
    names = ", ".join(name for name, _ in outputs)
    if bad:
        print(f"bench: allocation differs on {bad} rows "
              f"({names} against {base_name})", file=sys.stderr)
        sys.exit(1)
    print(f"bench: allocation equal on {len(asks)} rows ({nrows} "
          f"allocation rows; {names} against {base_name})")


if __name__ == "__main__":
    main()
