#include "wsaerr.h"

#include <winsock2.h>
#include <stdio.h>

/* The codes the catalog functions and the registry document, and a few more. */
/* clang-format off */
#define WSAERR_CODES(X)                                                                   \
    X(ERROR_SUCCESS) X(ERROR_FILE_NOT_FOUND) X(ERROR_PATH_NOT_FOUND) X(ERROR_ACCESS_DENIED) \
    X(ERROR_NOT_ENOUGH_MEMORY) X(ERROR_INVALID_DATA) X(ERROR_BAD_FORMAT)                  \
    X(ERROR_INVALID_PARAMETER) X(ERROR_ALREADY_EXISTS) X(ERROR_MORE_DATA)                 \
    X(ERROR_NO_MORE_ITEMS) X(ERROR_DIRECTORY) X(ERROR_CANT_ACCESS_FILE)                   \
    X(ERROR_SHARING_VIOLATION) X(ERROR_PRIVILEGE_NOT_HELD) X(ERROR_CALL_NOT_IMPLEMENTED)  \
    X(WSAEINTR) X(WSAEBADF) X(WSAEACCES) X(WSAEFAULT) X(WSAEINVAL) X(WSAEMFILE)           \
    X(WSAEWOULDBLOCK) X(WSAENOBUFS) X(WSAEOPNOTSUPP) X(WSAEAFNOSUPPORT)                   \
    X(WSAEPROVIDERFAILEDINIT) X(WSAEINVALIDPROVIDER) X(WSAEINVALIDPROCTABLE)              \
    X(WSASYSNOTREADY) X(WSAVERNOTSUPPORTED) X(WSANOTINITIALISED) X(WSATRY_AGAIN)          \
    X(WSANO_RECOVERY) X(WSANO_DATA) X(WSASERVICE_NOT_FOUND)
/* clang-format on */

const char *wsaerr_name(int code)
{
    switch (code) {
#define WSAERR_CASE(name)                                                                          \
    case name:                                                                                     \
        return #name;
        WSAERR_CODES(WSAERR_CASE)
#undef WSAERR_CASE
    default:
        return NULL;
    }
}

size_t wsaerr_format(int code, char *buf, size_t n)
{
    const char *name = wsaerr_name(code);
    int len = name ? snprintf(buf, n, "%s (%d)", name, code) : snprintf(buf, n, "error %d", code);
    return len < 0 ? 0 : (size_t)len;
}
