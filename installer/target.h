/* The base protocols siotrace layers over: TCP, UDP and RAW over IPv4 and
 * IPv6, and the names `--protocols` takes for them. */
#ifndef SIOT_TARGET_H
#define SIOT_TARGET_H

#include <winsock2.h>
#include <ws2spi.h>

typedef struct target_t {
    const char *label; /* "TCP/IPv4" */
    int af, type, protocol;
    unsigned number; /* 1..TARGET_COUNT; selects the chain GUID */
} target_t;

#define TARGET_COUNT 6

extern const target_t target_all[TARGET_COUNT];

/* Parses a comma-separated list: tcp4 udp4 raw4 tcp6 udp6 raw6, tcp udp raw
 * (both families), ip4 ip6, all. Sets bit (number - 1) of *mask for each.
 * Returns 0, or -1 with *bad pointing at the unknown word. */
int target_parse(const char *list, unsigned *mask, const char **bad, size_t *bad_len);

/* Whether a socket(af, type, protocol) of the target could be served by e. */
int target_matches(const target_t *t, const WSAPROTOCOL_INFOW *e);
/* The one target e could serve (no two share a family and type), or NULL. */
const target_t *target_of(const WSAPROTOCOL_INFOW *e);

#endif
