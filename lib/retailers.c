/*
 * retailers.c - the --retailers file (returns-formats(5), RETAILERS):
 * its column table, and the retailers kept by pool id, the first row of
 * each id.
 */
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
rk_retailers_init(struct rk_retailers *retailers)
{
	memset(retailers, 0, sizeof(*retailers));
}

void
rk_retailers_release(struct rk_retailers *retailers)
{
	for (size_t i = 0; i < retailers->n; i++)
		for (int k = 0; k < RT_NCOLS; k++)
			free(retailers->list[i].f[k]);
	free(retailers->list);
	free(retailers->index_of);
	memset(retailers, 0, sizeof(*retailers));
}

const struct rk_retailer *
rk_retailers_find(const struct rk_retailers *retailers, uint32_t id)
{
	if (id == RK_NOID || id >= retailers->index_of_cap ||
	    retailers->index_of[id] == 0)
		return NULL;
	return &retailers->list[retailers->index_of[id] - 1];
}

struct loadctx {
	struct rk_retailers *retailers;
	struct rk_intern *pool;
};

static enum rk_code
retailer_row(void *vctx, const struct rk_fv *v, uint32_t looked, char *msg,
    size_t cap)
{
	struct loadctx *lc = vctx;
	struct rk_retailers *retailers = lc->retailers;
	uint32_t id = rk_intern_add(lc->pool, v[RT_RETAILER_ID].p,
	    v[RT_RETAILER_ID].n);
	struct rk_retailer *kept;

	(void)looked;
	RK_GROW_TO(retailers->index_of, (size_t)id + 1, retailers->index_of_cap,
	    0);
	if (retailers->index_of[id]) {
		char shown[100];

		snprintf(msg, cap, "retailer %s appears more than once; the first "
		    "one is used", rk_show(shown, sizeof(shown), v[RT_RETAILER_ID].p,
		    v[RT_RETAILER_ID].n));
		return RK_DUPLICATE_KEY;
	}
	/* the new element is zeroed: its empty fields stay NULL */
	RK_GROW(retailers->list, retailers->n, retailers->cap);
	kept = &retailers->list[retailers->n];
	for (int c = 0; c < RT_NCOLS; c++)
		if (v[c].present)
			kept->f[c] = rk_xstrndup(v[c].p, v[c].n);
	retailers->index_of[id] = (uint32_t)++retailers->n;
	return RK_OK;
}

int
rk_retailers_load(struct rk_retailers *retailers, struct rk_intern *pool,
    const char *path, const struct rk_reader_opts *ro, struct rk_rejects *rj,
    struct rk_err *err)
{
	static const struct rk_schema schema = { retailer_cols, RT_NCOLS, NULL,
		NULL, NULL };
	struct loadctx lc = { retailers, pool };
	struct rk_aux_count count = { 0, 0 };
	int rc;

	if (path == NULL)
		return 0;
	rc = rk_aux_read(path, &schema, ro, '.', rj, RK_SRC_RETAILERS, NULL,
	    retailer_row, &lc, NULL, &count, err);
	retailers->rows += count.rows;
	retailers->rejected += count.rejected;
	return rc;
}
