/*
 * match.h - return-match (return-match(1)): every received item tied to
 * its registered line and its original order line.
 *
 * Reads the receipts (all operands), the registry (read only), the
 * journal (under its lock), the retailers and the order lines; decides
 * each parcel's sender; allocates each receipt through the four tiers
 * (rma, parcel_rma, retailer_rma, order_history); writes the answer, the
 * still-open registered lines (--expected) and the rejects; commits every
 * answer row to the journal.  Returns the exit status (return-match(1),
 * EXIT STATUS) and has printed every message itself.  The work is done in
 * lib/match/ (its private header match.h says which file does what).
 */
#ifndef RK_MATCH_H
#define RK_MATCH_H

#include "rk/opts.h"

int rk_match_run(const struct rk_opts *o);

#endif
