#include "iocbits.h"

#include <stdio.h>

iocbits_t iocbits_split(uint32_t code)
{
    iocbits_t b = {
        .in = (code & IOCBITS_IN) != 0,
        .out = (code & IOCBITS_OUT) != 0,
        .void_ = (code & IOCBITS_VOID) != 0,
        .t = (code >> 27) & 3u,
        .vendor = (code >> 16) & 0x7ffu,
        .number = code & 0xffffu,
        .bsd_group = (code >> 8) & 0xffu,
        .bsd_num = code & 0xffu,
        .bsd_size = (code >> 16) & 0x7fu,
    };
    return b;
}

const char *iocbits_io(uint32_t code)
{
    static const char *const names[8] = {
        "NONE", "VOID", "OUT", "VOID|OUT", "IN", "VOID|IN", "INOUT", "VOID|INOUT",
    };
    return names[code >> 29];
}

const char *iocbits_t_name(unsigned t)
{
    static const char *const names[4] = {"unix", "ws2", "protocol", "vendor"};
    return names[t & 3u];
}

static const char *iocbits__suffix(uint32_t code)
{
    switch (code >> 29) {
    case 1:
        return "";
    case 2:
        return "R";
    case 4:
        return "W";
    case 6:
        return "RW";
    default:
        return NULL;
    }
}

static size_t iocbits__bsd(char *buf, size_t n, uint32_t code, const char *sfx)
{
    iocbits_t b = iocbits_split(code);
    char group[8];
    if (b.bsd_group >= 0x20 && b.bsd_group < 0x7f && b.bsd_group != '\'' && b.bsd_group != '\\')
        snprintf(group, sizeof group, "'%c'", (char)b.bsd_group);
    else
        snprintf(group, sizeof group, "0x%02X", b.bsd_group);
    /* Bits 23-26 have no place in the BSD macros: a code using them is
     * shown by its raw value rather than as a macro that would lie. */
    if (code & 0x07800000u || !sfx || (b.void_ && b.bsd_size))
        return (size_t)snprintf(buf, n, "0x%08X", (unsigned)code);
    if (b.void_)
        return (size_t)snprintf(buf, n, "_IO(%s, %u)", group, b.bsd_num);
    if (b.bsd_size == 4)
        return (size_t)snprintf(buf, n, "_IO%s(%s, %u, u_long)", sfx, group, b.bsd_num);
    return (size_t)snprintf(buf, n, "_IO%s(%s, %u, %u)", sfx, group, b.bsd_num, b.bsd_size);
}

size_t iocbits_format(char *buf, size_t n, uint32_t code)
{
    static const char *const family[4] = {"IOC_UNIX", "IOC_WS2", "IOC_PROTOCOL", "IOC_VENDOR"};
    const char *sfx = iocbits__suffix(code);
    iocbits_t b = iocbits_split(code);
    if (b.t == 0)
        return iocbits__bsd(buf, n, code, sfx);
    if (!sfx)
        return (size_t)snprintf(buf, n, "0x%08X", (unsigned)code);
    unsigned low = code & 0x07ffffffu;
    if (low <= 0xffffu)
        return (size_t)snprintf(buf, n, "_WSAIO%s(%s, %u)", sfx, family[b.t], low);
    return (size_t)snprintf(buf, n, "_WSAIO%s(%s, 0x%X)", sfx, family[b.t], low);
}
