#include <stdatomic.h>

#include "hslot.h"

static _Atomic(HANDLE) hslot__kept[HSLOT_RESERVED];

static HANDLE hslot__new(void)
{
    return CreateEventW(NULL, TRUE, FALSE, NULL);
}

void hslot_reserve(void)
{
    for (size_t i = 0; i < HSLOT_RESERVED; i++)
        if (!atomic_load(&hslot__kept[i]))
            atomic_store(&hslot__kept[i], hslot__new());
}

void hslot_release(void)
{
    for (size_t i = 0; i < HSLOT_RESERVED; i++) {
        HANDLE h = atomic_exchange(&hslot__kept[i], NULL);
        if (h)
            CloseHandle(h);
    }
}

static HANDLE hslot__take(void)
{
    for (size_t i = 0; i < HSLOT_RESERVED; i++) {
        HANDLE h = atomic_exchange(&hslot__kept[i], NULL);
        if (h)
            return h;
    }
    return NULL;
}

void hslot_begin(hslot_fill_t *f)
{
    f->n = 0;
    HANDLE value = hslot__take();
    if (!value)
        return;
    CloseHandle(value);
    while (f->n < HSLOT_FILLERS_MAX) {
        HANDLE h = hslot__new();
        if (!h)
            break;
        if (h == value) {
            CloseHandle(h);
            return;
        }
        f->h[f->n++] = h;
    }
    /* The value did not come back: nothing is gained by holding the rest. */
    hslot_end(f);
}

void hslot_end(hslot_fill_t *f)
{
    while (f->n > 0)
        CloseHandle(f->h[--f->n]);
}
