# returnkit - POSIX make.  `make` builds bin/<tool>; see README.md.
.POSIX:
.SUFFIXES:

VERSION = 0.1.0
PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man

CC = cc
SANITIZE = 0
SANFLAGS_0 =
SANFLAGS_1 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS_fuzz = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
B_0 = build
B_1 = build/san
B_fuzz = build/fuzz
BIN_0 = bin
BIN_1 = build/san/bin
B = $(B_$(SANITIZE))
BIN = $(BIN_$(SANITIZE))
OPT = -O2
CFLAGS = -std=c17 $(OPT) -g -Wall -Wextra -Werror -pthread
CPPFLAGS = -Iinclude -I/usr/include/libxml2 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DRK_VERSION=\"$(VERSION)\"
ALLCFLAGS = $(CFLAGS) $(SANFLAGS_$(SANITIZE)) $(CPPFLAGS)
LDLIBS = -lcsv -ljansson -lyaml -lxml2 -lpthread

DEBS = libcsv-dev libjansson-dev libyaml-dev libxml2-dev libxml2-utils bats \
	bats-assert bats-support python3

TOOLS = return-register return-match credit-emit
# The fuzz targets, tests/fuzz/NAME.c (tests/fuzz/README.md): make fuzz
# runs each for FUZZ_SECONDS under libFuzzer (clang); make check replays
# each one's corpus.
FUZZ_TARGETS = csv csv_delim json policy field state tool
FUZZ_SECONDS = 60
FUZZ_CC = clang
FUZZ_DEBS = clang libclang-rt-dev
# What ../shared/validation/validate-ubl needs (its README): make demo
# installs them where the validator is; .ci/run too, for tests/ubl.bats.
VALIDATOR = ../shared/validation/validate-ubl
VALIDATOR_DEBS = default-jre-headless libsaxonhe-java libxml2-utils
MANS = man/return-register.1 man/return-match.1 man/credit-emit.1 \
	man/returns-policy.5 man/returns-formats.5

all: tools

# The library: every lib/**/*.c compiled to $(B)/lib/**/*.o when it, or
# any header, is newer than its object; the archive is remade only when
# an object was.  One loop instead of a rule per file, in plain make.
$(B)/librk.a: FORCE
	@set -e; objs=; new=; [ -f $@ ] || new=1; \
	for s in $$(find lib -name '*.c' | LC_ALL=C sort); do \
		o=$(B)/$${s%.c}.o; objs="$$objs $$o"; \
		if [ ! -f "$$o" ] || [ -n "$$( (find $$s -newer "$$o"; \
		    find include lib -name '*.h' -newer "$$o") | head -n 1)" ]; then \
			mkdir -p "$${o%/*}"; echo "cc $$s"; \
			$(CC) $(ALLCFLAGS) -Ilib -c -o "$$o" "$$s"; new=1; \
		fi; \
	done; \
	if [ -n "$$new" ]; then rm -f $@; ar rcs $@ $$objs; fi

# The tools and the unit tests, each one C file linked with the library.
tools: $(B)/librk.a
	@set -e; mkdir -p $(BIN); for t in $(TOOLS); do \
		if [ ! -f $(BIN)/$$t ] || [ -n "$$(find cmd/$$t.c $(B)/librk.a \
		    -newer $(BIN)/$$t | head -n 1)" ]; then \
			echo "cc cmd/$$t.c"; \
			$(CC) $(ALLCFLAGS) -o $(BIN)/$$t cmd/$$t.c $(B)/librk.a $(LDLIBS); \
		fi; \
	done

units: $(B)/librk.a
	@set -e; mkdir -p $(B)/tests; for s in tests/unit/unit_*.c; do \
		u=$(B)/tests/$$(basename $$s .c); \
		if [ ! -f $$u ] || [ -n "$$(find $$s tests/unit/tap.h $(B)/librk.a \
		    -newer $$u | head -n 1)" ]; then \
			echo "cc $$s"; \
			$(CC) $(ALLCFLAGS) -Ilib -o $$u $$s $(B)/librk.a $(LDLIBS); \
		fi; \
	done

# The fuzz targets linked with a main that runs each corpus file once
# (tests/fuzz/replay.c), as $(B)/tests/unit_fuzz_NAME: tests/run.sh runs
# them with the unit tests.
replays: $(B)/librk.a
	@set -e; mkdir -p $(B)/tests; for t in $(FUZZ_TARGETS); do \
		u=$(B)/tests/unit_fuzz_$$t; \
		if [ ! -f $$u ] || [ -n "$$(find tests/fuzz -name '*.[ch]' \
		    -newer $$u | head -n 1)" ] || [ $(B)/librk.a -nt $$u ]; then \
			echo "cc tests/fuzz/$$t.c"; \
			$(CC) $(ALLCFLAGS) -Ilib -DFZ_TARGET=\"$$t\" -o $$u \
			    tests/fuzz/$$t.c tests/fuzz/fuzz.c tests/fuzz/world.c \
			    tests/fuzz/replay.c $(B)/librk.a $(LDLIBS); \
		fi; \
	done

# The fault-injection shim (tests/faults/shim.c), preloaded into the
# tools by tests/faults.bats: never built with a sanitizer.
$(B)/faults/shim.so: tests/faults/shim.c
	@mkdir -p $(B)/faults
	$(CC) $(CFLAGS) -shared -fPIC -o $@ tests/faults/shim.c

# make faults: the fault-injection tests alone (tests/faults.bats).
faults: deps
	@$(MAKE) SANITIZE=$(SANITIZE) all $(B)/faults/shim.so
	@cd tests && RK_BIN=$$(cd ../$(BIN) && pwd) \
	    RK_FAULT_SHIM=$$(cd .. && pwd)/$(B)/faults/shim.so bats --tap faults.bats

# make fuzz: the library and each target built with libFuzzer into
# build/fuzz, then each target run for FUZZ_SECONDS (tests/fuzz/run.sh).
fuzz:
	@$(MAKE) deps DEBS='$(FUZZ_DEBS)'
	@$(MAKE) SANITIZE=fuzz CC=$(FUZZ_CC) fuzzers
	@sh tests/fuzz/run.sh $(B_fuzz)/targets $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzzers: $(B)/librk.a
	@set -e; mkdir -p $(B)/targets; for t in $(FUZZ_TARGETS); do \
		f=$(B)/targets/$$t; \
		if [ ! -f $$f ] || [ -n "$$(find tests/fuzz -name '*.[ch]' \
		    -newer $$f | head -n 1)" ] || [ $(B)/librk.a -nt $$f ]; then \
			echo "cc tests/fuzz/$$t.c"; \
			$(CC) $(ALLCFLAGS) -fsanitize=fuzzer -Ilib -o $$f \
			    tests/fuzz/$$t.c tests/fuzz/fuzz.c tests/fuzz/world.c \
			    $(B)/librk.a $(LDLIBS); \
		fi; \
	done

# Install the Debian packages that are missing: `apt-get update` once,
# then `apt-get install -y` (a fresh machine's package lists may be empty).
deps:
	@missing=; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
		|| missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" -ne 0 ]; then \
			echo "run as root: apt-get update && apt-get install -y$$missing" >&2; \
			exit 1; \
		fi; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

check: deps
	@$(MAKE) SANITIZE=$(SANITIZE) all units replays $(B)/faults/shim.so
	@RK_FAULT_SHIM=$$(pwd)/$(B)/faults/shim.so sh tests/run.sh $(BIN) $(B)/tests

validator-deps:
	@$(MAKE) deps DEBS='$(VALIDATOR_DEBS)'

demo: deps
	@if [ -f $(VALIDATOR) ]; then $(MAKE) validator-deps; fi
	@$(MAKE) all
	@sh tests/demo.sh bin

bench: deps
	@$(MAKE) all
	@$(MAKE) $(B)/bench/floor $(B)/bench/gen $(B)/bench/measure
	@sh bench/run.sh bin $(B)/bench

# The allocation of the tools (and DuckDB, where node is) checked equal to
# the plain rule (bench/reference) on a skewed sample and on a flat one
# (BENCH_FLAT=0: the skewed only); part of make bench.
bench-check: deps
	@$(MAKE) all
	@$(MAKE) $(B)/bench/gen
	@BENCH_SCENARIO=check sh bench/run.sh bin $(B)/bench

$(B)/bench/floor: bench/floor.c
	@mkdir -p $(B)/bench
	$(CC) $(ALLCFLAGS) -o $@ bench/floor.c $(LDLIBS)
$(B)/bench/gen: bench/gen.c
	@mkdir -p $(B)/bench
	$(CC) $(ALLCFLAGS) -o $@ bench/gen.c
$(B)/bench/measure: bench/measure.c
	@mkdir -p $(B)/bench
	$(CC) $(ALLCFLAGS) -o $@ bench/measure.c

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	cp bin/return-register bin/return-match bin/credit-emit $(DESTDIR)$(BINDIR)/
	cp man/return-register.1 man/return-match.1 man/credit-emit.1 $(DESTDIR)$(MANDIR)/man1/
	cp man/returns-policy.5 man/returns-formats.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/return-register $(DESTDIR)$(BINDIR)/return-match \
		$(DESTDIR)$(BINDIR)/credit-emit
	rm -f $(DESTDIR)$(MANDIR)/man1/return-register.1 \
		$(DESTDIR)$(MANDIR)/man1/return-match.1 \
		$(DESTDIR)$(MANDIR)/man1/credit-emit.1 \
		$(DESTDIR)$(MANDIR)/man5/returns-policy.5 \
		$(DESTDIR)$(MANDIR)/man5/returns-formats.5

clean:
	rm -rf build bin

FORCE:

.PHONY: all tools deps validator-deps check units replays faults fuzz fuzzers \
	demo bench bench-check install uninstall clean FORCE
