/* etwdec: reads a TraceLogging event the way a consumer does (TDH, or
 * TraceEvent's parser), from its metadata alone: the provider traits name
 * the provider, the event metadata names the event and each field and its
 * types, and the payload is walked by those types. Written from the format
 * description, independently of the encoder, so that a mistake in one is
 * not mirrored in the other. */
#ifndef SIOT_ETWDEC_H
#define SIOT_ETWDEC_H

#include <stddef.h>

#include "etwrec.h"

/* One JSON object for the event:
 *   {"provider":..., "guid":"{...}", "event":..., "level":N, "keywords":"0x...",
 *    "opcode":N, "channel":N, "id":N, "version":N, "pid":N, "thread":N,
 *    "fields":{name: value, ...}, "types":{name: "INTYPE[:OUTTYPE][[]]", ...}}
 * and "error" (with what was decoded so far) when the blobs are not well
 * formed. Like snprintf: returns the length the whole text needs. */
size_t etwdec_json(char *out, size_t cap, const etwrec_t *r);

#endif
