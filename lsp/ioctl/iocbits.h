/* iocbits: the bit fields of a Winsock IOCTL code (WSAIoctl's
 * dwIoControlCode): I, O, V, T, vendor/address family and code, and for
 * T == 0 the BSD form the Unix codes are built with. */
#ifndef SIOT_IOCBITS_H
#define SIOT_IOCBITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOCBITS_IN       0x80000000u
#define IOCBITS_OUT      0x40000000u
#define IOCBITS_VOID     0x20000000u
#define IOCBITS_UNIX     0x00000000u
#define IOCBITS_WS2      0x08000000u
#define IOCBITS_PROTOCOL 0x10000000u
#define IOCBITS_VENDOR   0x18000000u

/* The SDK's constructors (_WSAIO..., _IO...), so the table reads as the
 * headers do. The BSD parameter size is masked with IOCPARM_MASK (0x7f). */
#define IOCBITS_WSAIO(t, n)   (IOCBITS_VOID | (t) | (uint32_t)(n))
#define IOCBITS_WSAIOR(t, n)  (IOCBITS_OUT | (t) | (uint32_t)(n))
#define IOCBITS_WSAIOW(t, n)  (IOCBITS_IN | (t) | (uint32_t)(n))
#define IOCBITS_WSAIORW(t, n) (IOCBITS_IN | IOCBITS_OUT | (t) | (uint32_t)(n))
#define IOCBITS_BSD(dir, g, n, size)                                                               \
    ((dir) | (((uint32_t)(size)&0x7fu) << 16) | ((uint32_t)(g) << 8) | (uint32_t)(n))
#define IOCBITS_IO(g, n)        (IOCBITS_VOID | ((uint32_t)(g) << 8) | (uint32_t)(n))
#define IOCBITS_IOR(g, n, size) IOCBITS_BSD(IOCBITS_OUT, g, n, size)
#define IOCBITS_IOW(g, n, size) IOCBITS_BSD(IOCBITS_IN, g, n, size)

typedef struct iocbits {
    bool in, out, void_;
    unsigned t;         /* 0 Unix, 1 Winsock 2, 2 address family, 3 vendor */
    unsigned vendor;    /* bits 16-26: vendor (T 3) or address family (T 2) */
    unsigned number;    /* bits 0-15 */
    unsigned bsd_group; /* T 0: bits 8-15, the group character ('f', 's', 't') */
    unsigned bsd_num;   /* T 0: bits 0-7 */
    unsigned bsd_size;  /* T 0: bits 16-22, the parameter size */
} iocbits_t;

iocbits_t iocbits_split(uint32_t code);

/* "IN", "OUT", "INOUT", "VOID"; other combinations joined: "VOID|IN", or "NONE". */
const char *iocbits_io(uint32_t code);

/* "unix", "ws2", "protocol" or "vendor". */
const char *iocbits_t_name(unsigned t);

/* The code as the SDK macro that builds it: "_WSAIOW(IOC_VENDOR, 1)", or for
 * T == 0 "_IOW('f', 126, u_long)". Returns the length needed, like snprintf. */
size_t iocbits_format(char *buf, size_t n, uint32_t code);

#endif
