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
B_0 = build
B_1 = build/san
BIN_0 = bin
BIN_1 = build/san/bin
B = $(B_$(SANITIZE))
BIN = $(BIN_$(SANITIZE))
OPT = -O2
CFLAGS = -std=c17 $(OPT) -g -Wall -Wextra -Werror -pthread
CPPFLAGS = -Iinclude -D_DEFAULT_SOURCE -D_GNU_SOURCE -DRK_VERSION=\"$(VERSION)\"
ALLCFLAGS = $(CFLAGS) $(SANFLAGS_$(SANITIZE)) $(CPPFLAGS)
LDLIBS = -lcsv -ljansson -lyaml -lpthread

DEBS = libcsv-dev libjansson-dev libyaml-dev bats bats-assert bats-support

HDR = include/rk/util.h include/rk/diag.h include/rk/hash.h \
	include/rk/money.h include/rk/date.h include/rk/field.h \
	include/rk/reader.h include/rk/writer.h include/rk/schema.h \
	include/rk/rejects.h include/rk/policy.h include/rk/seqfmt.h \
	include/rk/state.h include/rk/opts.h include/rk/help.h include/rk/progress.h \
	include/rk/orders.h include/rk/statefiles.h include/rk/register.h \
	include/rk/rowstore.h include/rk/primary.h include/rk/retailers.h \
	include/rk/match.h include/rk/aux.h include/rk/run.h \
	include/rk/samefile.h include/rk/outfile.h

LIBOBJ = $(B)/lib/util.o $(B)/lib/diag.o $(B)/lib/hash.o $(B)/lib/money.o \
	$(B)/lib/date.o $(B)/lib/field.o $(B)/lib/reader.o $(B)/lib/writer.o \
	$(B)/lib/schema.o $(B)/lib/rejects.o $(B)/lib/policy.o \
	$(B)/lib/seqfmt.o $(B)/lib/state.o $(B)/lib/opts.o $(B)/lib/help.o \
	$(B)/lib/progress.o $(B)/lib/orders.o $(B)/lib/statefiles.o \
	$(B)/lib/register.o $(B)/lib/rowstore.o $(B)/lib/primary.o \
	$(B)/lib/retailers.o $(B)/lib/match.o $(B)/lib/aux.o $(B)/lib/run.o \
	$(B)/lib/samefile.o $(B)/lib/outfile.o

TOOLS = $(BIN)/return-register $(BIN)/return-match $(BIN)/credit-emit
UNITS = $(B)/tests/unit_money $(B)/tests/unit_date $(B)/tests/unit_field \
	$(B)/tests/unit_reader $(B)/tests/unit_writer $(B)/tests/unit_policy \
	$(B)/tests/unit_help \
	$(B)/tests/unit_seqfmt $(B)/tests/unit_state $(B)/tests/unit_hash
MANS = man/return-register.1 man/return-match.1 man/credit-emit.1 \
	man/returns-policy.5 man/returns-formats.5

all: $(TOOLS)

$(B)/librk.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(B)/lib/util.o: lib/util.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/util.c
$(B)/lib/diag.o: lib/diag.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/diag.c
$(B)/lib/hash.o: lib/hash.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/hash.c
$(B)/lib/money.o: lib/money.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/money.c
$(B)/lib/date.o: lib/date.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/date.c
$(B)/lib/field.o: lib/field.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/field.c
$(B)/lib/reader.o: lib/reader.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/reader.c
$(B)/lib/writer.o: lib/writer.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/writer.c
$(B)/lib/schema.o: lib/schema.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/schema.c
$(B)/lib/rejects.o: lib/rejects.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/rejects.c
$(B)/lib/policy.o: lib/policy.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/policy.c
$(B)/lib/seqfmt.o: lib/seqfmt.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/seqfmt.c
$(B)/lib/state.o: lib/state.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/state.c
$(B)/lib/opts.o: lib/opts.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/opts.c
$(B)/lib/help.o: lib/help.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/help.c
$(B)/lib/progress.o: lib/progress.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/progress.c
$(B)/lib/orders.o: lib/orders.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/orders.c
$(B)/lib/statefiles.o: lib/statefiles.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/statefiles.c
$(B)/lib/rowstore.o: lib/rowstore.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/rowstore.c
$(B)/lib/primary.o: lib/primary.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/primary.c
$(B)/lib/samefile.o: lib/samefile.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/samefile.c
$(B)/lib/outfile.o: lib/outfile.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/outfile.c
$(B)/lib/run.o: lib/run.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/run.c
$(B)/lib/aux.o: lib/aux.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/aux.c
$(B)/lib/retailers.o: lib/retailers.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/retailers.c
$(B)/lib/match.o: lib/match.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/match.c
$(B)/lib/register.o: lib/register.c $(HDR)
	@mkdir -p $(B)/lib
	$(CC) $(ALLCFLAGS) -c -o $@ lib/register.c

$(BIN)/return-register: cmd/return-register.c $(B)/librk.a $(HDR)
	@mkdir -p $(BIN)
	$(CC) $(ALLCFLAGS) -o $@ cmd/return-register.c $(B)/librk.a $(LDLIBS)
$(BIN)/return-match: cmd/return-match.c $(B)/librk.a $(HDR)
	@mkdir -p $(BIN)
	$(CC) $(ALLCFLAGS) -o $@ cmd/return-match.c $(B)/librk.a $(LDLIBS)
$(BIN)/credit-emit: cmd/credit-emit.c $(B)/librk.a $(HDR)
	@mkdir -p $(BIN)
	$(CC) $(ALLCFLAGS) -o $@ cmd/credit-emit.c $(B)/librk.a $(LDLIBS)

$(B)/tests/unit_money: tests/unit/unit_money.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_money.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_date: tests/unit/unit_date.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_date.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_field: tests/unit/unit_field.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_field.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_reader: tests/unit/unit_reader.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_reader.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_writer: tests/unit/unit_writer.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_writer.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_policy: tests/unit/unit_policy.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_policy.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_help: tests/unit/unit_help.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_help.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_seqfmt: tests/unit/unit_seqfmt.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_seqfmt.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_state: tests/unit/unit_state.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_state.c $(B)/librk.a $(LDLIBS)
$(B)/tests/unit_hash: tests/unit/unit_hash.c tests/unit/tap.h $(B)/librk.a
	@mkdir -p $(B)/tests
	$(CC) $(ALLCFLAGS) -o $@ tests/unit/unit_hash.c $(B)/librk.a $(LDLIBS)

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
	@$(MAKE) SANITIZE=$(SANITIZE) all units
	@sh tests/run.sh $(BIN) $(B)/tests

units: $(UNITS)

demo: deps
	@$(MAKE) all
	@sh tests/demo.sh bin

bench: deps
	@$(MAKE) all
	@$(MAKE) $(B)/bench/floor $(B)/bench/gen $(B)/bench/measure
	@sh bench/run.sh bin $(B)/bench

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

.PHONY: all deps check units demo bench install uninstall clean
