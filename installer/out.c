#include "out.h"

#include <stdarg.h>
#include <string.h>
#include <wchar.h>

char *out_utf8(const WCHAR *s, char *buf, size_t n)
{
    int len;

    if (n == 0)
        return buf;
    len = WideCharToMultiByte(CP_UTF8, 0, s, -1, buf, (int)n, NULL, NULL);
    if (len == 0) {
        /* Too long: convert what fits, dropping a cut sequence. */
        size_t k = wcslen(s);

        while (k > 0 &&
               (len = WideCharToMultiByte(CP_UTF8, 0, s, (int)k, buf, (int)n - 1, NULL, NULL)) == 0)
            k /= 2;
        buf[len] = 0;
    }
    return buf;
}

int out_wide(const char *s, WCHAR *buf, size_t n)
{
    int len = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, buf, (int)n);

    return len == 0 ? -1 : 0;
}

size_t out_code(int code, char *buf, size_t n)
{
    const char *name = xlat_name(&xlat_win32_error, (uint32_t)code);
    int len;

    if (!name)
        name = xlat_name(&xlat_wsa_error, (uint32_t)code);
    len = name ? snprintf(buf, n, "%s (%d)", name, code) : snprintf(buf, n, "error %d", code);
    return len < 0 ? 0 : (size_t)len;
}

char *out_guid(const GUID *id, char buf[XLAT_GUID_LEN])
{
    xlat_guid_format_reg(buf, (const uint8_t *)id);
    return buf;
}

char *out_categories(DWORD categories, char *buf, size_t n)
{
    if (categories == 0)
        snprintf(buf, n, "none");
    else
        xlat_flags(buf, n, &xlat_lsp_category, categories);
    return buf;
}

void out_stream(void *ctx, const char *s, size_t n)
{
    fwrite(s, 1, n, ctx);
}

int out_why(char *why, size_t n, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return rc;
}

int out_wpath(WCHAR *buf, size_t n, const WCHAR *fmt, ...)
{
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vswprintf(buf, n, fmt, ap);
    va_end(ap);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

void out_error(const char *fmt, ...)
{
    va_list ap;

    fputs("lspctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void out_win32_error(DWORD code, const char *fmt, ...)
{
    char msg[256] = "", name[64], what[512];
    va_list ap;
    size_t len;

    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, msg,
                   sizeof msg, NULL);
    len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r' || msg[len - 1] == '.'))
        msg[--len] = 0;
    out_code((int)code, name, sizeof name);
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (len)
        out_error("%s: %s [%s]", what, msg, name);
    else
        out_error("%s: %s", what, name);
}
