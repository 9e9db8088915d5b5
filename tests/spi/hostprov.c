#include "hostprov.h"
#include "catmodel.h"
#include "client.h"
#include "hostfake.h"
#include "hostetw.h"
#include "iatpatch.h"
#include "upcall.h"

#define HOSTPROV_MAX 64

/* ws2_32 keeps its providers under a critical section, which the thread that
 * holds it may enter again: a provider whose WSPStartup creates a socket (or
 * loads a DLL that does) re-enters it. The host's lock is re-entrant the
 * same way: its owner passes. */
static SRWLOCK hostprov__lock = SRWLOCK_INIT;
static volatile DWORD hostprov__owner;
static LONG hostprov__depth;
static hostprov_t hostprov__list[HOSTPROV_MAX];
static LONG hostprov__count;

static void hostprov__patch(HMODULE m);

static void hostprov__enter(void)
{
    if (hostprov__owner == GetCurrentThreadId()) {
        hostprov__depth++;
        return;
    }
    AcquireSRWLockExclusive(&hostprov__lock);
    hostprov__owner = GetCurrentThreadId();
    hostprov__depth = 1;
}

static void hostprov__leave(void)
{
    if (--hostprov__depth > 0)
        return;
    hostprov__owner = 0;
    ReleaseSRWLockExclusive(&hostprov__lock);
}

/* Shared, unless this thread holds the lock already. Returns whether it took it. */
static int hostprov__enter_shared(void)
{
    if (hostprov__owner == GetCurrentThreadId())
        return 0;
    AcquireSRWLockShared(&hostprov__lock);
    return 1;
}

/* LoadLibrary* as a provider calls them: the DLL it loads is patched too when
 * it is a provider. */
/* Whether module m is the DLL of a layered entry of the catalog. */
static int hostprov__is_layered(HMODULE m)
{
    WCHAR self[MAX_PATH], path[MAX_PATH];
    DWORD n = GetModuleFileNameW(m, self, MAX_PATH);
    size_t i;
    if (n == 0 || n >= MAX_PATH)
        return 0;
    for (i = 0; i < hostcat_count(); i++) {
        const hostcat_entry_t *e = hostcat_at(i);
        DWORD k = ExpandEnvironmentStringsW(e->path, path, MAX_PATH);
        if (e->info.ProtocolChain.ChainLen == LAYERED_PROTOCOL && k > 0 && k <= MAX_PATH &&
            lstrcmpiW(path, self) == 0)
            return 1;
    }
    return 0;
}

static HMODULE hostprov__after_load(HMODULE m)
{
    DWORD err = GetLastError();
    if (m && GetProcAddress(m, "WSPStartup"))
        hostprov__patch(m);
    SetLastError(err);
    return m;
}

static HMODULE WINAPI hostprov__load_w(LPCWSTR name)
{
    return hostprov__after_load(LoadLibraryW(name));
}

static HMODULE WINAPI hostprov__load_ex_w(LPCWSTR name, HANDLE file, DWORD flags)
{
    return hostprov__after_load(LoadLibraryExW(name, file, flags));
}

static HMODULE WINAPI hostprov__load_a(LPCSTR name)
{
    return hostprov__after_load(LoadLibraryA(name));
}

static HMODULE WINAPI hostprov__load_ex_a(LPCSTR name, HANDLE file, DWORD flags)
{
    return hostprov__after_load(LoadLibraryExA(name, file, flags));
}

static const struct {
    const char *dll, *func;
    const void *to;
} hostprov__patches[] = {
    {"ws2_32.dll", "WSCEnumProtocols", catmodel_WSCEnumProtocols},
    {"ws2_32.dll", "WSCGetProviderPath", catmodel_WSCGetProviderPath},
    {"ws2_32.dll", "WSCGetProviderInfo", catmodel_WSCGetProviderInfo},
    {"ws2_32.dll", "WPUCompleteOverlappedRequest", upcall_complete_overlapped},
    {"kernel32.dll", "LoadLibraryW", hostprov__load_w},
    {"kernel32.dll", "LoadLibraryExW", hostprov__load_ex_w},
    {"kernel32.dll", "LoadLibraryA", hostprov__load_a},
    {"kernel32.dll", "LoadLibraryExA", hostprov__load_ex_a},
    {"kernel32.dll", "GetFileInformationByHandle", hostfake_GetFileInformationByHandle},
    {"advapi32.dll", "GetTokenInformation", hostfake_GetTokenInformation},
    {"advapi32.dll", "GetKernelObjectSecurity", hostfake_GetKernelObjectSecurity},
    {"advapi32.dll", "RegisterEventSourceW", hostfake_RegisterEventSourceW},
    {"advapi32.dll", "ReportEventW", hostfake_ReportEventW},
    {"advapi32.dll", "DeregisterEventSource", hostfake_DeregisterEventSource},
};

/* A layered provider's own Winsock calls reach ws2_32 on Windows: the host
 * here. The base provider is left alone, as it serves sockets with Wine's. */
static const struct {
    const char *func;
    const void *to;
} hostprov__api[] = {
    {"socket", client_socket},
    {"WSASocketW", client_WSASocketW},
    {"closesocket", client_closesocket},
};

static void hostprov__patch(HMODULE m)
{
    size_t i;
    for (i = 0; i < sizeof(hostprov__patches) / sizeof(hostprov__patches[0]); i++)
        iatpatch_apply(m, hostprov__patches[i].dll, hostprov__patches[i].func,
                       hostprov__patches[i].to);
    hostetw_patch(m);
    if (!hostprov__is_layered(m))
        return;
    for (i = 0; i < sizeof(hostprov__api) / sizeof(hostprov__api[0]); i++)
        iatpatch_apply(m, "ws2_32.dll", hostprov__api[i].func, hostprov__api[i].to);
}

static int hostprov__complete(const WSPPROC_TABLE *t)
{
    const void *const *p = (const void *const *)t;
    size_t i;
    for (i = 0; i < sizeof(*t) / sizeof(void *); i++)
        if (!p[i])
            return 0;
    return 1;
}

static hostprov_t *hostprov__find(const GUID *g)
{
    LONG i;
    for (i = 0; i < hostprov__count; i++)
        if (hostprov__list[i].starts > 0 && IsEqualGUID(&hostprov__list[i].info.ProviderId, g))
            return &hostprov__list[i];
    return NULL;
}

/* Under the lock. */
static int hostprov__start(const hostcat_entry_t *e, hostprov_t *p)
{
    WCHAR path[MAX_PATH];
    LPWSPSTARTUP startup;
    WSPDATA data;
    WSAPROTOCOL_INFOW info = e->info;
    int err, ignored;
    DWORD n = ExpandEnvironmentStringsW(e->path, path, MAX_PATH);

    if (n == 0 || n > MAX_PATH)
        return WSAEPROVIDERFAILEDINIT;
    p->module = LoadLibraryW(path);
    if (!p->module)
        return WSAEPROVIDERFAILEDINIT;
    if (e->info.ProtocolChain.ChainLen > BASE_PROTOCOL)
        hostprov__patch(p->module);
    startup = (LPWSPSTARTUP)(void (*)(void))GetProcAddress(p->module, "WSPStartup");
    err = startup ? 0 : WSAEPROVIDERFAILEDINIT;
    if (!err)
        err = startup(MAKEWORD(2, 2), &data, &info, upcall_table(), &p->procs);
    if (!err && !hostprov__complete(&p->procs)) {
        if (p->procs.lpWSPCleanup)
            p->procs.lpWSPCleanup(&ignored);
        err = WSAEINVALIDPROCTABLE;
    }
    if (err) {
        FreeLibrary(p->module);
        p->module = NULL;
        return err;
    }
    p->info = e->info;
    p->starts = 1;
    return 0;
}

int hostprov_get(const hostcat_entry_t *e, hostprov_t **out)
{
    hostprov_t *p;
    int err = 0;

    hostprov__enter();
    p = hostprov__find(&e->info.ProviderId);
    if (!p) {
        if (hostprov__count == HOSTPROV_MAX) {
            err = WSAEPROVIDERFAILEDINIT;
        } else {
            /* The slot is taken before WSPStartup, which may start another
             * provider on this thread; it is not found until started, so a
             * re-entered start of the same provider starts it again, as
             * ws2_32, which records a provider once its start-up returns. */
            p = &hostprov__list[hostprov__count++];
            ZeroMemory(p, sizeof *p);
            err = hostprov__start(e, p);
            if (err && p == &hostprov__list[hostprov__count - 1])
                hostprov__count--;
        }
    }
    hostprov__leave();
    if (!err)
        *out = p;
    return err;
}

hostprov_t *hostprov_owner(DWORD id)
{
    const hostcat_entry_t *e = hostcat_by_id(id);
    hostprov_t *p = NULL;
    LONG i;

    if (!e)
        return NULL;
    int locked = hostprov__enter_shared();
    p = hostprov__find(&e->info.ProviderId);
    for (i = 0; !p && e->info.ProtocolChain.ChainLen == LAYERED_PROTOCOL && i < hostprov__count;
         i++)
        if (hostprov__list[i].info.ProtocolChain.ChainLen > BASE_PROTOCOL &&
            hostprov__list[i].info.ProtocolChain.ChainEntries[0] == id)
            p = &hostprov__list[i];
    if (locked)
        ReleaseSRWLockShared(&hostprov__lock);
    return p;
}

void hostprov_cleanup_all(void)
{
    int err;
    hostprov__enter();
    while (hostprov__count > 0) {
        hostprov_t *p = &hostprov__list[--hostprov__count];
        for (; p->starts > 0; p->starts--)
            p->procs.lpWSPCleanup(&err);
        if (p->module)
            FreeLibrary(p->module);
    }
    hostprov__leave();
}
