/*
 * register.h - return-register(1): pre-registration of returns.
 *
 * rk_register_run() reads the request lines (all operands), the registry
 * and the journal (both under the registry's lock), then the order lines;
 * allocates each request line to invoice lines; writes every answer; and
 * commits the new registered lines.  It returns the exit status
 * (return-register(1), EXIT STATUS) and has printed every message itself.
 * The logic lives in lib/register/.
 */
#ifndef RK_REGISTER_H
#define RK_REGISTER_H

#include "rk/opts.h"

int rk_register_run(const struct rk_opts *o);

#endif
