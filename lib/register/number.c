/*
 * number.c - RMA numbers (return-register(1), "Allocating a request
 * line", step 7): a request keeps the number the registry gave it; a new
 * request gets the next number of rma_format when its first row is
 * registered, in that order, so no number is handed out and then lost;
 * rma_line counts a request's registered rows, continuing across runs.
 */
#include "rk/diag.h"
#include "rk/field.h"
#include "rk/seqfmt.h"

#include "register.h"

/* Number every registered answer row; 0, or -1 with g->run.err. */
int
reg_number_rmas(struct regrun *g)
{
	struct registry *reg = &g->reg;

	for (size_t i = 0; i < g->alloc.n; i++) {
		struct answer *a = &g->alloc.rows[i];
		uint32_t key = g->rq.lines[a->req].key;

		if (!answer_registers(a))
			continue;
		if (reg->key_rma[key] == RK_NOID) {
			char id[128];
			size_t n = rk_seqfmt_make(g->run.pol.rma_format,
			    g->o->as_of, ++reg->maxseq, id, sizeof(id));

			if (n == 0 || rk_check_id(id, n) != RK_OK)
				return rk_errf(&g->run.err, RK_EX_CONFIG,
				    "rma_format makes \"%s\", which is not an "
				    "id (1 to 64 bytes)", id);
			reg->key_rma[key] = rk_intern_add(&reg->rmas, id, n);
		}
		a->rma_line = ++reg->key_last_line[key];
	}
	return 0;
}
