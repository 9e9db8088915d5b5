/* The ETW sink's Audit and AuditEnd events, which the capture audit writes,
 * with every fact of the audit lines they stand for, unknown ones too: the
 * sink linked into this program, its advapi32 imports pointed at the test
 * host's recording session, and each event decoded and checked field by
 * field. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>

#include <string.h>
#include <wchar.h>

#include "e2e.h"
#include "etwdec.h"
#include "etwrec.h"
#include "etwsink.h"
#include "hostetw.h"

static uint8_t raw[1 << 20];
static char json[8][65536];
static jdoc_t doc[8];

static size_t read_events(void)
{
    size_t n = hostetw_events(raw, sizeof raw), count = 0;
    check(n <= sizeof raw);
    for (size_t at = 0; at < n; count++) {
        etwrec_t r;
        size_t size = etwrec_get(raw + at, n - at, &r);
        check(size > 0 && count < 8);
        size_t len = etwdec_json(json[count], sizeof json[0], &r);
        check(len < sizeof json[0]);
        checkf(jdoc_parse(&doc[count], json[count], len) && !jdoc_get(&doc[count], "error"), "%s",
               json[count]);
        at += size;
    }
    return count;
}

static void want_str(const jdoc_t *d, const char *path, const char *want)
{
    checkf(jdoc_str_is(d, path, want), "%s is not \"%s\"", path, want);
}

static void want_int(const jdoc_t *d, const char *path, long long want)
{
    long long v;
    checkf(jdoc_int(d, path, &v) && v == want, "%s is not %lld", path, want);
}

static const uint8_t sid[] = {1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0,    0, 1, 0,
                              0, 0, 2, 0, 0, 0, 3, 0, 0,  0, 0xe9, 3, 0, 0};
static char long_cmd[8000];
static const auditrec_proc_t proc = {
    .image = "cap.exe",
    .path = "C:\\tools\\cap.exe",
    .command_line = long_cmd,
    .parent_pid = 99,
    .user_sid = "S-1-5-21-1-2-3-1001",
    .user = "HOST\\al\xc3\xaf"
            "ce",
    .session_id = 2,
    .integrity = 0x3000,
    .elevated = 1,
};
/* What procinfo says when it could read nothing. */
static const auditrec_proc_t unknown = {
    .parent_pid = -1, .session_id = -1, .integrity = -1, .elevated = -1};

static void want_who(const jdoc_t *d)
{
    want_str(d, "fields.image", "cap.exe");
    want_str(d, "fields.image_path", "C:\\tools\\cap.exe");
    const jnode_t *cmd = jdoc_get(d, "fields.command_line");
    checkf(cmd && cmd->len == sizeof long_cmd - 1 && memcmp(cmd->text, long_cmd, cmd->len) == 0,
           "the whole command line");
    want_int(d, "fields.parent_pid", 99);
    want_str(d, "fields.user_sid", "S-1-5-21-1-2-3-1001");
    want_str(d, "types.user_sid", "SID");
    want_str(d, "fields.user",
             "HOST\\al\xc3\xaf"
             "ce");
    want_int(d, "fields.session_id", 2);
    want_str(d, "fields.integrity", "high");
    want_int(d, "fields.integrity_rid", 0x3000);
    want_int(d, "fields.elevated", 1);
}

static void want_unknown(const jdoc_t *d)
{
    want_str(d, "fields.image", "");
    want_str(d, "fields.image_path", "");
    want_str(d, "fields.command_line", "");
    want_int(d, "fields.parent_pid", -1);
    want_str(d, "fields.user_sid", "S-1-0-0");
    want_str(d, "fields.user", "");
    want_int(d, "fields.session_id", -1);
    want_str(d, "fields.integrity", "");
    want_int(d, "fields.integrity_rid", -1);
    want_int(d, "fields.elevated", -1);
}

static void test_audit(void)
{
    static const uint32_t if_on[2] = {RCVALL_ON, 7};
    static const uint32_t odd_mode = 9;
    struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(5353)};
    local.sin_addr.s_addr = htonl(0x7f000001);
    rec_call_t c = {
        .time_us = 1795999323456789ull,
        .pid = 1234,
        .instance_us = 1795999300000000ull,
        .tid = 5678,
        .image = "cap.exe",
        .socket = 0x1a4,
        .af = AF_INET,
        .type = SOCK_RAW,
        .protocol = IPPROTO_IP,
        .code = 0x9800000E,
        .ptr_bytes = 8,
        .in = {(const uint8_t *)if_on, 8, 8, 0x7ff0001000, REC_BUF_OK},
        .ret = -1,
        .error = 10045,
    };
    auditrec_capture_t cap = {(const uint8_t *)&local, sizeof local, AUDITREC_CHANGE,
                              1795999310000000ull};
    for (size_t i = 0; i < sizeof long_cmd - 1; i++)
        long_cmd[i] = (char)('a' + i % 26);
    hostetw_clear();
    etwsink_audit(&(etwsink_audit_t){42, &c, &cap, &proc, sid});
    c.code = 0x98000001;
    c.in = (rec_buf_t){(const uint8_t *)&odd_mode, 4, 4, 0x7ff0002000, REC_BUF_OK};
    c.ret = 0;
    cap = (auditrec_capture_t){NULL, 0, AUDITREC_NONE, 0};
    etwsink_audit(&(etwsink_audit_t){0, &c, &cap, &unknown, NULL});
    c.in = (rec_buf_t){NULL, 0, 2, 0x7ff0003000, REC_BUF_UNREADABLE};
    etwsink_audit(&(etwsink_audit_t){0, &c, &cap, &unknown, NULL});
    check(read_events() == 3);
    const jdoc_t *d = &doc[0];
    want_str(d, "event", "Audit");
    want_str(d, "keywords", "0x0000000000000004");
    want_int(d, "level", 4);
    want_int(d, "fields.seq", 42);
    want_str(d, "fields.time", "2026-11-30T00:42:03.4567890Z");
    want_int(d, "fields.pid", 1234);
    want_str(d, "fields.instance", "2026-11-30T00:41:40.0000000Z");
    want_int(d, "fields.tid", 5678);
    want_str(d, "fields.socket", "0x00000000000001A4");
    want_int(d, "fields.af", AF_INET);
    want_int(d, "fields.socktype", SOCK_RAW);
    want_int(d, "fields.protocol", IPPROTO_IP);
    want_str(d, "fields.name", "SIO_RCVALL_IF");
    want_str(d, "fields.code", "0x9800000E");
    want_str(d, "fields.outcome", "refused");
    want_str(d, "fields.mode", "RCVALL_ON");
    want_int(d, "fields.mode_value", 1);
    want_int(d, "fields.if_index", 7);
    want_str(d, "fields.local_addr", "127.0.0.1:5353");
    want_str(d, "types.local_addr", "BINARY:SOCKETADDRESS");
    want_str(d, "fields.in_addr", "0x0000007FF0001000");
    want_int(d, "fields.in_size", 8);
    want_str(d, "fields.in_state", "ok");
    want_str(d, "fields.in", "0100000007000000");
    want_int(d, "fields.ret", -1);
    want_int(d, "fields.error", 10045);
    want_str(d, "fields.error_name", "WSAEOPNOTSUPP");
    checkf(jdoc_get(d, "fields.pending")->text[0] == 'f', "not pending");
    want_str(d, "fields.capture", "change");
    want_str(d, "fields.capture_since", "2026-11-30T00:41:50.0000000Z");
    want_who(d);

    d = &doc[1];
    want_int(d, "fields.seq", 0);
    want_str(d, "fields.name", "SIO_RCVALL");
    want_str(d, "fields.outcome", "on");
    want_str(d, "fields.mode", "9");
    want_int(d, "fields.mode_value", 9);
    want_int(d, "fields.if_index", -1);
    want_str(d, "fields.local_addr", "");
    want_int(d, "fields.error", 0);
    want_str(d, "fields.error_name", "");
    want_str(d, "fields.capture", "none");
    want_unknown(d);

    d = &doc[2];
    want_str(d, "fields.mode", "");
    want_int(d, "fields.mode_value", 0);
    want_str(d, "fields.in_state", "unreadable");
    want_str(d, "fields.in", "");
}

static void test_audit_end(void)
{
    auditrec_end_t e = {
        .time_us = 1795999333456789ull,
        .since_us = 1795999323456789ull,
        .pid = 1234,
        .instance_us = 1795999300000000ull,
        .socket = 0x1a4,
        .ptr_bytes = 8,
        .af = AF_INET,
        .type = SOCK_DGRAM,
        .protocol = IPPROTO_UDP,
        .code = 0x98000002,
        .request = {.has_mode = true, .mode = RCVALL_SOCKETLEVELONLY},
        .how = "closed",
    };
    hostetw_clear();
    etwsink_audit_end(&(etwsink_audit_end_t){&e, &proc, sid});
    check(read_events() == 1);
    const jdoc_t *d = &doc[0];
    want_str(d, "event", "AuditEnd");
    want_str(d, "keywords", "0x0000000000000004");
    want_int(d, "level", 4);
    want_str(d, "fields.time", "2026-11-30T00:42:13.4567890Z");
    want_int(d, "fields.pid", 1234);
    want_str(d, "fields.instance", "2026-11-30T00:41:40.0000000Z");
    want_str(d, "fields.socket", "0x00000000000001A4");
    want_int(d, "fields.af", AF_INET);
    want_int(d, "fields.socktype", SOCK_DGRAM);
    want_int(d, "fields.protocol", IPPROTO_UDP);
    want_str(d, "fields.name", "SIO_RCVALL_MCAST");
    want_str(d, "fields.code", "0x98000002");
    want_str(d, "fields.mode", "RCVALL_SOCKETLEVELONLY");
    want_int(d, "fields.mode_value", RCVALL_SOCKETLEVELONLY);
    want_int(d, "fields.if_index", -1);
    want_str(d, "fields.local_addr", "");
    want_str(d, "fields.capture_since", "2026-11-30T00:42:03.4567890Z");
    want_int(d, "fields.duration_us", 10000000);
    want_str(d, "fields.ended", "closed");
    want_who(d);
}

int main(void)
{
    hostetw_patch(GetModuleHandleW(NULL));
    etwsink_process_t p = {.image = "test_etwsink.exe",
                           .traced = true,
                           .formats = "json",
                           .log_dir = L"C:\\logs",
                           .max_file_bytes = 4096};
    auditrec_end_t end = {.how = "closed"};
    hostetw_session_start(5, ETWSINK_KW_AUDIT, 0);
    etwsink_register(&p);
    test_audit();
    test_audit_end();
    hostetw_session_stop();
    hostetw_clear();
    etwsink_audit_end(&(etwsink_audit_end_t){&end, &unknown, NULL});
    check(read_events() == 0);
    etwsink_unregister();
    hostetw_stats_t st;
    hostetw_stats(&st);
    check(st.registered == 0 && st.unregistrations == 1 && st.unwanted == 0 && st.invalid == 0);
    printf("test_etwsink: ok\n");
    return 0;
}
