/* tlgmeta: the two metadata blobs of a TraceLogging event: the provider
 * traits (its name, and optionally its group) and the event's own metadata
 * (name, tags, and each field's name and types). Both are written once and
 * passed with every event; bytes are packed, integers little-endian. */
#ifndef SIOT_TLGMETA_H
#define SIOT_TLGMETA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest a blob's UINT16 size field can say. */
#define TLGMETA_MAX 65535u

/* Writes the traits for provider `name`, with the group trait when `group`
 * (16 bytes, Windows layout) is not NULL. Returns the blob's size, or 0
 * when it does not fit in `cap` or in TLGMETA_MAX. */
size_t tlgmeta_traits(uint8_t *buf, size_t cap, const char *name, const uint8_t *group);

typedef struct tlgmeta {
    uint8_t *buf;
    size_t cap, len;
    bool overflow;
} tlgmeta_t;

/* Starts the metadata of event `name`, with event tags `tags` (28 bits). */
void tlgmeta_event(tlgmeta_t *m, uint8_t *buf, size_t cap, const char *name, uint32_t tags);
/* Adds a field: its in type (with arity bits), out type (TLG_OUT_DEFAULT for
 * none) and field tags (0 for none). */
void tlgmeta_field(tlgmeta_t *m, const char *name, uint8_t in, uint8_t out, uint32_t tags);
/* Writes the size. Returns it, or 0 when the blob did not fit. */
size_t tlgmeta_end(tlgmeta_t *m);

#endif
