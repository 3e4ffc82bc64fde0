/*
 * retailers.h - retailer master data (--retailers, returns-formats(5),
 * RETAILERS): the country a parcel's origin is compared with, and the
 * buyer of a credit note.  Rows are checked like any input; a later
 * duplicate retailer_id is rejected (duplicate_key) and the first one is
 * used.
 */
#ifndef RK_RETAILERS_H
#define RK_RETAILERS_H

#include <stddef.h>
#include <stdint.h>

#include "rk/hash.h"
#include "rk/reader.h"
#include "rk/rejects.h"

enum {
	RT_RETAILER_ID, RT_NAME, RT_VAT_ID, RT_COUNTRY, RT_STREET, RT_CITY,
	RT_POSTAL_CODE, RT_ENDPOINT_ID, RT_EMAIL, RT_NCOLS
};

struct rk_retailer {
	char *f[RT_NCOLS];   /* by column (RT_*); NULL when empty */
};

struct rk_retailers {
	struct rk_retailer *list; /* in file order, duplicates left out */
	size_t n, cap;
	uint32_t *index_of;  /* retailer pool id -> index + 1, 0: unknown */
	size_t index_of_cap;
	unsigned long rows, rejected;  /* data rows read, of which rejected */
};

void rk_retailers_init(struct rk_retailers *retailers);
void rk_retailers_release(struct rk_retailers *retailers);
/* Read path; retailer ids are interned in pool.  NULL path: none. */
int rk_retailers_load(struct rk_retailers *retailers, struct rk_intern *pool,
    const char *path, const struct rk_reader_opts *ro, struct rk_rejects *rj,
    struct rk_err *err);
/* The retailer with pool id, or NULL. */
const struct rk_retailer *rk_retailers_find(
    const struct rk_retailers *retailers, uint32_t id);

#endif
