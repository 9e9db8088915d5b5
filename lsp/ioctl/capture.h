/* capture: the promiscuous-capture codes an audit records, and what a call
 * of one asks for. 0x9800000D is both SIO_RCVALL_MCAST_IF and
 * SIO_SOCKET_CLOSE_NOTIFY: on a TCP socket it can only be a close
 * notification (capture needs a raw or datagram socket); on any other
 * socket, or one whose kind is unknown, it is taken for a capture, so that
 * an audit is never missed for want of knowing the socket. */
#ifndef SIOT_CAPTURE_H
#define SIOT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioctl.h"

/* RCVALL_VALUE's values (mstcpip.h). */
#define CAPTURE_RCVALL_OFF 0u

/* What the call asked for; `mode` and `ifindex` are valid only when their
 * flags say so (a short or unreadable input has neither). */
typedef struct capture_request {
    bool has_mode, has_ifindex;
    uint32_t mode;
    uint32_t ifindex;
} capture_request_t;

/* Whether a call of `code` on a socket of this type and protocol (-1: not
 * known) is a capture that must be audited. */
bool capture_audited(uint32_t code, int32_t type, int32_t protocol);
/* The table row the call means: SIO_SOCKET_CLOSE_NOTIFY for 0x9800000D on a
 * TCP socket, otherwise the first row of the value (NULL when unknown). */
const ioctl_info_t *capture_row(uint32_t code, int32_t type, int32_t protocol);
/* Reads the mode (RCVALL_VALUE, or RCVALL_IF's Mode) and, for the _IF
 * codes, the interface index, from the first `n` captured input bytes. */
capture_request_t capture_request(uint32_t code, const uint8_t *in, size_t n);
/* Whether the code takes an interface index (RCVALL_IF input). */
bool capture_per_interface(uint32_t code);

#endif
