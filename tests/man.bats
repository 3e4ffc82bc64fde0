#!/usr/bin/env bats
# The man pages: their EXAMPLES run, with the exit status the pages state,
# and --help matches each tool's SYNOPSIS.
load helpers

# examples PAGE: run the page's example commands in order, from the top
# directory, with /tmp/ replaced by a scratch directory; print the exit
# status of each.
examples() {
	"$TOP/tests/tools/man-examples" "$TOP/man/$1" | sed "s|/tmp/|$T/|g" >"$T/.cmds"
	(
		cd "$TOP" || exit 1
		__st=
		while IFS= read -r __cmd; do
			eval "$__cmd" >/dev/null 2>&1
			__st="$__st $?"
		done <"$T/.cmds"
		echo "${__st# }"
	)
}

@test "return-register(1) EXAMPLES run: statuses 1 1 1 1 0 0 1 0 64" {
	run examples return-register.1
	assert_output "1 1 1 1 0 0 1 0 64"
}

@test "return-match(1) EXAMPLES run" {
	run examples return-match.1
	assert_output "0 1 0 0 0 0 0 0 1 0 64"
}

@test "credit-emit(1) EXAMPLES run" {
	run examples credit-emit.1
	assert_output "1 0 64 0"
}

@test "returns-policy(5) EXAMPLES run: a misspelt key is 78" {
	run examples returns-policy.5
	assert_output "0 78"
}

@test "--help is the SYNOPSIS of the man page: same options" {
	for tool in return-register return-match; do
		run "$tool" --help
		assert_success
		local help=$(printf '%s\n' "$output" | grep -o -- '--[a-z-]*\|-[hio]\b' | sort -u)
		local man=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$TOP/man/$tool.1" |
		    grep -o '^\.Op Fl [a-z-]*\|^\.Fl [a-z-]*\|Fl -[a-z-]*\|Fl [hio]\b' |
		    sed 's/.*Fl /-/' | sort -u)
		assert_equal "$help" "$man"
	done
}

@test "the pages lint clean (when mandoc is installed)" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -T lint -W warning "$TOP"/man/*.1 "$TOP"/man/*.5
	assert_success
	assert_output ""
}
