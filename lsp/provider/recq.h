/* recq: the process's bounded queue of records, from application threads to
 * the writer. Producers never wait and never lock: a push either takes a slot
 * (the record is copied into it) or counts a drop. A bounded lock-free ring
 * after D. Vyukov's MPMC queue: a slot is published by one release store, so
 * a reader at process exit (when threads that were pushing are gone) sees
 * only complete records and can step over a slot its producer never filled.
 *
 * Limits: trace records may fill RECQ_SLOTS - RECQ_AUDIT_SLOTS slots and
 * RECQ_EXT_BYTES of private-heap captures; audit records may also take the
 * reserved slots and twice the bytes, so that an overload of trace records
 * cannot keep an audit out (and when audits fill the reserve, their callers
 * wait: see writer_submit). */
#ifndef SIOT_RECQ_H
#define SIOT_RECQ_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

#define RECQ_SLOTS       2048u
#define RECQ_AUDIT_SLOTS 128u
#define RECQ_EXT_BYTES   (8u << 20)

typedef struct recq_drops {
    size_t trace, audit;
} recq_drops_t;

/* Copies r into the queue, which then owns its private-heap block. Returns
 * the queue depth after the push, or 0 when there was no room (the caller
 * still owns r: it tries again, or counts the drop with recq_drop and
 * releases r). */
size_t recq_push(const record_t *r);
void recq_drop(const record_t *r);

/* The consumer side: one consumer at a time (the writer thread, or the
 * process-exit flush once that thread is gone). recq_tail is the next
 * position to consume. */
size_t recq_tail(void);
size_t recq_head(void);
/* The record published at position pos, or NULL (not published yet). */
record_t *recq_at(size_t pos);
/* Releases position pos, which must be the tail, and its slot. */
void recq_commit(size_t pos);
/* Steps over an unpublished position (exit flush only: its producer is gone). */
void recq_skip(size_t pos);

/* Nothing is published at the consumer's position (consumer side). */
bool recq_empty(void);
recq_drops_t recq_dropped(void);

#endif
