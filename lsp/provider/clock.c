#include <windows.h>

#include "clock.h"

typedef VOID(WINAPI *clock__time_fn)(LPFILETIME);

/* 100-ns intervals between 1601-01-01 and 1970-01-01. */
#define CLOCK__EPOCH_DIFF 116444736000000000ULL

static clock__time_fn clock__now = GetSystemTimeAsFileTime;
static uint64_t clock__freq = 1;

void clock_init(void)
{
    /* GetSystemTimePreciseAsFileTime exists from Windows 8 on; Windows 7
     * keeps the coarser clock. */
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    FARPROC precise = k32 ? GetProcAddress(k32, "GetSystemTimePreciseAsFileTime") : NULL;
    LARGE_INTEGER f;
    if (precise)
        clock__now = (clock__time_fn)(void (*)(void))precise;
    if (QueryPerformanceFrequency(&f) && f.QuadPart > 0)
        clock__freq = (uint64_t)f.QuadPart;
}

uint64_t clock_utc_us(void)
{
    FILETIME ft;
    clock__now(&ft);
    return clock_filetime_us(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
}

uint64_t clock_filetime_us(uint64_t t)
{
    return t < CLOCK__EPOCH_DIFF ? 0 : (t - CLOCK__EPOCH_DIFF) / 10;
}

uint64_t clock_ticks(void)
{
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    return (uint64_t)c.QuadPart;
}

uint64_t clock_ticks_to_ns(uint64_t ticks)
{
    return ticks / clock__freq * 1000000000ULL + ticks % clock__freq * 1000000000ULL / clock__freq;
}
