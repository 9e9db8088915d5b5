#include "xlat.h"

#include <stdio.h>
#include <string.h>

#define X(name, v) {(uint64_t)(v), #name},
#define TABLE(var, ctype, isflags, ...)                                                            \
    static const xlat_pair_t var##_pairs[] = {__VA_ARGS__};                                        \
    const xlat_t var = {ctype, var##_pairs, sizeof var##_pairs / sizeof var##_pairs[0], isflags};

/* clang-format off */
TABLE(xlat_wsa_error, "int", false,
    X(WSA_INVALID_HANDLE, 6) X(WSA_NOT_ENOUGH_MEMORY, 8) X(WSA_INVALID_PARAMETER, 87)
    X(WSA_OPERATION_ABORTED, 995) X(WSA_IO_INCOMPLETE, 996) X(WSA_IO_PENDING, 997)
    X(WSAEINTR, 10004) X(WSAEBADF, 10009) X(WSAEACCES, 10013) X(WSAEFAULT, 10014)
    X(WSAEINVAL, 10022) X(WSAEMFILE, 10024) X(WSAEWOULDBLOCK, 10035)
    X(WSAEINPROGRESS, 10036) X(WSAEALREADY, 10037) X(WSAENOTSOCK, 10038)
    X(WSAEDESTADDRREQ, 10039) X(WSAEMSGSIZE, 10040) X(WSAEPROTOTYPE, 10041)
    X(WSAENOPROTOOPT, 10042) X(WSAEPROTONOSUPPORT, 10043) X(WSAESOCKTNOSUPPORT, 10044)
    X(WSAEOPNOTSUPP, 10045) X(WSAEPFNOSUPPORT, 10046) X(WSAEAFNOSUPPORT, 10047)
    X(WSAEADDRINUSE, 10048) X(WSAEADDRNOTAVAIL, 10049) X(WSAENETDOWN, 10050)
    X(WSAENETUNREACH, 10051) X(WSAENETRESET, 10052) X(WSAECONNABORTED, 10053)
    X(WSAECONNRESET, 10054) X(WSAENOBUFS, 10055) X(WSAEISCONN, 10056)
    X(WSAENOTCONN, 10057) X(WSAESHUTDOWN, 10058) X(WSAETOOMANYREFS, 10059)
    X(WSAETIMEDOUT, 10060) X(WSAECONNREFUSED, 10061) X(WSAELOOP, 10062)
    X(WSAENAMETOOLONG, 10063) X(WSAEHOSTDOWN, 10064) X(WSAEHOSTUNREACH, 10065)
    X(WSAENOTEMPTY, 10066) X(WSAEPROCLIM, 10067) X(WSAEUSERS, 10068)
    X(WSAEDQUOT, 10069) X(WSAESTALE, 10070) X(WSAEREMOTE, 10071)
    X(WSASYSNOTREADY, 10091) X(WSAVERNOTSUPPORTED, 10092) X(WSANOTINITIALISED, 10093)
    X(WSAEDISCON, 10101) X(WSAENOMORE, 10102) X(WSAECANCELLED, 10103)
    X(WSAEINVALIDPROCTABLE, 10104) X(WSAEINVALIDPROVIDER, 10105)
    X(WSAEPROVIDERFAILEDINIT, 10106) X(WSASYSCALLFAILURE, 10107)
    X(WSASERVICE_NOT_FOUND, 10108) X(WSATYPE_NOT_FOUND, 10109) X(WSA_E_NO_MORE, 10110)
    X(WSA_E_CANCELLED, 10111) X(WSAEREFUSED, 10112) X(WSAHOST_NOT_FOUND, 11001)
    X(WSATRY_AGAIN, 11002) X(WSANO_RECOVERY, 11003) X(WSANO_DATA, 11004))

TABLE(xlat_win32_error, "DWORD", false,
    X(ERROR_SUCCESS, 0) X(ERROR_FILE_NOT_FOUND, 2) X(ERROR_PATH_NOT_FOUND, 3)
    X(ERROR_ACCESS_DENIED, 5) X(ERROR_NOT_ENOUGH_MEMORY, 8) X(ERROR_BAD_FORMAT, 11)
    X(ERROR_INVALID_DATA, 13) X(ERROR_SHARING_VIOLATION, 32) X(ERROR_INVALID_PARAMETER, 87)
    X(ERROR_CALL_NOT_IMPLEMENTED, 120) X(ERROR_ALREADY_EXISTS, 183) X(ERROR_MORE_DATA, 234)
    X(ERROR_NO_MORE_ITEMS, 259) X(ERROR_DIRECTORY, 267) X(ERROR_PRIVILEGE_NOT_HELD, 1314)
    X(ERROR_CANT_ACCESS_FILE, 1920))

TABLE(xlat_lsp_category, "DWORD", true,
    X(LSP_SYSTEM, 0x80000000) X(LSP_INSPECTOR, 0x1) X(LSP_REDIRECTOR, 0x2) X(LSP_PROXY, 0x4)
    X(LSP_FIREWALL, 0x8) X(LSP_INBOUND_MODIFY, 0x10) X(LSP_OUTBOUND_MODIFY, 0x20)
    X(LSP_CRYPTO_COMPRESS, 0x40) X(LSP_LOCAL_CACHE, 0x80))

TABLE(xlat_af, "ADDRESS_FAMILY", false,
    X(AF_UNSPEC, 0) X(AF_UNIX, 1) X(AF_INET, 2) X(AF_IPX, 6) X(AF_APPLETALK, 16)
    X(AF_NETBIOS, 17) X(AF_INET6, 23) X(AF_IRDA, 26) X(AF_BTH, 32) X(AF_HYPERV, 34))

TABLE(xlat_socktype, "int", false,
    X(SOCK_STREAM, 1) X(SOCK_DGRAM, 2) X(SOCK_RAW, 3) X(SOCK_RDM, 4) X(SOCK_SEQPACKET, 5))

TABLE(xlat_ipproto, "int", false,
    X(IPPROTO_IP, 0) X(IPPROTO_ICMP, 1) X(IPPROTO_IGMP, 2) X(IPPROTO_TCP, 6)
    X(IPPROTO_UDP, 17) X(IPPROTO_IPV6, 41) X(IPPROTO_ICMPV6, 58) X(IPPROTO_RAW, 255))

TABLE(xlat_rcvall_value, "RCVALL_VALUE", false,
    X(RCVALL_OFF, 0) X(RCVALL_ON, 1) X(RCVALL_SOCKETLEVELONLY, 2) X(RCVALL_IPLEVEL, 3))

TABLE(xlat_iff, "u_long", true,
    X(IFF_UP, 0x1) X(IFF_BROADCAST, 0x2) X(IFF_LOOPBACK, 0x4) X(IFF_POINTTOPOINT, 0x8)
    X(IFF_MULTICAST, 0x10))

TABLE(xlat_tcpstate, "TCPSTATE", false,
    X(TCPSTATE_CLOSED, 0) X(TCPSTATE_LISTEN, 1) X(TCPSTATE_SYN_SENT, 2)
    X(TCPSTATE_SYN_RCVD, 3) X(TCPSTATE_ESTABLISHED, 4) X(TCPSTATE_FIN_WAIT_1, 5)
    X(TCPSTATE_FIN_WAIT_2, 6) X(TCPSTATE_CLOSE_WAIT, 7) X(TCPSTATE_CLOSING, 8)
    X(TCPSTATE_LAST_ACK, 9) X(TCPSTATE_TIME_WAIT, 10))

TABLE(xlat_compat_behavior, "WSA_COMPATIBILITY_BEHAVIOR_ID", false,
    X(WsaBehaviorAll, 0) X(WsaBehaviorReceiveBuffering, 1) X(WsaBehaviorAutoTuning, 2))

TABLE(xlat_service_type, "SERVICETYPE", false,
    X(SERVICETYPE_NOTRAFFIC, 0) X(SERVICETYPE_BESTEFFORT, 1)
    X(SERVICETYPE_CONTROLLEDLOAD, 2) X(SERVICETYPE_GUARANTEED, 3)
    X(SERVICETYPE_NETWORK_UNAVAILABLE, 4) X(SERVICETYPE_GENERAL_INFORMATION, 5)
    X(SERVICETYPE_NOCHANGE, 6) X(SERVICETYPE_NONCONFORMING, 9)
    X(SERVICETYPE_NETWORK_CONTROL, 10) X(SERVICETYPE_QUALITATIVE, 13)
    X(QOS_NOT_SPECIFIED, 0xFFFFFFFF))

TABLE(xlat_cct_status, "CONTROL_CHANNEL_TRIGGER_STATUS", false,
    X(CONTROL_CHANNEL_TRIGGER_STATUS_INVALID, 0)
    X(CONTROL_CHANNEL_TRIGGER_STATUS_SOFTWARE_SLOT_ALLOCATED, 1)
    X(CONTROL_CHANNEL_TRIGGER_STATUS_HARDWARE_SLOT_ALLOCATED, 2)
    X(CONTROL_CHANNEL_TRIGGER_STATUS_POLICY_ERROR, 3)
    X(CONTROL_CHANNEL_TRIGGER_STATUS_SYSTEM_ERROR, 4)
    X(CONTROL_CHANNEL_TRIGGER_STATUS_TRANSPORT_DISCONNECTED, 5)
    X(CONTROL_CHANNEL_TRIGGER_STATUS_SERVICE_UNAVAILABLE, 6))

TABLE(xlat_tcp_icw_level, "TCP_ICW_LEVEL", false,
    X(TCP_ICW_LEVEL_DEFAULT, 0) X(TCP_ICW_LEVEL_HIGH, 1) X(TCP_ICW_LEVEL_VERY_HIGH, 2)
    X(TCP_ICW_LEVEL_AGGRESSIVE, 3) X(TCP_ICW_LEVEL_EXPERIMENTAL, 4)
    X(TCP_ICW_LEVEL_COMPAT, 254) X(TCP_ICW_LEVEL_MAX, 255))

TABLE(xlat_companion, "int", false, X(TH_NETDEV, 1) X(TH_TAPI, 2))

TABLE(xlat_rto_rtt, "USHORT", false,
    X(TCP_INITIAL_RTO_DEFAULT_RTT, 0) X(TCP_INITIAL_RTO_UNSPECIFIED_RTT, 0xFFFF))

TABLE(xlat_rto_syn, "UCHAR", false,
    X(TCP_INITIAL_RTO_DEFAULT_MAX_SYN_RETRANSMISSIONS, 0)
    X(TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS, 0xFE)
    X(TCP_INITIAL_RTO_UNSPECIFIED_MAX_SYN_RETRANSMISSIONS, 0xFF))

TABLE(xlat_timestamping, "ULONG", true,
    X(TIMESTAMPING_FLAG_RX, 0x1) X(TIMESTAMPING_FLAG_TX, 0x2))

/* clang-format on */

const xlat_t *const xlat_all[] = {
    &xlat_wsa_error,    &xlat_af,         &xlat_socktype,      &xlat_ipproto,
    &xlat_rcvall_value, &xlat_iff,        &xlat_tcpstate,      &xlat_compat_behavior,
    &xlat_service_type, &xlat_cct_status, &xlat_tcp_icw_level, &xlat_companion,
    &xlat_rto_rtt,      &xlat_rto_syn,    &xlat_timestamping,  &xlat_win32_error,
    &xlat_lsp_category,
};
const size_t xlat_all_count = sizeof xlat_all / sizeof xlat_all[0];

#define G(name, a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                                           \
    {a, b, c, {d0, d1, d2, d3, d4, d5, d6, d7}, #name},

/* clang-format off */
const xlat_guid_t xlat_guids[] = {
    G(WSAID_TRANSMITFILE, 0xb5367df0, 0xcbac, 0x11cf, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92)
    G(WSAID_ACCEPTEX, 0xb5367df1, 0xcbac, 0x11cf, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92)
    G(WSAID_GETACCEPTEXSOCKADDRS, 0xb5367df2, 0xcbac, 0x11cf, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92)
    G(WSAID_TRANSMITPACKETS, 0xd9689da0, 0x1f90, 0x11d3, 0x99, 0x71, 0x00, 0xc0, 0x4f, 0x68, 0xc8, 0x76)
    G(WSAID_CONNECTEX, 0x25a207b9, 0xddf3, 0x4660, 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e)
    G(WSAID_DISCONNECTEX, 0x7fda2e11, 0x8630, 0x436f, 0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57)
    G(WSAID_WSARECVMSG, 0xf689d7c8, 0x6f1f, 0x436b, 0x8a, 0x53, 0xe5, 0x4f, 0xe3, 0x51, 0xc3, 0x22)
    G(WSAID_WSASENDMSG, 0xa441e712, 0x754f, 0x43ca, 0x84, 0xa7, 0x0d, 0xee, 0x44, 0xcf, 0x60, 0x6d)
    G(WSAID_WSAPOLL, 0x18c76f85, 0xdc66, 0x4964, 0x97, 0x2e, 0x23, 0xc2, 0x72, 0x38, 0x31, 0x2b)
    G(WSAID_MULTIPLE_RIO, 0x8509e081, 0x96dd, 0x4005, 0xb1, 0x65, 0x9e, 0x2e, 0xe8, 0xc7, 0x9e, 0x3f)
    G(REAL_TIME_NOTIFICATION_CAPABILITY, 0x6b59819a, 0x5cae, 0x492d, 0xa9, 0x01, 0x2a, 0x3c, 0x2c, 0x50, 0x16, 0x4f)
    G(REAL_TIME_NOTIFICATION_CAPABILITY_EX, 0x6843da03, 0x154a, 0x4616, 0xa5, 0x08, 0x44, 0x37, 0x12, 0x95, 0xf9, 0x6b)
};
/* clang-format on */
const size_t xlat_guid_count = sizeof xlat_guids / sizeof xlat_guids[0];

const char *xlat_name(const xlat_t *x, uint64_t v)
{
    for (size_t i = 0; i < x->count; i++)
        if (x->pairs[i].value == v)
            return x->pairs[i].name;
    return NULL;
}

bool xlat_value(const xlat_t *x, const char *name, size_t len, uint64_t *v)
{
    for (size_t i = 0; i < x->count; i++) {
        if (strlen(x->pairs[i].name) == len && memcmp(x->pairs[i].name, name, len) == 0) {
            *v = x->pairs[i].value;
            return true;
        }
    }
    return false;
}

size_t xlat_flags(char *buf, size_t n, const xlat_t *x, uint64_t v)
{
    size_t len = 0;
    uint64_t rest = v;
    for (size_t i = 0; i < x->count; i++) {
        uint64_t bit = x->pairs[i].value;
        if (bit && (rest & bit) == bit) {
            len += (size_t)snprintf(len < n ? buf + len : NULL, len < n ? n - len : 0, "%s%s",
                                    len ? "|" : "", x->pairs[i].name);
            rest &= ~bit;
        }
    }
    if (rest || !len)
        len += (size_t)snprintf(len < n ? buf + len : NULL, len < n ? n - len : 0, "%s0x%llX",
                                len ? "|" : "", (unsigned long long)rest);
    return len;
}

static uint32_t xlat__le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t xlat__le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

const char *xlat_guid_name(const uint8_t b[16])
{
    for (size_t i = 0; i < xlat_guid_count; i++) {
        const xlat_guid_t *g = &xlat_guids[i];
        if (g->d1 == xlat__le32(b) && g->d2 == xlat__le16(b + 4) && g->d3 == xlat__le16(b + 6) &&
            memcmp(g->d4, b + 8, 8) == 0)
            return g->name;
    }
    return NULL;
}

static void xlat__guid(char out[XLAT_GUID_LEN], const uint8_t b[16], bool upper)
{
    snprintf(out, XLAT_GUID_LEN,
             upper ? "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}"
                   : "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
             (unsigned)xlat__le32(b), xlat__le16(b + 4), xlat__le16(b + 6), b[8], b[9], b[10],
             b[11], b[12], b[13], b[14], b[15]);
}

void xlat_guid_format(char out[XLAT_GUID_LEN], const uint8_t b[16])
{
    xlat__guid(out, b, false);
}

void xlat_guid_format_reg(char out[XLAT_GUID_LEN], const uint8_t b[16])
{
    xlat__guid(out, b, true);
}
