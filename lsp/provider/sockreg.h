/* sockreg: the sockets this layer handed out, with what a record needs to
 * say about them. Safe under concurrent create, look-up and close: readers
 * share an SRW lock and copy the entry out; nothing else runs under it. */
#ifndef SIOT_SOCKREG_H
#define SIOT_SOCKREG_H

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdbool.h>
#include <stddef.h>

struct chain;

typedef struct sockreg_entry {
    const struct chain *chain; /* the chain the socket was created through */
    int af, type, protocol;
    int local_len;  /* 0 until the socket is bound */
    bool capturing; /* a capture call on it succeeded: its close ends a session */
    SOCKADDR_STORAGE local;
} sockreg_entry_t;

/* Adds or replaces the entry of s. False only when memory runs out. */
bool sockreg_add(SOCKET s, const sockreg_entry_t *e);
/* Copies the entry of s to *out; false when s is unknown. */
bool sockreg_get(SOCKET s, sockreg_entry_t *out);
/* Removes s, copying its entry to *out when out is not NULL. */
bool sockreg_remove(SOCKET s, sockreg_entry_t *out);
/* Records the local address of a bound socket (at most a SOCKADDR_STORAGE). */
void sockreg_set_local(SOCKET s, const void *addr, int len);
/* Marks s as having had a capture turned on. */
void sockreg_set_capturing(SOCKET s);
/* Forgets every socket and frees the table (the last clean-up). */
void sockreg_clear(void);

#endif
