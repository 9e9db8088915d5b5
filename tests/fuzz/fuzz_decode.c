/* libFuzzer: every decoder and both renderings over arbitrary bytes. The
 * first bytes choose the code, the side and the pointer width; the rest is
 * the buffer. ASan catches any read past it; the JSON must stay valid. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ioctl.h"
#include "jsoncheck.h"
#include "rec.h"

static char line[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const ioctl_info_t *io = ioctl_at(data[0] % ioctl_count());
    uint32_t code = data[1] & 0x80 ? io->code : (uint32_t)data[1] << 24 | io->code;
    rec_call_t c = {
        .pid = 1, .tid = 2, .image = "fuzz.exe", .af = 2, .type = 1, .protocol = 6,
        .code = code, .ptr_bytes = data[2] & 1 ? 8 : 4,
        .ret = data[2] & 2 ? -1 : 0, .error = 10014, .bytes_valid = true,
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
    if (len < sizeof line && !jsoncheck_valid(line, len))
        abort();
    rec_text(line, sizeof line, &c);
    free(buf);
    return 0;
}
