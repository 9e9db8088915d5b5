/* The consumer-side decoder on hand-written bytes: the provider traits and
 * the "Connect" event metadata exactly as Microsoft's TraceLoggingDynamic.h
 * builds them (reference/tracelogging-facts.md), a payload laid out by the
 * format description, a struct, and blobs that are cut short. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "etwdec.h"
#include "etwrec.h"

static const uint8_t traits_plain[] = {0x18, 0x00, 'M', 'y', 'C', 'o', 'm', 'p', 'a', 'n', 'y', '.',
                                       'M',  'y',  'C', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', 0};
static const uint8_t traits_grouped[] = {0x17, 0x00, 0x50, 0x00, 0x13, 0x00, 0x01, 0x61,
                                         0x2f, 0xaf, 0xfa, 0x26, 0x9b, 0x91, 0x45, 0x9b,
                                         0xb1, 0xb9, 0xb8, 0xba, 0xe2, 0xd3, 0x4c};
static const uint8_t meta_connect[] = {
    0x5e, 0x00, 0x00, 'C', 'o', 'n',  'n',  'e',  'c',  't',  0,    'h',  'o',  's',  't',  0,
    0x82, 0x23, 'e',  'r', 'r', 0,    0x88, 0x0d, 'h',  'r',  0,    0x87, 0x0f, 'n',  0,    0x07,
    's',  'o',  'c',  'k', 0,   0x15, 'a',  'd',  'd',  'r',  0,    0x8e, 0x0a, 'i',  'p',  '4',
    0,    0x88, 0x08, 'o', 'k', 0,    0x0d, 'i',  'd',  0,    0x0f, 'f',  't',  0,    0x11, 's',
    't',  0,    0x12, 'w', 0,   0x01, 'b',  'l',  'o',  'b',  0,    0x19, 'a',  'r',  'r',  0,
    0x48, 't',  'a',  'g', 'g', 'e',  'd',  0,    0x87, 0x80, 0x89, 0x8d, 0x8a, 0x67,
};
static const uint8_t data_connect[] = {
    'e',  'x',  'a',  'm',  'p',  'l',  'e',  0,                /* host */
    0x05, 0x00, 0x00, 0x00,                                     /* err */
    0x05, 0x40, 0x00, 0x80,                                     /* hr */
    0xfe, 0xff, 0xff, 0xff,                                     /* n = -2 */
    0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* sock */
    0x10, 0x00, 0x02, 0x00, 0x1f, 0x90, 0x7f, 0x00, 0x00, 0x01, /* addr: 127.0.0.1:8080 */
    0,    0,    0,    0,    0,    0,    0,    0,    0xc0, 0xa8, 0x01, 0x02, /* ip4 */
    0x01, 0x00, 0x00, 0x00,                                                 /* ok */
    0xea, 0xa4, 0x5f, 0xce, 0x00, 0xab, 0x02, 0x54,                         /* id */
    0x8b, 0x76, 0x9f, 0x76, 0xac, 0x85, 0x8f, 0xb5, 0x34, 0xd5, 0x51, 0x33, 0xc1, 0x7b,
    0xdd, 0x01,                                                                      /* ft */
    0xea, 0x07, 0x0b, 0x00, 0x02, 0x00, 0x18, 0x00,                                  /* st */
    0x03, 0x00, 0x09, 0x00, 0x15, 0x00, 0x58, 0x00, 'h',  0,    'i',  0,    0,    0, /* w */
    0x02, 0x00, 0xab, 0xcd,                                                          /* blob */
    0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,                      /* arr */
    0x07, 0x00, 0x00, 0x00,                                                          /* tagged */
};

static const char connect_json[] =
    "{\"provider\":\"MyCompany.MyComponent\",\"guid\":\"{ce5fa4ea-ab00-5402-8b76-9f76ac858fb5}\","
    "\"event\":\"Connect\",\"level\":5,\"keywords\":\"0x0000000000000021\",\"opcode\":1,"
    "\"channel\":11,\"id\":0,\"version\":0,\"pid\":1234,\"thread\":5678,"
    "\"fields\":{\"host\":\"example\",\"err\":5,\"hr\":\"0x80004005\",\"n\":-2,"
    "\"sock\":\"0x0000000000001234\",\"addr\":\"127.0.0.1:8080\",\"ip4\":\"192.168.1.2\","
    "\"ok\":true,\"id\":\"{ce5fa4ea-ab00-5402-8b76-9f76ac858fb5}\","
    "\"ft\":\"2026-11-24T03:09:21.0888500Z\",\"st\":\"2026-11-24T03:09:21.088\",\"w\":\"hi\","
    "\"blob\":\"abcd\",\"arr\":[1,2],\"tagged\":7},"
    "\"types\":{\"host\":\"ANSISTRING:UTF8\",\"err\":\"UINT32:WIN32ERROR\","
    "\"hr\":\"INT32:HRESULT\",\"n\":\"INT32\",\"sock\":\"HEXINT64\","
    "\"addr\":\"BINARY:SOCKETADDRESS\",\"ip4\":\"UINT32:IPV4\",\"ok\":\"BOOL32\","
    "\"id\":\"GUID\",\"ft\":\"FILETIME\",\"st\":\"SYSTEMTIME\",\"w\":\"UNICODESTRING\","
    "\"blob\":\"COUNTEDBINARY\",\"arr\":\"UINT32[]\",\"tagged\":\"INT32\"}}";

static etwrec_t connect_rec(void)
{
    etwrec_t r = {
        .provider = {0xea, 0xa4, 0x5f, 0xce, 0x00, 0xab, 0x02, 0x54, 0x8b, 0x76, 0x9f, 0x76, 0xac,
                     0x85, 0x8f, 0xb5},
        .pid = 1234,
        .tid = 5678,
        .channel = 11,
        .level = 5,
        .opcode = 1,
        .keyword = 0x21,
        .traits = traits_plain,
        .traits_len = sizeof traits_plain,
        .meta = meta_connect,
        .meta_len = sizeof meta_connect,
        .data = data_connect,
        .data_len = sizeof data_connect,
    };
    return r;
}

static void test_connect(void)
{
    char out[4096];
    etwrec_t r = connect_rec();
    size_t n = etwdec_json(out, sizeof out, &r);
    check_str(out, connect_json);
    check(n == strlen(connect_json), "length %zu", n);
    /* Too small an output buffer: counted, cut, terminated. */
    char small[16];
    check(etwdec_json(small, sizeof small, &r) == n, "needed length");
    check(strlen(small) == sizeof small - 1, "cut");
}

static void test_record_file_form(void)
{
    uint8_t buf[1024];
    etwrec_t r = connect_rec(), back;
    size_t n = etwrec_put(buf, sizeof buf, &r);
    check(n == ETWREC_HEAD + sizeof traits_plain + sizeof meta_connect + sizeof data_connect,
          "size %zu", n);
    check(etwrec_get(buf, n, &back) == n, "read back");
    char a[4096], b[4096];
    etwdec_json(a, sizeof a, &r);
    etwdec_json(b, sizeof b, &back);
    check_str(b, a);
    check(etwrec_get(buf, n - 1, &back) == 0, "a cut record is refused");
    check(etwrec_put(buf, n - 1, &r) == 0, "too small a buffer");
}

static void test_group_and_struct(void)
{
    /* Event "S" with a struct "s" of two fields and a field after it. */
    static const uint8_t meta[] = {0x13, 0x00, 0x00, 'S', 0,    's',  0,   0x98, 0x02, 'a',
                                   0,    0x07, 'b',  0,   0x84, 0x03, 'c', 0,    0x06};
    static const uint8_t data[] = {0xff, 0xff, 0xff, 0xff, 0x01, 0x1f, 0x90};
    etwrec_t r = {.traits = traits_grouped,
                  .traits_len = sizeof traits_grouped,
                  .meta = meta,
                  .meta_len = sizeof meta,
                  .data = data,
                  .data_len = sizeof data};
    char out[2048];
    etwdec_json(out, sizeof out, &r);
    check(strstr(out, "\"provider\":\"P\",") != NULL, "%s", out);
    check(strstr(out, "\"fields\":{\"s\":{\"a\":-1,\"b\":true},\"c\":36895},"
                      "\"types\":{\"s\":\"STRUCT\",\"c\":\"UINT16\"}}") != NULL,
          "%s", out);
}

static void test_cut_short(void)
{
    char out[4096];
    etwrec_t r = connect_rec();
    r.data_len = 10; /* ends inside "err" */
    etwdec_json(out, sizeof out, &r);
    check(strstr(out, "\"fields\":{\"host\":\"example\",\"err\":null}") != NULL, "%s", out);
    check(strstr(out, "\"error\":\"payload too short\"") != NULL, "%s", out);

    r = connect_rec();
    r.meta_len = 40; /* the size field says 94 */
    etwdec_json(out, sizeof out, &r);
    check(strstr(out, "\"error\":\"bad metadata\"") != NULL, "%s", out);

    r = connect_rec();
    uint8_t longer[sizeof data_connect + 3];
    memcpy(longer, data_connect, sizeof data_connect);
    r.data = longer;
    r.data_len = sizeof longer;
    etwdec_json(out, sizeof out, &r);
    check(strstr(out, "\"error\":\"3 payload bytes past the last field\"") != NULL, "%s", out);
}

int main(void)
{
    test_connect();
    test_record_file_form();
    test_group_and_struct();
    test_cut_short();
    return check_done("test_etwdec");
}
