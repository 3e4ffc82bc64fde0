/*
 * date.h - calendar dates as days since 1970-01-01.
 *
 * returns-formats(5), FIELD SYNTAX: a date is YYYY-MM-DD (a real Gregorian date), or a timestamp
 * YYYY-MM-DDThh:mm:ss followed by Z or +hh:mm / -hh:mm, without fractions.
 * Only the literal date prefix is used, and that prefix is what is written
 * back: no time-zone conversion ever happens.
 */
#ifndef RK_DATE_H
#define RK_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Parse a date or timestamp; store the day number.  0 or -1. */
int rk_date_parse(const char *p, size_t n, int32_t *days);
/* Days since 1970-01-01 of a civil date (no validation). */
int32_t rk_days_from_civil(int y, int m, int d);
void rk_civil_from_days(int32_t days, int *y, int *m, int *d);
/* Write YYYY-MM-DD (10 bytes plus NUL). */
size_t rk_date_format(int32_t days, char *out);
/* Today in UTC. */
int32_t rk_date_today(void);

#endif
