/*
 * rejects.c - the rejected rows of a run (returns-formats(5), MALFORMED
 * ROWS and REJECTS FILE).  Without a file each one is reported on stderr
 * at once; with one, each is spooled to a temporary file of its source
 * and the file is written when the run is done.
 *
 * A spool record, in this process's byte order:
 *	ord (u64), number of cells (u32), file id (u32), line (u64),
 *	code (u32), message (u32 length, bytes),
 *	then per cell: column name id (u32), value (u32 length, bytes).
 * put_head() and rk_rejects_add_cells() write it, get_record() reads it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rk/hash.h"
#include "rk/rejects.h"
#include "rk/util.h"
#include "rk/writer.h"

struct rk_rejects {
	struct rk_rejects_opts o;
	FILE *out;                /* o.fp until the file is written */
	FILE *spool[RK_NSRC];     /* one temporary file per source */
	struct rk_intern names;   /* column names */
	struct rk_intern files;   /* file names */
	/* the header: the primary input's columns, then the others' */
	uint32_t *primary_cols;   /* name ids */
	size_t nprimary_cols, primary_cols_cap;
	uint32_t *other_cols;     /* name ids, in order of first appearance */
	size_t nother_cols, other_cols_cap;
	unsigned long count;
	int spool_err;            /* errno of the first spool failure, or 0 */
	uint64_t last_ord[RK_NSRC];
	int unsorted[RK_NSRC];    /* a row came before one of a lower ord */
};

struct rk_rejects *
rk_rejects_open(const struct rk_rejects_opts *o)
{
	struct rk_rejects *rj = rk_xcalloc(1, sizeof(*rj));

	rj->o = *o;
	if (!rj->o.delim)
		rj->o.delim = ',';
	rk_intern_init(&rj->names);
	rk_intern_init(&rj->files);
	rj->out = o->fp;
	return rj;
}

void
rk_rejects_free(struct rk_rejects *rj)
{
	if (rj == NULL)
		return;
	for (int i = 0; i < RK_NSRC; i++)
		if (rj->spool[i])
			fclose(rj->spool[i]);
	rk_intern_release(&rj->names);
	rk_intern_release(&rj->files);
	free(rj->primary_cols);
	free(rj->other_cols);
	free(rj);
}

unsigned long
rk_rejects_count(const struct rk_rejects *rj)
{
	return rj->count;
}

/* The id of a column name; a new one joins the header's columns. */
static uint32_t
name_id(struct rk_rejects *rj, const char *p, size_t n, int primary)
{
	uint32_t before = rj->names.count;
	uint32_t id = rk_intern_add(&rj->names, p, n);

	if (id == before) {
		if (primary) {
			RK_GROW(rj->primary_cols, rj->nprimary_cols,
			    rj->primary_cols_cap);
			rj->primary_cols[rj->nprimary_cols++] = id;
		} else {
			RK_GROW(rj->other_cols, rj->nother_cols,
			    rj->other_cols_cap);
			rj->other_cols[rj->nother_cols++] = id;
		}
	}
	return id;
}

void
rk_rejects_primary_columns(struct rk_rejects *rj, const struct rk_reader *r)
{
	for (size_t i = 0; i < rk_reader_ncols(r); i++) {
		size_t n;
		const char *p = rk_reader_col(r, i, &n);

		name_id(rj, p, n, 1);
	}
}

static void
put_u32(FILE *fp, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, fp);
}

static void
put_bytes(FILE *fp, const char *p, size_t n)
{
	put_u32(fp, (uint32_t)n);
	fwrite(p, 1, n, fp);
}

/* The spool of src, made on first use; NULL when it cannot be. */
static FILE *
spool_for(struct rk_rejects *rj, enum rk_source src, uint64_t ord)
{
	if (rj->spool[src] == NULL) {
		rj->spool[src] = tmpfile();
		if (rj->spool[src] == NULL) {
			rj->spool_err = errno ? errno : EIO;
			return NULL;
		}
	}
	if (ord < rj->last_ord[src])
		rj->unsorted[src] = 1;
	rj->last_ord[src] = ord;
	return rj->spool[src];
}

static void
put_head(struct rk_rejects *rj, FILE *fp, uint64_t ord, uint32_t ncells,
    const char *file, unsigned long line, enum rk_code code, const char *msg)
{
	uint64_t l = line;
	uint32_t fid = rk_intern_add(&rj->files, file, strlen(file));

	fwrite(&ord, sizeof(ord), 1, fp);
	put_u32(fp, ncells);
	put_u32(fp, fid);
	fwrite(&l, sizeof(l), 1, fp);
	put_u32(fp, (uint32_t)code);
	put_bytes(fp, msg, strlen(msg));
}

void
rk_rejects_add_cells(struct rk_rejects *rj, enum rk_source src, uint64_t ord,
    const char *file, unsigned long line, const struct rk_val *names,
    const struct rk_val *vals, size_t n, enum rk_code code, const char *msg)
{
	FILE *fp;
	int primary = src == RK_SRC_PRIMARY;
	uint32_t ncells = 0;

	rj->count++;
	if (rj->out == NULL) {
		rk_warnx("%s:%lu: %s: %s", file, line, rk_code_name(code), msg);
		return;
	}
	if ((fp = spool_for(rj, src, ord)) == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if (vals[i].t != RK_V_ABSENT || primary)
			ncells++;
	put_head(rj, fp, ord, ncells, file, line, code, msg);
	for (size_t i = 0; i < n; i++) {
		if (vals[i].t == RK_V_ABSENT && !primary)
			continue;
		put_u32(fp, name_id(rj, names[i].p, names[i].n, primary));
		put_bytes(fp, vals[i].t == RK_V_NULL ? "" : vals[i].p,
		    vals[i].t == RK_V_NULL ? 0 : vals[i].n);
	}
	if (ferror(fp))
		rj->spool_err = errno ? errno : EIO;
}

void
rk_rejects_add(struct rk_rejects *rj, enum rk_source src, uint64_t ord,
    const struct rk_reader *r, const struct rk_row *row, enum rk_code code,
    const char *msg)
{
	size_t n = row->nvals + row->nextra;
	struct rk_val *names = rk_xcalloc(n ? n : 1, sizeof(*names));
	struct rk_val *vals = rk_xcalloc(n ? n : 1, sizeof(*vals));
	char (*extra)[32] = row->nextra ?
	    rk_xcalloc(row->nextra, sizeof(*extra)) : NULL;

	for (size_t id = 0; id < row->nvals; id++) {
		names[id].p = rk_reader_col(r, id, &names[id].n);
		vals[id] = row->v[id];
	}
	for (size_t i = 0; i < row->nextra; i++) {
		size_t k = row->nvals + i;

		names[k].n = (size_t)snprintf(extra[i], sizeof(extra[i]),
		    "column_%zu", k + 1);
		names[k].p = extra[i];
		vals[k].p = row->extra[i].p;
		vals[k].n = row->extra[i].n;
		vals[k].t = RK_V_STR;
	}
	rk_rejects_add_cells(rj, src, ord, rk_reader_name(r), row->line, names,
	    vals, n, code, msg);
	free(names);
	free(vals);
	free(extra);
}

static int
get_u32(FILE *fp, uint32_t *v)
{
	return fread(v, sizeof(*v), 1, fp) == 1 ? 0 : -1;
}

/* Bytes read back from a spool, in a buffer that grows as needed. */
struct spool_text {
	char *p;
	size_t n, cap;
};

static int
get_text(FILE *fp, struct spool_text *t)
{
	uint32_t len;

	if (get_u32(fp, &len))
		return -1;
	if (len + 1 > t->cap) {
		t->cap = len + 1;
		t->p = rk_xrealloc(t->p, t->cap);
	}
	if (len && fread(t->p, 1, len, fp) != len)
		return -1;
	t->n = len;
	return 0;
}

/* One spool record read back. */
struct spool_record {
	uint64_t ord;
	uint32_t file_id, code;
	uint64_t line;
	struct spool_text msg;
	struct spool_text *value;  /* by header position; n 0 where none */
};

/*
 * What the rejects file is written with: where each column name goes in
 * the header, the writer, and the record being copied from a spool to
 * the file.
 */
struct rejects_out {
	struct rk_rejects *rj;
	uint32_t *pos;          /* name id -> header position */
	size_t ncols;           /* name ids */
	size_t nhead;           /* header positions before the reject_* ones */
	struct rk_writer *w;
	struct rk_val *cells;   /* one row of the file: nhead + 4 cells */
	struct spool_record rec;
};

/* Read the next record of fp into out->rec: 1, 0 at the end, -1 when
 * the spool is broken. */
static int
get_record(struct rejects_out *out, FILE *fp)
{
	struct spool_record *rec = &out->rec;
	uint32_t ncells;

	if (fread(&rec->ord, sizeof(rec->ord), 1, fp) != 1)
		return 0;
	if (get_u32(fp, &ncells) || get_u32(fp, &rec->file_id) ||
	    fread(&rec->line, sizeof(rec->line), 1, fp) != 1 ||
	    get_u32(fp, &rec->code) || get_text(fp, &rec->msg))
		return -1;
	for (size_t i = 0; i < out->nhead; i++)
		rec->value[i].n = 0;
	for (uint32_t c = 0; c < ncells; c++) {
		uint32_t nid;

		if (get_u32(fp, &nid) || nid >= out->ncols ||
		    get_text(fp, &rec->value[out->pos[nid]]))
			return -1;
	}
	return 1;
}

/* Write the header: the primary input's columns, the others', then the
 * four reject_* columns. */
static void
write_header(struct rejects_out *out)
{
	static const char *const tail[] = {
		"reject_file", "reject_line", "reject_code", "reject_reason"
	};
	struct rk_rejects *rj = out->rj;
	struct rk_writer_opts wo = { RK_OUT_CSV, rj->o.delim, rj->o.crlf, 0 };
	size_t nall = out->nhead + RK_ARRAY_LEN(tail);
	const char **names = rk_xcalloc(nall, sizeof(*names));
	size_t *lens = rk_xcalloc(nall, sizeof(*lens));

	for (size_t i = 0; i < out->nhead; i++) {
		uint32_t id = i < rj->nprimary_cols ? rj->primary_cols[i] :
		    rj->other_cols[i - rj->nprimary_cols];

		out->pos[id] = (uint32_t)i;
		names[i] = rk_intern_str(&rj->names, id, &lens[i]);
	}
	for (size_t i = 0; i < RK_ARRAY_LEN(tail); i++) {
		names[out->nhead + i] = tail[i];
		lens[out->nhead + i] = strlen(tail[i]);
	}
	out->w = rk_writer_new(rj->out, &wo);
	rk_writer_columns(out->w, names, lens, NULL, nall);
	free(names);
	free(lens);
}

/* Write out->rec as a row of the file. */
static void
write_record(struct rejects_out *out)
{
	const struct spool_record *rec = &out->rec;
	struct rk_val *cells = out->cells + out->nhead;
	const char *file;
	size_t filen;
	char line[32];

	for (size_t i = 0; i < out->nhead; i++) {
		const struct spool_text *v = &rec->value[i];

		rk_val_set(&out->cells[i], v->p ? v->p : "", v->n);
	}
	file = rk_intern_str(&out->rj->files, rec->file_id, &filen);
	rk_val_set(&cells[0], file, filen);
	rk_val_set(&cells[1], line, (size_t)snprintf(line, sizeof(line), "%llu",
	    (unsigned long long)rec->line));
	rk_val_str(&cells[2], rk_code_name((enum rk_code)rec->code));
	rk_val_set(&cells[3], rec->msg.p ? rec->msg.p : "", rec->msg.n);
	rk_writer_row(out->w, out->cells);
}

/* Where a record of an unsorted spool starts, and its ord. */
struct spool_entry {
	uint64_t ord;
	long off;
};

static int
spool_entry_cmp(const void *a, const void *b)
{
	const struct spool_entry *x = a, *y = b;

	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

/*
 * Write the records of a spool whose rows came out of ord order: index
 * them, sort the index by ord (rows of one ord in the order they came),
 * then visit them in that order.  0, or -1 when the spool is broken.
 */
static int
write_unsorted(struct rejects_out *out, FILE *fp)
{
	struct spool_entry *ents = NULL;
	size_t nents = 0, entcap = 0;
	long off;
	int k = 0;

	while ((off = ftell(fp)) >= 0 && (k = get_record(out, fp)) > 0) {
		RK_GROW(ents, nents, entcap);
		ents[nents].ord = out->rec.ord;
		ents[nents].off = off;
		nents++;
	}
	if (off >= 0 && k == 0 && nents > 0) {
		qsort(ents, nents, sizeof(*ents), spool_entry_cmp);
		for (size_t i = 0; i < nents; i++) {
			if (fseek(fp, ents[i].off, SEEK_SET) ||
			    (k = get_record(out, fp)) <= 0)
				break;
			write_record(out);
		}
	}
	free(ents);
	return off < 0 || k < 0 ? -1 : 0;
}

/* Copy one spool to the file, in ord order.  0, or -1 when broken. */
static int
write_spool(struct rejects_out *out, FILE *fp, int unsorted)
{
	int k;

	rewind(fp);
	if (unsorted)
		k = write_unsorted(out, fp);
	else
		while ((k = get_record(out, fp)) > 0)
			write_record(out);
	return k < 0 || ferror(fp) ? -1 : 0;
}

int
rk_rejects_finish(struct rk_rejects *rj, struct rk_err *err)
{
	struct rejects_out out = { 0 };
	int rc = 0;

	if (rj->out == NULL)
		return 0;
	/* flushed here: rewind(3) would clear the error of a failed write */
	for (int src = 0; src < RK_NSRC && !rj->spool_err; src++)
		if (rj->spool[src] && fflush(rj->spool[src]) != 0)
			rj->spool_err = errno ? errno : EIO;
	if (rj->spool_err)
		return rk_errf(err, RK_EX_IOERR, "cannot spool rejected rows: %s",
		    strerror(rj->spool_err));
	out.rj = rj;
	out.ncols = rj->names.count;
	out.nhead = rj->nprimary_cols + rj->nother_cols;
	out.pos = rk_xcalloc(out.ncols + 1, sizeof(*out.pos));
	out.cells = rk_xcalloc(out.nhead + 4, sizeof(*out.cells));
	out.rec.value = rk_xcalloc(out.nhead + 1, sizeof(*out.rec.value));
	write_header(&out);
	for (int src = 0; src < RK_NSRC && rc == 0; src++)
		if (rj->spool[src] &&
		    write_spool(&out, rj->spool[src], rj->unsorted[src]))
			rc = rk_errf(err, RK_EX_IOERR,
			    "cannot read back rejected rows");
	if (rc == 0 && rk_writer_end(out.w))
		rc = rk_errf(err, RK_EX_IOERR, "--rejects '%s': write error: %s",
		    rj->o.path, strerror(errno));
	rk_writer_free(out.w);
	for (size_t i = 0; i < out.nhead; i++)
		free(out.rec.value[i].p);
	free(out.rec.value);
	free(out.rec.msg.p);
	free(out.cells);
	free(out.pos);
	rj->out = NULL;
	return rc;
}
