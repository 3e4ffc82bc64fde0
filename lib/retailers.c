#include <stdlib.h>
#include <string.h>

#include "rk/aux.h"
#include "rk/retailers.h"
#include "rk/schema.h"
#include "rk/util.h"

static const struct rk_colspec retailer_cols[RT_NCOLS] = {
	{ "retailer_id", RK_K_ID, 1 },
	{ "name", RK_K_TEXT, 0 },
	{ "vat_id", RK_K_ID, 0 },
	{ "country", RK_K_TEXT, 0 },
	{ "street", RK_K_TEXT, 0 },
	{ "city", RK_K_TEXT, 0 },
	{ "postal_code", RK_K_TEXT, 0 },
	{ "endpoint_id", RK_K_ID, 0 },
	{ "email", RK_K_TEXT, 0 },
};

void
rk_retailers_init(struct rk_retailers *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void
rk_retailers_release(struct rk_retailers *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		for (int k = 0; k < RT_NCOLS; k++)
			free(rs->v[i].f[k]);
	free(rs->v);
	free(rs->of);
	memset(rs, 0, sizeof(*rs));
}

const struct rk_retailer *
rk_retailers_find(const struct rk_retailers *rs, uint32_t id)
{
	if (id == RK_NOID || id >= rs->ofcap || rs->of[id] == 0)
		return NULL;
	return &rs->v[rs->of[id] - 1];
}

struct loadctx {
	struct rk_retailers *rs;
	struct rk_intern *pool;
};

static enum rk_code
retailer_row(void *vctx, const struct rk_fv *v, char *msg, size_t cap)
{
	struct loadctx *lc = vctx;
	struct rk_retailers *rs = lc->rs;
	uint32_t id = rk_intern_add(lc->pool, v[RT_RETAILER_ID].p,
	    v[RT_RETAILER_ID].n);

	if (id >= rs->ofcap) {
		size_t old = rs->ofcap;

		rs->ofcap = id + 64 > 2 * old ? id + 64 : 2 * old;
		rs->of = rk_xreallocarray(rs->of, rs->ofcap, sizeof(*rs->of));
		memset(rs->of + old, 0, (rs->ofcap - old) * sizeof(*rs->of));
	}
	if (rs->of[id]) {
		char shown[100];

		snprintf(msg, cap, "retailer %s appears more than once; the first "
		    "one is used", rk_show(shown, sizeof(shown), v[RT_RETAILER_ID].p,
		    v[RT_RETAILER_ID].n));
		return RK_DUPLICATE_KEY;
	}
	RK_GROW(rs->v, rs->n, rs->cap);
	memset(&rs->v[rs->n], 0, sizeof(rs->v[rs->n]));
	for (int c = 0; c < RT_NCOLS; c++)
		if (v[c].present)
			rs->v[rs->n].f[c] = rk_xstrndup(v[c].p, v[c].n);
	rs->of[id] = (uint32_t)++rs->n;
	return RK_OK;
}

int
rk_retailers_load(struct rk_retailers *rs, struct rk_intern *pool,
    const char *path, const struct rk_reader_opts *ro, struct rk_rejects *rj,
    struct rk_err *err)
{
	static const struct rk_schema schema = { retailer_cols, RT_NCOLS, NULL,
		NULL, NULL };
	struct loadctx lc = { rs, pool };
	struct rk_aux_count count = { 0, 0 };
	int rc;

	if (path == NULL)
		return 0;
	rc = rk_aux_read(path, &schema, ro, '.', rj, RK_SRC_RETAILERS, NULL,
	    retailer_row, &lc, &count, err);
	rs->rows += count.rows;
	rs->rejected += count.rejected;
	return rc;
}
