#include <string.h>

#include "sha1.h"
#include "tlgname.h"

/* {482C2DB2-C390-47C8-87F8-1A15BFC130FB} in RFC (big-endian) byte order. */
static const uint8_t tlgname__namespace[16] = {0x48, 0x2C, 0x2D, 0xB2, 0xC3, 0x90, 0x47, 0xC8,
                                               0x87, 0xF8, 0x1A, 0x15, 0xBF, 0xC1, 0x30, 0xFB};

bool tlgname_guid(const char *name, uint8_t guid[16])
{
    sha1_t s;
    uint8_t digest[SHA1_DIGEST];
    sha1_init(&s);
    sha1_update(&s, tlgname__namespace, sizeof tlgname__namespace);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p > 0x7f)
            return false;
        uint8_t be16[2] = {0, (uint8_t)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p)};
        sha1_update(&s, be16, sizeof be16);
    }
    sha1_final(&s, digest);
    memcpy(guid, digest, 16);
    guid[7] = (uint8_t)((guid[7] & 0x0F) | 0x50);
    return true;
}
