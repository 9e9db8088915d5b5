#include "hostsock.h"

#include <stdlib.h>
#include <string.h>

/* Open addressing on the handle value; deleted slots are tombstones. */
typedef struct hostsock_slot_t {
    SOCKET s; /* 0: empty */
    int dead;
    hostsock_t v;
} hostsock_slot_t;

static SRWLOCK hostsock__lock = SRWLOCK_INIT;
static hostsock_slot_t *hostsock__slots;
static size_t hostsock__cap, hostsock__used;
static LONG hostsock__gen;

static size_t hostsock__hash(SOCKET s)
{
    /* Handles are multiples of 4. */
    return (size_t)((s >> 2) * 0x9E3779B97F4A7C15ull);
}

static hostsock_slot_t *hostsock__lookup(SOCKET s)
{
    size_t i, n;
    if (!hostsock__cap)
        return NULL;
    for (i = hostsock__hash(s) & (hostsock__cap - 1), n = 0; n < hostsock__cap;
         i = (i + 1) & (hostsock__cap - 1), n++) {
        if (hostsock__slots[i].s == 0 && !hostsock__slots[i].dead)
            return NULL;
        if (hostsock__slots[i].s == s)
            return &hostsock__slots[i];
    }
    return NULL;
}

static int hostsock__grow(void)
{
    size_t cap = hostsock__cap ? hostsock__cap * 2 : 256, i;
    hostsock_slot_t *old = hostsock__slots, *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return WSAENOBUFS;
    hostsock__slots = slots;
    hostsock__used = 0;
    for (i = 0; i < hostsock__cap; i++) {
        if (old[i].s == 0)
            continue;
        size_t j = hostsock__hash(old[i].s) & (cap - 1);
        while (slots[j].s)
            j = (j + 1) & (cap - 1);
        slots[j] = old[i];
        hostsock__used++;
    }
    hostsock__cap = cap;
    free(old);
    return 0;
}

int hostsock_add(SOCKET s, DWORD catalog_id, DWORD_PTR context, int created)
{
    hostsock_slot_t *slot;
    int err = 0;

    AcquireSRWLockExclusive(&hostsock__lock);
    slot = hostsock__lookup(s);
    if (!slot && (hostsock__used + 1) * 2 > hostsock__cap)
        err = hostsock__grow();
    if (!err && !slot) {
        size_t i = hostsock__hash(s) & (hostsock__cap - 1);
        while (hostsock__slots[i].s)
            i = (i + 1) & (hostsock__cap - 1);
        slot = &hostsock__slots[i];
        if (!slot->dead)
            hostsock__used++;
        slot->s = s;
        slot->dead = 0;
    }
    if (!err) {
        slot->v.catalog_id = catalog_id;
        slot->v.context = context;
        slot->v.created = created;
        slot->v.gen = ++hostsock__gen;
    }
    ReleaseSRWLockExclusive(&hostsock__lock);
    return err;
}

int hostsock_find(SOCKET s, hostsock_t *out)
{
    hostsock_slot_t *slot;
    AcquireSRWLockShared(&hostsock__lock);
    slot = s && s != INVALID_SOCKET ? hostsock__lookup(s) : NULL;
    if (slot)
        *out = slot->v;
    ReleaseSRWLockShared(&hostsock__lock);
    return slot != NULL;
}

void hostsock_remove(SOCKET s, LONG gen)
{
    hostsock_slot_t *slot;
    AcquireSRWLockExclusive(&hostsock__lock);
    slot = hostsock__lookup(s);
    if (slot && slot->v.gen == gen) {
        slot->s = 0;
        slot->dead = 1;
    }
    ReleaseSRWLockExclusive(&hostsock__lock);
}

void hostsock_clear(void)
{
    AcquireSRWLockExclusive(&hostsock__lock);
    free(hostsock__slots);
    hostsock__slots = NULL;
    hostsock__cap = hostsock__used = 0;
    ReleaseSRWLockExclusive(&hostsock__lock);
}
