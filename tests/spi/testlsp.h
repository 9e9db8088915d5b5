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
    /* With SIOT_TESTLSP_STARTUP_SOCKETS set, the first WSPStartup creates an
     * IPv4 TCP and an IPv4 UDP socket through Winsock (socket, closesocket)
     * before it returns: 0 or the WSA error of each. */
    int startup_sockets; /* 1 once that was done */
    int startup_tcp_err, startup_udp_err;
} testlsp_stats_t;

void WINAPI testlsp_stats(testlsp_stats_t *out);
typedef void(WINAPI *testlsp_stats_fn)(testlsp_stats_t *);

#endif
