/* MinGW only: siotrace's own constants against the Windows headers, at
 * compile time (the generated asserts), and its GUIDs and structure sizes
 * against the headers' at run time. */
/* TCP_INFO_v0 and TIMESTAMPING_CONFIG are declared for Windows 10 only. */
#undef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#undef WINVER
#define WINVER 0x0A00
#undef NTDDI_VERSION
#define NTDDI_VERSION 0x0A00000B
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <ws2spi.h>
#include <mstcpip.h>
#include <qos.h>
#include <qossp.h>
#include <stdint.h>

#include "check.h"
#include "dec.h"
#include "iocbits.h"
#include "xlat.h"

#include "header_check.inc"

static void guid(const char *name, GUID g)
{
    const char *got = xlat_guid_name((const uint8_t *)&g);
    check(got && !strcmp(got, name), "%s: %s", name, got ? got : "(unknown)");
}

int main(void)
{
    guid("WSAID_CONNECTEX", (GUID)WSAID_CONNECTEX);
    guid("WSAID_ACCEPTEX", (GUID)WSAID_ACCEPTEX);
    guid("WSAID_DISCONNECTEX", (GUID)WSAID_DISCONNECTEX);
    guid("WSAID_GETACCEPTEXSOCKADDRS", (GUID)WSAID_GETACCEPTEXSOCKADDRS);
    guid("WSAID_TRANSMITFILE", (GUID)WSAID_TRANSMITFILE);
    guid("WSAID_TRANSMITPACKETS", (GUID)WSAID_TRANSMITPACKETS);
    guid("WSAID_WSARECVMSG", (GUID)WSAID_WSARECVMSG);
    guid("WSAID_WSASENDMSG", (GUID)WSAID_WSASENDMSG);
    guid("WSAID_WSAPOLL", (GUID)WSAID_WSAPOLL);
    unsigned ptr = sizeof(void *);
    check(dec_size(&dec_tcp_keepalive, ptr) == sizeof(struct tcp_keepalive), "tcp_keepalive");
    check(dec_size(&dec_tcp_info, ptr) == sizeof(TCP_INFO_v0), "TCP_INFO_v0");
    check(dec_size(&dec_qos, ptr) == sizeof(QOS), "QOS");
    check(dec_size(&dec_socket, ptr) == sizeof(SOCKET), "SOCKET");
    check(dec_size(&dec_tcp_initial_rto, ptr) == sizeof(TCP_INITIAL_RTO_PARAMETERS), "RTO");
    check(dec_size(&dec_inet_port_range, ptr) == sizeof(INET_PORT_RANGE), "INET_PORT_RANGE");
    check(dec_size(&dec_timestamping_config, ptr) == sizeof(TIMESTAMPING_CONFIG),
          "TIMESTAMPING_CONFIG");
    check(dec_size(&dec_rcvall_if, ptr) == sizeof(RCVALL_IF), "RCVALL_IF");
    return check_done("test_headers");
}
