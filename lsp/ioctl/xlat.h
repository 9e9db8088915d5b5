/* xlat: named constants of the Windows headers (enums, flags, errors,
 * GUIDs), kept as data. Each entry is written X(NAME, value) so a build
 * step can check it against the MinGW headers wherever they define NAME. */
#ifndef SIOT_XLAT_H
#define SIOT_XLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct xlat_pair {
    uint64_t value;
    const char *name;
} xlat_pair_t;

typedef struct xlat {
    const char *type; /* the C type the values belong to */
    const xlat_pair_t *pairs;
    size_t count;
    bool flags; /* values are bits to combine */
} xlat_t;

/* The name of `v`, or NULL. */
const char *xlat_name(const xlat_t *x, uint64_t v);
/* The value named by name[0..len), exactly as the table spells it; false when unknown. */
bool xlat_value(const xlat_t *x, const char *name, size_t len, uint64_t *v);
/* Flags as "A|B|0x40" (unknown bits in hex), "0x0" when none; like snprintf. */
size_t xlat_flags(char *buf, size_t n, const xlat_t *x, uint64_t v);

extern const xlat_t xlat_wsa_error, xlat_af, xlat_socktype, xlat_ipproto;
extern const xlat_t xlat_rcvall_value, xlat_iff, xlat_tcpstate, xlat_compat_behavior;
extern const xlat_t xlat_service_type, xlat_cct_status, xlat_tcp_icw_level;
extern const xlat_t xlat_companion, xlat_rto_rtt, xlat_rto_syn, xlat_timestamping;
/* The Win32 errors the catalog and registry functions document; the LSP
 * categories of WSCSetProviderInfo and WSCSetApplicationCategory. */
extern const xlat_t xlat_win32_error, xlat_lsp_category;

/* Every table, for tests that walk them. */
extern const xlat_t *const xlat_all[];
extern const size_t xlat_all_count;

/* GUIDs, in the Windows in-memory layout (Data1-3 little-endian). */
typedef struct xlat_guid {
    uint32_t d1;
    uint16_t d2, d3;
    uint8_t d4[8];
    const char *name;
} xlat_guid_t;

/* Reads a GUID from 16 bytes and returns its name (WSAID_CONNECTEX, ...) or NULL. */
const char *xlat_guid_name(const uint8_t bytes[16]);
#define XLAT_GUID_LEN 39 /* 38 characters and the NUL */

/* "{25a207b9-ddf3-4660-8ee9-76e58c74063e}". */
void xlat_guid_format(char out[XLAT_GUID_LEN], const uint8_t bytes[16]);
/* The registry's form, in capitals as Windows' own tools print it:
 * "{25A207B9-DDF3-4660-8EE9-76E58C74063E}". */
void xlat_guid_format_reg(char out[XLAT_GUID_LEN], const uint8_t bytes[16]);

extern const xlat_guid_t xlat_guids[];
extern const size_t xlat_guid_count;

#endif
