#include "dec.h"

#include "layout.h"
#include "xlat.h"

typedef enum dec_kind {
    DK_NONE,
    DK_SCALAR, /* aux: one layout_field_t, shown bare */
    DK_STRUCT, /* aux: layout_t */
    DK_ARRAY,  /* aux: layout_t, repeated while whole elements remain */
    DK_SOCKADDR,
    DK_ADDRLIST, /* SOCKET_ADDRESS_LIST: pointers into the buffer itself */
    DK_TCP_INFO  /* TCP_INFO_v0 or v1, told apart by length */
} dec_kind_t;

struct dec {
    const char *type;
    dec_kind_t kind;
    const void *aux;
};

#define F(name, type, aux)                                                                         \
    {                                                                                              \
        name, type, aux                                                                            \
    }
#define SCALAR(var, ctype, lt, aux)                                                                \
    static const layout_field_t var##_field = {NULL, lt, aux};                                     \
    const dec_t dec_##var = {ctype, DK_SCALAR, &var##_field};
#define STRUCT(var, l) const dec_t dec_##var = {NULL, DK_STRUCT, &l};

const dec_t dec_none = {NULL, DK_NONE, NULL};
SCALAR(u_long, "u_long", LT_U32, NULL)
SCALAR(bool_, "BOOL", LT_BOOL, NULL)
SCALAR(int_, "int", LT_I32, NULL)
SCALAR(dword, "DWORD", LT_U32, NULL)
SCALAR(handle, "HANDLE", LT_PTR, NULL)
SCALAR(socket, "SOCKET", LT_SOCKET, NULL)
SCALAR(funcptr, "void *", LT_PTR, NULL)
SCALAR(guid, "GUID", LT_GUID, NULL)
SCALAR(rcvall_value, "RCVALL_VALUE", LT_ENUM32, &xlat_rcvall_value)
SCALAR(wfp_endpoint_handle, "UINT64", LT_HEX64, NULL)
const dec_t dec_sockaddr = {"sockaddr", DK_SOCKADDR, NULL};
const dec_t dec_socket_address_list = {"SOCKET_ADDRESS_LIST", DK_ADDRLIST, NULL};
const dec_t dec_tcp_info = {"TCP_INFO_v0", DK_TCP_INFO, NULL};

/* The companion interface id leads; what follows it depends on the interface. */
LAYOUT(l_companion, "int", F("interface", LT_ENUM32, &xlat_companion));
STRUCT(companion, l_companion)

LAYOUT(l_tcp_keepalive, "tcp_keepalive", F("onoff", LT_U32, NULL), F("keepalivetime", LT_U32, NULL),
       F("keepaliveinterval", LT_U32, NULL));
STRUCT(tcp_keepalive, l_tcp_keepalive)

LAYOUT(l_rcvall_if, "RCVALL_IF", F("Mode", LT_ENUM32, &xlat_rcvall_value),
       F("Interface", LT_U32, NULL));
STRUCT(rcvall_if, l_rcvall_if)

LAYOUT(l_interface_info, "INTERFACE_INFO", F("iiFlags", LT_FLAGS32, &xlat_iff),
       F("iiAddress", LT_SOCKADDR_GEN, NULL), F("iiBroadcastAddress", LT_SOCKADDR_GEN, NULL),
       F("iiNetmask", LT_SOCKADDR_GEN, NULL));
const dec_t dec_interface_info = {"INTERFACE_INFO[]", DK_ARRAY, &l_interface_info};

LAYOUT(l_compat, "WSA_COMPATIBILITY_MODE", F("BehaviorId", LT_ENUM32, &xlat_compat_behavior),
       F("TargetOsVersion", LT_HEX32, NULL));
STRUCT(wsa_compatibility_mode, l_compat)

LAYOUT(l_rto, "TCP_INITIAL_RTO_PARAMETERS", F("Rtt", LT_SPECIAL16, &xlat_rto_rtt),
       F("MaxSynRetransmissions", LT_SPECIAL8, &xlat_rto_syn));
STRUCT(tcp_initial_rto, l_rto)

/* TCP_INFO_v1 is TCP_INFO_v0 with members added at its end. */
#define TCP_INFO_V0_FIELDS                                                                         \
    F("State", LT_ENUM32, &xlat_tcpstate), F("Mss", LT_U32, NULL),                                 \
        F("ConnectionTimeMs", LT_U64, NULL), F("TimestampsEnabled", LT_BOOLEAN, NULL),             \
        F("RttUs", LT_U32, NULL), F("MinRttUs", LT_U32, NULL), F("BytesInFlight", LT_U32, NULL),   \
        F("Cwnd", LT_U32, NULL), F("SndWnd", LT_U32, NULL), F("RcvWnd", LT_U32, NULL),             \
        F("RcvBuf", LT_U32, NULL), F("BytesOut", LT_U64, NULL), F("BytesIn", LT_U64, NULL),        \
        F("BytesReordered", LT_U32, NULL), F("BytesRetrans", LT_U32, NULL),                        \
        F("FastRetrans", LT_U32, NULL), F("DupAcksIn", LT_U32, NULL),                              \
        F("TimeoutEpisodes", LT_U32, NULL), F("SynRetrans", LT_U8, NULL)

LAYOUT(l_tcp_info_v0, "TCP_INFO_v0", TCP_INFO_V0_FIELDS);

LAYOUT(l_tcp_info_v1, "TCP_INFO_v1", TCP_INFO_V0_FIELDS, F("SndLimTransRwin", LT_U32, NULL),
       F("SndLimTimeRwin", LT_U32, NULL), F("SndLimBytesRwin", LT_U64, NULL),
       F("SndLimTransCwnd", LT_U32, NULL), F("SndLimTimeCwnd", LT_U32, NULL),
       F("SndLimBytesCwnd", LT_U64, NULL), F("SndLimTransSnd", LT_U32, NULL),
       F("SndLimTimeSnd", LT_U32, NULL), F("SndLimBytesSnd", LT_U64, NULL));

LAYOUT(l_rss_scal, "RSS_SCALABILITY_INFO", F("RssEnabled", LT_BOOLEAN, NULL));
STRUCT(rss_scalability_info, l_rss_scal)

LAYOUT(l_procnum, "PROCESSOR_NUMBER", F("Group", LT_U16, NULL), F("Number", LT_U8, NULL),
       F("Reserved", LT_U8, NULL));
LAYOUT(l_affinity, "SOCKET_PROCESSOR_AFFINITY", F("Processor", LT_STRUCT, &l_procnum),
       F("NumaNodeId", LT_U16, NULL), F("Reserved", LT_U16, NULL));
STRUCT(socket_processor_affinity, l_affinity)

LAYOUT(l_port_range, "INET_PORT_RANGE", F("StartPort", LT_U16, NULL),
       F("NumberOfPorts", LT_U16, NULL));
STRUCT(inet_port_range, l_port_range)
LAYOUT(l_port_token, "INET_PORT_RESERVATION_TOKEN", F("Token", LT_HEX64, NULL));
STRUCT(inet_port_reservation_token, l_port_token)
LAYOUT(l_port_instance, "INET_PORT_RESERVATION_INSTANCE",
       F("Reservation", LT_STRUCT, &l_port_range), F("Token", LT_STRUCT, &l_port_token));
STRUCT(inet_port_reservation_instance, l_port_instance)

LAYOUT(l_flowspec, "FLOWSPEC", F("TokenRate", LT_U32, NULL), F("TokenBucketSize", LT_U32, NULL),
       F("PeakBandwidth", LT_U32, NULL), F("Latency", LT_U32, NULL),
       F("DelayVariation", LT_U32, NULL), F("ServiceType", LT_ENUM32, &xlat_service_type),
       F("MaxSduSize", LT_U32, NULL), F("MinimumPolicedSize", LT_U32, NULL));
LAYOUT(l_wsabuf, "WSABUF", F("len", LT_U32, NULL), F("buf", LT_PTR, NULL));
LAYOUT(l_qos, "QOS", F("SendingFlowspec", LT_STRUCT, &l_flowspec),
       F("ReceivingFlowspec", LT_STRUCT, &l_flowspec), F("ProviderSpecific", LT_STRUCT, &l_wsabuf));
STRUCT(qos, l_qos)

LAYOUT(l_setting_id, "TRANSPORT_SETTING_ID", F("Guid", LT_GUID, NULL));
STRUCT(transport_setting_id, l_setting_id)
LAYOUT(l_rtn_input, "REAL_TIME_NOTIFICATION_SETTING_INPUT",
       F("TransportSettingId", LT_STRUCT, &l_setting_id), F("BrokerEventGuid", LT_GUID, NULL));
STRUCT(rtn_setting_input, l_rtn_input)
LAYOUT(l_rtn_output, "REAL_TIME_NOTIFICATION_SETTING_OUTPUT",
       F("ChannelStatus", LT_ENUM32, &xlat_cct_status));
STRUCT(rtn_setting_output, l_rtn_output)

LAYOUT(l_timestamping, "TIMESTAMPING_CONFIG", F("Flags", LT_FLAGS32, &xlat_timestamping),
       F("TxTimestampsBuffered", LT_U16, NULL));
STRUCT(timestamping_config, l_timestamping)

LAYOUT(l_icw, "TCP_ICW_PARAMETERS", F("Level", LT_ENUM32, &xlat_tcp_icw_level));
STRUCT(tcp_icw_parameters, l_icw)
LAYOUT(l_ackfreq, "TCP_ACK_FREQUENCY_PARAMETERS", F("TcpDelayedAckFrequency", LT_U8, NULL));
STRUCT(tcp_ack_frequency, l_ackfreq)

#define DEC__ADDR(name) &dec_##name,
const dec_t *const dec_all[] = {DEC_LIST(DEC__ADDR)};
const size_t dec_all_count = sizeof dec_all / sizeof dec_all[0];

static const layout_t *dec__layout(const dec_t *d, size_t n, unsigned ptr)
{
    if (d->kind == DK_TCP_INFO)
        return n >= layout_sizeof(&l_tcp_info_v1, ptr) ? &l_tcp_info_v1 : &l_tcp_info_v0;
    return d->kind == DK_STRUCT || d->kind == DK_ARRAY ? d->aux : NULL;
}

const char *dec_type(const dec_t *d)
{
    return d->kind == DK_STRUCT ? ((const layout_t *)d->aux)->type : d->type;
}

size_t dec_size(const dec_t *d, unsigned ptr_bytes)
{
    switch (d->kind) {
    case DK_SCALAR: {
        layout_t one = {NULL, d->aux, 1};
        return layout_sizeof(&one, ptr_bytes);
    }
    case DK_STRUCT:
    case DK_TCP_INFO:
        return layout_sizeof(dec__layout(d, 0, ptr_bytes), ptr_bytes);
    default:
        return 0;
    }
}

static void dec__array(emit_t *e, const char *key, const layout_t *l, layout_cursor_t *c)
{
    size_t size = layout_sizeof(l, c->ptr_bytes);
    emit_open(e, key, '[');
    while (c->n - c->off >= size)
        layout_emit(e, NULL, l, c);
    emit_close(e);
}

/* SOCKET_ADDRESS_LIST: a count, then {LPSOCKADDR, INT} pairs whose pointers
 * lead into the same buffer. The pointers are followed only when they fall
 * inside the captured bytes of a buffer whose address is known. */
static void dec__addrlist(emit_t *e, const char *key, layout_cursor_t *c)
{
    uint64_t count, ptr, len;
    emit_open(e, key, '{');
    if (layout_read(c, 4, &count)) {
        emit_int(e, "iAddressCount", (int32_t)count);
        layout_align(c, c->ptr_bytes);
        emit_open(e, "Address", '[');
        for (uint64_t i = 0; i < (uint32_t)count; i++) {
            size_t at = c->off;
            if (!layout_read(c, c->ptr_bytes, &ptr) || !layout_read(c, 4, &len))
                break;
            emit_open(e, NULL, '{');
            emit_hex(e, "lpSockaddr", ptr, (int)c->ptr_bytes * 2);
            emit_int(e, "iSockaddrLength", (int32_t)len);
            if (c->addr && ptr >= c->addr && ptr - c->addr < c->n) {
                layout_cursor_t sa = *c;
                sa.off = (size_t)(ptr - c->addr);
                layout_sockaddr(e, "sockaddr", &sa, (uint32_t)len);
            }
            emit_close(e);
            c->off = at + 2 * c->ptr_bytes;
        }
        emit_close(e);
        /* The sockaddrs the list points to fill the rest of the buffer. */
        if (!c->short_ && c->addr)
            c->off = c->n;
    }
    emit_close(e);
}

static void dec__value(emit_t *e, const char *key, const dec_t *d, layout_cursor_t *c)
{
    const layout_t *l = dec__layout(d, c->n, c->ptr_bytes);
    switch (d->kind) {
    case DK_SCALAR:
        layout_value(e,
                     &(layout_field_t){key, ((const layout_field_t *)d->aux)->type,
                                       ((const layout_field_t *)d->aux)->aux},
                     c);
        break;
    case DK_STRUCT:
    case DK_TCP_INFO:
        layout_emit(e, key, l, c);
        break;
    case DK_ARRAY:
        dec__array(e, key, l, c);
        break;
    case DK_SOCKADDR:
        layout_sockaddr(e, key, c, c->n);
        break;
    case DK_ADDRLIST:
        dec__addrlist(e, key, c);
        break;
    case DK_NONE:
        break;
    }
}

void dec_members(emit_t *e, const dec_t *d, const uint8_t *p, size_t n, uint64_t addr,
                 unsigned ptr_bytes)
{
    bool json = emit_json(e);
    if (d->kind == DK_NONE) {
        if (n)
            emit_bytes(e, "hex", p, n);
        return;
    }
    layout_cursor_t c = layout_cursor(p, n, ptr_bytes, addr);
    const layout_t *l = dec__layout(d, n, c.ptr_bytes);
    emit_str(e, json ? "type" : NULL, l && d->kind != DK_ARRAY ? l->type : d->type);
    if (n == 0) {
        c.short_ = true;
    } else {
        dec__value(e, json ? "value" : NULL, d, &c);
    }
    if (c.short_)
        emit_bool(e, "short", true);
    if (c.off < n)
        emit_bytes(e, "extra", p + c.off, n - c.off);
}
