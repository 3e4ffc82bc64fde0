/*
 * rowstore.h - rows kept for later output, packed into one arena.
 *
 * A row is a list of cells (bytes and a JSON type); it is stored as a
 * varint cell count, then per cell a type byte, a varint length and the
 * bytes.  rk_rowstore_add returns the row's offset, which stays valid (the
 * arena moves, offsets do not).
 */
#ifndef RK_ROWSTORE_H
#define RK_ROWSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "rk/writer.h"

struct rk_rowstore {
	char *buf;
	size_t len, cap;
	size_t mapped;  /* bytes of buf mapped (rk_populate_ahead) */
};

void rk_rowstore_init(struct rk_rowstore *store);
void rk_rowstore_release(struct rk_rowstore *store);
uint64_t rk_rowstore_add(struct rk_rowstore *store, const struct rk_val *cells,
    size_t n);
/* Read up to max cells of the row at off; returns the number stored.
 * Cells beyond it are set empty.  Pointers are valid until the next add. */
size_t rk_rowstore_get(const struct rk_rowstore *store, uint64_t off,
    struct rk_val *cells, size_t max);

#endif
