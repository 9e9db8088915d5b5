/* What siot_testlsp.dll, the test layered provider, counts; read through its
 * exported testlsp_stats (resolve it with GetProcAddress). */
#ifndef SIOT_TESTLSP_H
#define SIOT_TESTLSP_H

#include <winsock2.h>
#include <ws2spi.h>

typedef struct testlsp_stats_t {
    LONG startups, cleanups; /* WSPStartup calls that succeeded; WSPCleanup calls */
    LONG sockets, ioctls;    /* WSPSocket + WSPAccept calls; WSPIoctl calls */
    int layered_found;       /* its own layered entry was in the catalog it saw */
    int chain_len;           /* ChainLen of the last WSPStartup's protocol info */
} testlsp_stats_t;

void WINAPI testlsp_stats(testlsp_stats_t *out);
typedef void(WINAPI *testlsp_stats_fn)(testlsp_stats_t *);

#endif
