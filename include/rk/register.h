/*
 * register.h - return-register (SPEC 4): pre-registration of returns.
 *
 * Reads the request lines (all operands), the registry and the journal
 * (both under the registry's lock), then the order lines; allocates each
 * request line to invoice lines; writes every answer; commits the new
 * registered lines.  Returns the exit status (SPEC 2.5) and has printed
 * every message itself.
 */
#ifndef RK_REGISTER_H
#define RK_REGISTER_H

#include "rk/opts.h"

int rk_register_run(const struct rk_opts *o);

#endif
