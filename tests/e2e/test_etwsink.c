/* The ETW sink's Audit and AuditEnd events, which the capture audit writes,
 * and the clipping of long strings: the sink linked into this program, its
 * advapi32 imports pointed at the test host's recording session, and each
 * event decoded and checked field by field. */
#include <winsock2.h>
#include <ws2tcpip.h>

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

static const uint32_t on_mode = 1;
static const uint8_t sid[] = {1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0,
                              2, 0, 0, 0, 3, 0, 0, 0, 0xe9, 3, 0, 0};
static wchar_t long_cmd[3000];

static void test_audit(void)
{
    struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(5353)};
    local.sin_addr.s_addr = htonl(0x7f000001);
    rec_call_t c = {
        .time_us = 1795999323456789ull, .pid = 1234, .tid = 5678, .image = "cap.exe",
        .socket = 0x1a4, .af = AF_INET, .type = SOCK_RAW, .protocol = IPPROTO_IP,
        .code = 0x98000001, .ptr_bytes = 8,
        .in = {(const uint8_t *)&on_mode, 4, 4, 0x7ff0001000, REC_BUF_OK},
        .ret = -1, .error = 10045,
    };
    for (size_t i = 0; i < 2999; i++)
        long_cmd[i] = L'a' + (wchar_t)(i % 26);
    etwsink_audit_t a = {
        .seq = 42, .call = &c, .name = "SIO_RCVALL", .outcome = "refused", .mode = "RCVALL_ON",
        .mode_value = 1, .if_index = 7, .local_addr = &local, .local_addr_len = sizeof local,
        .image_path = L"C:\\tools\\cap.exe", .command_line = long_cmd, .parent_pid = 99,
        .process_start_us = 1795999300000000ull, .user_sid = sid, .user = L"HOST\\alice",
        .session = 2, .integrity = "high", .integrity_rid = 0x3000, .elevated = true,
    };
    hostetw_clear();
    etwsink_audit(&a);
    a.user_sid = NULL;
    a.local_addr = NULL;
    a.command_line = L"cap.exe -i 7";
    etwsink_audit(&a);
    check(read_events() == 2);
    const jdoc_t *d = &doc[0];
    want_str(d, "event", "Audit");
    want_str(d, "keywords", "0x0000000000000004");
    want_int(d, "level", 4);
    want_int(d, "fields.seq", 42);
    want_str(d, "fields.time", "2026-11-30T00:42:03.4567890Z");
    want_int(d, "fields.pid", 1234);
    want_int(d, "fields.tid", 5678);
    want_str(d, "fields.image", "cap.exe");
    want_str(d, "fields.socket", "0x00000000000001A4");
    want_int(d, "fields.af", AF_INET);
    want_int(d, "fields.socktype", SOCK_RAW);
    want_int(d, "fields.protocol", IPPROTO_IP);
    want_str(d, "fields.name", "SIO_RCVALL");
    want_str(d, "fields.code", "0x98000001");
    want_str(d, "fields.in", "01000000");
    want_int(d, "fields.ret", -1);
    want_int(d, "fields.error", 10045);
    want_str(d, "fields.error_name", "WSAEOPNOTSUPP");
    want_str(d, "fields.outcome", "refused");
    want_str(d, "fields.mode", "RCVALL_ON");
    want_int(d, "fields.mode_value", 1);
    want_int(d, "fields.if_index", 7);
    want_str(d, "fields.local_addr", "127.0.0.1:5353");
    want_str(d, "types.local_addr", "BINARY:SOCKETADDRESS");
    want_str(d, "fields.image_path", "C:\\\\tools\\\\cap.exe");
    const jnode_t *cmd = jdoc_get(d, "fields.command_line");
    checkf(cmd && cmd->len == 2047 && cmd->text[0] == 'a' && cmd->text[26] == 'a',
           "a long command line is clipped to 2047 characters");
    want_int(d, "fields.parent_pid", 99);
    want_str(d, "fields.process_start", "2026-11-30T00:41:40.0000000Z");
    want_str(d, "fields.user_sid", "S-1-5-21-1-2-3-1001");
    want_str(d, "types.user_sid", "SID");
    want_str(d, "fields.user", "HOST\\\\alice");
    want_int(d, "fields.session", 2);
    want_str(d, "fields.integrity", "high");
    want_int(d, "fields.integrity_rid", 0x3000);
    checkf(jdoc_get(d, "fields.elevated")->text[0] == 't', "elevated");

    d = &doc[1];
    want_str(d, "fields.user_sid", "S-1-0-0");
    want_str(d, "fields.local_addr", "");
    want_str(d, "fields.command_line", "cap.exe -i 7");
}

static void test_audit_end(void)
{
    etwsink_audit_end_t e = {
        .time_us = 1795999333456789ull, .pid = 1234, .tid = 5679, .image = "cap.exe",
        .socket = 0x1a4, .name = "SIO_RCVALL", .code = 0x98000001, .how = "closed",
        .started_us = 1795999323456789ull, .duration_us = 10000000, .if_index = 0,
        .process_start_us = 1795999300000000ull,
    };
    hostetw_clear();
    etwsink_audit_end(&e);
    check(read_events() == 1);
    const jdoc_t *d = &doc[0];
    want_str(d, "event", "AuditEnd");
    want_str(d, "keywords", "0x0000000000000004");
    want_str(d, "fields.time", "2026-11-30T00:42:13.4567890Z");
    want_int(d, "fields.tid", 5679);
    want_str(d, "fields.socket", "0x00000000000001A4");
    want_str(d, "fields.how", "closed");
    want_str(d, "fields.started", "2026-11-30T00:42:03.4567890Z");
    want_int(d, "fields.duration_us", 10000000);
    want_str(d, "fields.local_addr", "");
    want_str(d, "fields.process_start", "2026-11-30T00:41:40.0000000Z");
}

int main(void)
{
    hostetw_patch(GetModuleHandleW(NULL));
    etwsink_process_t p = {.image = "test_etwsink.exe", .traced = true, .formats = "json",
                           .log_dir = L"C:\\logs", .max_file_bytes = 4096};
    etwsink_audit_end_t e = {.image = "x", .name = "x", .how = "x"};
    hostetw_session_start(5, ETWSINK_KW_AUDIT, 0);
    etwsink_register(&p);
    test_audit();
    test_audit_end();
    hostetw_session_stop();
    hostetw_clear();
    etwsink_audit_end(&e);
    check(read_events() == 0);
    etwsink_unregister();
    hostetw_stats_t st;
    hostetw_stats(&st);
    check(st.registered == 0 && st.unregistrations == 1 && st.unwanted == 0 && st.invalid == 0);
    printf("test_etwsink: ok\n");
    return 0;
}
