"""allocate.py - the order-history allocation of returnkit, written plainly
from its manual pages, as an independent check of the tools (make bench).

The rule (return-register(1), "Allocating a request line", without
references; return-match(1), "Step 3: allocation", tier 4 order_history,
for a row that names no order), for one ask of a quantity on a date:

  - the run is the order lines of the ask's retailer and sku;
  - the candidates are its lines dated on or before the ask's date (line
    date: delivered_at, else invoice_date) with remaining quantity;
  - a candidate is in window when the date less its line date is at most
    the window, in days; in-window candidates come first, then, only under
    late: hold, the others;
  - within each group, newest first: line date descending, ties by
    invoice_id (bytewise) and then line_no (numerically), both ascending;
  - greedy: from each candidate in turn the smaller of its remaining
    quantity and what is still needed;
  - what remains gets the first reason that applies: not_purchased (no
    line of the run dated on or before the date), outside_window (late:
    reject and a late line with quantity was passed over), else
    exceeds_returnable.

Asks are taken in input order, each seeing what the earlier ones left.
Only the standard library; plain loops, no cleverness.
"""

import csv
import datetime


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def read_orders(path):
    """(retailer_id, sku) -> its lines, each a dict, newest first."""
    runs = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            line = {
                "invoice_id": row["invoice_id"],
                "line_no": int(row["line_no"]),
                "date": day(row["delivered_at"] or row["invoice_date"]),
                "remaining": int(row["qty"]),
            }
            runs.setdefault((row["retailer_id"], row["sku"]), []).append(line)
    for lines in runs.values():
        # ties first (invoice_id bytewise: Python compares code points,
        # which is the byte order of UTF-8), then the stable sort by date
        lines.sort(key=lambda l: (l["invoice_id"].encode(), l["line_no"]))
        lines.sort(key=lambda l: l["date"], reverse=True)
    return runs


def allocate_one(lines, qty, date, window, late):
    """Take qty from lines; returns [(line, qty, 'in'|'late')] and the
    remainder (qty, reason)."""
    taken = []
    need = qty
    groups = [True, False] if late == "hold" else [True]
    for in_window in groups:
        for line in lines:
            if need == 0:
                break
            if line["date"] > date or line["remaining"] == 0:
                continue
            if (date - line["date"] <= window) != in_window:
                continue
            n = min(line["remaining"], need)
            line["remaining"] -= n
            need -= n
            taken.append((line, n, "in" if in_window else "late"))
    reason = ""
    if need > 0:
        if not any(line["date"] <= date for line in lines):
            reason = "not_purchased"
        elif late == "reject" and any(
                line["date"] <= date and date - line["date"] > window
                and line["remaining"] > 0 for line in lines):
            reason = "outside_window"
        else:
            reason = "exceeds_returnable"
    return taken, (need, reason)


def allocate(orders_path, asks, window, late):
    """asks: [(retailer_id, sku, qty, date text)] in input order.  Returns
    per ask a list of (invoice_id, line_no, qty, status), status 'in',
    'late' or the remainder's reason (invoice_id and line_no empty)."""
    runs = read_orders(orders_path)
    answers = []
    for retailer, sku, qty, date in asks:
        taken, (left, reason) = allocate_one(runs.get((retailer, sku), []),
                                             qty, day(date), window, late)
        rows = [(l["invoice_id"], str(l["line_no"]), n, status)
                for l, n, status in taken]
        if left > 0:
            rows.append(("", "", left, reason))
        answers.append(rows)
    return answers
