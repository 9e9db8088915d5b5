/* The host's socket table: which catalog entry, and so which started provider,
 * owns each socket handle the application holds, as ws2_32 keeps it. Filled by
 * WPUModifyIFSHandle and WPUCreateSocketHandle, and by the host itself for a
 * handle a provider returned without registering it. Safe under concurrent use. */
#ifndef SIOT_HOSTSOCK_H
#define SIOT_HOSTSOCK_H

#include <winsock2.h>

typedef struct hostsock_t {
    DWORD catalog_id;
    DWORD_PTR context; /* WPUCreateSocketHandle's dwContext */
    int created;       /* 1: a handle WPUCreateSocketHandle made */
    LONG gen;          /* tells a later registration of the same value apart */
} hostsock_t;

/* Records (or replaces) the owner of `s`. 0, or WSAENOBUFS. */
int hostsock_add(SOCKET s, DWORD catalog_id, DWORD_PTR context, int created);

/* 1 and *out when `s` is known, else 0. */
int hostsock_find(SOCKET s, hostsock_t *out);

/* Forgets `s` when its registration is still `gen`: a close racing with a new
 * socket that got the same handle value must not drop the new one. */
void hostsock_remove(SOCKET s, LONG gen);

/* Forgets every socket (the last WSACleanup). */
void hostsock_clear(void);

#endif
