/* Buffer decoders: named members and values on good buffers, and what
 * short, empty and oversized buffers give, at both pointer widths. */
#include <stdint.h>

#include "check.h"
#include "dec.h"
#include "describe.h"
#include "emit.h"
#include "ioctl.h"
#include "jdoc.h"
#include "layout.h"
#include "xlat.h"

static char out[8192];

static const char *json_of(const char *name, bool is_out, const uint8_t *p, size_t n, uint64_t addr,
                           unsigned ptr)
{
    emit_t e;
    emit_init(&e, out, sizeof out, EMIT_JSON);
    emit_open(&e, NULL, '{');
    describe_buffer(&e, ioctl_by_name(name)->code, is_out, p, n, addr, ptr);
    emit_close(&e);
    check(jdoc_valid(out, strlen(out)), "not JSON: %s", out);
    return out;
}

static const char *text_of(const char *name, bool is_out, const uint8_t *p, size_t n, unsigned ptr)
{
    emit_t e;
    emit_init(&e, out, sizeof out, EMIT_TEXT);
    emit_open(&e, NULL, '{');
    describe_buffer(&e, ioctl_by_name(name)->code, is_out, p, n, 0, ptr);
    emit_close(&e);
    return out;
}

static void test_scalars(void)
{
    const uint8_t one[] = {1, 0, 0, 0};
    check_str(json_of("FIONBIO", false, one, 4, 0, 8), "{\"type\":\"u_long\",\"value\":1}");
    check_str(json_of("SIOCATMARK", true, one, 4, 0, 8), "{\"type\":\"BOOL\",\"value\":true}");
    const uint8_t iplevel[] = {3, 0, 0, 0};
    check_str(json_of("SIO_RCVALL", false, iplevel, 4, 0, 8),
              "{\"type\":\"RCVALL_VALUE\",\"value\":\"RCVALL_IPLEVEL\"}");
    check_str(text_of("SIO_RCVALL", false, iplevel, 4, 8), "{RCVALL_VALUE, RCVALL_IPLEVEL}");
    const uint8_t seven[] = {7, 0, 0, 0};
    check_str(json_of("SIO_RCVALL_MCAST", false, seven, 4, 0, 8),
              "{\"type\":\"RCVALL_VALUE\",\"value\":7}");
    const uint8_t sock8[] = {0x34, 0x12, 0, 0, 0, 0, 0, 0};
    check_str(json_of("SIO_BASE_HANDLE", true, sock8, 8, 0, 8),
              "{\"type\":\"SOCKET\",\"value\":\"0x0000000000001234\"}");
    check_str(json_of("SIO_BSP_HANDLE_POLL", true, sock8, 4, 0, 4),
              "{\"type\":\"SOCKET\",\"value\":\"0x00001234\"}");
    check_str(json_of("SIO_BASE_HANDLE", true, sock8, 4, 0, 8),
              "{\"type\":\"SOCKET\",\"short\":true,\"extra\":\"34120000\"}");
}

static void test_extension_guid(void)
{
    /* WSAID_CONNECTEX in memory: Data1-3 little-endian, then Data4. */
    const uint8_t connectex[] = {0xb9, 0x07, 0xa2, 0x25, 0xf3, 0xdd, 0x60, 0x46,
                                 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e};
    check_str(json_of("SIO_GET_EXTENSION_FUNCTION_POINTER", false, connectex, 16, 0, 8),
              "{\"type\":\"GUID\",\"value\":\"WSAID_CONNECTEX\"}");
    uint8_t other[16] = {1};
    check_str(json_of("SIO_GET_EXTENSION_FUNCTION_POINTER", false, other, 16, 0, 8),
              "{\"type\":\"GUID\",\"value\":\"{00000001-0000-0000-0000-000000000000}\"}");
    char text[XLAT_GUID_LEN];
    xlat_guid_format(text, connectex);
    check_str(text, "{25a207b9-ddf3-4660-8ee9-76e58c74063e}");
    xlat_guid_format_reg(text, connectex);
    check_str(text, "{25A207B9-DDF3-4660-8EE9-76E58C74063E}");
    const uint8_t fn[] = {0x10, 0x32, 0x54, 0x76, 0, 0, 0, 0};
    check_str(json_of("SIO_GET_EXTENSION_FUNCTION_POINTER", true, fn, 4, 0, 4),
              "{\"type\":\"void *\",\"value\":\"0x76543210\"}");
}

static void test_structs(void)
{
    const uint8_t ka[] = {1, 0, 0, 0, 0x40, 0x77, 0x1b, 0, 0xe8, 3, 0, 0, 0xaa};
    check_str(json_of("SIO_KEEPALIVE_VALS", false, ka, 12, 0, 8),
              "{\"type\":\"tcp_keepalive\",\"value\":{\"onoff\":1,\"keepalivetime\":1800000,"
              "\"keepaliveinterval\":1000}}");
    check_str(json_of("SIO_KEEPALIVE_VALS", false, ka, 13, 0, 8),
              "{\"type\":\"tcp_keepalive\",\"value\":{\"onoff\":1,\"keepalivetime\":1800000,"
              "\"keepaliveinterval\":1000},\"extra\":\"aa\"}");
    check_str(
        json_of("SIO_KEEPALIVE_VALS", false, ka, 6, 0, 8),
        "{\"type\":\"tcp_keepalive\",\"value\":{\"onoff\":1},\"short\":true,\"extra\":\"4077\"}");
    check_str(json_of("SIO_KEEPALIVE_VALS", false, ka, 0, 0, 8),
              "{\"type\":\"tcp_keepalive\",\"short\":true}");
    check_str(text_of("SIO_KEEPALIVE_VALS", false, ka, 12, 8),
              "{tcp_keepalive, {onoff=1, keepalivetime=1800000, keepaliveinterval=1000}}");

    const uint8_t rcvif[] = {1, 0, 0, 0, 7, 0, 0, 0};
    check_str(json_of("SIO_RCVALL_IF", false, rcvif, 8, 0, 8),
              "{\"type\":\"RCVALL_IF\",\"value\":{\"Mode\":\"RCVALL_ON\",\"Interface\":7}}");
    const uint8_t compat[] = {2, 0, 0, 0, 0, 6, 0, 0};
    check_str(
        json_of("SIO_SET_COMPATIBILITY_MODE", false, compat, 8, 0, 8),
        "{\"type\":\"WSA_COMPATIBILITY_MODE\",\"value\":{\"BehaviorId\":\"WsaBehaviorAutoTuning\","
        "\"TargetOsVersion\":\"0x00000600\"}}");
    const uint8_t rto[] = {0xff, 0xff, 0xfe, 0};
    check_str(json_of("SIO_TCP_INITIAL_RTO", false, rto, 4, 0, 8),
              "{\"type\":\"TCP_INITIAL_RTO_PARAMETERS\",\"value\":{\"Rtt\":\"TCP_INITIAL_RTO_"
              "UNSPECIFIED_RTT\","
              "\"MaxSynRetransmissions\":\"TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS\"}}");
    const uint8_t inst[] = {0x88, 0x13, 10,   0,    0,    0,    0,    0,
                            0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01};
    check_str(json_of("SIO_ACQUIRE_PORT_RESERVATION", true, inst, 16, 0, 4),
              "{\"type\":\"INET_PORT_RESERVATION_INSTANCE\",\"value\":{\"Reservation\":{"
              "\"StartPort\":5000,"
              "\"NumberOfPorts\":10},\"Token\":{\"Token\":\"0x0123456789ABCDEF\"}}}");
    const uint8_t aff[] = {1, 0, 3, 0, 2, 0, 0, 0};
    check_str(json_of("SIO_QUERY_RSS_PROCESSOR_INFO", true, aff, 8, 0, 8),
              "{\"type\":\"SOCKET_PROCESSOR_AFFINITY\",\"value\":{\"Processor\":{\"Group\":1,"
              "\"Number\":3,"
              "\"Reserved\":0},\"NumaNodeId\":2,\"Reserved\":0}}");
}

static void test_qos_and_settings(void)
{
    uint8_t qos[80] = {0};
    qos[0] = 0x10, qos[1] = 0x27; /* SendingFlowspec.TokenRate 10000 */
    qos[20] = 2;                  /* SendingFlowspec.ServiceType */
    qos[32 + 20] = 0xff, qos[32 + 21] = 0xff, qos[32 + 22] = 0xff, qos[32 + 23] = 0xff;
    qos[64] = 4;    /* ProviderSpecific.len */
    qos[72] = 0x80; /* ProviderSpecific.buf, 64-bit */
    json_of("SIO_SET_QOS", false, qos, 80, 0, 8);
    check(strstr(out, "\"type\":\"QOS\",\"value\":{\"SendingFlowspec\":{\"TokenRate\":10000,") &&
              strstr(out, "\"ServiceType\":\"SERVICETYPE_CONTROLLEDLOAD\"") &&
              strstr(out, "\"ServiceType\":\"QOS_NOT_SPECIFIED\"") &&
              strstr(out, "\"ProviderSpecific\":{\"len\":4,\"buf\":\"0x0000000000000080\"}}}"),
          "%s", out);
    /* The same bytes from a 32-bit process: the pointer sits at 68. */
    json_of("SIO_GET_QOS", true, qos, 72, 0, 4);
    check(strstr(out, "\"ProviderSpecific\":{\"len\":4,\"buf\":\"0x00000000\"}}}"), "%s", out);

    /* REAL_TIME_NOTIFICATION_CAPABILITY, then a broker event GUID. */
    uint8_t rtn[32] = {0x9a, 0x81, 0x59, 0x6b, 0xae, 0x5c, 0x2d, 0x49,
                       0xa9, 0x01, 0x2a, 0x3c, 0x2c, 0x50, 0x16, 0x4f};
    json_of("SIO_APPLY_TRANSPORT_SETTING", false, rtn, 32, 0, 8);
    check(strstr(out, "{\"TransportSettingId\":{\"Guid\":\"REAL_TIME_NOTIFICATION_CAPABILITY\"},"
                      "\"BrokerEventGuid\":\"{00000000-0000-0000-0000-000000000000}\"}"),
          "%s", out);
    json_of("SIO_QUERY_TRANSPORT_SETTING", false, rtn, 16, 0, 8);
    check(strstr(out, "\"type\":\"TRANSPORT_SETTING_ID\",\"value\":{\"Guid\":\"REAL_TIME_"
                      "NOTIFICATION_CAPABILITY\"}}"),
          "%s", out);
    const uint8_t status[] = {2, 0, 0, 0};
    json_of("SIO_QUERY_TRANSPORT_SETTING", true, status, 4, 0, 8);
    check(
        strstr(out, "\"ChannelStatus\":\"CONTROL_CHANNEL_TRIGGER_STATUS_HARDWARE_SLOT_ALLOCATED\""),
        "%s", out);
    const uint8_t handle[] = {1, 2, 3, 4, 5, 6, 7, 8};
    check_str(json_of("SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE", true, handle, 8, 0, 4),
              "{\"type\":\"UINT64\",\"value\":\"0x0807060504030201\"}");
}

static void test_sockaddr(void)
{
    const uint8_t v4[] = {2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    check_str(json_of("SIO_ROUTING_INTERFACE_QUERY", false, v4, 16, 0, 8),
              "{\"type\":\"sockaddr\",\"value\":{\"sa_family\":\"AF_INET\",\"sin_port\":8080,"
              "\"sin_addr\":\"127.0.0.1\"}}");
    check_str(json_of("SIO_ROUTING_INTERFACE_QUERY", false, v4, 8, 0, 8),
              "{\"type\":\"sockaddr\",\"value\":{\"sa_family\":\"AF_INET\",\"sin_port\":8080,"
              "\"sin_addr\":\"127.0.0.1\"},\"short\":true}");
    uint8_t v6[28] = {23, 0, 0, 80};
    v6[8 + 15] = 1; /* ::1 */
    v6[24] = 5;     /* scope id */
    check_str(json_of("SIO_ROUTING_INTERFACE_QUERY", true, v6, 28, 0, 8),
              "{\"type\":\"sockaddr\",\"value\":{\"sa_family\":\"AF_INET6\",\"sin6_port\":80,"
              "\"sin6_flowinfo\":0,\"sin6_addr\":\"::1\",\"sin6_scope_id\":5}}");
    const uint8_t fe80[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    memcpy(v6 + 8, fe80, 16);
    json_of("SIO_FIND_ROUTE", false, v6, 28, 0, 8);
    check(strstr(out, "\"sin6_addr\":\"fe80::1\""), "%s", out);
    const uint8_t bcast[] = {2, 0, 0, 0, 192, 0, 2, 255, 0, 0, 0, 0, 0, 0, 0, 0};
    json_of("SIO_GET_BROADCAST_ADDRESS", true, bcast, 16, 0, 8);
    check(strstr(out, "\"sin_addr\":\"192.0.2.255\"}}"), "%s", out);
    const uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
    char text[46];
    layout_in6_format(text, a6);
    check_str(text, "2001:db8::1:0:0:1");
    const uint8_t zero[16] = {0};
    layout_in6_format(text, zero);
    check_str(text, "::");
}

/* SOCKET_ADDRESS_LIST with its pointers into the buffer itself. */
static size_t build_addrlist(uint8_t *buf, uint64_t base, unsigned ptr)
{
    memset(buf, 0, 128);
    buf[0] = 2; /* iAddressCount */
    size_t arr = ptr == 8 ? 8 : 4, entry = 2 * ptr, sa = arr + 2 * entry;
    for (int i = 0; i < 2; i++) {
        uint64_t p = base + sa + (size_t)i * 16;
        memcpy(buf + arr + (size_t)i * entry, &p, ptr); /* little-endian host */
        buf[arr + (size_t)i * entry + ptr] = 16;
        uint8_t *s = buf + sa + (size_t)i * 16;
        s[0] = 2;
        s[4] = 10, s[5] = 0, s[6] = 0, s[7] = (uint8_t)(i + 1);
    }
    return sa + 32;
}

static void test_addrlist(void)
{
    uint8_t buf[128];
    for (unsigned ptr = 4; ptr <= 8; ptr += 4) {
        size_t n = build_addrlist(buf, 0x10000, ptr);
        json_of("SIO_ADDRESS_LIST_QUERY", true, buf, n, 0x10000, ptr);
        check(strstr(out, "\"iAddressCount\":2"), "%u: %s", ptr, out);
        check(strstr(out, "\"sin_addr\":\"10.0.0.1\"") && strstr(out, "\"sin_addr\":\"10.0.0.2\""),
              "%u: %s", ptr, out);
        check(!strstr(out, "extra") && !strstr(out, "short"), "%u: %s", ptr, out);
        /* Unknown buffer address: the pointers are shown, not followed. */
        json_of("SIO_ADDRESS_LIST_QUERY", true, buf, n, 0, ptr);
        check(!strstr(out, "sin_addr") && strstr(out, "\"lpSockaddr\""), "%u: %s", ptr, out);
        /* A pointer outside the buffer is not followed either. */
        json_of("SIO_ADDRESS_LIST_QUERY", true, buf, n, 0x20000, ptr);
        check(!strstr(out, "sin_addr"), "%u: %s", ptr, out);
    }
}

static void test_interface_list(void)
{
    uint8_t buf[76 * 2 + 5] = {0};
    for (int i = 0; i < 2; i++) {
        uint8_t *ii = buf + 76 * i;
        ii[0] = i ? 0x13 : 0x05; /* UP|BROADCAST|MULTICAST, UP|LOOPBACK */
        ii[4] = 2;
        ii[8] = 127, ii[11] = (uint8_t)(1 + i);
    }
    json_of("SIO_GET_INTERFACE_LIST", true, buf, sizeof buf, 0, 8);
    check(strstr(out,
                 "\"type\":\"INTERFACE_INFO[]\",\"value\":[{\"iiFlags\":\"IFF_UP|IFF_LOOPBACK\""),
          "%s", out);
    check(strstr(out, "\"iiFlags\":\"IFF_UP|IFF_BROADCAST|IFF_MULTICAST\""), "%s", out);
    check(strstr(out, "\"sin_addr\":\"127.0.0.2\""), "%s", out);
    check(strstr(out, "\"extra\":\"0000000000\""), "%s", out);
}

static void test_tcp_info(void)
{
    uint8_t v[136] = {4};  /* TCPSTATE_ESTABLISHED */
    v[4] = 0xb4, v[5] = 5; /* Mss 1460 */
    v[84] = 2;             /* SynRetrans */
    v[128] = 9;            /* SndLimBytesSnd */
    json_of("SIO_TCP_INFO", true, v, 88, 0, 8);
    check(strstr(out, "\"type\":\"TCP_INFO_v0\"") &&
              strstr(out, "\"State\":\"TCPSTATE_ESTABLISHED\"") && strstr(out, "\"Mss\":1460") &&
              strstr(out, "\"SynRetrans\":2}") && !strstr(out, "extra"),
          "%s", out);
    json_of("SIO_TCP_INFO", true, v, 136, 0, 4);
    check(strstr(out, "\"type\":\"TCP_INFO_v1\"") && strstr(out, "\"SndLimBytesSnd\":9}"), "%s",
          out);
    const uint8_t ver[] = {1, 0, 0, 0};
    check_str(json_of("SIO_TCP_INFO", false, ver, 4, 0, 8), "{\"type\":\"DWORD\",\"value\":1}");
}

static void test_no_decoder(void)
{
    const uint8_t raw[] = {0xde, 0xad};
    check_str(json_of("SIO_FLUSH", false, raw, 2, 0, 8), "{\"hex\":\"dead\"}");
    check_str(json_of("SIO_FLUSH", false, raw, 0, 0, 8), "{}");
    emit_t e;
    emit_init(&e, out, sizeof out, EMIT_JSON);
    emit_open(&e, NULL, '{');
    describe_buffer(&e, 0xDEADBEEF, false, raw, 2, 0, 8);
    emit_close(&e);
    check_str(out, "{\"hex\":\"dead\"}");
}

/* A sink gets what a buffer would hold, pieces longer than emit's own
 * scratch space included. */
static char sunk[8192];
static size_t sunk_len;

static void sink(void *ctx, const char *s, size_t n)
{
    check(ctx == sunk && sunk_len + n < sizeof sunk, "sink: %zu + %zu bytes", sunk_len, n);
    memcpy(sunk + sunk_len, s, n);
    sunk_len += n;
    sunk[sunk_len] = '\0';
}

static void test_sink(void)
{
    const uint8_t keepalive[] = {1, 0, 0, 0, 0x40, 0x77, 0x1b, 0, 0xe8, 3, 0, 0};
    char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    for (int mode = EMIT_TEXT; mode <= EMIT_JSON; mode++) {
        emit_t e[2];
        emit_init(&e[0], out, sizeof out, (emit_mode_t)mode);
        emit_init_sink(&e[1], sink, sunk, (emit_mode_t)mode);
        sunk_len = 0;
        for (int k = 0; k < 2; k++) {
            emit_open(&e[k], NULL, '{');
            describe_buffer(&e[k], ioctl_by_name("SIO_KEEPALIVE_VALS")->code, false, keepalive,
                            sizeof keepalive, 0, 8);
            emit_rawf(&e[k], ",%s", long_name);
            emit_close(&e[k]);
        }
        check_str(sunk, out);
        check(e[1].len == strlen(out) && sunk_len == strlen(out), "sink length %zu", sunk_len);
    }
}

static void test_names(void)
{
    char text[128];
    xlat_flags(text, sizeof text, &xlat_lsp_category, 0x80000001u);
    check_str(text, "LSP_SYSTEM|LSP_INSPECTOR");
    xlat_flags(text, sizeof text, &xlat_lsp_category, 0x102u);
    check_str(text, "LSP_REDIRECTOR|0x100");
    check_str(xlat_name(&xlat_win32_error, 5), "ERROR_ACCESS_DENIED");
    check_str(xlat_name(&xlat_wsa_error, 11003), "WSANO_RECOVERY");
}

/* Every fixed-size decoder, walked: whole, one byte short, empty and three
 * bytes too long, at both pointer widths. */
static void test_walk(void)
{
    uint8_t buf[512];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < ioctl_count(); i++) {
        const ioctl_info_t *io = ioctl_at(i);
        if (ioctl_by_code(io->code) != io)
            continue; /* an alias: its value decodes with the first row's decoders */
        for (int side = 0; side < 2; side++) {
            const dec_t *d = side ? io->out : io->in;
            for (unsigned ptr = 4; ptr <= 8; ptr += 4) {
                size_t size = dec_size(d, ptr);
                if (!size)
                    continue;
                json_of(io->name, side, buf, size, 0, ptr);
                check(!strstr(out, "short") && !strstr(out, "extra") && strstr(out, "\"value\":"),
                      "%s/%d/%u whole: %s", io->name, side, ptr, out);
                json_of(io->name, side, buf, size - 1, 0, ptr);
                check(strstr(out, "\"short\":true"), "%s/%d/%u short: %s", io->name, side, ptr,
                      out);
                json_of(io->name, side, buf, 0, 0, ptr);
                check(strstr(out, "\"short\":true") && !strstr(out, "value"), "%s empty: %s",
                      io->name, out);
                json_of(io->name, side, buf, size + 3, 0, ptr);
                check(strstr(out, "\"extra\":\""), "%s/%d/%u long: %s", io->name, side, ptr, out);
            }
        }
    }
}

static void test_sizes(void)
{
    /* Sizes as the Windows compilers lay the structures out. */
    check(dec_size(&dec_tcp_keepalive, 8) == 12, "tcp_keepalive");
    check(dec_size(&dec_tcp_info, 8) == 88 && dec_size(&dec_tcp_info, 4) == 88, "TCP_INFO_v0");
    check(dec_size(&dec_qos, 8) == 80 && dec_size(&dec_qos, 4) == 72, "QOS");
    check(dec_size(&dec_inet_port_reservation_instance, 4) == 16, "INET_PORT_RESERVATION_INSTANCE");
    check(dec_size(&dec_tcp_initial_rto, 8) == 4, "TCP_INITIAL_RTO_PARAMETERS");
    check(dec_size(&dec_socket, 4) == 4 && dec_size(&dec_socket, 8) == 8, "SOCKET");
    check(dec_size(&dec_rtn_setting_input, 8) == 32, "REAL_TIME_NOTIFICATION_SETTING_INPUT");
    check(dec_size(&dec_timestamping_config, 8) == 8, "TIMESTAMPING_CONFIG");
    for (size_t i = 0; i < dec_all_count; i++)
        check((dec_type(dec_all[i]) == NULL) == (dec_all[i] == &dec_none), "decoder %zu type", i);
}

int main(void)
{
    test_scalars();
    test_extension_guid();
    test_structs();
    test_qos_and_settings();
    test_sockaddr();
    test_addrlist();
    test_interface_list();
    test_tcp_info();
    test_no_decoder();
    test_sink();
    test_names();
    test_walk();
    test_sizes();
    return check_done("test_decode");
}
