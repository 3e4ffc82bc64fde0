#!/usr/bin/env bats
# The man pages: their EXAMPLES run, with the exit status the pages state,
# and --help matches each tool's SYNOPSIS.
load helpers

# examples PAGE: run the page's example commands in order and print the exit
# status of each.  They run in $T/top, where bin is the binaries under test
# and tests the tests directory, with /tmp/ replaced by $T/ and TMPDIR=$T
# (for their mktemp -d), so whatever they write is under $T.
examples() {
	"$TOP/tests/tools/man-examples" "$TOP/man/$1" | sed "s|/tmp/|$T/|g" >"$T/.cmds"
	mkdir "$T/top" && ln -s "$(cd "$BIN" && pwd)" "$T/top/bin" && ln -s "$TOP/tests" "$T/top/tests" || return 1
	(
		cd "$T/top" || exit 1
		TMPDIR=$T
		export TMPDIR
		__st=
		while IFS= read -r __cmd; do
			eval "$__cmd" >/dev/null 2>&1
			__st="$__st $?"
		done <"$T/.cmds"
		echo "${__st# }"
	)
}

@test "return-register(1) EXAMPLES run: statuses 1 1 1 1 1 0 0 1 0 0" {
	run examples return-register.1
	assert_output "1 1 1 1 1 0 0 1 0 0"
}

@test "return-match(1) EXAMPLES run" {
	run examples return-match.1
	assert_output "0 1 0 0 0 0 0 0 0 1 0 0"
}

@test "credit-emit(1) EXAMPLES run" {
	run examples credit-emit.1
	assert_output "0 1 0 0 0 0 0 0 0"
}

@test "returns-policy(5) EXAMPLES run: a misspelt key is 78" {
	run examples returns-policy.5
	assert_output "0 78"
}

@test "--help is the SYNOPSIS of the man page: same options" {
	for tool in return-register return-match credit-emit; do
		run "$tool" --help
		assert_success
		# the usage: the lines up to the first empty one
		local help=$(printf '%s\n' "$output" | sed '/^$/,$d' |
		    grep -o -- '--[a-z-]*\|-[hioV]\b' | sort -u)
		local man=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$TOP/man/$tool.1" |
		    grep -o '^\.Op Fl [a-z-]*\|^\.Fl [a-z-]*\|Fl -[a-z-]*\|Fl [hioV]\b' |
		    sed 's/.*Fl /-/' | sort -u)
		assert_equal "$help" "$man"
	done
}

@test "--help: then a described line per entry of OPTIONS, in its order, then See PROG(1)" {
	for tool in return-register return-match credit-emit; do
		run "$tool" --help
		assert_success
		# after the empty line: "  -x, --name ARG  text" or "      --name ARG  text"
		local described=$(printf '%s\n' "$output" | sed '1,/^$/d;$d' | awk '
		    /^  (-[a-zA-Z], |    )--[a-z-]+( [A-Z]+)?  +[^ ]/ {
			print ($1 ~ /,$/) ? substr($1, 1, 2) : $1; next }
		    { print "not an option line: " $0 }')
		local items=$(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$TOP/man/$tool.1" |
		    sed -n 's/^\.It Fl \([-a-zA-Z]*\).*/-\1/p')
		assert_equal "$described" "$items"
		assert_equal "$(printf '%s\n' "$output" | tail -n 1)" "See $tool(1)."
	done
}

@test "the pages lint clean (when mandoc is installed)" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -T lint -W warning "$TOP"/man/*.1 "$TOP"/man/*.5
	assert_success
	assert_output ""
}
