#include "baselog.h"

static SRWLOCK baselog__lock = SRWLOCK_INIT;
static baselog_call_t baselog__ring[BASELOG_CAP];
static LONG baselog__next;

void baselog_add(baselog_call_t *call)
{
    AcquireSRWLockExclusive(&baselog__lock);
    call->seq = baselog__next++;
    baselog__ring[call->seq % BASELOG_CAP] = *call;
    ReleaseSRWLockExclusive(&baselog__lock);
}

LONG WINAPI baselog_next(void)
{
    LONG n;
    AcquireSRWLockShared(&baselog__lock);
    n = baselog__next;
    ReleaseSRWLockShared(&baselog__lock);
    return n;
}

BOOL WINAPI baselog_get(LONG seq, baselog_call_t *out)
{
    BOOL ok;
    AcquireSRWLockShared(&baselog__lock);
    ok = seq >= 0 && seq < baselog__next && baselog__next - seq <= BASELOG_CAP;
    if (ok)
        *out = baselog__ring[seq % BASELOG_CAP];
    ReleaseSRWLockShared(&baselog__lock);
    return ok;
}

const char *WINAPI baselog_name(baselog_fn_t fn)
{
    static const char *const names[] = {
#define BASELOG_NAME(name) #name,
        BASELOG_FUNCTIONS(BASELOG_NAME)
#undef BASELOG_NAME
    };
    return (unsigned)fn < BASELOG_COUNT ? names[fn] : "?";
}
