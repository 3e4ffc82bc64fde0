# Common set-up of the bats tests.  Each test gets a scratch directory
# ($T) and the example data ($EX); RK_BIN names the binaries under test
# (set by tests/run.sh; the sanitizer build has its own).
bats_require_minimum_version 1.5.0
bats_load_library bats-support 2>/dev/null || load '/usr/lib/bats/bats-support/load'
bats_load_library bats-assert 2>/dev/null || load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
BIN=${RK_BIN:-$TOP/bin}
EX=$TOP/tests/fixtures/examples
PATH=$BIN:$PATH
export TZ=UTC LC_ALL=C

setup() {
	T=$(mktemp -d "${BATS_TMPDIR:-/tmp}/rk.XXXXXX")
}

teardown() {
	rm -rf "$T"
}

# The standard header of return-register's output.
REG_HEAD='rma_id,rma_line,request_id,request_line,retailer_id,sku,qty,reason,status,status_reason,order_id,invoice_id,invoice_line,line_date,unit_price,currency,tax_rate,requested_at,note'
ORD_HEAD='order_id,invoice_id,line_no,invoice_date,delivered_at,retailer_id,sku,qty,unit_price,currency,tax_rate'
REQ_HEAD='request_id,retailer_id,sku,qty,reason,order_id,invoice_id,requested_at,note'

# Write stdin to a file under $T: put NAME
put() {
	cat >"$T/$1"
}
