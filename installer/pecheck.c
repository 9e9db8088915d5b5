#include "pecheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* LSP DLLs are small; anything larger than this is not one. */
#define PECHECK_MAX_BYTES (64u << 20)

typedef struct pecheck_image_t {
    const unsigned char *p;
    size_t size;
    size_t sections; /* offset of the section table */
    unsigned nsections;
} pecheck_image_t;

static int pecheck__u16(const pecheck_image_t *im, size_t off, unsigned *v)
{
    if (off > im->size || im->size - off < 2)
        return -1;
    *v = (unsigned)im->p[off] | (unsigned)im->p[off + 1] << 8;
    return 0;
}

static int pecheck__u32(const pecheck_image_t *im, size_t off, unsigned long *v)
{
    if (off > im->size || im->size - off < 4)
        return -1;
    *v = (unsigned long)im->p[off] | (unsigned long)im->p[off + 1] << 8 |
         (unsigned long)im->p[off + 2] << 16 | (unsigned long)im->p[off + 3] << 24;
    return 0;
}

/* The file offset of an RVA, through the section that holds it. */
static int pecheck__offset(const pecheck_image_t *im, unsigned long rva, size_t *off)
{
    unsigned i;

    for (i = 0; i < im->nsections; i++) {
        size_t s = im->sections + (size_t)i * 40;
        unsigned long vsize, va, rawsize, raw;

        if (pecheck__u32(im, s + 8, &vsize) || pecheck__u32(im, s + 12, &va) ||
            pecheck__u32(im, s + 16, &rawsize) || pecheck__u32(im, s + 20, &raw))
            return -1;
        if (rva >= va && rva - va < rawsize && rva - va < (vsize ? vsize : rawsize)) {
            *off = raw + (rva - va);
            return *off < im->size ? 0 : -1;
        }
    }
    return -1;
}

static int pecheck__name_is(const pecheck_image_t *im, size_t off, const char *want)
{
    size_t len = strlen(want);

    return off < im->size && im->size - off > len && memcmp(im->p + off, want, len + 1) == 0;
}

/* Whether the export directory at rva lists want among its names. */
static int pecheck__exports(const pecheck_image_t *im, unsigned long rva, const char *want)
{
    unsigned long count, names, name_rva;
    size_t dir, table, name;
    unsigned long i;

    if (rva == 0 || pecheck__offset(im, rva, &dir) || pecheck__u32(im, dir + 24, &count) ||
        pecheck__u32(im, dir + 32, &names) || pecheck__offset(im, names, &table))
        return 0;
    for (i = 0; i < count; i++) {
        if (pecheck__u32(im, table + i * 4, &name_rva) || pecheck__offset(im, name_rva, &name))
            return 0;
        if (pecheck__name_is(im, name, want))
            return 1;
    }
    return 0;
}

const char *pecheck_machine_name(WORD machine)
{
    switch (machine) {
    case IMAGE_FILE_MACHINE_AMD64:
        return "x64";
    case IMAGE_FILE_MACHINE_I386:
        return "x86";
    case IMAGE_FILE_MACHINE_ARM64:
        return "ARM64";
    default:
        return "another processor";
    }
}

static pecheck_result_t pecheck__image(const pecheck_image_t *in, WORD machine, char *why, size_t n)
{
    pecheck_image_t im = *in;
    unsigned long lfanew, sig, export_rva;
    unsigned mach, nsec, optsize, chars, magic;
    size_t opt;

    if (im.size < 64 || im.p[0] != 'M' || im.p[1] != 'Z' || pecheck__u32(&im, 0x3c, &lfanew) ||
        pecheck__u32(&im, lfanew, &sig) || sig != 0x00004550) {
        snprintf(why, n, "not a PE image");
        return PECHECK_NOT_PE;
    }
    if (pecheck__u16(&im, lfanew + 4, &mach) || pecheck__u16(&im, lfanew + 6, &nsec) ||
        pecheck__u16(&im, lfanew + 20, &optsize) || pecheck__u16(&im, lfanew + 22, &chars)) {
        snprintf(why, n, "its PE header is cut short");
        return PECHECK_NOT_PE;
    }
    if (mach != machine) {
        snprintf(why, n, "built for %s (machine 0x%04x), not %s (0x%04x)",
                 pecheck_machine_name((WORD)mach), mach, pecheck_machine_name(machine), machine);
        return PECHECK_WRONG_MACHINE;
    }
    if (!(chars & IMAGE_FILE_DLL)) {
        snprintf(why, n, "an executable, not a DLL");
        return PECHECK_NOT_DLL;
    }
    opt = lfanew + 24;
    im.sections = opt + optsize;
    im.nsections = nsec;
    /* The export directory is data directory 0: at 96 in PE32, 112 in PE32+. */
    if (pecheck__u16(&im, opt, &magic) || (magic != 0x10b && magic != 0x20b) ||
        pecheck__u32(&im, opt + (magic == 0x10b ? 96 : 112), &export_rva)) {
        snprintf(why, n, "its optional header is damaged");
        return PECHECK_NOT_PE;
    }
    if (!pecheck__exports(&im, export_rva, "WSPStartup")) {
        snprintf(why, n, "exports no function named WSPStartup%s",
                 pecheck__exports(&im, export_rva, "WSPStartup@76")
                     ? " (only the decorated WSPStartup@76: build it with a .def file)"
                     : "");
        return PECHECK_NO_EXPORT;
    }
    return PECHECK_OK;
}

pecheck_result_t pecheck_file(const WCHAR *file, WORD machine, char *why, size_t n)
{
    HANDLE h = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER size;
    pecheck_image_t im = {0};
    unsigned char *buf;
    DWORD got = 0;
    pecheck_result_t r;

    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();

        if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) {
            snprintf(why, n, "no such file");
            return PECHECK_MISSING;
        }
        snprintf(why, n, "cannot be opened (error %lu)", (unsigned long)err);
        return PECHECK_UNREADABLE;
    }
    if (!GetFileSizeEx(h, &size) || size.QuadPart > PECHECK_MAX_BYTES) {
        CloseHandle(h);
        snprintf(why, n, "larger than %u MiB: not an LSP DLL", PECHECK_MAX_BYTES >> 20);
        return PECHECK_NOT_PE;
    }
    buf = malloc((size_t)size.QuadPart + 1);
    if (!buf || !ReadFile(h, buf, (DWORD)size.QuadPart, &got, NULL) ||
        got != (DWORD)size.QuadPart) {
        free(buf);
        CloseHandle(h);
        snprintf(why, n, "cannot be read");
        return PECHECK_UNREADABLE;
    }
    CloseHandle(h);
    im.p = buf;
    im.size = got;
    r = pecheck__image(&im, machine, why, n);
    free(buf);
    return r;
}

void pecheck_version(const WCHAR *file, char *buf, size_t n)
{
    DWORD handle = 0, size = GetFileVersionInfoSizeW(file, &handle);
    VS_FIXEDFILEINFO *fixed = NULL;
    UINT len = 0;
    void *data;

    if (n)
        buf[0] = 0;
    if (size == 0 || !(data = malloc(size)))
        return;
    if (GetFileVersionInfoW(file, 0, size, data) &&
        VerQueryValueW(data, L"\\", (void **)&fixed, &len) && len >= sizeof *fixed)
        snprintf(buf, n, "%lu.%lu.%lu.%lu", (unsigned long)HIWORD(fixed->dwFileVersionMS),
                 (unsigned long)LOWORD(fixed->dwFileVersionMS),
                 (unsigned long)HIWORD(fixed->dwFileVersionLS),
                 (unsigned long)LOWORD(fixed->dwFileVersionLS));
    free(data);
}
