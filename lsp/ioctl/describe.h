/* describe: what is known of one IOCTL code (name, bits, documentation) and
 * of a buffer passed with it, emitted through emit. Shared by the traced
 * record and by ioctl-decode, so both say the same thing the same way. */
#ifndef SIOT_DESCRIBE_H
#define SIOT_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emit.h"
#include "ioctl.h"

/* name, code, io, t, vendor, number; with `full` also the macro form, the BSD
 * form (T == 0), the documented setting, header, first Windows version,
 * description and any other names the value carries. */
void describe_code(emit_t *e, uint32_t code, bool full);

/* Decodes one buffer of `code` into the object the caller has open: its
 * type, the decoded value, and whether it was short or carried extra bytes
 * (see dec_members). `addr` is the buffer's address in the traced process
 * (0 if unknown); `ptr_bytes` 4 or 8. Unknown codes show their bytes in hex. */
void describe_buffer(emit_t *e, uint32_t code, bool is_out, const uint8_t *p, size_t n,
                     uint64_t addr, unsigned ptr_bytes);

/* The same for one row of the table, where a value has several names
 * (io NULL: an unknown code). */
void describe_row(emit_t *e, const ioctl_info_t *io, uint32_t code, bool full);
void describe_row_buffer(emit_t *e, const ioctl_info_t *io, bool is_out, const uint8_t *p, size_t n,
                         uint64_t addr, unsigned ptr_bytes);

#endif
