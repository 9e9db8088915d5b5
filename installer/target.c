#include "target.h"

#include <string.h>
#include <ws2tcpip.h>

const target_t target_all[TARGET_COUNT] = {
    {"TCP/IPv4", AF_INET, SOCK_STREAM, IPPROTO_TCP, 1},
    {"UDP/IPv4", AF_INET, SOCK_DGRAM, IPPROTO_UDP, 2},
    {"RAW/IPv4", AF_INET, SOCK_RAW, 0, 3},
    {"TCP/IPv6", AF_INET6, SOCK_STREAM, IPPROTO_TCP, 4},
    {"UDP/IPv6", AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 5},
    {"RAW/IPv6", AF_INET6, SOCK_RAW, 0, 6},
};

/* Each word --protocols takes, as a bit mask over target_all: its names
 * (tcp4 is target_all[0]), then words that stand for several. */
static const struct {
    const char *word;
    unsigned mask;
} target__words[] = {
    {"tcp4", 0x01}, {"udp4", 0x02}, {"raw4", 0x04}, {"tcp6", 0x08}, {"udp6", 0x10}, {"raw6", 0x20},
    {"all", 0x3f},  {"tcp", 0x09},  {"udp", 0x12},  {"raw", 0x24},  {"ip4", 0x07},  {"ip6", 0x38},
};

int target_parse(const char *list, unsigned *mask, const char **bad, size_t *bad_len)
{
    const size_t n = sizeof target__words / sizeof target__words[0];
    size_t len, i;

    *mask = 0;
    for (const char *p = list;; p += len + 1) {
        len = strcspn(p, ",");
        for (i = 0; i < n; i++)
            if (strlen(target__words[i].word) == len && strncmp(target__words[i].word, p, len) == 0)
                break;
        if (i == n) { /* an empty word too */
            *bad = p;
            *bad_len = len;
            return -1;
        }
        *mask |= target__words[i].mask;
        if (p[len] == 0)
            return 0;
    }
}

/* A RAW base entry serves a range of protocols: iProtocol up to
 * iProtocol + iProtocolMaxOffset (Windows' RAW/IP entry: 0..255). */
int target_matches(const target_t *t, const WSAPROTOCOL_INFOW *e)
{
    return e->iAddressFamily == t->af && e->iSocketType == t->type && t->protocol >= e->iProtocol &&
           t->protocol <= e->iProtocol + e->iProtocolMaxOffset;
}

const target_t *target_of(const WSAPROTOCOL_INFOW *e)
{
    for (size_t t = 0; t < TARGET_COUNT; t++)
        if (target_matches(&target_all[t], e))
            return &target_all[t];
    return NULL;
}
