/* The table: every IOCTL of the reference page with its SDK value, names
 * unique, look-ups by name and value, documented settings. */
#include <stdint.h>

#include "check.h"
#include "ioctl.h"

/* The 49 codes of the Winsock IOCTL reference page, with the values the
 * Windows SDK headers give them, written out independently of the table. */
static const struct {
    const char *name;
    uint32_t code;
} reference[] = {
    {"FIONBIO", 0x8004667E},
    {"FIONREAD", 0x4004667F},
    {"SIOCATMARK", 0x40047307},
    {"SIO_ACQUIRE_PORT_RESERVATION", 0x98000064},
    {"SIO_ADDRESS_LIST_CHANGE", 0x28000017},
    {"SIO_ADDRESS_LIST_QUERY", 0x48000016},
    {"SIO_APPLY_TRANSPORT_SETTING", 0x98000013},
    {"SIO_ASSOCIATE_HANDLE", 0x88000001},
    {"SIO_ASSOCIATE_PORT_RESERVATION", 0x98000066},
    {"SIO_BASE_HANDLE", 0x48000022},
    {"SIO_BSP_HANDLE", 0x4800001B},
    {"SIO_BSP_HANDLE_SELECT", 0x4800001C},
    {"SIO_BSP_HANDLE_POLL", 0x4800001D},
    {"SIO_CHK_QOS", 0xDC000001},
    {"SIO_ENABLE_CIRCULAR_QUEUEING", 0x28000002},
    {"SIO_FIND_ROUTE", 0x48000003},
    {"SIO_FLUSH", 0x28000004},
    {"SIO_GET_BROADCAST_ADDRESS", 0x48000005},
    {"SIO_GET_EXTENSION_FUNCTION_POINTER", 0xC8000006},
    {"SIO_GET_GROUP_QOS", 0xC8000008},
    {"SIO_GET_INTERFACE_LIST", 0x4004747F},
    {"SIO_GET_INTERFACE_LIST_EX", 0x4004747E},
    {"SIO_GET_QOS", 0xC8000007},
    {"SIO_IDEAL_SEND_BACKLOG_CHANGE", 0x2000747A},
    {"SIO_IDEAL_SEND_BACKLOG_QUERY", 0x4004747B},
    {"SIO_KEEPALIVE_VALS", 0x98000004},
    {"SIO_LOOPBACK_FAST_PATH", 0x98000010},
    {"SIO_MULTIPOINT_LOOPBACK", 0x88000009},
    {"SIO_MULTICAST_SCOPE", 0x8800000A},
    {"SIO_QUERY_RSS_PROCESSOR_INFO", 0x48000025},
    {"SIO_QUERY_RSS_SCALABILITY_INFO", 0x580000D2},
    {"SIO_QUERY_TRANSPORT_SETTING", 0x98000014},
    {"SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE", 0x580000CD},
    {"SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT", 0x980000DD},
    {"SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS", 0x980000DC},
    {"SIO_RCVALL", 0x98000001},
    {"SIO_RCVALL_IGMPMCAST", 0x98000003},
    {"SIO_RCVALL_MCAST", 0x98000002},
    {"SIO_RELEASE_PORT_RESERVATION", 0x98000065},
    {"SIO_ROUTING_INTERFACE_CHANGE", 0x88000015},
    {"SIO_ROUTING_INTERFACE_QUERY", 0xC8000014},
    {"SIO_SET_COMPATIBILITY_MODE", 0x9800012C},
    {"SIO_SET_GROUP_QOS", 0x8800000C},
    {"SIO_SET_QOS", 0x8800000B},
    {"SIO_TCP_INITIAL_RTO", 0x98000011},
    {"SIO_TRANSLATE_HANDLE", 0xC800000D},
    {"SIO_UDP_CONNRESET", 0x9800000C},
    {"SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS", 0x980000DE},
    {"SIO_TCP_INFO", 0xD8000027},
};

/* Relatives named in the table beside the reference page, same source. */
static const struct {
    const char *name;
    uint32_t code;
} relatives[] = {
    {"SIO_EXT_SELECT", 0xC800001E},
    {"SIO_EXT_POLL", 0xC800001F},
    {"SIO_EXT_SENDMSG", 0xC8000020},
    {"SIO_QUERY_TARGET_PNP_HANDLE", 0x48000018},
    {"SIO_ADDRESS_LIST_SORT", 0xC8000019},
    {"SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER", 0xC8000024},
    {"SIO_RCVALL_IF", 0x9800000E},
    {"SIO_RCVALL_MCAST_IF", 0x9800000D},
    {"SIO_UDP_NETRESET", 0x9800000F},
    {"SIO_SOCKET_CLOSE_NOTIFY", 0x9800000D},
    {"SIO_CPU_AFFINITY", 0x98000015},
    {"SIO_TIMESTAMPING", 0x980000EB},
    {"SIO_TCP_SET_ICW", 0x98000016},
    {"SIO_TCP_SET_ACK_FREQUENCY", 0x98000017},
    {"SIO_SET_PRIORITY_HINT", 0x98000018},
};

/* The reference page's documented settings that the values contradict. */
static const char *const disagreeing[] = {"SIO_GET_QOS", "SIO_MULTIPOINT_LOOPBACK"};

static void test_reference(void)
{
    check(sizeof reference / sizeof reference[0] == 49, "the page lists 49 codes");
    for (size_t i = 0; i < sizeof reference / sizeof reference[0]; i++) {
        const ioctl_info_t *io = ioctl_by_name(reference[i].name);
        check(io != NULL, "%s missing from the table", reference[i].name);
        if (!io)
            continue;
        check(io->code == reference[i].code, "%s: 0x%08X, want 0x%08X", io->name,
              (unsigned)io->code, (unsigned)reference[i].code);
        /* The page gives a setting for every code but the three Unix ones. */
        check((io->doc_io != DOC_NONE) == (i >= 3), "%s: documented setting", io->name);
    }
    for (size_t i = 0; i < sizeof relatives / sizeof relatives[0]; i++) {
        const ioctl_info_t *io = ioctl_by_name(relatives[i].name);
        check(io && io->code == relatives[i].code, "%s", relatives[i].name);
    }
}

static bool is_disagreeing(const char *name)
{
    for (size_t i = 0; i < sizeof disagreeing / sizeof disagreeing[0]; i++)
        if (!strcmp(disagreeing[i], name))
            return true;
    return false;
}

static void test_rows(void)
{
    check(ioctl_count() >= 80, "table has %zu rows", ioctl_count());
    for (size_t i = 0; i < ioctl_count(); i++) {
        const ioctl_info_t *io = ioctl_at(i);
        check(io->name && io->name[0] && io->header && io->since && io->desc && io->in && io->out,
              "row %zu incomplete", i);
        check(ioctl_by_name(io->name) == io, "%s: name not unique", io->name);
        const ioctl_info_t *first = ioctl_by_code(io->code);
        check(first == io || ioctl_next_alias(first) != NULL, "%s: value lost", io->name);
        check(ioctl_doc_agrees(io) == !is_disagreeing(io->name), "%s: doc_agrees=%d", io->name,
              ioctl_doc_agrees(io));
        check((io->doc_t < 0) == (io->doc_io == DOC_NONE), "%s: doc T without setting", io->name);
    }
    check(ioctl_at(ioctl_count()) == NULL, "past the end");
}

static void test_lookup(void)
{
    check(ioctl_by_name("sio_rcvall") == ioctl_by_name("SIO_RCVALL"), "names ignore case");
    check(ioctl_by_name("SIO_RCVAL") == NULL, "prefix is not a name");
    check(ioctl_by_name("") == NULL, "empty name");
    check(ioctl_by_code(0xDEADBEEF) == NULL, "unknown value");
    const ioctl_info_t *a = ioctl_by_code(0x9800000D);
    check(a && ioctl_next_alias(a) && ioctl_next_alias(ioctl_next_alias(a)) == NULL,
          "0x9800000D carries exactly two names");
    char doc[32];
    ioctl_doc_format(doc, sizeof doc, ioctl_by_name("SIO_TCP_INFO"));
    check_str(doc, "I, O, T==3");
    ioctl_doc_format(doc, sizeof doc, ioctl_by_name("SIO_FLUSH"));
    check_str(doc, "V, T==1");
    ioctl_doc_format(doc, sizeof doc, ioctl_by_name("FIONBIO"));
    check_str(doc, "");
}

int main(void)
{
    test_reference();
    test_rows();
    test_lookup();
    return check_done("test_table");
}
