/* tlgtype: the TraceLogging field types an encoder writes (TlgIn_t and
 * TlgOut_t of the SDK's TraceLoggingProvider.h), and the event descriptor
 * values every TraceLogging event carries. */
#ifndef SIOT_TLGTYPE_H
#define SIOT_TLGTYPE_H

#include <stdint.h>

/* In types: how the payload bytes are laid out. */
#define TLG_IN_UNICODESTRING 1
#define TLG_IN_ANSISTRING    2
#define TLG_IN_INT8          3
#define TLG_IN_UINT8         4
#define TLG_IN_INT16         5
#define TLG_IN_UINT16        6
#define TLG_IN_INT32         7
#define TLG_IN_UINT32        8
#define TLG_IN_INT64         9
#define TLG_IN_UINT64        10
#define TLG_IN_BOOL32        13
#define TLG_IN_BINARY        14
#define TLG_IN_GUID          15
#define TLG_IN_FILETIME      17
#define TLG_IN_SYSTEMTIME    18
#define TLG_IN_SID           19
#define TLG_IN_HEXINT32      20
#define TLG_IN_HEXINT64      21
#define TLG_IN_COUNTEDBINARY 25
/* Arity bit: a variable-length array (UINT16 count in the payload). */
#define TLG_IN_VCOUNT 0x40

/* Out types: how a consumer shows the value. */
#define TLG_OUT_DEFAULT       0
#define TLG_OUT_BOOLEAN       3
#define TLG_OUT_PID           5
#define TLG_OUT_TID           6
#define TLG_OUT_IPV4          8
#define TLG_OUT_SOCKETADDRESS 10
#define TLG_OUT_WIN32ERROR    13
#define TLG_OUT_HRESULT       15
#define TLG_OUT_UTF8          35

/* The channel that marks an event as TraceLogging-encoded. */
#define TLG_CHANNEL 11

/* A pointer-sized hex value of this build. */
#if UINTPTR_MAX > 0xFFFFFFFFu
#define TLG_IN_POINTER TLG_IN_HEXINT64
#else
#define TLG_IN_POINTER TLG_IN_HEXINT32
#endif

#endif
