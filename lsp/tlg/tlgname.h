/* tlgname: a TraceLogging provider's GUID from its name, by the algorithm
 * EventSource, tracelog, WPR and PerfView use for "*Name": SHA-1 over a
 * fixed namespace and the upper-cased name as UTF-16 big-endian, the first
 * 16 bytes with the version nibble set to 5, read as a Windows GUID. */
#ifndef SIOT_TLGNAME_H
#define SIOT_TLGNAME_H

#include <stdbool.h>
#include <stdint.h>

/* Writes the GUID in the Windows in-memory layout (Data1-3 little-endian).
 * Only ASCII names are taken (upper-casing beyond ASCII would need the
 * invariant culture's tables): false for a name with any other byte. */
bool tlgname_guid(const char *name, uint8_t guid[16]);

#endif
