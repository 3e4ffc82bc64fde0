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
# a sanitizer build: the shim comes before its runtime, and leak checks
# at exit are not what is tested here
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0:detect_leaks=0

# Skip when the shim is not built or cannot work here (it needs seccomp).
need_shim() {
	[ -f "$SHIM" ] || skip "no $SHIM (make check or make faults builds it)"
	env LD_PRELOAD="$SHIM" RK_FAULT_TRACE=/dev/null true 2>/dev/null ||
	    skip "the fault shim cannot install its seccomp filter here"
}

# loop TOOL: the loop of tests/faults/loop.sh over every call of TOOL;
# its count of calls and runs is printed as a TAP comment.
loop() {
	need_shim
	run sh "$TOP/tests/faults/loop.sh" "$BIN" "$SHIM" "$1" "$T/w"
	printf '%s\n' "$output" | grep '^# ' >&3 || true
	assert_success
}

@test "return-register: every I/O call of a run failed in turn" {
	loop return-register
}

@test "return-match: every I/O call of a run failed in turn" {
	loop return-match
}

@test "credit-emit: every I/O call of a run failed in turn" {
	loop credit-emit
}

@test "credit-emit -o ubl: every I/O call of a run failed in turn" {
	loop credit-emit-ubl
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

@test "EINTR on a read of the input is retried" {
	need_shim
	run register
	assert_failure 1
	cp "$T/rma.csv" "$T/clean.csv"
	rm "$T/rma.csv"
	run register RK_FAULT_CALL=read RK_FAULT_PATH="$EX/requests.csv" \
	    RK_FAULT_N=1 RK_FAULT_ERRNO=EINTR
	assert_failure 1
	cmp "$T/rma.csv" "$T/clean.csv"
}

# The real thing: a small tmpfs filled up to a few pages short of what
# the commit needs, page by page, each run checked like the loop.
@test "a full disk during the commit leaves the old state or the new one" {
	mkdir "$T/disk" "$T/gen"
	mount -t tmpfs -o size=2m tmpfs "$T/disk" 2>/dev/null ||
	    skip "cannot mount a tmpfs here (needs root)"
	sh "$TOP/tests/tools/gen-requests" -n 600 -a 2025-06-30 "$T/gen" >/dev/null
	head -n 301 "$T/gen/requests.csv" >"$T/half.csv"
	d=$T/disk
	reg() {
		return-register --orders "$T/gen/orders.csv" --registry "$d/rma.csv" \
		    --rejects "$d/rejects.csv" --as-of 2025-06-30 "$@" >"$T/out" 2>"$T/err"
	}
	run reg "$T/half.csv"
	[ "$status" -le 1 ]
	cp "$d/rma.csv" "$T/pre.csv"
	echo "old report" >"$T/pre-rejects.csv"
	cp "$T/pre-rejects.csv" "$d/rejects.csv"
	run reg "$T/gen/requests.csv"
	[ "$status" -le 1 ]
	cp "$d/rma.csv" "$T/new.csv"
	cp "$d/rejects.csv" "$T/new-rejects.csv"
	cp "$T/out" "$T/new-out"
	need=$(($(wc -c <"$T/new.csv") + $(wc -c <"$T/new-rejects.csv")))
	failed=0 done=0
	for free in $(seq 0 4096 $((need + 8192))); do
		rm -f "$d/filler"
		cp "$T/pre.csv" "$d/rma.csv"
		cp "$T/pre-rejects.csv" "$d/rejects.csv"
		avail=$(df -B1 --output=avail "$d" | tail -n 1)
		[ "$avail" -le "$free" ] || head -c $((avail - free)) /dev/zero >"$d/filler" 2>/dev/null
		run reg "$T/gen/requests.csv"
		if [ "$status" -le 1 ]; then
			done=$((done + 1))
			cmp "$d/rma.csv" "$T/new.csv"
			cmp "$d/rejects.csv" "$T/new-rejects.csv"
			cmp "$T/out" "$T/new-out"
		else
			failed=$((failed + 1))
			assert_equal "$status" 74
			grep -q 'No space left on device' "$T/err"
			cmp "$d/rma.csv" "$T/pre.csv"
			cmp "$d/rejects.csv" "$T/pre-rejects.csv"
		fi
		run ls "$d"
		refute_output --partial ".tmp."
		rm -f "$d/filler"
		run reg "$T/gen/requests.csv"
		[ "$status" -le 1 ]
		cmp "$d/rma.csv" "$T/new.csv"
	done
	echo "# full disk: $failed runs failed for want of space, $done had enough" >&3
	[ "$failed" -gt 0 ]
	[ "$done" -gt 0 ]
}

teardown() {
	umount "$T/disk" 2>/dev/null
	rm -rf "$T"
}
