#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk/hash.h"
#include "rk/rejects.h"
#include "rk/util.h"
#include "rk/writer.h"

struct rk_rejects {
	struct rk_rejects_opts o;
	FILE *out;
	FILE *spool[RK_NSRC];
	struct rk_intern names;   /* column names */
	struct rk_intern files;   /* file names */
	uint32_t *order;          /* header order: primary first */
	size_t norder, ordercap;
	uint32_t *primary;
	size_t nprimary, primarycap;
	unsigned long count;
	int spool_err;
	uint64_t last_ord[RK_NSRC];
	int unsorted[RK_NSRC];
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
	free(rj->order);
	free(rj->primary);
	free(rj);
}

unsigned long
rk_rejects_count(const struct rk_rejects *rj)
{
	return rj->count;
}

static uint32_t
name_id(struct rk_rejects *rj, const char *p, size_t n, int primary)
{
	uint32_t before = rj->names.count;
	uint32_t id = rk_intern_add(&rj->names, p, n);

	if (id == before) {
		if (primary) {
			RK_GROW(rj->primary, rj->nprimary, rj->primarycap);
			rj->primary[rj->nprimary++] = id;
		} else {
			RK_GROW(rj->order, rj->norder, rj->ordercap);
			rj->order[rj->norder++] = id;
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

struct spent {
	uint64_t ord;
	long off;
};

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
spent_cmp(const void *a, const void *b)
{
	const struct spent *x = a, *y = b;

	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

static int
get_u32(FILE *fp, uint32_t *v)
{
	return fread(v, sizeof(*v), 1, fp) == 1 ? 0 : -1;
}

static int
get_bytes(FILE *fp, char **buf, size_t *cap, size_t *n)
{
	uint32_t len;

	if (get_u32(fp, &len))
		return -1;
	if (len + 1 > *cap) {
		*cap = len + 1;
		*buf = rk_xrealloc(*buf, *cap);
	}
	if (len && fread(*buf, 1, len, fp) != len)
		return -1;
	*n = len;
	return 0;
}

int
rk_rejects_finish(struct rk_rejects *rj, struct rk_err *err)
{
	static const char *const tail[] = {
		"reject_file", "reject_line", "reject_code", "reject_reason"
	};
	size_t ncols, nhead;
	uint32_t *pos;
	char **val = NULL;
	size_t *vlen = NULL, *vcap = NULL;
	char *msg = NULL;
	size_t msgcap = 0, msglen;
	FILE *out = rj->out;
	struct spent *ents = NULL;
	struct rk_writer *w = NULL;
	struct rk_val *cells = NULL;
	int rc = 0;

	if (out == NULL)
		return 0;
	if (rj->spool_err)
		return rk_errf(err, RK_EX_IOERR, "cannot spool rejected rows: %s",
		    strerror(rj->spool_err));
	ncols = rj->names.count;
	pos = rk_xcalloc(ncols ? ncols : 1, sizeof(*pos));
	nhead = 0;
	for (size_t i = 0; i < rj->nprimary; i++)
		pos[rj->primary[i]] = (uint32_t)nhead++;
	for (size_t i = 0; i < rj->norder; i++)
		pos[rj->order[i]] = (uint32_t)nhead++;
	/* header */
	{
		size_t nall = nhead + 4;
		const char **names = rk_xcalloc(nall, sizeof(*names));
		size_t *lens = rk_xcalloc(nall, sizeof(*lens));
		struct rk_writer_opts wo = { RK_OUT_CSV, rj->o.delim, rj->o.crlf, 0 };

		for (size_t i = 0; i < rj->nprimary; i++)
			names[i] = rk_intern_str(&rj->names, rj->primary[i], &lens[i]);
		for (size_t i = 0; i < rj->norder; i++)
			names[rj->nprimary + i] = rk_intern_str(&rj->names, rj->order[i],
			    &lens[rj->nprimary + i]);
		for (size_t i = 0; i < 4; i++) {
			names[nhead + i] = tail[i];
			lens[nhead + i] = strlen(tail[i]);
		}
		w = rk_writer_new(out, &wo);
		rk_writer_columns(w, names, lens, NULL, nall);
		free(names);
		free(lens);
		cells = rk_xcalloc(nall, sizeof(*cells));
	}
	val = rk_xcalloc(nhead + 1, sizeof(*val));
	vlen = rk_xcalloc(nhead + 1, sizeof(*vlen));
	vcap = rk_xcalloc(nhead + 1, sizeof(*vcap));
	for (int src = 0; src < RK_NSRC; src++) {
		FILE *fp = rj->spool[src];
		uint32_t ncells, fid, code;
		uint64_t line, ord;
		size_t nents = 0, entcap = 0, ei = 0;

		free(ents);
		ents = NULL;
		if (fp == NULL)
			continue;
		rewind(fp);
		if (rj->unsorted[src]) {
			/* index the records, then visit them in ord order */
			for (;;) {
				long off = ftell(fp);
				uint32_t len;

				if (fread(&ord, sizeof(ord), 1, fp) != 1)
					break;
				if (get_u32(fp, &ncells) || get_u32(fp, &fid) ||
				    fread(&line, sizeof(line), 1, fp) != 1 ||
				    get_u32(fp, &code) || get_u32(fp, &len) ||
				    fseek(fp, len, SEEK_CUR))
					goto spool_broken;
				for (uint32_t c = 0; c < ncells; c++)
					if (get_u32(fp, &len) || get_u32(fp, &len) ||
					    fseek(fp, len, SEEK_CUR))
						goto spool_broken;
				RK_GROW(ents, nents, entcap);
				ents[nents].ord = ord;
				ents[nents].off = off;
				nents++;
			}
			qsort(ents, nents, sizeof(*ents), spent_cmp);
		}
		for (;;) {
			char lbuf[32];
			size_t fn;
			const char *fname;

			if (ents) {
				if (ei == nents)
					break;
				if (fseek(fp, ents[ei++].off, SEEK_SET))
					goto spool_broken;
			}
			if (fread(&ord, sizeof(ord), 1, fp) != 1)
				break;
			if (get_u32(fp, &ncells) || get_u32(fp, &fid) ||
			    fread(&line, sizeof(line), 1, fp) != 1 ||
			    get_u32(fp, &code) || get_bytes(fp, &msg, &msgcap, &msglen))
				goto spool_broken;
			for (size_t i = 0; i < nhead; i++)
				vlen[i] = 0;
			for (uint32_t c = 0; c < ncells; c++) {
				uint32_t nid;
				size_t p;

				if (get_u32(fp, &nid) || nid >= ncols)
					goto spool_broken;
				p = pos[nid];
				if (get_bytes(fp, &val[p], &vcap[p], &vlen[p]))
					goto spool_broken;
			}
			for (size_t i = 0; i < nhead; i++) {
				cells[i].p = val[i] ? val[i] : "";
				cells[i].n = vlen[i];
			}
			fname = rk_intern_str(&rj->files, fid, &fn);
			cells[nhead].p = fname;
			cells[nhead].n = fn;
			cells[nhead + 1].p = lbuf;
			cells[nhead + 1].n = (size_t)snprintf(lbuf, sizeof(lbuf), "%llu",
			    (unsigned long long)line);
			cells[nhead + 2].p = rk_code_name((enum rk_code)code);
			cells[nhead + 2].n = strlen(cells[nhead + 2].p);
			cells[nhead + 3].p = msg;
			cells[nhead + 3].n = msglen;
			rk_writer_row(w, cells);
		}
		if (ferror(fp))
			goto spool_broken;
	}
	if (rk_writer_end(w))
		rc = rk_errf(err, RK_EX_IOERR, "--rejects '%s': write error: %s",
		    rj->o.path, strerror(errno));
	goto done;
spool_broken:
	rc = rk_errf(err, RK_EX_IOERR, "cannot read back rejected rows");
done:
	rk_writer_free(w);
	free(cells);
	free(ents);
	for (size_t i = 0; i < nhead + 1; i++)
		free(val[i]);
	free(val);
	free(vlen);
	free(vcap);
	free(msg);
	free(pos);
	rj->out = NULL;
	return rc;
}
