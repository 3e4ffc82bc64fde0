/*
 * register.h - return-register's run, shared by the files of
 * lib/register/ (private: only they include it).
 *
 * One run of return-register(1) is one struct regrun, called g in every
 * function that takes it.  The work goes in this order (run.c), each step
 * in its own file:
 *
 *  requests.c  read and check every request line: its key (retailer_id,
 *              request_id, request_line), its (retailer, sku) pair and its
 *              order/invoice references.  They say which order lines
 *              matter, so the much larger order file is filtered while it
 *              streams;
 *  state.c     the registry (under its lock) and the journal: the
 *              registered rows of today's keys (the duplicate answers),
 *              the RMA numbers already given, and what earlier runs took
 *              from each invoice line;
 *  scope.c     the order lines: keep those of requested pairs, linked per
 *              pair, and mark the references some order line satisfies;
 *              then each pair's lines side by side, its run;
 *  allocate.c  each request line against its pair's run narrowed to its
 *              references (rk/allocation.h): what it takes, and the
 *              remainder with its reason; pairs in parts on several
 *              threads, each pair's lines in input order;
 *  number.c    RMA numbers, in the order requests got their first
 *              registered row;
 *  output.c    the answer rows, the registry commit and the summary.
 *
 * Ids: retailer, sku and invoice ids are ids in the order store's pools
 * (g->orders), which the request lines fill first; every other id indexes
 * the array or pool named beside it.  RK_NOID means "none".
 */
#ifndef RK_LIB_REGISTER_H
#define RK_LIB_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "rk/allocation.h"
#include "rk/field.h"
#include "rk/hash.h"
#include "rk/keytab.h"
#include "rk/opts.h"
#include "rk/orders.h"
#include "rk/primary.h"
#include "rk/rowstore.h"
#include "rk/run.h"
#include "rk/schema.h"
#include "rk/writer.h"

/* Request columns of return-register(1), in table order. */
enum {
	RQ_REQUEST_ID, RQ_RETAILER_ID, RQ_REQUEST_LINE, RQ_SKU, RQ_QTY,
	RQ_REASON, RQ_ORDER_ID, RQ_INVOICE_ID, RQ_REQUESTED_AT, RQ_NOTE,
	RQ_NCOLS
};

/* An answer row's status (its status_reason is an enum rk_why). */
enum { STATUS_ACCEPTED, STATUS_HELD, STATUS_REJECTED, STATUS_DUPLICATE };

/*
 * The key of two texts (retailer and request, or retailer and sku): the
 * length of the first as four bytes, then both, so no pair of texts can
 * look like another.  KEYMAX holds the key of two ids.
 */
#define KEYMAX (4 + 2 * RK_ID_MAX)

/* A valid request line. */
struct reqline {
	uint64_t raw;            /* rowstore offset: the row as read */
	uint64_t ord;            /* data-row position in the input */
	unsigned long input_line;
	uint32_t operand;
	uint32_t retailer, sku;
	uint32_t pair;           /* its (retailer, sku) pair */
	uint32_t key;            /* its (retailer_id, request_id) */
	uint32_t order;          /* order_id in want.ref_orders, or RK_NOID */
	uint32_t invoice;        /* invoice_id, or RK_NOID */
	uint32_t triple;         /* reference triple, RK_NOID without refs */
	uint32_t request_line;
	uint32_t qty;
	int32_t requested;       /* requested_at (--as-of when empty) */
	int32_t window;          /* window in days of its reason */
	uint8_t registered;      /* its key has registry rows: a duplicate */
	uint8_t sku_conflict;    /* registered with another sku: rejected */
	uint32_t ans_first, nans;  /* its answer rows in alloc.rows */
	uint32_t dup_first;      /* its first registry row in reg.dups */
};

/*
 * The request lines and their keys (requests.c).  While the requests are
 * read, the keys and the claims, from keys on, are request_step's (the
 * parsing thread's, for a CSV input) and the rest the calling thread's: the two parts lie
 * on cache lines of their own, so that neither thread's writes move the
 * other's lines between processors.
 */
struct requests {
	struct rk_primary input;          /* operands, rows kept as read */
	struct reqline *lines;
	size_t n, cap;
	size_t mapped;                    /* bytes of lines mapped */
	_Alignas(64) struct rk_intern keys; /* (retailer_id, request_id) */
	char *keybuf;                     /* key of any row, for positions */
	size_t keybufcap;
	char *lastkey;                    /* ... the last row's, and its id */
	size_t lastkeyn, lastkeycap;
	uint32_t lastkeyid;               /* RK_NOID before the first row */
	uint32_t *key_rows;               /* rows seen per key (request_line) */
	uint32_t *key_operand;            /* ... in this operand (+1) */
	uint32_t *key_max;                /* ... highest request_line claimed */
	size_t key_rowscap, key_operandcap, key_maxcap;
	struct rk_u64map by_line;         /* (key, request_line) -> line + 1, */
	int by_line_made;                 /* ... made when first needed */
	struct claim {                    /* claimed (key, request_line) by */
		uint32_t key, line;           /* ... line number, and the line */
		unsigned long input_line;     /* ... it starts on */
	} *claims;
	size_t nclaims, claimcap;
};

/*
 * A (retailer, sku) pair some request line names.  Its kept order lines
 * are counted once the order file is read, then lie in want.run_lines
 * (reg_pair_runs).
 */
struct pair {
	uint32_t first, nlines;           /* its lines in want.run_lines */
	uint32_t retailer, sku;
};

/*
 * What the requests ask about: their pairs, and the order and invoice
 * references they name (requests.c).  The order scan (scope.c) notes
 * each kept line's pair and marks the triples it finds; then the lines
 * are laid out pair by pair (reg_pair_runs).
 */
struct wanted {
	struct rk_keytab pair_keys;       /* (retailer, sku) texts -> pair */
	struct pair *pairs;
	uint32_t npairs;
	size_t paircap;
	uint32_t *line_pair;              /* kept line -> its pair, until
	                                   * reg_pair_runs */
	size_t line_paircap;
	uint32_t *run_lines;              /* kept lines, pair by pair */
	struct rk_intern ref_orders;      /* order ids requests name */
	struct rk_intern triples;         /* (retailer, order, invoice) refs */
	uint8_t *triple_found;            /* triple -> some order line has it */
	uint8_t *invoice_named;           /* invoice id -> a request names it */
	uint32_t ninvoice_named;          /* ... ids it holds (cap as filled) */
};

/* The last id text looked up in a pool, and its id (or RK_NOID). */
struct last_find {
	char text[RK_ID_MAX];
	size_t n;
	uint32_t id;
	int have;
};

/*
 * The order-file scan's memory of the last row whose references were
 * looked up (scope.c): lines of one invoice come together.
 */
struct scan_last {
	struct last_find order;           /* order_id in want.ref_orders */
	char retailer[RK_ID_MAX];
	size_t retailern;
	uint32_t invoice;
	struct last_find ref_retailer;    /* retailer_id in orders.retailers */
};

/* A registry row of a duplicate answer, listed per request line. */
struct dup_row {
	uint64_t cells;                   /* in registry.dup_cells */
	uint32_t next;                    /* next of its request line */
};

/* What the registry and the journal say (state.c). */
struct registry {
	struct rk_carried carry;          /* the registry's carried columns */
	struct rk_intern rmas;            /* RMA ids, given and new */
	uint32_t *key_rma;                /* key -> rma id, or RK_NOID */
	uint32_t *key_last_line;          /* key -> highest rma_line */
	uint64_t maxseq;                  /* highest sequence of rma_format */
	struct rk_rowstore dup_cells;
	struct dup_row *dups;
	size_t ndups, dupcap;
	struct rk_consumed consumed;      /* (invoice, line) -> qty taken */
};

/* One answer row of the run (allocate.c). */
struct answer {
	uint32_t req;                     /* its request line */
	uint32_t oline;                   /* order line, RK_NOID: remainder */
	uint32_t qty;
	uint32_t rma_line;                /* 0 until numbered */
	uint8_t status, why;              /* why: enum rk_why */
};

/* The allocation's output: each request line's rows, in input order. */
struct allocation {
	struct answer *rows;
	size_t n, cap;
};

struct regrun {
	const struct rk_opts *o;
	struct rk_run run;                /* policy, rejects, progress, lock */
	struct rk_orders orders;          /* kept order lines and id pools */
	struct requests rq;
	struct wanted want;
	struct scan_last last;
	struct registry reg;
	struct allocation alloc;
};

/* A row accepted or held is registered (it gets an rma_line). */
static inline int
answer_registers(const struct answer *a)
{
	return a->status == STATUS_ACCEPTED || a->status == STATUS_HELD;
}

/* requests.c */
size_t reg_keytext(char *buf, const char *a, size_t an, const char *b,
    size_t bn);
uint32_t reg_pair_find(const struct regrun *g, const char *r, size_t rn,
    const char *s, size_t sn);
void reg_pair_ahead(const struct regrun *g, const char *r, size_t rn,
    const char *s, size_t sn);
int reg_read_requests(struct regrun *g);
uint32_t reg_request_line(struct requests *rq, uint32_t key, uint32_t line);

/* state.c */
int reg_read_state(struct regrun *g);

/* scope.c */
uint32_t reg_order_look(const void *ctx, const struct rk_fv *v);
void reg_order_ahead(const void *ctx, const struct rk_fv *v);
void reg_order_visit(void *ctx, struct rk_orders *orders,
    const struct rk_fv *v, uint32_t inv, uint32_t pair);
void reg_pair_runs(struct regrun *g);

/* allocate.c */
void reg_allocate(struct regrun *g);

/* number.c */
int reg_number_rmas(struct regrun *g);

/* output.c */
void reg_write_answer(struct regrun *g, struct rk_writer *w);
int reg_commit_registry(struct regrun *g);
void reg_summary(struct regrun *g);

#endif
