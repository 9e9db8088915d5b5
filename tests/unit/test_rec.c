/* The two renderings of a traced call. */
#include <stdint.h>

#include "check.h"
#include "jdoc.h"
#include "rec.h"
#include "recread.h"

static const uint8_t keepalive[] = {1, 0, 0, 0, 0x40, 0x77, 0x1b, 0, 0xe8, 3, 0, 0};

static rec_call_t sample(void)
{
    rec_call_t c = {
        .time_us = 1795999323456789ull, /* 2026-11-30T00:42:03.456789Z */
        .pid = 1234,
        .tid = 5678,
        .instance_us = 1795999320000001ull, /* 00:42:00.000001 */
        .image = "app.exe",
        .socket = 0x1a4,
        .af = 2,
        .type = 1,
        .protocol = 6,
        .code = 0x98000004,
        .ptr_bytes = 8,
        .in = {keepalive, 12, 12, 0x7ff0001000, REC_BUF_OK},
        .ret = 0,
        .bytes = 0,
        .bytes_valid = true,
        .lower_ns = 1250,
    };
    return c;
}

static void test_json(void)
{
    char line[2048];
    rec_call_t c = sample();
    size_t n = rec_json(line, sizeof line, &c);
    check(n == strlen(line), "length %zu", n);
    check_str(
        line,
        "{\"time\":\"2026-11-30T00:42:03.456789Z\",\"pid\":1234,"
        "\"instance\":\"2026-11-30T00:42:00.000001Z\",\"tid\":5678,\"image\":\"app.exe\","
        "\"socket\":\"0x00000000000001A4\",\"af\":\"AF_INET\",\"socktype\":\"SOCK_STREAM\","
        "\"protocol\":\"IPPROTO_TCP\",\"name\":\"SIO_KEEPALIVE_VALS\",\"code\":\"0x98000004\","
        "\"io\":\"IN\",\"t\":3,\"vendor\":0,\"number\":4,\"in\":{\"addr\":\"0x0000007FF0001000\","
        "\"size\":12,\"state\":\"ok\",\"len\":12,\"type\":\"tcp_keepalive\",\"value\":{\"onoff\":1,"
        "\"keepalivetime\":1800000,\"keepaliveinterval\":1000}},\"out\":null,\"ret\":0,"
        "\"error\":null,\"bytes\":0,\"overlapped\":false,\"pending\":false,\"lower_ns\":1250}");

    c.ret = -1, c.error = 997, c.overlapped = true, c.bytes_valid = false;
    c.out = (rec_buf_t){NULL, 0, 8, 0x5000, REC_BUF_PENDING};
    c.image = NULL, c.af = -1, c.code = 0xDEADBEEF, c.ptr_bytes = 4;
    rec_json(line, sizeof line, &c);
    check(jdoc_valid(line, strlen(line)), "%s", line);
    check(strstr(line, "\"image\":null") && strstr(line, "\"af\":null") &&
              strstr(line, "\"name\":null"),
          "%s", line);
    check(strstr(line, "\"out\":{\"addr\":\"0x00005000\",\"size\":8,\"state\":\"pending\"}"), "%s",
          line);
    check(strstr(line,
                 "\"error\":\"WSA_IO_PENDING\",\"errno\":997,\"bytes\":null,\"overlapped\":true,"
                 "\"pending\":true"),
          "%s", line);

    c.in.state = REC_BUF_UNREADABLE, c.in.len = 0, c.in.data = NULL;
    rec_json(line, sizeof line, &c);
    check(strstr(line, "\"state\":\"unreadable\"}") && jdoc_valid(line, strlen(line)), "%s", line);
}

static void test_text(void)
{
    char line[2048];
    rec_call_t c = sample();
    rec_text(line, sizeof line, &c);
    check_str(
        line,
        "2026-11-30T00:42:03.456789Z app.exe[1234:5678] socket=0x1A4 "
        "AF_INET/SOCK_STREAM/IPPROTO_TCP "
        "SIO_KEEPALIVE_VALS(0x98000004 IN T=3) in={tcp_keepalive, {onoff=1, keepalivetime=1800000, "
        "keepaliveinterval=1000}} = 0 bytes=0 [1.250us]");
    c.ret = -1, c.error = 10045, c.in.state = REC_BUF_PARTIAL, c.in.len = 6;
    rec_text(line, sizeof line, &c);
    check(strstr(line, "in={tcp_keepalive, {onoff=1}, short=true, extra=4077, capture=partial}"),
          "%s", line);
    check(strstr(line, " = -1 WSAEOPNOTSUPP (10045) bytes=0"), "%s", line);
}

/* One member alone, exactly as it stands in the whole record. */
static void test_buffer(void)
{
    char line[2048], in[512], out[512];
    rec_call_t c = sample();
    rec_json(line, sizeof line, &c);
    size_t n = rec_json_member(in, sizeof in, &c, false);
    check(n == strlen(in) && n > 0, "length %zu", n);
    check_str(in, "{\"addr\":\"0x0000007FF0001000\",\"size\":12,\"state\":\"ok\",\"len\":12,"
                  "\"type\":\"tcp_keepalive\",\"value\":{\"onoff\":1,\"keepalivetime\":1800000,"
                  "\"keepaliveinterval\":1000}}");
    check(strstr(line, in) != NULL, "the in member of %s", line);
    rec_json_member(out, sizeof out, &c, true);
    check_str(out, "null");
    check_str(rec_buf_state_name(REC_BUF_PARTIAL), "partial");
    check_str(rec_buf_state_name((rec_buf_state_t)42), "invalid");
}

static void test_bounded(void)
{
    char small[40];
    rec_call_t c = sample();
    char full[2048];
    size_t need = rec_json(full, sizeof full, &c);
    memset(small, 'x', sizeof small);
    size_t got = rec_json(small, sizeof small, &c);
    check(got == need, "needed %zu, reported %zu", need, got);
    check(small[sizeof small - 1] == '\0' && strncmp(small, full, sizeof small - 1) == 0,
          "cut output is a NUL-terminated prefix");
    check(rec_json(NULL, 0, &c) == need, "size query with no buffer");
}

/* The text lsplog prints from a JSON line is the DLL's text line. */
static void round_trip(const rec_call_t *c)
{
    static char json[8192], text[8192], again[8192];
    static jdoc_t d;
    static recread_t r;
    const char *why = "";
    rec_json(json, sizeof json, c);
    rec_text(text, sizeof text, c);
    check(jdoc_parse(&d, json, strlen(json)), "%s at %zu: %s", d.why, d.at, json);
    check(recread_call(&r, &d, &why), "%s: %s", why, json);
    rec_text(again, sizeof again, &r.call);
    check_str(again, text);
}

static void test_read_back(void)
{
    static const uint8_t tcp_info[136] = {4, 0, 0, 0, 0x10};
    static const uint8_t guid[16] = {0xb9, 0x07, 0xa2, 0x25, 0xf3, 0xdd, 0x60, 0x46,
                                     0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e};
    rec_call_t c = sample();
    round_trip(&c);
    c.ret = -1, c.error = 10045, c.in.state = REC_BUF_PARTIAL, c.in.len = 6;
    round_trip(&c);
    c.in.state = REC_BUF_UNREADABLE, c.in.len = 0, c.in.data = NULL;
    c.error = 12345, c.af = -1, c.type = 99, c.image = NULL, c.ptr_bytes = 4;
    round_trip(&c);
    c = sample();
    c.code = 0xD8000027; /* SIO_TCP_INFO */
    c.out = (rec_buf_t){tcp_info, sizeof tcp_info, 200, 0x2000, REC_BUF_OK};
    round_trip(&c);
    c.code = 0xC8000006; /* SIO_GET_EXTENSION_FUNCTION_POINTER */
    c.in = (rec_buf_t){guid, 16, 16, 0x3000, REC_BUF_OK};
    c.out = (rec_buf_t){NULL, 0, 8, 0x4000, REC_BUF_NONE};
    round_trip(&c);
    c.code = 0x12345678;
    c.in = (rec_buf_t){(const uint8_t *)"\x01\"\\\t", 4, 4, 0x3000, REC_BUF_CLIPPED};
    c.ret = -1, c.error = 997, c.overlapped = true, c.bytes_valid = false;
    round_trip(&c);
}

static void test_time_read(void)
{
    uint64_t us = 0;
    char t[REC_TIME_LEN];
    rec_time(t, 1795999323456789ull);
    check(rec_time_read(t, strlen(t), &us) && us == 1795999323456789ull, "%s", t);
    check(rec_time_read("1970-01-01T00:00:00.000000Z", 27, &us) && us == 0, "epoch");
    check(rec_time_read("2024-02-29T23:59:59.999999Z", 27, &us) && us == 1709251199999999ull,
          "leap day");
    check(!rec_time_read("2024-02-29T23:59:59Z", 20, &us), "no microseconds");
    check(!rec_time_read("2024-13-01T00:00:00.000000Z", 27, &us), "month 13");
    check(!rec_time_read("2024-02-29 23:59:59.999999Z", 27, &us), "space");
}

int main(void)
{
    test_json();
    test_text();
    test_buffer();
    test_bounded();
    test_read_back();
    test_time_read();
    return check_done("test_rec");
}
