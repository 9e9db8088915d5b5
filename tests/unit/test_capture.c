/* The capture codes an audit records, and the audit's two kinds of line. */
#include <stdint.h>

#include "auditrec.h"
#include "capture.h"
#include "check.h"
#include "jdoc.h"

#define STREAM 1
#define DGRAM  2
#define RAW    3
#define TCP    6
#define UDP    17

static uint32_t code_of(const char *name)
{
    return ioctl_by_name(name)->code;
}

static void test_codes(void)
{
    static const char *const audited[] = {"SIO_RCVALL", "SIO_RCVALL_MCAST", "SIO_RCVALL_IGMPMCAST",
                                          "SIO_RCVALL_IF", "SIO_RCVALL_MCAST_IF"};
    for (size_t i = 0; i < sizeof audited / sizeof audited[0]; i++) {
        uint32_t c = code_of(audited[i]);
        check(capture_audited(c, RAW, 0) && capture_audited(c, DGRAM, UDP) &&
                  capture_audited(c, -1, -1),
              "%s", audited[i]);
        check_str(capture_row(c, RAW, 0)->name, audited[i]);
    }
    uint32_t shared = code_of("SIO_SOCKET_CLOSE_NOTIFY");
    check(shared == code_of("SIO_RCVALL_MCAST_IF"), "one value, two names");
    check(!capture_audited(shared, STREAM, TCP), "a TCP socket's close notification");
    check_str(capture_row(shared, STREAM, TCP)->name, "SIO_SOCKET_CLOSE_NOTIFY");
    check_str(capture_row(shared, -1, -1)->name, "SIO_RCVALL_MCAST_IF");
    check(!capture_audited(code_of("SIO_KEEPALIVE_VALS"), RAW, 0) &&
              !capture_audited(code_of("FIONREAD"), -1, -1),
          "other codes");
    check(capture_per_interface(code_of("SIO_RCVALL_IF")) &&
              !capture_per_interface(code_of("SIO_RCVALL")),
          "interface codes");
}

static void test_request(void)
{
    static const uint8_t rcvall_if[] = {3, 0, 0, 0, 12, 0, 0, 0};
    capture_request_t r = capture_request(code_of("SIO_RCVALL_IF"), rcvall_if, 8);
    check(r.has_mode && r.mode == 3 && r.has_ifindex && r.ifindex == 12, "RCVALL_IF");
    r = capture_request(code_of("SIO_RCVALL"), rcvall_if, 8);
    check(r.has_mode && r.mode == 3 && !r.has_ifindex, "RCVALL_VALUE carries no interface");
    r = capture_request(code_of("SIO_RCVALL_IF"), rcvall_if, 6);
    check(r.has_mode && !r.has_ifindex, "short RCVALL_IF");
    r = capture_request(code_of("SIO_RCVALL"), rcvall_if, 3);
    check(!r.has_mode, "short mode");
    r = capture_request(code_of("SIO_RCVALL"), NULL, 0);
    check(!r.has_mode, "no input");
}

static const uint8_t mode_on[] = {1, 0, 0, 0};
static const uint8_t local4[] = {2, 0, 0x1f, 0x90, 10, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};

static const auditrec_proc_t proc = {
    .image = "cap.exe",
    .path = "C:\\tools\\cap.exe",
    .command_line = "cap.exe -i 1",
    .parent_pid = 600,
    .user_sid = "S-1-5-21-1-2-3-1001",
    .user = "HOST\\ann",
    .session_id = 1,
    .integrity = 0x2000,
    .elevated = 0,
};

static rec_call_t call(void)
{
    rec_call_t c = {
        .time_us = 1795999323456789ull,
        .pid = 1234,
        .tid = 5678,
        .instance_us = 1795999320000001ull,
        .image = "cap.exe",
        .socket = 0x1a4,
        .af = 2,
        .type = RAW,
        .protocol = 0,
        .code = 0x98000001,
        .ptr_bytes = 8,
        .in = {mode_on, 4, 4, 0x7ff0001000, REC_BUF_OK},
    };
    return c;
}

static void test_audit_line(void)
{
    char line[4096];
    rec_call_t c = call();
    auditrec_capture_t cap = {local4, sizeof local4, AUDITREC_START, c.time_us};
    size_t n = auditrec_call(line, sizeof line, &c, &proc, &cap);
    check(n == strlen(line), "length %zu", n);
    check_str(
        line,
        "{\"time\":\"2026-11-30T00:42:03.456789Z\",\"pid\":1234,"
        "\"instance\":\"2026-11-30T00:42:00.000001Z\",\"tid\":5678,\"image\":\"cap.exe\","
        "\"event\":\"audit\",\"socket\":\"0x00000000000001A4\",\"af\":\"AF_INET\","
        "\"socktype\":\"SOCK_RAW\",\"protocol\":\"IPPROTO_IP\",\"name\":\"SIO_RCVALL\","
        "\"code\":\"0x98000001\",\"io\":\"IN\",\"t\":3,\"vendor\":0,\"number\":1,"
        "\"outcome\":\"on\",\"mode\":\"RCVALL_ON\",\"local\":{\"sa_family\":\"AF_INET\","
        "\"sin_port\":8080,\"sin_addr\":\"10.0.0.5\"},\"in\":{\"addr\":\"0x0000007FF0001000\","
        "\"size\":4,\"state\":\"ok\",\"len\":4,\"type\":\"RCVALL_VALUE\",\"value\":\"RCVALL_ON\"},"
        "\"ret\":0,\"error\":null,\"pending\":false,\"capture\":\"start\","
        "\"capture_since\":\"2026-11-30T00:42:03.456789Z\","
        "\"image_path\":\"C:\\\\tools\\\\cap.exe\","
        "\"command_line\":\"cap.exe -i 1\",\"parent_pid\":600,\"user_sid\":\"S-1-5-21-1-2-3-1001\","
        "\"user\":\"HOST\\\\ann\",\"session_id\":1,\"integrity\":\"medium\",\"elevated\":false}");

    /* Refused, unknown who, an interface code with a short input. */
    static const uint8_t short_if[] = {1, 0, 0, 0, 9};
    auditrec_proc_t nobody = {.image = "cap.exe",
                              .parent_pid = -1,
                              .session_id = -1,
                              .integrity = 0x1234,
                              .elevated = -1};
    c.code = 0x9800000E, c.ret = -1, c.error = 10045;
    c.in = (rec_buf_t){short_if, 5, 5, 0x7ff0001000, REC_BUF_OK};
    cap = (auditrec_capture_t){NULL, 0, AUDITREC_NONE, 0};
    auditrec_call(line, sizeof line, &c, &nobody, &cap);
    check(jdoc_valid(line, strlen(line)), "%s", line);
    check(strstr(line, "\"name\":\"SIO_RCVALL_IF\"") && strstr(line, "\"outcome\":\"refused\"") &&
              strstr(line, "\"mode\":\"RCVALL_ON\",\"interface\":null,\"local\":null") &&
              strstr(line, "\"error\":\"WSAEOPNOTSUPP\",\"errno\":10045") &&
              strstr(line, "\"capture\":\"none\",\"capture_since\":null") &&
              strstr(line, "\"image_path\":null,\"command_line\":null,\"parent_pid\":null,"
                           "\"user_sid\":null,\"user\":null,\"session_id\":null,"
                           "\"integrity\":4660,\"elevated\":null"),
          "%s", line);

    /* RCVALL_OFF accepted; a pending call counts as on. */
    static const uint8_t off[] = {0, 0, 0, 0};
    c = call();
    c.in = (rec_buf_t){off, 4, 4, 0x1000, REC_BUF_OK};
    check(auditrec_outcome(&c) == AUDITREC_OFF, "off");
    c.ret = -1, c.error = REC_IO_PENDING;
    check(auditrec_outcome(&c) == AUDITREC_ON, "pending");
    c = call();
    c.in = (rec_buf_t){NULL, 0, 4, 0x1000, REC_BUF_UNREADABLE};
    check(auditrec_outcome(&c) == AUDITREC_ON, "unreadable mode, accepted: on");
}

static void test_end_line(void)
{
    char line[4096];
    auditrec_end_t e = {
        .time_us = 1795999325456789ull,
        .since_us = 1795999323456789ull,
        .pid = 1234,
        .instance_us = 1795999320000001ull,
        .socket = 0x1a4,
        .ptr_bytes = 4,
        .af = 2,
        .type = DGRAM,
        .protocol = UDP,
        .code = 0x9800000D,
        .request = {true, true, 3, 12},
        .local = local4,
        .local_len = sizeof local4,
        .how = "closed",
    };
    auditrec_end(line, sizeof line, &e, &proc);
    check(jdoc_valid(line, strlen(line)), "%s", line);
    check(strstr(line, "\"instance\":\"2026-11-30T00:42:00.000001Z\",\"image\":\"cap.exe\","
                       "\"event\":\"audit_end\",\"socket\":\"0x000001A4\"") &&
              strstr(line, "\"name\":\"SIO_RCVALL_MCAST_IF\"") &&
              strstr(line, "\"aliases\":[\"SIO_SOCKET_CLOSE_NOTIFY\"]") &&
              strstr(line, "\"mode\":\"RCVALL_IPLEVEL\",\"interface\":12,\"local\":{") &&
              strstr(line, "\"capture_since\":\"2026-11-30T00:42:03.456789Z\","
                           "\"duration_us\":2000000,\"ended\":\"closed\",\"image_path\""),
          "%s", line);
}

int main(void)
{
    test_codes();
    test_request();
    test_audit_line();
    test_end_line();
    return check_done("test_capture");
}
