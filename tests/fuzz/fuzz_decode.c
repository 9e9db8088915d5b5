/* libFuzzer: every decoder and both renderings over arbitrary bytes. The
 * first bytes choose the code, the side and the pointer width; the rest is
 * the buffer. ASan catches any read past it; the JSON must stay valid, and
 * the text read back from the JSON line (as lsplog prints it) must be the
 * text line the DLL writes, byte for byte. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ioctl.h"
#include "jdoc.h"
#include "rec.h"
#include "recread.h"

static char line[1 << 16], text[1 << 16], again[1 << 16];
static jdoc_t doc;
static recread_t back;

static void fuzz__round_trip(size_t len)
{
    const char *why;
    if (!jdoc_parse(&doc, line, len)) {
        if (strcmp(doc.why, "too many values in one line") != 0)
            abort();
        return;
    }
    if (!recread_call(&back, &doc, &why))
        abort();
    size_t a = rec_text(again, sizeof again, &back.call);
    if (a >= sizeof again || strcmp(again, text) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const ioctl_info_t *io = ioctl_at(data[0] % ioctl_count());
    uint32_t code = data[1] & 0x80 ? io->code : (uint32_t)data[1] << 24 | io->code;
    rec_call_t c = {
        .pid = 1,
        .tid = 2,
        .image = "fuzz.exe",
        .af = 2,
        .type = 1,
        .protocol = 6,
        .code = code,
        .ptr_bytes = data[2] & 1 ? 8 : 4,
        .ret = data[2] & 2 ? -1 : 0,
        .error = 10014,
        .bytes_valid = true,
    };
    /* A private copy sized exactly, so any overread hits ASan's redzone. */
    size_t n = size - 3;
    uint8_t *buf = malloc(n ? n : 1);
    memcpy(buf, data + 3, n);
    rec_buf_t b = {buf, (uint32_t)n, (uint32_t)n, data[2] & 4 ? (uintptr_t)buf : 0, REC_BUF_OK};
    if (data[2] & 8)
        c.out = b;
    else
        c.in = b;
    size_t len = rec_json(line, sizeof line, &c);
    if (len < sizeof line && !jdoc_valid(line, len))
        abort();
    size_t tlen = rec_text(text, sizeof text, &c);
    if (len < sizeof line && tlen < sizeof text)
        fuzz__round_trip(len);
    free(buf);
    return 0;
}
