#include "hostprov.h"
#include "catmodel.h"
#include "hostetw.h"
#include "iatpatch.h"
#include "upcall.h"

#define HOSTPROV_MAX 64

static SRWLOCK hostprov__lock = SRWLOCK_INIT;
static hostprov_t hostprov__list[HOSTPROV_MAX];
static LONG hostprov__count;

static void hostprov__patch(HMODULE m);

/* LoadLibrary* as a provider calls them: the DLL it loads is patched too when
 * it is a provider. */
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
};

static void hostprov__patch(HMODULE m)
{
    size_t i;
    for (i = 0; i < sizeof(hostprov__patches) / sizeof(hostprov__patches[0]); i++)
        iatpatch_apply(m, hostprov__patches[i].dll, hostprov__patches[i].func,
                       hostprov__patches[i].to);
    hostetw_patch(m);
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
        if (IsEqualGUID(&hostprov__list[i].info.ProviderId, g))
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

    AcquireSRWLockExclusive(&hostprov__lock);
    p = hostprov__find(&e->info.ProviderId);
    if (!p) {
        if (hostprov__count == HOSTPROV_MAX) {
            err = WSAEPROVIDERFAILEDINIT;
        } else {
            p = &hostprov__list[hostprov__count];
            err = hostprov__start(e, p);
            if (!err)
                hostprov__count++;
        }
    }
    ReleaseSRWLockExclusive(&hostprov__lock);
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
    AcquireSRWLockShared(&hostprov__lock);
    p = hostprov__find(&e->info.ProviderId);
    for (i = 0; !p && e->info.ProtocolChain.ChainLen == LAYERED_PROTOCOL && i < hostprov__count;
         i++)
        if (hostprov__list[i].info.ProtocolChain.ChainLen > BASE_PROTOCOL &&
            hostprov__list[i].info.ProtocolChain.ChainEntries[0] == id)
            p = &hostprov__list[i];
    ReleaseSRWLockShared(&hostprov__lock);
    return p;
}

void hostprov_cleanup_all(void)
{
    int err;
    AcquireSRWLockExclusive(&hostprov__lock);
    while (hostprov__count > 0) {
        hostprov_t *p = &hostprov__list[--hostprov__count];
        for (; p->starts > 0; p->starts--)
            p->procs.lpWSPCleanup(&err);
        FreeLibrary(p->module);
    }
    ReleaseSRWLockExclusive(&hostprov__lock);
}
