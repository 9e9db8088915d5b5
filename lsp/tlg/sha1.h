/* sha1: the SHA-1 digest (FIPS 180-4), for deriving TraceLogging provider
 * GUIDs from names. Not for anything that needs collision resistance. */
#ifndef SIOT_SHA1_H
#define SIOT_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST 20

typedef struct sha1 {
    uint32_t h[5];
    uint64_t bytes; /* message length so far */
    uint8_t block[64];
    size_t used; /* bytes waiting in block */
} sha1_t;

void sha1_init(sha1_t *s);
void sha1_update(sha1_t *s, const void *data, size_t n);
void sha1_final(sha1_t *s, uint8_t out[SHA1_DIGEST]);

#endif
