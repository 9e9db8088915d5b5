#include <windows.h>

#include <string.h>

#include "clock.h"
#include "proc.h"

#define PROC__PATH_MAX 32768

static wchar_t proc__image_w[PROC_IMAGE_MAX] = L"unknown";
static char proc__image_utf8[PROC_IMAGE_MAX * 3] = "unknown";
static uint64_t proc__instance_us;

static void proc__start_time(void)
{
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return;
    proc__instance_us =
        clock_filetime_us((uint64_t)created.dwHighDateTime << 32 | created.dwLowDateTime);
}

static void proc__set(const wchar_t *path)
{
    const wchar_t *base = path;
    for (const wchar_t *p = path; *p; p++)
        if (*p == L'\\' || *p == L'/')
            base = p + 1;
    size_t len = wcslen(base);
    if (len == 0 || len >= PROC_IMAGE_MAX)
        return;
    char utf8[sizeof proc__image_utf8];
    int u = WideCharToMultiByte(CP_UTF8, 0, base, -1, utf8, (int)sizeof utf8, NULL, NULL);
    if (u <= 0)
        return;
    memcpy(proc__image_w, base, (len + 1) * sizeof *base);
    memcpy(proc__image_utf8, utf8, (size_t)u);
}

void proc_init(void)
{
    proc__start_time();
    wchar_t *path = HeapAlloc(GetProcessHeap(), 0, PROC__PATH_MAX * sizeof *path);
    if (!path)
        return;
    DWORD n = GetModuleFileNameW(NULL, path, PROC__PATH_MAX);
    if (n > 0 && n < PROC__PATH_MAX)
        proc__set(path);
    HeapFree(GetProcessHeap(), 0, path);
}

const wchar_t *proc_image_w(void)
{
    return proc__image_w;
}

const char *proc_image_utf8(void)
{
    return proc__image_utf8;
}

uint64_t proc_instance_us(void)
{
    return proc__instance_us;
}
