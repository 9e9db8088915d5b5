#include <stdint.h>
#include <string.h>

#include "sockreg.h"

#define SOCKREG__MIN_BUCKETS 64

typedef struct sockreg__node {
    struct sockreg__node *next;
    SOCKET s;
    sockreg_entry_t e;
} sockreg__node_t;

static SRWLOCK sockreg__lock = SRWLOCK_INIT;
static sockreg__node_t **sockreg__buckets;
static size_t sockreg__nbuckets; /* a power of two, or 0 before the first add */
static size_t sockreg__count;

static size_t sockreg__hash(SOCKET s, size_t nbuckets)
{
    /* Handles are multiples of 4; Fibonacci hashing spreads the rest. */
    uint64_t h = ((uint64_t)s >> 2) * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 32) & (nbuckets - 1);
}

static sockreg__node_t **sockreg__find(SOCKET s)
{
    if (sockreg__nbuckets == 0)
        return NULL;
    sockreg__node_t **p = &sockreg__buckets[sockreg__hash(s, sockreg__nbuckets)];
    while (*p && (*p)->s != s)
        p = &(*p)->next;
    return p;
}

/* Doubles the table when it holds twice as many entries as buckets; a failed
 * allocation keeps the old table, which still works, only slower. */
static void sockreg__grow(void)
{
    if (sockreg__nbuckets != 0 && sockreg__count < 2 * sockreg__nbuckets)
        return;
    size_t n = sockreg__nbuckets ? 2 * sockreg__nbuckets : SOCKREG__MIN_BUCKETS;
    sockreg__node_t **b = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, n * sizeof *b);
    if (!b)
        return;
    for (size_t i = 0; i < sockreg__nbuckets; i++) {
        sockreg__node_t *node = sockreg__buckets[i];
        while (node) {
            sockreg__node_t *next = node->next;
            size_t h = sockreg__hash(node->s, n);
            node->next = b[h];
            b[h] = node;
            node = next;
        }
    }
    if (sockreg__buckets)
        HeapFree(GetProcessHeap(), 0, sockreg__buckets);
    sockreg__buckets = b;
    sockreg__nbuckets = n;
}

bool sockreg_add(SOCKET s, const sockreg_entry_t *e)
{
    sockreg__node_t *fresh = HeapAlloc(GetProcessHeap(), 0, sizeof *fresh);
    bool ok = false;
    AcquireSRWLockExclusive(&sockreg__lock);
    sockreg__grow();
    sockreg__node_t **p = sockreg__find(s);
    if (p && *p) {
        (*p)->e = *e;
        ok = true;
    } else if (p && fresh) {
        fresh->next = NULL;
        fresh->s = s;
        fresh->e = *e;
        *p = fresh;
        fresh = NULL;
        sockreg__count++;
        ok = true;
    }
    ReleaseSRWLockExclusive(&sockreg__lock);
    if (fresh)
        HeapFree(GetProcessHeap(), 0, fresh);
    return ok;
}

bool sockreg_get(SOCKET s, sockreg_entry_t *out)
{
    bool found = false;
    AcquireSRWLockShared(&sockreg__lock);
    sockreg__node_t **p = sockreg__find(s);
    if (p && *p) {
        *out = (*p)->e;
        found = true;
    }
    ReleaseSRWLockShared(&sockreg__lock);
    return found;
}

bool sockreg_remove(SOCKET s, sockreg_entry_t *out)
{
    sockreg__node_t *gone = NULL;
    AcquireSRWLockExclusive(&sockreg__lock);
    sockreg__node_t **p = sockreg__find(s);
    if (p && *p) {
        gone = *p;
        *p = gone->next;
        sockreg__count--;
    }
    ReleaseSRWLockExclusive(&sockreg__lock);
    if (!gone)
        return false;
    if (out)
        *out = gone->e;
    HeapFree(GetProcessHeap(), 0, gone);
    return true;
}

void sockreg_set_local(SOCKET s, const void *addr, int len)
{
    if (len <= 0 || (size_t)len > sizeof(SOCKADDR_STORAGE))
        return;
    AcquireSRWLockExclusive(&sockreg__lock);
    sockreg__node_t **p = sockreg__find(s);
    if (p && *p) {
        memcpy(&(*p)->e.local, addr, (size_t)len);
        (*p)->e.local_len = len;
    }
    ReleaseSRWLockExclusive(&sockreg__lock);
}

void sockreg_set_capturing(SOCKET s)
{
    AcquireSRWLockExclusive(&sockreg__lock);
    sockreg__node_t **p = sockreg__find(s);
    if (p && *p)
        (*p)->e.capturing = true;
    ReleaseSRWLockExclusive(&sockreg__lock);
}

void sockreg_clear(void)
{
    AcquireSRWLockExclusive(&sockreg__lock);
    for (size_t i = 0; i < sockreg__nbuckets; i++) {
        sockreg__node_t *node = sockreg__buckets[i];
        while (node) {
            sockreg__node_t *next = node->next;
            HeapFree(GetProcessHeap(), 0, node);
            node = next;
        }
        sockreg__buckets[i] = NULL;
    }
    /* The table goes too: a DLL unloaded after its last clean-up must leave
     * nothing on the process heap. */
    if (sockreg__buckets)
        HeapFree(GetProcessHeap(), 0, sockreg__buckets);
    sockreg__buckets = NULL;
    sockreg__nbuckets = 0;
    sockreg__count = 0;
    ReleaseSRWLockExclusive(&sockreg__lock);
}
