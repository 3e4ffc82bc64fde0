/*
 * csvwrite.c - the CSV output format (writerimpl.h): RFC 4180 quoting, a
 * header even with no rows, records ended with LF or, under --crlf, CR
 * LF, decimals with the output's separator (returns-formats(5), "CSV"
 * and "Decimal comma").
 */
#include <stddef.h>

#include "rk/value.h"
#include "rk/writer.h"

#include "writerimpl.h"

/* One CSV field, quoted when it holds the delimiter, a quote, CR or LF. */
static void
put_field(struct rk_writer *w, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !w->quote_if[(unsigned char)p[i]])
		i++;
	if (i == n) {
		rk_writer_put(w, p, n);
		return;
	}
	rk_writer_putch(w, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			rk_writer_putch(w, '"');
		rk_writer_putch(w, p[i]);
	}
	rk_writer_putch(w, '"');
}

static void
put_eol(struct rk_writer *w)
{
	if (w->o.crlf)
		rk_writer_putch(w, '\r');
	rk_writer_putch(w, '\n');
}

static void
csv_header(struct rk_writer *w)
{
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			rk_writer_putch(w, w->o.delim);
		put_field(w, w->names[i], w->lens[i]);
	}
	put_eol(w);
}

/* A decimal with ',' under --decimal-comma, else with '.'. */
static void
put_decimal(struct rk_writer *w, const struct rk_val *c)
{
	struct rk_val tmp;
	char buf[64];

	c = rk_writer_decimal(c, w->o.decimal_comma ? ',' : '.', &tmp, buf,
	    sizeof(buf));
	put_field(w, c->p, c->n);
}

static void
csv_row(struct rk_writer *w, const struct rk_val *cells)
{
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			rk_writer_putch(w, w->o.delim);
		if (w->types[i] == RK_C_DEC)
			put_decimal(w, &cells[i]);
		else
			put_field(w, cells[i].p, cells[i].n);
	}
	put_eol(w);
}

const struct rk_out_format rk_out_csv = { "csv", csv_header, csv_row, NULL, 0 };
