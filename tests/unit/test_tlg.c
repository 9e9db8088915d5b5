/* TraceLogging encoding against published and verified vectors: SHA-1
 * (FIPS 180 examples), provider GUIDs from names (the EventSource
 * algorithm's published vectors), the provider traits and event metadata
 * bytes Microsoft's TraceLoggingDynamic.h builds, and the payload layout. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sha1.h"
#include "tlgdata.h"
#include "tlgmeta.h"
#include "tlgname.h"
#include "tlgtype.h"

static void hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = '\0';
}

static void check_bytes(const uint8_t *got, size_t got_n, const uint8_t *want, size_t want_n,
                        const char *what)
{
    char g[1024], w[1024];
    hex(g, got, got_n < 500 ? got_n : 500);
    hex(w, want, want_n < 500 ? want_n : 500);
    check(got_n == want_n && memcmp(got, want, want_n) == 0, "%s\n  got:  %s\n  want: %s", what, g,
          w);
}

static void test_sha1(void)
{
    static const struct {
        const char *msg;
        const char *digest;
    } cases[] = {
        {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
        {"The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sha1_t s;
        uint8_t d[SHA1_DIGEST];
        char got[41];
        sha1_init(&s);
        sha1_update(&s, cases[i].msg, strlen(cases[i].msg));
        sha1_final(&s, d);
        hex(got, d, sizeof d);
        check_str(got, cases[i].digest);
    }
    /* A million 'a', fed in uneven pieces so block boundaries fall everywhere. */
    static char a[1000];
    memset(a, 'a', sizeof a);
    sha1_t s;
    uint8_t d[SHA1_DIGEST];
    char got[41];
    sha1_init(&s);
    for (size_t done = 0, step = 1; done < 1000000; step = step % 997 + 1) {
        size_t n = 1000000 - done < step ? 1000000 - done : step;
        sha1_update(&s, a, n);
        done += n;
    }
    sha1_final(&s, d);
    hex(got, d, sizeof d);
    check_str(got, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void guid_text(char out[37], const uint8_t g[16])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3],
             g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13],
             g[14], g[15]);
}

static void test_guid(void)
{
    static const struct {
        const char *name, *guid;
    } cases[] = {
        {"MyCompany.MyComponent", "ce5fa4ea-ab00-5402-8b76-9f76ac858fb5"},
        {"MyProvider", "b3864c38-4273-58c5-545b-8b3608343471"},
        {"MYPROVIDER", "b3864c38-4273-58c5-545b-8b3608343471"},
        {"myprovider", "b3864c38-4273-58c5-545b-8b3608343471"},
        {"TestProvider", "97c801ee-c28b-5bb6-2ae4-11e18fe6137a"},
        {"SimpleTraceLoggingProvider", "0205c616-cf97-5c11-9756-56a2cee02ca7"},
        {"Microsoft-System-Net-Mail", "42c8027b-f048-58d2-537d-a4a9d5ee7038"},
        {"", "4445ee6c-fd5a-5b15-047a-5866ffa76aa6"},
        {"siotrace", "6657e705-6f30-52f8-21cf-5202b43971a8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t g[16];
        char got[37];
        check(tlgname_guid(cases[i].name, g), "%s", cases[i].name);
        guid_text(got, g);
        check_str(got, cases[i].guid);
    }
    uint8_t g[16];
    check(!tlgname_guid("caf\xc3\xa9", g), "a non-ASCII name is refused");
}

static void test_traits(void)
{
    static const uint8_t plain[] = {0x18, 0x00, 'M', 'y', 'C', 'o', 'm', 'p', 'a', 'n', 'y', '.',
                                    'M',  'y',  'C', 'o', 'm', 'p', 'o', 'n', 'e', 'n', 't', 0};
    static const uint8_t grouped[] = {0x17, 0x00, 0x50, 0x00, 0x13, 0x00, 0x01, 0x61,
                                      0x2f, 0xaf, 0xfa, 0x26, 0x9b, 0x91, 0x45, 0x9b,
                                      0xb1, 0xb9, 0xb8, 0xba, 0xe2, 0xd3, 0x4c};
    uint8_t buf[64];
    size_t n = tlgmeta_traits(buf, sizeof buf, "MyCompany.MyComponent", NULL);
    check_bytes(buf, n, plain, sizeof plain, "traits MyCompany.MyComponent");
    n = tlgmeta_traits(buf, sizeof buf, "P", grouped + 7);
    check_bytes(buf, n, grouped, sizeof grouped, "traits P with a group");
    n = tlgmeta_traits(buf, sizeof buf, "", NULL);
    check_bytes(buf, n, (const uint8_t *)"\x03\x00\x00", 3, "the shortest traits");
    check(tlgmeta_traits(buf, 10, "MyCompany.MyComponent", NULL) == 0, "too small a buffer");
}

/* Event "Connect" as TraceLoggingDynamic.h writes it (94 bytes). */
static void test_event(void)
{
    static const uint8_t want[] = {
        0x5e, 0x00, 0x00, 'C',  'o',  'n',  'n',  'e',  'c',  't',  0,    'h', 'o',  's',
        't',  0,    0x82, 0x23, 'e',  'r',  'r',  0,    0x88, 0x0d, 'h',  'r', 0,    0x87,
        0x0f, 'n',  0,    0x07, 's',  'o',  'c',  'k',  0,    0x15, 'a',  'd', 'd',  'r',
        0,    0x8e, 0x0a, 'i',  'p',  '4',  0,    0x88, 0x08, 'o',  'k',  0,   0x0d, 'i',
        'd',  0,    0x0f, 'f',  't',  0,    0x11, 's',  't',  0,    0x12, 'w', 0,    0x01,
        'b',  'l',  'o',  'b',  0,    0x19, 'a',  'r',  'r',  0,    0x48, 't', 'a',  'g',
        'g',  'e',  'd',  0,    0x87, 0x80, 0x89, 0x8d, 0x8a, 0x67,
    };
    static const struct {
        const char *name;
        uint8_t in, out;
        uint32_t tags;
    } fields[] = {
        {"host", TLG_IN_ANSISTRING, TLG_OUT_UTF8, 0},
        {"err", TLG_IN_UINT32, TLG_OUT_WIN32ERROR, 0},
        {"hr", TLG_IN_INT32, TLG_OUT_HRESULT, 0},
        {"n", TLG_IN_INT32, 0, 0},
        {"sock", TLG_IN_HEXINT64, 0, 0},
        {"addr", TLG_IN_BINARY, TLG_OUT_SOCKETADDRESS, 0},
        {"ip4", TLG_IN_UINT32, TLG_OUT_IPV4, 0},
        {"ok", TLG_IN_BOOL32, 0, 0},
        {"id", TLG_IN_GUID, 0, 0},
        {"ft", TLG_IN_FILETIME, 0, 0},
        {"st", TLG_IN_SYSTEMTIME, 0, 0},
        {"w", TLG_IN_UNICODESTRING, 0, 0},
        {"blob", TLG_IN_COUNTEDBINARY, 0, 0},
        {"arr", TLG_IN_UINT32 | TLG_IN_VCOUNT, 0, 0},
        {"tagged", TLG_IN_INT32, 0, 0x1234567},
    };
    uint8_t buf[128];
    tlgmeta_t m;
    tlgmeta_event(&m, buf, sizeof buf, "Connect", 0);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        tlgmeta_field(&m, fields[i].name, fields[i].in, fields[i].out, fields[i].tags);
    size_t n = tlgmeta_end(&m);
    check_bytes(buf, n, want, sizeof want, "event Connect");

    /* Event tags, and a blob that does not fit. */
    tlgmeta_event(&m, buf, sizeof buf, "T", 0x0FE00000);
    n = tlgmeta_end(&m);
    check_bytes(buf, n, (const uint8_t *)"\x05\x00\x7fT\0", 5, "event tag 0x0FE00000");
    tlgmeta_event(&m, buf, 12, "Connect", 0);
    tlgmeta_field(&m, "host", TLG_IN_ANSISTRING, TLG_OUT_UTF8, 0);
    check(tlgmeta_end(&m) == 0, "an overflowing event gives 0");
}

static void join(const tlgdata_t *d, uint8_t *out, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < d->count; i++) {
        memcpy(out + *n, d->chunks[i].p, d->chunks[i].n);
        *n += d->chunks[i].n;
    }
}

static void test_data(void)
{
    static const uint8_t blob[3] = {0xde, 0xad, 0x01};
    uint8_t buf[64], out[128];
    tlgdata_chunk_t chunks[8];
    tlgdata_t d;
    tlgdata_init(&d, buf, sizeof buf, chunks, 8);
    tlgdata_str(&d, "ab");
    tlgdata_u32(&d, 0x01020304);
    tlgdata_binary(&d, blob, sizeof blob);
    tlgdata_u64(&d, 0x1122334455667788ull);
    tlgdata_ptr(&d, 0x0102030405060708ull);
    tlgdata_str(&d, NULL);
    tlgdata_binary(&d, NULL, 0);
    tlgdata_ref(&d, "w\0\0", 4); /* L"w" */
    uint8_t want[64];
    size_t w = 0;
    static const uint8_t head[] = {'a',  'b',  0,    0x04, 0x03, 0x02, 0x01, 0x03, 0x00, 0xde,
                                   0xad, 0x01, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
    memcpy(want, head, sizeof head);
    w += sizeof head;
    for (size_t i = 0; i < sizeof(void *); i++) /* pointer-sized, little-endian */
        want[w++] = (uint8_t)(8 - i);
    static const uint8_t tail[] = {0x00, 0x00, 0x00, 'w', 0, 0, 0};
    memcpy(want + w, tail, sizeof tail);
    w += sizeof tail;
    size_t n;
    check(!d.overflow, "no overflow");
    join(&d, out, &n);
    check_bytes(out, n, want, w, "payload");
    check(d.total == w, "total %zu", d.total);
    check(d.values == 8, "one value per field: %zu", d.values);
    check(d.count == 4, "scalars share chunks, the blob and string are referred to: %zu chunks",
          d.count);
    check(chunks[1].p == blob, "the blob is not copied");

    tlgdata_init(&d, buf, 4, chunks, 8);
    tlgdata_u64(&d, 1);
    check(d.overflow, "a full buffer overflows");
    tlgdata_init(&d, buf, sizeof buf, chunks, 1);
    tlgdata_u32(&d, 1);
    tlgdata_binary(&d, blob, 1);
    check(d.overflow, "too few chunks overflow");
    tlgdata_init(&d, buf, sizeof buf, chunks, 8);
    tlgdata_binary(&d, blob, 65536);
    check(d.overflow, "a binary over 65535 bytes cannot be encoded");
}

int main(void)
{
    test_sha1();
    test_guid();
    test_traits();
    test_event();
    test_data();
    return check_done("test_tlg");
}
