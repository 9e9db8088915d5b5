#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "recq.h"

#define RECQ__MASK (RECQ_SLOTS - 1)
_Static_assert((RECQ_SLOTS & RECQ__MASK) == 0, "RECQ_SLOTS is a power of two");

/* A slot's sequence is stored minus its index, so that the zero-initialised
 * array already holds each slot's first sequence (its own index). */
typedef struct recq__slot {
    atomic_size_t seq;
    record_t rec;
} recq__slot_t;

/* The consumer's position moves with every record; producers only need an
 * estimate of it for the soft limits, so it is published every
 * RECQ__PUBLISH records and whenever the consumer catches up: a line the
 * consumer writes per record would bounce between cores on every call. */
#define RECQ__PUBLISH 64u

static recq__slot_t recq__slots[RECQ_SLOTS];
static atomic_size_t recq__head, recq__tail, recq__ext_bytes;
static size_t recq__next; /* the consumer's own position */
static atomic_size_t recq__drops_trace, recq__drops_audit;

static size_t recq__seq(size_t index)
{
    return atomic_load_explicit(&recq__slots[index].seq, memory_order_acquire) + index;
}

static void recq__set_seq(size_t index, size_t seq)
{
    atomic_store_explicit(&recq__slots[index].seq, seq - index, memory_order_release);
}

/* The soft limits; the ring's own bound (a full slot) is the hard one. */
static bool recq__admit(const record_t *r)
{
    size_t depth = atomic_load(&recq__head) - atomic_load(&recq__tail);
    size_t ext = atomic_load(&recq__ext_bytes);
    if (r->audit)
        return depth < RECQ_SLOTS && ext + r->ext_size <= 2u * RECQ_EXT_BYTES;
    return depth < RECQ_SLOTS - RECQ_AUDIT_SLOTS && ext + r->ext_size <= RECQ_EXT_BYTES;
}

void recq_drop(const record_t *r)
{
    atomic_fetch_add(r->audit ? &recq__drops_audit : &recq__drops_trace, 1);
}

size_t recq_push(const record_t *r)
{
    if (!recq__admit(r))
        return 0;
    size_t pos = atomic_load_explicit(&recq__head, memory_order_relaxed);
    for (;;) {
        intptr_t dif = (intptr_t)(recq__seq(pos & RECQ__MASK) - pos);
        if (dif == 0) {
            if (atomic_compare_exchange_weak(&recq__head, &pos, pos + 1))
                break;
        } else if (dif < 0) {
            return 0;
        } else {
            pos = atomic_load_explicit(&recq__head, memory_order_relaxed);
        }
    }
    size_t index = pos & RECQ__MASK;
    memcpy(&recq__slots[index].rec, r, record_used(r));
    if (r->ext_size)
        atomic_fetch_add(&recq__ext_bytes, r->ext_size);
    recq__set_seq(index, pos + 1);
    return pos + 1 - atomic_load(&recq__tail);
}

size_t recq_tail(void)
{
    return recq__next;
}

size_t recq_head(void)
{
    return atomic_load(&recq__head);
}

record_t *recq_at(size_t pos)
{
    size_t index = pos & RECQ__MASK;
    return recq__seq(index) == pos + 1 ? &recq__slots[index].rec : NULL;
}

void recq_commit(size_t pos)
{
    size_t index = pos & RECQ__MASK;
    uint32_t ext = recq__slots[index].rec.ext_size;
    if (ext)
        atomic_fetch_sub(&recq__ext_bytes, ext);
    recq__set_seq(index, pos + RECQ_SLOTS);
    recq__next = pos + 1;
    if (recq__next % RECQ__PUBLISH == 0 || recq_empty())
        atomic_store(&recq__tail, recq__next);
}

void recq_skip(size_t pos)
{
    recq__next = pos + 1;
    atomic_store(&recq__tail, recq__next);
}

bool recq_empty(void)
{
    return recq_at(recq__next) == NULL;
}

recq_drops_t recq_dropped(void)
{
    recq_drops_t d = {atomic_load(&recq__drops_trace), atomic_load(&recq__drops_audit)};
    return d;
}
