/* 15. Every IOCTL siotrace knows (the 49 codes of the Winsock IOCTL
 * reference and the rest of its table), those Wine implements and those it
 * refuses, synchronous and overlapped, on a TCP and a UDP socket: the result
 * through siotrace equals the result directly on the base entry (return
 * value, error, bytes returned, output bytes), and the base provider
 * received exactly the application's arguments. The log has one
 * well-formed line for each call made through siotrace.
 * usage: e2e_ioctls LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <mswsock.h>

#include <string.h>

#include "e2e.h"
#include "ioctl.h"
#include "twin.h"

/* The codes the reference page documents, by the names it gives them. */
static const char *const reference[] = {
    "FIONBIO",
    "FIONREAD",
    "SIOCATMARK",
    "SIO_ACQUIRE_PORT_RESERVATION",
    "SIO_ADDRESS_LIST_CHANGE",
    "SIO_ADDRESS_LIST_QUERY",
    "SIO_APPLY_TRANSPORT_SETTING",
    "SIO_ASSOCIATE_HANDLE",
    "SIO_ASSOCIATE_PORT_RESERVATION",
    "SIO_BASE_HANDLE",
    "SIO_BSP_HANDLE",
    "SIO_BSP_HANDLE_POLL",
    "SIO_BSP_HANDLE_SELECT",
    "SIO_CHK_QOS",
    "SIO_ENABLE_CIRCULAR_QUEUEING",
    "SIO_FIND_ROUTE",
    "SIO_FLUSH",
    "SIO_GET_BROADCAST_ADDRESS",
    "SIO_GET_EXTENSION_FUNCTION_POINTER",
    "SIO_GET_GROUP_QOS",
    "SIO_GET_INTERFACE_LIST",
    "SIO_GET_INTERFACE_LIST_EX",
    "SIO_GET_QOS",
    "SIO_IDEAL_SEND_BACKLOG_CHANGE",
    "SIO_IDEAL_SEND_BACKLOG_QUERY",
    "SIO_KEEPALIVE_VALS",
    "SIO_LOOPBACK_FAST_PATH",
    "SIO_MULTICAST_SCOPE",
    "SIO_MULTIPOINT_LOOPBACK",
    "SIO_QUERY_RSS_PROCESSOR_INFO",
    "SIO_QUERY_RSS_SCALABILITY_INFO",
    "SIO_QUERY_TRANSPORT_SETTING",
    "SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE",
    "SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT",
    "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS",
    "SIO_RCVALL",
    "SIO_RCVALL_IGMPMCAST",
    "SIO_RCVALL_MCAST",
    "SIO_RELEASE_PORT_RESERVATION",
    "SIO_ROUTING_INTERFACE_CHANGE",
    "SIO_ROUTING_INTERFACE_QUERY",
    "SIO_SET_COMPATIBILITY_MODE",
    "SIO_SET_GROUP_QOS",
    "SIO_SET_QOS",
    "SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS",
    "SIO_TCP_INFO",
    "SIO_TCP_INITIAL_RTO",
    "SIO_TRANSLATE_HANDLE",
    "SIO_UDP_CONNRESET",
};

/* Codes Wine 8 implements, with the socket kind where they succeed: the
 * comparison must have seen them succeed, not only fail alike. */
static const struct {
    const char *name, *kind;
} implemented[] = {
    {"FIONBIO", "tcp"},
    {"FIONREAD", "tcp"},
    {"SIOCATMARK", "tcp"},
    {"SIO_GET_INTERFACE_LIST", "udp"},
    {"SIO_ADDRESS_LIST_QUERY", "udp"},
    {"SIO_KEEPALIVE_VALS", "tcp"},
    {"SIO_ROUTING_INTERFACE_QUERY", "udp"},
    {"SIO_GET_EXTENSION_FUNCTION_POINTER", "tcp"},
    {"SIO_BASE_HANDLE", "tcp"},
    {"SIO_UDP_CONNRESET", "udp"},
    {"SIO_ENABLE_CIRCULAR_QUEUEING", "udp"},
    {"SIO_IDEAL_SEND_BACKLOG_QUERY", "tcp"},
};

static bool succeeded[sizeof implemented / sizeof implemented[0]];

/* An input that means something for the code, so that the codes Wine
 * implements do their work; zeros of a plausible size for the rest. */
static DWORD input_for(const ioctl_info_t *io, uint8_t *buf)
{
    memset(buf, 0, 64);
    if (strcmp(io->name, "FIONBIO") == 0) {
        u_long on = 1; /* stays non-blocking: notification codes must not block */
        memcpy(buf, &on, sizeof on);
        return sizeof on;
    }
    if (strcmp(io->name, "SIO_KEEPALIVE_VALS") == 0) {
        struct tcp_keepalive ka = {1, 60000, 1000};
        memcpy(buf, &ka, sizeof ka);
        return sizeof ka;
    }
    if (strcmp(io->name, "SIO_GET_EXTENSION_FUNCTION_POINTER") == 0) {
        GUID g = WSAID_CONNECTEX;
        memcpy(buf, &g, sizeof g);
        return sizeof g;
    }
    if (strcmp(io->name, "SIO_ROUTING_INTERFACE_QUERY") == 0 ||
        strcmp(io->name, "SIO_ROUTING_INTERFACE_CHANGE") == 0 ||
        strcmp(io->name, "SIO_FIND_ROUTE") == 0) {
        struct sockaddr_in a = {0};
        a.sin_family = AF_INET;
        a.sin_port = htons(9);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        memcpy(buf, &a, sizeof a);
        return sizeof a;
    }
    if (!(io->code & IOC_IN))
        return 0;
    /* BSD-style codes carry their parameter size; the others get 16 bytes. */
    DWORD bsd = (io->code >> 16) & IOCPARM_MASK;
    return (io->code & 0x18000000u) == 0 && bsd ? bsd : 16;
}

static int compare_all(const twin_t *t, bool overlapped)
{
    int compared = 0;
    for (size_t i = 0; i < ioctl_count(); i++) {
        const ioctl_info_t *io = ioctl_at(i);
        uint8_t in[64];
        twin_args_t a = {0};
        a.in_len = input_for(io, in);
        a.in = a.in_len ? in : NULL;
        a.out_len = io->code & IOC_OUT ? TWIN_OUT_MAX : 0;
        a.overlapped = overlapped;
        twin_outcome_t lsp, base;
        printf("%-44s %s%s: ", io->name, t->kind, overlapped ? " overlapped" : "");
        fflush(stdout);
        twin_call(t, io->name, io->code, &a, &lsp, &base);
        printf("ret %d err %d bytes %lu%s\n", lsp.ret, lsp.err, (unsigned long)lsp.bytes,
               lsp.pending ? " (pending at first)" : "");
        checkf(twin_equal(t, &lsp, &base),
               "%s on %s%s: through siotrace %d/%d/%lu, on the base entry %d/%d/%lu", io->name,
               t->kind, overlapped ? ", overlapped" : "", lsp.ret, lsp.err,
               (unsigned long)lsp.bytes, base.ret, base.err, (unsigned long)base.bytes);
        for (size_t k = 0; k < sizeof implemented / sizeof implemented[0]; k++)
            if (!overlapped && lsp.ret == 0 && strcmp(implemented[k].name, io->name) == 0 &&
                strcmp(implemented[k].kind, t->kind) == 0)
                succeeded[k] = true;
        compared++;
    }
    return compared;
}

int main(int argc, char **argv)
{
    check(argc == 2);
    for (size_t i = 0; i < sizeof reference / sizeof reference[0]; i++)
        checkf(ioctl_by_name(reference[i]) != NULL, "%s is not in the table", reference[i]);
    check(sizeof reference / sizeof reference[0] == 49);

    e2e_setup("e2e_ioctls");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    twin_t tcp, udp;
    twin_open(&tcp, &udp);
    int n = 0;
    n += compare_all(&tcp, false);
    n += compare_all(&udp, false);
    n += compare_all(&tcp, true);
    n += compare_all(&udp, true);
    for (size_t k = 0; k < sizeof implemented / sizeof implemented[0]; k++)
        checkf(succeeded[k], "%s never succeeded on %s", implemented[k].name, implemented[k].kind);
    twin_close(&tcp);
    twin_close(&udp);
    check(WSACleanup() == 0);

    static jdoc_t d;
    e2e_log_t log;
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "jsonl"));
    checkf(log.count == (size_t)n + TWIN_OPEN_LSP_IOCTLS, "%zu lines for %d calls", log.count,
           n + TWIN_OPEN_LSP_IOCTLS);
    for (size_t i = 0; i < log.count; i++)
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
    e2e_log_free(&log);
    printf("%d calls over %zu codes: equal through siotrace and on the base entry, arguments "
           "passed unchanged\n",
           n, ioctl_count());
    return 0;
}
