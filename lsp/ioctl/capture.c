#include "capture.h"

/* The codes' values, so that a switch can test them; unit.test_capture
 * checks each against its row of ioctl_codes.def. */
#define CAPTURE__RCVALL           0x98000001u
#define CAPTURE__RCVALL_MCAST     0x98000002u
#define CAPTURE__RCVALL_IGMPMCAST 0x98000003u
#define CAPTURE__RCVALL_MCAST_IF  0x9800000Du /* also SIO_SOCKET_CLOSE_NOTIFY */
#define CAPTURE__RCVALL_IF        0x9800000Eu
#define CAPTURE__SOCK_STREAM      1
#define CAPTURE__IPPROTO_TCP      6

static bool capture__tcp(int32_t type, int32_t protocol)
{
    return type == CAPTURE__SOCK_STREAM && protocol == CAPTURE__IPPROTO_TCP;
}

bool capture_per_interface(uint32_t code)
{
    return code == CAPTURE__RCVALL_MCAST_IF || code == CAPTURE__RCVALL_IF;
}

bool capture_audited(uint32_t code, int32_t type, int32_t protocol)
{
    switch (code) {
    case CAPTURE__RCVALL:
    case CAPTURE__RCVALL_MCAST:
    case CAPTURE__RCVALL_IGMPMCAST:
    case CAPTURE__RCVALL_IF:
        return true;
    case CAPTURE__RCVALL_MCAST_IF:
        return !capture__tcp(type, protocol);
    default:
        return false;
    }
}

const ioctl_info_t *capture_row(uint32_t code, int32_t type, int32_t protocol)
{
    const ioctl_info_t *io = ioctl_by_code(code);
    if (io && code == CAPTURE__RCVALL_MCAST_IF && capture__tcp(type, protocol))
        return ioctl_by_name("SIO_SOCKET_CLOSE_NOTIFY");
    return io;
}

static uint32_t capture__u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

capture_request_t capture_request(uint32_t code, const uint8_t *in, size_t n)
{
    capture_request_t r = {0};
    if (!in || n < 4)
        return r;
    r.has_mode = true;
    r.mode = capture__u32(in);
    if (capture_per_interface(code) && n >= 8) {
        r.has_ifindex = true;
        r.ifindex = capture__u32(in + 4);
    }
    return r;
}
