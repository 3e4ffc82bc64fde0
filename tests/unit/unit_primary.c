/*
 * unit_primary.c - the primary input of a tool (returns-formats(5),
 * Operands and Columns): several operands, each with its own header and
 * format (CSV with its own delimiter, JSON Lines), read in order; the
 * carried columns as the union of their unknown columns, the tool's
 * output columns never carried; rows kept as read and unpacked again
 * (rk_primary_keep, _get, _col, _carried); a kept row rejected late
 * landing in input order; and the output header of standard then
 * carried columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/primary.h"
#include "rk/util.h"

#include "tap.h"

static char dir[TAP_PATH];

enum { P_ID, P_QTY, P_NOTE, P_N };
static const struct rk_colspec cols[P_N] = {
	{ "id", RK_K_ID, 1 },
	{ "qty", RK_K_QTY, 1 },
	{ "note", RK_K_TEXT, 0 },
};
static const char *const reserved[] = { "status" };

/* What the row function saw of each row, and what it kept. */
struct seen_row {
	uint32_t op;
	unsigned long line;
	uint64_t ord;        /* the row's data-row position */
	enum rk_code code;
	char id[16];         /* id as checked, "" when the row is bad */
	uint64_t raw;        /* rowstore offset of a kept row */
};

struct tool {
	struct rk_rejects *rj;
	size_t n;
	struct seen_row row[16];
};

/* The tool's row function: keep good rows, reject the others. */
static void
row_fn(void *ctx, struct rk_primary *pr, uint32_t op, struct rk_reader *r,
    const struct rk_row *row, enum rk_code code, struct rk_fv *vals,
    char *msg, size_t msgcap)
{
	struct tool *t = ctx;
	struct seen_row *s;

	(void)msgcap;
	if (t->n == RK_ARRAY_LEN(t->row))
		return;
	s = &t->row[t->n++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->line = row->line;
	s->ord = pr->nrows;
	s->code = code;
	if (code != RK_OK) {
		rk_rejects_add(t->rj, RK_SRC_PRIMARY, pr->nrows, r, row, code,
		    msg);
		return;
	}
	snprintf(s->id, sizeof(s->id), "%.*s", (int)vals[P_ID].n, vals[P_ID].p);
	s->raw = rk_primary_keep(pr, row);
}

/* A file in the scratch directory; its name goes to out. */
static const char *
make_file(const char *name, const char *text, char *out, size_t cap)
{
	FILE *fp;

	snprintf(out, cap, "%s/%s", dir, name);
	fp = fopen(out, "w");
	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(out);
		exit(2);
	}
	return out;
}

/* text with every occurrence of the scratch directory written "DIR". */
static const char *
with_dir(const char *text, char *out, size_t cap)
{
	size_t n = strlen(dir), o = 0;

	while (*text && o + 1 < cap) {
		if (strncmp(text, dir, n) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "DIR");
			text += n;
		} else {
			out[o++] = *text++;
		}
	}
	out[o < cap ? o : cap - 1] = '\0';
	return out;
}

/* A value as text: "-" absent, "null", #NUMBER, o:OBJECT, else itself. */
static const char *
shown(const struct rk_val *v, char *out, size_t cap)
{
	switch (v->t) {
	case RK_V_ABSENT:
		return "-";
	case RK_V_NULL:
		return "null";
	case RK_V_NUM:
		snprintf(out, cap, "#%.*s", (int)v->n, v->p);
		return out;
	case RK_V_OBJ:
		snprintf(out, cap, "o:%.*s", (int)v->n, v->p);
		return out;
	default:
		snprintf(out, cap, "%.*s", (int)v->n, v->p);
		return out;
	}
}

/* n values joined with '|'. */
static const char *
joined(const struct rk_val *v, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		char buf[64];

		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "",
		    shown(&v[i], buf, sizeof(buf)));
	}
	return out;
}

/* A kept row: its raw cells, then its id, qty and note, then carried. */
static const char *
unpacked(const struct rk_primary *pr, const struct seen_row *s, char *out,
    size_t cap)
{
	struct rk_val raw[16], col, carried[8];
	size_t nraw = rk_primary_get(pr, s->raw, raw);
	size_t ncarried = rk_carried_count(&pr->carry);
	char a[256], b[64], c[256];
	size_t o;

	o = (size_t)snprintf(out, cap, "%s ;", joined(raw, nraw, a, sizeof(a)));
	for (size_t k = 0; k < P_N; k++) {
		rk_primary_col(pr, s->op, raw, nraw, k, &col);
		o += (size_t)snprintf(out + o, cap - o, " %s%s",
		    shown(&col, b, sizeof(b)),
		    col.t == RK_V_STR ? "" : "(type)");
	}
	rk_primary_carried(pr, s->op, raw, nraw, carried, ncarried);
	snprintf(out + o, cap - o, " ; %s", joined(carried, ncarried, c,
	    sizeof(c)));
	return out;
}

/* The file written by a rejects handle opened by open_rejects. */
struct memfile {
	char *buf;
	size_t len;
	FILE *fp;
};

static struct rk_rejects *
open_rejects(struct memfile *m)
{
	struct rk_rejects_opts o = { NULL, "rejects.csv", ',', 0 };

	m->buf = NULL;
	m->len = 0;
	m->fp = o.fp = open_memstream(&m->buf, &m->len);
	return rk_rejects_open(&o);
}

static const char *
close_memfile(struct memfile *m, char *out, size_t cap)
{
	fclose(m->fp);
	with_dir(m->buf, out, cap);
	free(m->buf);
	return out;
}

/* The five operands read by the tests, and what the tool made of them. */
static const struct {
	const char *name, *text;
} operand_files[] = {
	{ "a.csv", "id,color,qty,status\nA1,red,2,x\nA2,blue,0,y\nA3,,1,z\n" },
	{ "b.jsonl",
	  "{\"qty\":3,\"id\":\"B1\",\"size\":\"L\",\"color\":\"green\"}\n"
	  "{\"id\":\"B2\",\"qty\":1,\"note\":\"n\",\"weight\":{\"kg\":2}}\n" },
	{ "c.csv", "size;id;qty\nS;C1;4\n" },
	{ "e.csv", "" },
	{ "d.csv", "id,qty\n" },
};
#define NOPS RK_ARRAY_LEN(operand_files)

struct fixture {
	char path[NOPS][TAP_PATH + 16];
	char *operands[NOPS + 1];
	struct rk_opts o;
	struct rk_primary pr;
	struct rk_progress pg;
	struct tool t;
	struct memfile rejects;
	int rc;
};

static void
read_operands(struct fixture *f)
{
	struct rk_err err;

	for (size_t i = 0; i < NOPS; i++)
		f->operands[i] = (char *)make_file(operand_files[i].name,
		    operand_files[i].text, f->path[i], sizeof(f->path[i]));
	f->operands[NOPS] = NULL;
	rk_opts_init(&f->o);
	f->o.operands = f->operands;
	f->o.noperands = (int)NOPS;
	memset(&f->pg, 0, sizeof(f->pg));
	memset(&f->t, 0, sizeof(f->t));
	f->t.rj = open_rejects(&f->rejects);
	rk_primary_init(&f->pr, cols, P_N, NULL, NULL, reserved,
	    RK_ARRAY_LEN(reserved));
	f->rc = rk_primary_read(&f->pr, &f->o, f->t.rj, &f->pg, row_fn, &f->t,
	    &err);
}

static void
release_operands(struct fixture *f)
{
	rk_rejects_free(f->t.rj);
	rk_primary_release(&f->pr);
	for (size_t i = 0; i < NOPS; i++)
		unlink(f->path[i]);
}

static void
test_read(const struct fixture *f)
{
	const struct rk_primary *pr = &f->pr;
	char text[512];

	is_int(f->rc, 0, "read: no error");
	is_int(pr->nops, 5, "read: 5 operands");
	is_int(pr->nrows, 6, "read: 6 data rows in all");
	is_int(f->pg.rows, 6, "read: the progress counted them");
	is_int(pr->maxcols, 6, "read: the widest operand has 6 columns");
	is_str(with_dir(pr->ops[1].name, text, sizeof(text)), "DIR/b.jsonl",
	    "read: operand 2 is named as given");
	is_int(pr->ops[0].ncols, 4, "read: a.csv has 4 columns");
	is_int(pr->ops[1].ncols, 6, "read: b.jsonl has 6 keys at its end");
	is_int(pr->ops[2].ncols, 3, "read: c.csv has 3 columns");
	is_int(pr->ops[3].ncols, 0, "read: an empty operand has none");
	is_int(pr->ops[4].ncols, 2, "read: a header only has its columns");
	is_str(joined(pr->ops[0].cols, pr->ops[0].ncols, text, sizeof(text)),
	    "id|color|qty|status", "read: a.csv's columns");
	is_str(joined(pr->ops[1].cols, pr->ops[1].ncols, text, sizeof(text)),
	    "qty|id|size|color|note|weight",
	    "read: b.jsonl's keys in order of first appearance");
	is_str(joined(pr->ops[2].cols, pr->ops[2].ncols, text, sizeof(text)),
	    "size|id|qty", "read: c.csv's ';'-delimited header");
}

static void
test_rows(const struct fixture *f)
{
	const struct tool *t = &f->t;

	is_int(t->n, 6, "rows: the row function saw every row");
	is_str(t->row[0].id, "A1", "rows: 1 is A1");
	is_int(t->row[0].op, 0, "rows: A1 comes from operand 0");
	is_int(t->row[0].line, 2, "rows: A1 is on line 2");
	is_int(t->row[0].ord, 1, "rows: A1 is data row 1");
	is_int(t->row[1].code, RK_BAD_QTY, "rows: 2 (A2) is bad_qty");
	is_int(t->row[1].line, 3, "rows: A2 is on line 3");
	is_str(t->row[2].id, "A3", "rows: 3 is A3");
	is_str(t->row[3].id, "B1", "rows: 4 is B1");
	is_int(t->row[3].op, 1, "rows: B1 comes from operand 1");
	is_int(t->row[3].line, 1, "rows: B1 is on line 1 of its operand");
	is_int(t->row[3].ord, 4, "rows: B1 is data row 4 across operands");
	is_str(t->row[4].id, "B2", "rows: 5 is B2");
	is_int(t->row[4].code, RK_OK, "rows: B2 is good");
	is_str(t->row[5].id, "C1", "rows: 6 is C1");
	is_int(t->row[5].op, 2, "rows: C1 comes from operand 2");
	is_int(t->row[5].line, 2, "rows: C1 is on line 2");
	is_int(t->row[5].ord, 6, "rows: C1 is data row 6");
}

static void
test_carried(const struct fixture *f)
{
	const struct rk_carried *carry = &f->pr.carry;
	size_t n;

	is_int(rk_carried_count(carry), 3, "carried: 3 columns");
	is_str(rk_carried_name(carry, 0, &n), "color",
	    "carried: color, from a.csv");
	is_str(rk_carried_name(carry, 1, &n), "size",
	    "carried: size, from b.jsonl's first row");
	is_str(rk_carried_name(carry, 2, &n), "weight",
	    "carried: weight, from b.jsonl's second row; status is reserved");
}

static void
test_kept(const struct fixture *f)
{
	const struct rk_primary *pr = &f->pr;
	const struct seen_row *row = f->t.row;
	char text[512];

	is_str(unpacked(pr, &row[0], text, sizeof(text)),
	    "A1|red|2|x ; A1 2  ; red|-|-", "kept: A1 round trip");
	is_str(unpacked(pr, &row[2], text, sizeof(text)),
	    "A3||1|z ; A3 1  ; |-|-", "kept: A3, an empty carried value");
	is_str(unpacked(pr, &row[3], text, sizeof(text)),
	    "#3|B1|L|green ; B1 3  ; green|L|-",
	    "kept: B1, a JSON number kept as one, text by column");
	is_str(unpacked(pr, &row[4], text, sizeof(text)),
	    "#1|B2|-|-|n|o:{\"kg\":2} ; B2 1 n ; -|-|o:{\"kg\":2}",
	    "kept: B2, absent keys, an object carried with its type");
	is_str(unpacked(pr, &row[5], text, sizeof(text)),
	    "S|C1|4 ; C1 4  ; -|S|-", "kept: C1, columns in its own order");
}

/* Kept rows rejected late and out of order land in input order. */
static void
test_late_rejects(struct fixture *f)
{
	const struct seen_row *row = f->t.row;
	struct rk_err err;
	char out[2048];

	rk_primary_reject(&f->pr, f->t.rj, row[5].op, row[5].raw, row[5].ord,
	    row[5].line, RK_DUPLICATE_KEY, "late C1");
	rk_primary_reject(&f->pr, f->t.rj, row[3].op, row[3].raw, row[3].ord,
	    row[3].line, RK_DUPLICATE_KEY, "late B1");
	rk_primary_reject(&f->pr, f->t.rj, row[2].op, row[2].raw, row[2].ord,
	    row[2].line, RK_UNKNOWN_REASON, "late A3");
	is_int(rk_rejects_count(f->t.rj), 4, "late rejects: 4 rows rejected");
	is_int(rk_rejects_finish(f->t.rj, &err), 0, "late rejects: written");
	is_str(close_memfile(&f->rejects, out, sizeof(out)),
	    "id,color,qty,status,size,note,weight,reject_file,reject_line,"
	    "reject_code,reject_reason\n"
	    "A2,blue,0,y,,,,DIR/a.csv,3,bad_qty,\"column 'qty': \"\"0\"\" is "
	    "not a whole number from 1 to 1000000000\"\n"
	    "A3,,1,z,,,,DIR/a.csv,4,unknown_reason,late A3\n"
	    "B1,green,3,,L,,,DIR/b.jsonl,1,duplicate_key,late B1\n"
	    "C1,,4,,S,,,DIR/c.csv,2,duplicate_key,late C1\n",
	    "late rejects: every operand's columns; rows in input order");
}

/* The output of one kept row: status "ok", its qty, its carried values. */
static const char *
output_of(const struct fixture *f, const struct seen_row *s,
    enum rk_ofmt fmt, char *out, size_t cap)
{
	static const char *const std[] = { "status", "qty" };
	static const enum rk_ctype stdtypes[] = { RK_C_TEXT, RK_C_INT };
	const struct rk_primary *pr = &f->pr;
	struct rk_writer_opts wo = { fmt, ',', 0, 0 };
	struct rk_val raw[16], cells[8];
	struct memfile m;
	struct rk_writer *w;
	size_t nraw = rk_primary_get(pr, s->raw, raw);

	m.buf = NULL;
	m.fp = open_memstream(&m.buf, &m.len);
	w = rk_output_open(m.fp, &wo, std, stdtypes, RK_ARRAY_LEN(std),
	    &pr->carry);
	rk_val_str(&cells[0], "ok");
	rk_primary_col(pr, s->op, raw, nraw, P_QTY, &cells[1]);
	rk_primary_carried(pr, s->op, raw, nraw, cells + 2,
	    rk_carried_count(&pr->carry));
	rk_writer_row(w, cells);
	rk_writer_end(w);
	rk_writer_free(w);
	return close_memfile(&m, out, cap);
}

static void
test_output(const struct fixture *f)
{
	const struct seen_row *row = f->t.row;
	char out[512];

	is_str(output_of(f, &row[0], RK_OUT_CSV, out, sizeof(out)),
	    "status,qty,color,size,weight\nok,2,red,,\n",
	    "output: standard columns, then the carried ones (CSV)");
	is_str(output_of(f, &row[4], RK_OUT_CSV, out, sizeof(out)),
	    "status,qty,color,size,weight\nok,1,,,\"{\"\"kg\"\":2}\"\n",
	    "output: a carried object as its JSON text in CSV");
	is_str(output_of(f, &row[4], RK_OUT_JSONL, out, sizeof(out)),
	    "{\"status\":\"ok\",\"qty\":1,\"color\":null,\"size\":null,"
	    "\"weight\":{\"kg\":2}}\n",
	    "output: JSON Lines, a row lacking a carried column has it null");
	is_str(output_of(f, &row[3], RK_OUT_JSONL, out, sizeof(out)),
	    "{\"status\":\"ok\",\"qty\":3,\"color\":\"green\",\"size\":\"L\","
	    "\"weight\":null}\n", "output: JSON Lines, B1");
}

/* A hook that refuses note "bogus": the tool sees its code and message. */
static enum rk_code
note_hook(void *ctx, size_t col, const struct rk_fv *v, char *msg,
    size_t msgcap)
{
	(void)ctx;
	if (col == P_NOTE && v->present && rk_streq(v->p, v->n, "bogus")) {
		snprintf(msg, msgcap, "note 'bogus' refused");
		return RK_UNKNOWN_CONDITION;
	}
	return RK_OK;
}

/* Read operands with a table and hook; the rejects file goes to out. */
static int
read_with(const char *const *texts, size_t n, rk_col_hook hook,
    struct tool *t, char *out, size_t cap, struct rk_err *err)
{
	char paths[4][TAP_PATH + 16], name[16];
	char *operands[5] = { NULL };
	struct rk_opts o;
	struct rk_primary pr;
	struct rk_progress pg;
	struct memfile m;
	int rc;

	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "in%zu.csv", i);
		operands[i] = texts[i] ? (char *)make_file(name, texts[i],
		    paths[i], sizeof(paths[i])) : "/nonexistent/in.csv";
	}
	rk_opts_init(&o);
	o.operands = operands;
	o.noperands = (int)n;
	memset(&pg, 0, sizeof(pg));
	memset(t, 0, sizeof(*t));
	t->rj = open_rejects(&m);
	rk_primary_init(&pr, cols, P_N, hook, NULL, NULL, 0);
	rc = rk_primary_read(&pr, &o, t->rj, &pg, row_fn, t, err);
	rk_rejects_finish(t->rj, NULL);
	rk_rejects_free(t->rj);
	close_memfile(&m, out, cap);
	if (rc == 0)
		is_int(pr.nops, n, "read_with: every operand read");
	rk_primary_release(&pr);
	for (size_t i = 0; i < n; i++)
		if (texts[i])
			unlink(paths[i]);
	return rc;
}

static void
test_hook_and_errors(void)
{
	static const char *const hooked[] = {
		"id,qty,note\nX,1,bogus\nY,1,fine\n" };
	static const char *const missing[] = {
		"id,qty\nX,1\n", "id,note\nY,n\n", "id,qty\nZ,1\n" };
	static const char *const unopened[] = { "id,qty\nX,1\n", NULL };
	struct tool t;
	struct rk_err err;
	char out[1024], msg[1024];

	is_int(read_with(hooked, 1, note_hook, &t, out, sizeof(out), &err), 0,
	    "hook: read");
	is_int(t.row[0].code, RK_UNKNOWN_CONDITION,
	    "hook: the tool sees the hook's code");
	is_int(t.row[1].code, RK_OK, "hook: the next row is good");
	is_str(with_dir(out, msg, sizeof(msg)),
	    "id,qty,note,reject_file,reject_line,reject_code,reject_reason\n"
	    "X,1,bogus,DIR/in0.csv,2,unknown_condition,note 'bogus' refused\n",
	    "hook: the tool rejected the row with the hook's message");

	is_int(read_with(missing, 3, NULL, &t, out, sizeof(out), &err), -1,
	    "errors: an operand without qty stops the read");
	is_int(err.status, RK_EX_DATAERR, "errors: status 65");
	is_str(with_dir(err.msg, msg, sizeof(msg)),
	    "DIR/in1.csv:1:1: the header has no column 'qty'",
	    "errors: the message names the operand");
	is_int(t.n, 1, "errors: the operand after it is not read");

	is_int(read_with(unopened, 2, NULL, &t, out, sizeof(out), &err), -1,
	    "errors: an operand that cannot be opened");
	is_int(err.status, RK_EX_NOINPUT, "errors: status 66");
	is_int(t.n, 1, "errors: the operands before it were read");
}

int
main(void)
{
	struct fixture f;

	rk_progname = "unit_primary";
	tap_tmpname(dir, sizeof(dir), "unit_primary");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	read_operands(&f);
	test_read(&f);
	test_rows(&f);
	test_carried(&f);
	test_kept(&f);
	test_late_rejects(&f);
	test_output(&f);
	release_operands(&f);
	test_hook_and_errors();
	rmdir(dir);
	return done_testing();
}
