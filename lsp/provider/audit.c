#include <winsock2.h>
#include <mstcpip.h>

#include "audit.h"

bool audit_code(uint32_t code)
{
    switch (code) {
    case SIO_RCVALL:
    case SIO_RCVALL_MCAST:
    case SIO_RCVALL_IGMPMCAST:
    case SIO_RCVALL_MCAST_IF: /* also SIO_SOCKET_CLOSE_NOTIFY: one value, two names */
    case SIO_RCVALL_IF:
        return true;
    default:
        return false;
    }
}
