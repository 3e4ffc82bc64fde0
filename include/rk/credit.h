/*
 * credit.h - credit-emit: approved returns become credit notes for the
 * ERP, priced at the original invoice, never credited twice
 * (credit-emit(1)).  The work is in lib/credit/.
 */
#ifndef RK_CREDIT_H
#define RK_CREDIT_H

#include "rk/opts.h"

/* A whole run of credit-emit; returns its exit status. */
int rk_credit_run(const struct rk_opts *o);

#endif
