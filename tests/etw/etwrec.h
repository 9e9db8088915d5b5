/* etwrec: one event as the test host's recording session keeps it: what a
 * real consumer gets in an EVENT_RECORD (the provider, the writing process
 * and thread, the event descriptor, the provider traits and TraceLogging
 * schema from the extended data, and the user data), laid end to end.
 * Little-endian, packed:
 *   u32 size (of the whole record) | u8 provider[16] | u32 pid | u32 tid |
 *   u16 id | u8 version | u8 channel | u8 level | u8 opcode | u16 task |
 *   u64 keyword | u16 traits_len | u16 meta_len | u32 data_len |
 *   traits | meta | data
 * A session file is such records back to back. */
#ifndef SIOT_ETWREC_H
#define SIOT_ETWREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETWREC_HEAD 52u

typedef struct etwrec {
    uint8_t provider[16]; /* Windows GUID layout */
    uint32_t pid, tid;
    uint16_t id, task;
    uint8_t version, channel, level, opcode;
    uint64_t keyword;
    const uint8_t *traits, *meta, *data;
    uint16_t traits_len, meta_len;
    uint32_t data_len;
} etwrec_t;

/* Bytes etwrec_put writes for r. */
size_t etwrec_size(const etwrec_t *r);
/* Writes r into buf; returns its size, or 0 when it does not fit. */
size_t etwrec_put(uint8_t *buf, size_t cap, const etwrec_t *r);
/* Reads the record at p (n bytes available); r points into p. Returns the
 * record's size, or 0 when p does not hold a whole, consistent record. */
size_t etwrec_get(const uint8_t *p, size_t n, etwrec_t *r);

#endif
