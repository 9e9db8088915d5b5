#include "chain.h"
#include "clock.h"
#include "config.h"
#include "ioctlhook.h"
#include "proc.h"
#include "safecopy.h"
#include "sockev.h"
#include "sockhook.h"
#include "sockreg.h"
#include "startup.h"
#include "upcall.h"
#include "writer.h"

static SRWLOCK startup__lock = SRWLOCK_INIT;
static unsigned startup__count;
static bool startup__traced;

static const WSPPROC_TABLE startup__hooks = {
    .lpWSPAccept = sockhook_accept,
    .lpWSPBind = sockhook_bind,
    .lpWSPCleanup = startup_cleanup,
    .lpWSPCloseSocket = sockhook_close,
    .lpWSPIoctl = ioctlhook_ioctl,
    .lpWSPJoinLeaf = sockhook_join_leaf,
    .lpWSPSocket = sockhook_socket,
};

/* The first start-up of the process (or the first after a last clean-up). */
static void startup__begin(void)
{
    config_t cfg;
    clock_init();
    proc_init();
    config_load(&cfg, proc_image_w());
    /* Without the fault handler nothing could be captured safely: run as a
     * plain pass-through instead. */
    startup__traced = cfg.traced && safecopy_init();
    if (startup__traced)
        writer_configure(&cfg);
    ioctlhook_enable(startup__traced);
    sockev_enable(startup__traced);
}

static void startup__end(void)
{
    ioctlhook_enable(false);
    sockev_enable(false);
    chain_cleanup_all();
    sockreg_clear();
    if (startup__traced) {
        writer_drain(STARTUP_DRAIN_MS);
        safecopy_fini();
    }
    startup__traced = false;
}

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW pi,
                      WSPUPCALLTABLE upcalls, LPWSPPROC_TABLE table)
{
    if (!data || !pi || !table)
        return WSAEFAULT;
    const chain_t *c = NULL;
    AcquireSRWLockExclusive(&startup__lock);
    bool first = startup__count == 0;
    if (first)
        startup__begin();
    upcall_set(&upcalls);
    int err = chain_start(version, data, pi, &upcalls, &startup__hooks, &c);
    if (err == 0) {
        *table = c->table;
        startup__count++;
    } else if (first) {
        startup__end();
    }
    ReleaseSRWLockExclusive(&startup__lock);
    return err;
}

int WSPAPI startup_cleanup(LPINT err)
{
    int ret = 0;
    AcquireSRWLockExclusive(&startup__lock);
    if (startup__count == 0) {
        *err = WSANOTINITIALISED;
        ret = SOCKET_ERROR;
    } else if (--startup__count == 0) {
        startup__end();
    }
    ReleaseSRWLockExclusive(&startup__lock);
    return ret;
}
