#include <stdatomic.h>
#include <stdint.h>

#include "recq.h"

#define RECQ__MASK (RECQ_SLOTS - 1)
_Static_assert((RECQ_SLOTS & RECQ__MASK) == 0, "RECQ_SLOTS is a power of two");

/* A slot's sequence is stored minus its index, so that the zero-initialised
 * array already holds each slot's first sequence (its own index). */
typedef struct recq__slot {
    atomic_size_t seq;
    record_t *rec;
} recq__slot_t;

static recq__slot_t recq__slots[RECQ_SLOTS];
static atomic_size_t recq__head, recq__tail, recq__bytes;
static atomic_size_t recq__drops_trace, recq__drops_audit;

static size_t recq__seq(size_t index)
{
    return atomic_load_explicit(&recq__slots[index].seq, memory_order_acquire) + index;
}

static void recq__set_seq(size_t index, size_t seq)
{
    atomic_store_explicit(&recq__slots[index].seq, seq - index, memory_order_release);
}

static bool recq__admit(const record_t *r)
{
    size_t depth = atomic_load(&recq__head) - atomic_load(&recq__tail);
    size_t bytes = atomic_load(&recq__bytes);
    if (r->audit)
        return depth < RECQ_SLOTS && bytes + r->alloc <= 2u * RECQ_BYTES;
    return depth < RECQ_SLOTS - RECQ_AUDIT_SLOTS && bytes + r->alloc <= RECQ_BYTES;
}

void recq_count_drop(bool audit)
{
    atomic_fetch_add(audit ? &recq__drops_audit : &recq__drops_trace, 1);
}

size_t recq_push(record_t *r)
{
    if (!recq__admit(r)) {
        recq_count_drop(r->audit);
        return 0;
    }
    size_t pos = atomic_load_explicit(&recq__head, memory_order_relaxed);
    for (;;) {
        size_t index = pos & RECQ__MASK;
        intptr_t dif = (intptr_t)(recq__seq(index) - pos);
        if (dif == 0) {
            if (atomic_compare_exchange_weak(&recq__head, &pos, pos + 1))
                break;
        } else if (dif < 0) {
            recq_count_drop(r->audit);
            return 0;
        } else {
            pos = atomic_load_explicit(&recq__head, memory_order_relaxed);
        }
    }
    size_t index = pos & RECQ__MASK;
    recq__slots[index].rec = r;
    atomic_fetch_add(&recq__bytes, r->alloc);
    recq__set_seq(index, pos + 1);
    return pos + 1 - atomic_load(&recq__tail);
}

size_t recq_tail(void)
{
    return atomic_load(&recq__tail);
}

size_t recq_head(void)
{
    return atomic_load(&recq__head);
}

record_t *recq_at(size_t pos)
{
    size_t index = pos & RECQ__MASK;
    return recq__seq(index) == pos + 1 ? recq__slots[index].rec : NULL;
}

void recq_commit(size_t pos)
{
    size_t index = pos & RECQ__MASK;
    record_t *r = recq__slots[index].rec;
    recq__slots[index].rec = NULL;
    if (r)
        atomic_fetch_sub(&recq__bytes, r->alloc);
    recq__set_seq(index, pos + RECQ_SLOTS);
    atomic_store(&recq__tail, pos + 1);
}

void recq_skip(size_t pos)
{
    atomic_store(&recq__tail, pos + 1);
}

bool recq_empty(void)
{
    return recq_at(recq_tail()) == NULL;
}

recq_drops_t recq_dropped(void)
{
    recq_drops_t d = {atomic_load(&recq__drops_trace), atomic_load(&recq__drops_audit)};
    return d;
}
