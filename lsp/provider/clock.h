/* clock: the two times a record carries, both cheap enough for every call:
 * UTC wall time in microseconds and a monotonic tick for durations. */
#ifndef SIOT_CLOCK_H
#define SIOT_CLOCK_H

#include <stdint.h>

/* Resolves the most precise wall clock the system has; idempotent. */
void clock_init(void);
/* Microseconds since 1970-01-01 UTC. */
uint64_t clock_utc_us(void);
/* A FILETIME's value (100 ns since 1601) in microseconds since 1970. */
uint64_t clock_filetime_us(uint64_t filetime);
uint64_t clock_ticks(void);
uint64_t clock_ticks_to_ns(uint64_t ticks);

#endif
