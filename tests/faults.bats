#!/usr/bin/env bats
# I/O faults: every read, write, open, close, fsync, rename and flock of a
# full run of each tool failed in turn (tests/faults/loop.sh, through the
# LD_PRELOAD shim tests/faults/shim.c), and a real full disk during the
# commit.  Whatever fails, the state file is the old one or the complete
# new one, each report the old one or the complete new one, no temporary
# file is left, and the run either gives the clean run's answer or exits
# with a status of 64 or more and a message.

load helpers

SHIM=${RK_FAULT_SHIM:-$TOP/build/faults/shim.so}

# Skip when the shim is not built or cannot work here (it needs seccomp).
need_shim() {
	[ -f "$SHIM" ] || skip "no $SHIM (make check or make faults builds it)"
	env LD_PRELOAD="$SHIM" RK_FAULT_TRACE=/dev/null true 2>/dev/null ||
	    skip "the fault shim cannot install its seccomp filter here"
}

# register [ENV...]: return-register on the examples with a registry, a
# journal and --rejects under $T, through the shim with ENV.
register() {
	env LD_PRELOAD="$SHIM" "$@" return-register --orders "$EX/orders.csv" \
	    --policy "$EX/policy.yaml" --registry "$T/rma.csv" \
	    --journal "$T/journal.csv" --rejects "$T/rejects.csv" \
	    --as-of 2026-11-20 "$EX/requests.csv"
}

@test "a write error on the spool of rejected rows fails the run (the rows were lost)" {
	need_shim
	# tmpfile(3) makes the spool in /tmp whatever TMPDIR says
	run register RK_FAULT_CALL=write RK_FAULT_PATH=/tmp/# RK_FAULT_N=1 \
	    RK_FAULT_ERRNO=ENOSPC
	assert_failure 74
	assert_output --partial "cannot spool rejected rows: No space left on device"
	assert [ ! -e "$T/rma.csv" ]
	assert [ ! -e "$T/rejects.csv" ]
}
