#include <stdatomic.h>

#include "chain.h"
#include "clock.h"
#include "config.h"
#include "hslot.h"
#include "etwsink.h"
#include "ioctlhook.h"
#include "proc.h"
#include "record.h"
#include "safecopy.h"
#include "sockev.h"
#include "sockhook.h"
#include "sockreg.h"
#include "startup.h"
#include "upcall.h"
#include "writer.h"

/* ws2_32 lets a thread that is inside a provider's WSPStartup in again: a
 * provider beneath (or a DLL it loads) that creates a socket in its own
 * WSPStartup re-enters this one on the same thread. The lock's owner passes. */
static SRWLOCK startup__lock = SRWLOCK_INIT;
static _Atomic DWORD startup__owner;
static unsigned startup__count;
static bool startup__begun, startup__traced;
/* Of the latest WSPStartup, to start a chain a socket asks for later. */
static WORD startup__version;
static WSPUPCALLTABLE startup__upcalls;

static const WSPPROC_TABLE startup__hooks = {
    .lpWSPAccept = sockhook_accept,
    .lpWSPBind = sockhook_bind,
    .lpWSPCleanup = startup_cleanup,
    .lpWSPCloseSocket = sockhook_close,
    .lpWSPDuplicateSocket = sockhook_duplicate,
    .lpWSPGetSockOpt = sockhook_getsockopt,
    .lpWSPIoctl = ioctlhook_ioctl,
    .lpWSPJoinLeaf = sockhook_join_leaf,
    .lpWSPSocket = sockhook_socket,
};

static void startup__etw(const config_t *cfg, bool traced)
{
    etwsink_process_t p = {
        .image = proc_image_utf8(),
        .traced = traced,
        .formats = cfg->json && cfg->text ? "json,text"
                   : cfg->text            ? "text"
                                          : "json",
        .log_dir = cfg->log_dir,
        .max_file_bytes = cfg->max_file_bytes,
    };
    etwsink_register(&p);
}

/* The first start-up of the process (or the first after a last clean-up). */
static void startup__begin(void)
{
    config_t cfg;
    clock_init();
    proc_init();
    config_load(&cfg, proc_image_w());
    /* Without the fault handler nothing could be captured safely: run as a
     * plain pass-through instead. */
    startup__traced = (cfg.traced || cfg.audit) && safecopy_init();
    startup__etw(&cfg, startup__traced && cfg.traced);
    if (startup__traced) {
        hslot_reserve();
        writer_configure(&cfg);
    }
    ioctlhook_enable(startup__traced && cfg.traced, startup__traced && cfg.audit);
    sockev_enable(startup__traced && cfg.traced);
}

static void startup__end(void)
{
    bool captured = ioctlhook_captured();
    ioctlhook_enable(false, false);
    sockev_enable(false);
    chain_cleanup_all();
    sockreg_clear();
    if (captured) {
        /* The clean-up closed every socket: their capture sessions end. */
        record_t r;
        record_init_event(&r, RECORD_CLEANUP, 0, clock_utc_us());
        writer_submit(&r);
    }
    if (startup__traced) {
        writer_drain(STARTUP_DRAIN_MS);
        hslot_release();
        safecopy_fini();
    }
    etwsink_unregister();
    startup__traced = false;
    startup__begun = false;
}

/* Returns whether this call took the lock (false: a re-entry by its owner). */
static bool startup__enter(void)
{
    if (atomic_load(&startup__owner) == GetCurrentThreadId())
        return false;
    AcquireSRWLockExclusive(&startup__lock);
    atomic_store(&startup__owner, GetCurrentThreadId());
    return true;
}

static void startup__leave(bool took)
{
    if (!took)
        return;
    atomic_store(&startup__owner, 0);
    ReleaseSRWLockExclusive(&startup__lock);
}

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW pi, WSPUPCALLTABLE upcalls,
                      LPWSPPROC_TABLE table)
{
    if (!data || !pi || !table)
        return WSAEFAULT;
    const chain_t *c = NULL;
    bool took = startup__enter();
    if (!startup__begun) {
        startup__begin();
        startup__begun = true;
    }
    upcall_set(&upcalls);
    startup__version = version;
    startup__upcalls = upcalls;
    int err = chain_start(version, data, pi, &upcalls, &startup__hooks, &c);
    if (err == 0) {
        *table = c->table;
        startup__count++;
    } else if (startup__count == 0 && took) {
        startup__end();
    }
    startup__leave(took);
    return err;
}

int startup_chain(LPWSAPROTOCOL_INFOW pi, const chain_t **out)
{
    WSPDATA data;
    int err = WSAEPROVIDERFAILEDINIT;
    bool took = startup__enter();
    if (startup__count > 0)
        err = chain_start(startup__version, &data, pi, &startup__upcalls, &startup__hooks, out);
    startup__leave(took);
    return err;
}

int WSPAPI startup_cleanup(LPINT err)
{
    int ret = 0;
    bool took = startup__enter();
    if (startup__count == 0) {
        *err = WSANOTINITIALISED;
        ret = SOCKET_ERROR;
    } else if (--startup__count == 0 && took) {
        startup__end();
    }
    startup__leave(took);
    return ret;
}
