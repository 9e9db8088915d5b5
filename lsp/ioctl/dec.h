/* dec: decoders of the input and output buffers of IOCTLs. Each decoder
 * knows one documented structure; the table in ioctl_codes.def names the
 * decoder of each buffer. A decoder reads only the bytes it is given: a
 * short buffer decodes as far as it goes and says so, bytes past the
 * structure are shown in hex. */
#ifndef SIOT_DEC_H
#define SIOT_DEC_H

#include <stddef.h>
#include <stdint.h>

#include "emit.h"

typedef struct dec dec_t;

/* A table: one entry a line. */
/* clang-format off */
#define DEC_LIST(X) \
    X(none) \
    X(u_long) \
    X(bool_) \
    X(int_) \
    X(dword) \
    X(handle) \
    X(socket) \
    X(funcptr) \
    X(guid) \
    X(companion) \
    X(tcp_keepalive) \
    X(rcvall_value) \
    X(rcvall_if) \
    X(sockaddr) \
    X(socket_address_list) \
    X(interface_info) \
    X(wsa_compatibility_mode) \
    X(tcp_initial_rto) \
    X(tcp_info) \
    X(rss_scalability_info) \
    X(socket_processor_affinity) \
    X(inet_port_range) \
    X(inet_port_reservation_instance) \
    X(inet_port_reservation_token) \
    X(qos) \
    X(transport_setting_id) \
    X(rtn_setting_input) \
    X(rtn_setting_output) \
    X(wfp_endpoint_handle) \
    X(timestamping_config) \
    X(tcp_icw_parameters) \
    X(tcp_ack_frequency)
/* clang-format on */

#define DEC__DECLARE(name) extern const dec_t dec_##name;
DEC_LIST(DEC__DECLARE)
#undef DEC__DECLARE

/* Every decoder, for tests that walk them. */
extern const dec_t *const dec_all[];
extern const size_t dec_all_count;

/* The C type the decoder reads ("tcp_keepalive"); NULL for dec_none. */
const char *dec_type(const dec_t *d);

/* The size of the complete structure for this pointer width; 0 when it
 * has no fixed size (lists and arrays take what they are given). */
size_t dec_size(const dec_t *d, unsigned ptr_bytes);

/* Emits, into the object the caller has open: "type", the decoded "value",
 * "short": true when the bytes ran out, and "extra" (hex) for bytes past
 * the structure; with no decoder, the bytes as "hex". Text mode shows the
 * type and value without their keys. */
void dec_members(emit_t *e, const dec_t *d, const uint8_t *p, size_t n, uint64_t addr,
                 unsigned ptr_bytes);

#endif
